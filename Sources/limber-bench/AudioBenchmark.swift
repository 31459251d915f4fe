import ArgumentParser
import Foundation
import LimberAudio
import LimberBasics
import LimberProgram
import LimberTimeline

@main
struct LimberBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limber-bench",
        abstract: "Benchmarks of Limber's real-time parts (release build, real time).",
        subcommands: [Audio.self, Speech.self]
    )
}

extension LimberBench {
    /// Plays a program's cue sequence in real time through a `file` PCM and measures how
    /// punctually each cue landed, what it cost, and the shell alternative (aplay per cue).
    struct Audio: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cue onset error, CPU and memory of the audio engine over a real-time session.")

        @Option(help: "Minutes of session to play.")
        var minutes = 10.0

        @Option(help: "Program whose cues are played (repeated to fill the time).")
        var program = "Programs/low-back-basics.yaml"

        @Option(help: "Where the captured stream is written.")
        var capture = "/tmp/limber-bench-capture.wav"

        @Option(help: "Cues to spawn aplay for, in the comparison (0 to skip).")
        var aplayRuns = 30

        func run() throws {
            guard let parsed = ProgramFile.read(program).result.program else {
                throw ValidationError("\(program) does not load; run limber validate on it")
            }
            let timeline = TimelineCompiler.compile(parsed)
            let total = Int(minutes * 60)
            var cues: [(CueKind, Double)] = []
            var base = 0
            while base < total {
                for cue in timeline.cues where base + cue.at < total { cues.append((cue.kind, Double(base + cue.at) + 1)) }
                base += timeline.totalSeconds + 30
            }
            let folder = SoundsLocator.locate(explicit: nil) ?? URL(fileURLWithPath: "Sounds")
            let bank = CueBank.load(folder: folder, cues: Array(Set(cues.map(\.0)))).bank
            try? FileManager.default.removeItem(atPath: capture)

            print("Playing \(cues.count) cues over \(minutes) min in real time through a file PCM…")
            let file = try play(cues, bank: bank, sink: try ALSAPCM(name: "file:'\(capture)',wav"))
            let captured = try WAVReader.read(file: capture, maxSeconds: 4 * 3600, maxBytes: 1 << 31).pcm
            var errors: [Double] = []
            var missing = 0
            for (kind, at) in cues {
                let tone = bank.entry(kind).tone.pcm
                let toneOnset = tone.firstIndex { abs(Int($0)) > 131 } ?? 0 // 0.004 of full scale
                let expected = Int((at * Double(bank.rate)).rounded()) + toneOnset
                let window = max(0, expected - 2_400)..<min(captured.count, expected + 2_400)
                guard let found = captured[window].firstIndex(where: { abs(Int($0)) > 131 }) else { missing += 1; continue }
                errors.append(Double(found - expected) * 1000 / Double(bank.rate))
            }
            report("file PCM (the capture device)", file, errors: errors, missing: missing, cues: cues.count)

            print("\nPlaying the same cues through a simulated card (a clock, a 40 ms buffer)…")
            let card = SimulatedCard()
            let simulated = try play(cues, bank: bank, sink: card)
            let onsets = card.onsetTimes
            var cardErrors: [Double] = []
            for (_, at) in cues {
                guard let nearest = onsets.min(by: { abs($0 - at) < abs($1 - at) }), abs(nearest - at) < 0.05 else { continue }
                cardErrors.append((nearest - at) * 1000)
            }
            report("simulated card", simulated, errors: cardErrors, missing: cues.count - cardErrors.count, cues: cues.count)
            if aplayRuns > 0 { compareAplay(folder: folder) }
        }

        /// What one run through a device cost.
        struct Run {
            var cpuPerMinute: Double
            var wakeUpsPerSecond: Double
            var quietWakeUpsPerSecond: Double
            var peakRSS: Double
            var maxLead: Double
            var maxLag: Double
            var stats: AudioEngine.Stats
        }

