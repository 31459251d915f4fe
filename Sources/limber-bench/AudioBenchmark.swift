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
            let bank = CueBank.load(folder: folder).bank
            try? FileManager.default.removeItem(atPath: capture)
            let pcm = try ALSAPCM(name: "file:'\(capture)',wav")

            print("Playing \(cues.count) cues over \(minutes) min in real time through a file PCM…")
            let startCPU = cpuSeconds()
            let engine = AudioEngine(sink: pcm, bank: bank, time: MonotonicTime.now, notice: { print($0) })
            engine.start()
            let origin = MonotonicTime.now()
            engine.begin(at: origin) // the thread started a moment earlier; pin the origin
            var next = 0
            var maxLag = 0.0, maxLead = 0.0
            while true {
                let now = MonotonicTime.now()
                let elapsed = seconds(now - origin)
                if elapsed > Double(total) + 2 { break }
                // Schedule a second ahead, as a session does.
                while next < cues.count, cues[next].1 < elapsed + 1 {
                    engine.schedule(cues[next].0, at: origin + .milliseconds(Int64(cues[next].1 * 1000)))
                    next += 1
                }
                let written = Double(engine.currentStats.framesWritten) / Double(engine.rate)
                maxLead = max(maxLead, written - elapsed)
                maxLag = max(maxLag, elapsed - written)
                MonotonicTime.sleep(until: now + .milliseconds(250), from: now)
            }
            engine.stop(drain: false)
            let cpu = cpuSeconds() - startCPU
            let rss = peakRSS()
            let stats = engine.currentStats

            let captured = try WAVReader.read(file: capture, maxSeconds: 4 * 3600, maxBytes: 1 << 31).samples
            var errors: [Double] = []
            var missing = 0
            for (kind, at) in cues {
                let tone = bank.entry(kind).tone.samples
                let toneOnset = tone.firstIndex { abs($0) > 0.004 } ?? 0
                let expected = Int((at * Double(engine.rate)).rounded()) + toneOnset
                let window = max(0, expected - 2_400)..<min(captured.count, expected + 2_400)
                guard let found = captured[window].firstIndex(where: { abs($0) > 0.004 }) else { missing += 1; continue }
                errors.append(Double(found - expected) * 1000 / Double(engine.rate))
            }
            let sorted = errors.map(abs).sorted()
            func pct(_ p: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
            print("")
            print("Limber engine (\(String(format: "%.1f", minutes)) min, \(cues.count) cues, file PCM)")
            print(String(format: "  cue onset error   median %.3f ms   p99 %.3f ms   max %.3f ms   missing %d   late %d",
                         pct(0.5), pct(0.99), sorted.last ?? .nan, missing, stats.lateCues))
            print(String(format: "  stream vs clock   ahead at most %.1f ms, behind at most %.1f ms", maxLead * 1000, maxLag * 1000))
            print(String(format: "  CPU               %.3f s per minute of session", cpu / minutes))
            print(String(format: "  peak RSS          %.1f MiB (before reading the capture back)", rss))
            if aplayRuns > 0 { compareAplay(folder: folder) }
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
                latencies.append(seconds(MonotonicTime.now() - began) * 1000)
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

        func seconds(_ d: Duration) -> Double {
            d.inSeconds
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
