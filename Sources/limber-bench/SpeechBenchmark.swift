import ArgumentParser
import Foundation
import LimberAudio
import LimberBasics
import LimberProgram
import LimberSpeech
import LimberTimeline

extension LimberBench {
    /// Synthesises every phrase of a program's session and measures what it costs, whether each
    /// would be ready 5 s before it is due, and where each lands in a captured stream.
    struct Speech: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Speech synthesis time per phrase and per session, readiness, and phrase onsets in a capture.")

        @Option(help: "Program whose phrases are spoken.")
        var program = "Programs/low-back-basics.yaml"

        @Option(help: "Seconds ahead the runner asks for a phrase (as the runner's speech horizon).")
        var horizon = 10.0

        @Option(help: "Where the captured stream is written.")
        var capture = "/tmp/limber-bench-speech.wav"

        @Option(help: "Minutes of the session to play in real time on the engine's own thread (0: the whole session on a stepped clock, at once).")
        var realTimeMinutes = 0.0

        /// How long before its moment a phrase must be ready.
        static let readyAhead = 5.0

        func run() throws {
            guard let parsed = ProgramFile.read(program).result.program else {
                throw ValidationError("\(program) does not load; run limber validate on it")
            }
            let timeline = TimelineCompiler.compile(parsed)
            let plan = SpeechPlanner.plan(timeline)
            let language = parsed.voice?.language ?? "en"
            let rate = parsed.voice?.rate ?? SpeechSynthesiser.defaultRate
            let synthesiser = SpeechSynthesiser.shared

            var t0 = MonotonicTime.now()
            guard case .success(let info) = synthesiser.info() else { throw ValidationError("no speech engine") }
            print("\(info.engine): started in \(ms(MonotonicTime.now() - t0))")

            // Each phrase on its own, in session order; the readiness of each if the runner asks
            // for it `horizon` seconds ahead (a second late at worst) and the one synthesis thread
            // works through the queue in order.
            var times: [Double] = []
            var sounds: [Sound] = []
            var queueFree = 0.0
            var late: [String] = []
            var startOfSession = 0
            t0 = MonotonicTime.now()
            for cue in plan.cues {
                let start = MonotonicTime.now()
                sounds.append(try synthesiser.render(cue.text, language: language, rate: rate).get())
                let took = (MonotonicTime.now() - start).inSeconds
                times.append(took)
                let asked = max(0, cue.at - horizon + 1)
                queueFree = max(queueFree, asked) + took
                if cue.at < Self.readyAhead { startOfSession += 1 } else if queueFree > cue.at - Self.readyAhead { late.append(cue.text) }
            }
            let total = (MonotonicTime.now() - t0).inSeconds
            let sorted = times.sorted()
            print("phrases: \(plan.cues.count) over a \(DurationText.clock(timeline.totalSeconds)) session")
            print(String(format: "synthesis per phrase: median %.1f ms, max %.1f ms", sorted[sorted.count / 2] * 1000, sorted.last! * 1000))
            print(String(format: "synthesis of all phrases: %.2f s (%.3f s per session minute)", total, total / (Double(timeline.totalSeconds) / 60)))
            print("ready later than \(Int(Self.readyAhead)) s before due: \(late.count)" + (late.isEmpty ? "" : " — \(late.joined(separator: "; "))"))
            print("due in the session's first \(Int(Self.readyAhead)) s (asked for at its start): \(startOfSession)")
            // What the player and the engine hold at most: the phrases asked for within one horizon.
            let bytes = plan.cues.indices.map { i in
                plan.cues.indices.filter { plan.cues[$0].at >= plan.cues[i].at && plan.cues[$0].at < plan.cues[i].at + horizon }
                    .reduce(0) { $0 + sounds[$1].frameCount * MemoryLayout<Int16>.size }
            }.max() ?? 0
            print(String(format: "speech held at once (phrases within %.0f s): at most %.0f KiB", horizon, Double(bytes) / 1024))
            try measureOnsets(plan, timeline: timeline, sounds: sounds)
        }

        /// Plays the session's tones and phrases through a `file` PCM and finds where each phrase
        /// begins: on a stepped clock (as the capture tests do), or in real time on the engine's
        /// thread (as `limber-bench audio` plays tones).
        private func measureOnsets(_ plan: SpeechPlan, timeline: Timeline, sounds: [Sound]) throws {
            try? FileManager.default.removeItem(atPath: capture)
            let pcm = try ALSAPCM(name: "file:'\(capture)',wav")
            let realTime = realTimeMinutes > 0
            let clock: @Sendable () -> Duration
            if realTime { clock = MonotonicTime.now } else { clock = { Duration.zero } }
            let engine = AudioEngine(sink: pcm, bank: CueBank.synthesised().withoutWords(), time: clock, notice: { print($0) })
            let origin: Duration = realTime ? MonotonicTime.now() + .seconds(1) : .zero
            engine.begin(at: origin)
            let rate = Double(engine.rate)
            let end = realTime ? realTimeMinutes * 60 : Double(timeline.totalSeconds + 10)
            for cue in timeline.cues where Double(cue.at) < end { engine.schedule(cue.kind, at: origin + .seconds(cue.at)) }
            var frames: [Int] = []
            for (cue, sound) in zip(plan.cues, sounds) where cue.at < end - 5 {
                let at = Duration.microseconds(Int64((cue.at * 1_000_000).rounded()))
                engine.schedule(SpeechPlayer.fit(sound, seconds: cue.seconds), at: origin + at)
                frames.append(Int((cue.at * rate).rounded()))
            }
            if realTime {
                print("Playing \(frames.count) phrases over \(realTimeMinutes) min in real time…")
                engine.start()
                MonotonicTime.sleep(until: origin + .milliseconds(Int64(end * 1000)), from: MonotonicTime.now())
            } else {
                var t = Duration.zero
                while t <= .milliseconds(Int64(end * 1000)) {
                    engine.pump(until: t)
                    t += .milliseconds(100)
                }
            }
            engine.stop(drain: false)
            let samples = try WAVReader.read(file: capture, maxSeconds: 7_200, maxBytes: 1 << 31).samples
            var errors: [Double] = []
            for frame in frames {
                let from = max(0, frame - Int(rate * 0.05))
                guard let onset = samples[from...].firstIndex(where: { abs($0) > 1.0 / 1024 }) else { continue }
                errors.append(abs(Double(onset - frame)) / rate * 1000)
            }
            let sorted = errors.sorted()
            print(String(format: "phrase onsets in the capture (%d of %d found): median %.3f ms, max %.3f ms",
                         errors.count, frames.count, sorted[sorted.count / 2], sorted.last ?? 0))
        }

        private func ms(_ d: Duration) -> String { String(format: "%.1f ms", d.inSeconds * 1000) }
    }
}