        /// Plays `cues` in real time through `sink`, as a session does (each cue queued a second
        /// ahead), measuring the process's CPU and the audio thread's wake-ups (its context
        /// switches): overall, and over the stretches with no cue within half a second.
        func play(_ cues: [(CueKind, Double)], bank: CueBank, sink: AudioSink) throws -> Run {
            let total = Double(Int(minutes * 60))
            let startCPU = cpuSeconds()
            let engine = AudioEngine(sink: sink, bank: bank, time: MonotonicTime.now, notice: { print($0) })
            engine.start()
            let origin = MonotonicTime.now()
            engine.begin(at: origin) // the thread started a moment earlier; pin the origin
            (sink as? SimulatedCard)?.origin = origin
            var next = 0
            var maxLag = 0.0, maxLead = 0.0
            // The audio thread's wake-ups are read from /proc only where a quiet stretch (no cue
            // within half a second) begins and ends, so reading them costs next to nothing.
            var thread: String?
            var quietSince: (at: Double, switches: Int)?
            var quietSwitches = 0, quietSeconds = 0.0
            var first: (at: Double, switches: Int)?, last: (at: Double, switches: Int)?
            while true {
                let now = MonotonicTime.now()
                let elapsed = (now - origin).inSeconds
                if elapsed > total + 2 { break }
                // Schedule a second ahead, as a session does.
                while next < cues.count, cues[next].1 < elapsed + 1 {
                    engine.schedule(cues[next].0, at: origin + .milliseconds(Int64(cues[next].1 * 1000)))
                    next += 1
                }
                let written = Double(engine.currentStats.framesWritten) / Double(engine.rate)
                maxLead = max(maxLead, written - elapsed)
                maxLag = max(maxLag, elapsed - written)
                if thread == nil { thread = Self.audioThread() }
                let quiet = !cues.contains { abs($0.1 - elapsed) < 0.5 } && elapsed < total
                if quiet != (quietSince != nil) || first == nil, let thread, let switches = Self.wakeUps(thread) {
                    if let since = quietSince {
                        quietSwitches += switches - since.switches
                        quietSeconds += elapsed - since.at
                    }
                    quietSince = quiet ? (elapsed, switches) : nil
                    if first == nil { first = (elapsed, switches) }
                    last = (elapsed, switches)
                }
                MonotonicTime.sleep(until: now + .milliseconds(250), from: now)
            }
            engine.stop(drain: false)
            let cpu = cpuSeconds() - startCPU
            var overall = Double.nan
            if let first, let last, last.at > first.at { overall = Double(last.switches - first.switches) / (last.at - first.at) }
            return Run(cpuPerMinute: cpu / minutes, wakeUpsPerSecond: overall,
                       quietWakeUpsPerSecond: quietSeconds > 0 ? Double(quietSwitches) / quietSeconds : .nan,
                       peakRSS: peakRSS(), maxLead: maxLead, maxLag: maxLag, stats: engine.currentStats)
        }

        func report(_ device: String, _ run: Run, errors: [Double], missing: Int, cues: Int) {
            let sorted = errors.map(abs).sorted()
            func pct(_ p: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
            print("")
            print("Limber engine (\(String(format: "%.1f", minutes)) min, \(cues) cues, \(device))")
            print(String(format: "  cue onset error   median %.3f ms   p99 %.3f ms   max %.3f ms   missing %d   late %d",
                         pct(0.5), pct(0.99), sorted.last ?? .nan, missing, run.stats.lateCues))
            print(String(format: "  stream vs clock   ahead at most %.1f ms, behind at most %.1f ms (a card stopped between cues is behind)",
                         run.maxLead * 1000, run.maxLag * 1000))
            print(String(format: "  CPU               %.4f s per minute of session", run.cpuPerMinute))
            print(String(format: "  wake-ups          %.1f per second overall, %.1f per second between cues (audio thread context switches)",
                         run.wakeUpsPerSecond, run.quietWakeUpsPerSecond))
            print(String(format: "  peak RSS          %.1f MiB (before reading the capture back)", run.peakRSS))
        }

        /// The /proc folder of the `limber-audio` thread, once it runs.
        static func audioThread() -> String? {
            guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return nil }
            return tasks.map { "/proc/self/task/\($0)" }.first {
                (try? String(contentsOfFile: "\($0)/comm", encoding: .utf8))?.hasPrefix("limber-audio") ?? false
            }
        }

        /// The thread's voluntary context switches so far: its wake-ups.
        static func wakeUps(_ thread: String) -> Int? {
            guard let status = try? String(contentsOfFile: "\(thread)/status", encoding: .utf8) else { return nil }
            let line = status.split(separator: "\n").first { $0.hasPrefix("voluntary_ctxt_switches:") }
            return line.flatMap { Int($0.split(separator: "\t").last!.trimmingCharacters(in: .whitespaces)) }
        }

        /// Spawns `aplay -v` per cue, as a shell script would, and times spawn → device ready
        /// (its first line of -v output, printed as it starts writing samples).
        func compareAplay(folder: URL) {
            guard let aplay = ["/usr/bin/aplay", "/bin/aplay"].first(where: FileManager.default.isExecutableFile) else {
                print("\naplay not installed (apt-get install alsa-utils): comparison skipped")
                return
            }
            var latencies: [Double] = []
            var cpu = 0.0
            for _ in 0..<aplayRuns {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: aplay)
                process.arguments = ["-v", "-D", "null", folder.appendingPathComponent("start.wav").path]
                let pipe = Pipe()
                process.standardError = pipe
                process.standardOutput = pipe
                let began = MonotonicTime.now()
                do { try process.run() } catch { print("aplay failed: \(error)"); return }
                _ = pipe.fileHandleForReading.availableData // blocks until aplay's first output
                latencies.append((MonotonicTime.now() - began).inSeconds * 1000)
                _ = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
            }
            var usage = rusage()
            getrusage(RUSAGE_CHILDREN.rawValue, &usage)
            cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
            let sorted = latencies.sorted()
            print("")
            print("aplay per cue (\(aplayRuns) spawns, null PCM)")
            print(String(format: "  spawn → first sample   median %.1f ms   p99 %.1f ms   max %.1f ms",
                         sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))], sorted.last!))
            print(String(format: "  CPU                    %.1f ms per cue", cpu * 1000 / Double(aplayRuns)))
        }


        func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }

        func peakRSS() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_maxrss) / 1024
        }
    }
}

/// A stand-in for a sound card, for the benchmark: it plays at the monotonic clock from when it
/// is started (its first write after a drop), holds 40 ms like the test card, blocks a write
/// while full, and notes when each sound began (after at least 10 ms of silence).
final class SimulatedCard: AudioSink, @unchecked Sendable {
    let name = "simulated card"
    let rate = AudioFormat.sampleRate
    let bufferFrames = 1_920
    let periodFrames = 480
    /// The session clock's origin, to report onsets on it.
    var origin = Duration.zero
    private let lock = NSLock()
    private var written: Int64 = 0
    private var start: (frame: Int64, at: Duration)?
    private var silentRun = Int.max
    private var onsets: [Double] = []

    /// When each sound began, in seconds of the session clock.
    var onsetTimes: [Double] { lock.withLock { onsets } }

    private func played(at now: Duration) -> Int64 {
        guard let start else { return written }
        return min(written, start.frame + Int64((now - start.at).inSeconds * Double(rate)))
    }

    func write(_ frames: UnsafeBufferPointer<Int16>) throws -> Int {
        var done = 0
        while done < frames.count {
            // Takes what fits; blocks while full, as a card's blocking write does.
            let now = MonotonicTime.now()
            let space = lock.withLock { () -> Int in
                if start == nil { start = (written, now) }
                return bufferFrames - Int(written - played(at: now))
            }
            if space <= 0 {
                MonotonicTime.sleep(until: now + .milliseconds(5), from: now)
                continue
            }
            let take = min(space, frames.count - done)
            lock.withLock { note(UnsafeBufferPointer(rebasing: frames[done..<done + take])) }
            done += take
        }
        return done
    }

    /// Notes where sound begins in `frames`, which are being queued (under the lock).
    private func note(_ frames: UnsafeBufferPointer<Int16>) {
        guard let start else { return }
        for (i, s) in frames.enumerated() {
            if s == 0 {
                if silentRun < Int.max { silentRun += 1 }
                continue
            }
            if silentRun >= 480 {
                let at = start.at + .nanoseconds((written + Int64(i) - start.frame) * 1_000_000_000 / Int64(rate))
                onsets.append((at - origin).inSeconds)
            }
            silentRun = 0
        }
        written += Int64(frames.count)
    }

    func delay() throws -> Int { lock.withLock { Int(written - played(at: MonotonicTime.now())) } }

    func drop() {
        lock.withLock {
            start = nil
            silentRun = Int.max
        }
    }

    func drain() {}
    func close() {}
}
