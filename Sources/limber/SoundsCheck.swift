import ArgumentParser
import Foundation
import LimberAudio
import LimberBasics
import LimberSpeech

extension Limber.Sounds {
    /// `limber sounds check`: opens the device, plays a test cue and reports what was negotiated.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", 
            abstract: "Open the audio device, play a test cue, and print its settings and latency.",
            discussion: "Exit code 1, with the exact reason, when the device can't be used."
        )

        @OptionGroup var audio: AudioOptions

        func run() throws {
            let pcm = try audio.openDevice()
            let rate = Double(pcm.rate)
            func ms(_ frames: Int) -> String { String(format: "%.1f ms", Double(frames) * 1000 / rate) }
            var out = "device:   \(audio.device)\n"
            out += "format:   16-bit, \(pcm.rate) Hz, 1 channel (mono)\n"
            out += "buffer:   \(pcm.bufferFrames) frames (\(ms(pcm.bufferFrames)))\n"
            out += "period:   \(pcm.periodFrames) frames (\(ms(pcm.periodFrames)))\n"
            out += "speech:   \(Self.speechLine())\n"
            Console.out(out)

            let notices = NoticeLog()
            let engine = AudioEngine(sink: pcm, bank: audio.loadBank(cues: [.start]), time: MonotonicTime.now, notice: notices.add)
            engine.volume = audio.volume
            let started = MonotonicTime.now()
            engine.begin(at: started)
            engine.schedule(.start, at: started + .milliseconds(20))
            var delays: [Int] = []
            var t = started
            while t < started + .milliseconds(400) {
                engine.pump(until: t)
                delays.append((try? pcm.delay()) ?? 0)
                t += .milliseconds(10)
                MonotonicTime.sleep(until: t, from: MonotonicTime.now())
            }
            engine.stop(drain: true)
            if let failure = notices.first {
                Console.err(failure + "\n")
                throw ExitCode.problems
            }
            let latency = delays.max() ?? 0
            if latency == 0 {
                Console.out("latency:  none measured — this device plays nothing (like ALSA's null or file PCMs)\n")
            } else {
                Console.out("latency:  \(ms(latency)) from a cue's write to its sound\n")
            }
            Console.out("played:   the 'start' cue\n")
        }

        /// `eSpeak NG 1.51, 131 voices (default en), data /usr/lib/…/espeak-ng-data`, or why there is none.
        static func speechLine() -> String {
            switch SpeechSynthesiser.shared.info() {
            case .failure(let error):
                return "none — \(error); sessions play tones only"
            case .success(let info):
                let voices = SpeechSynthesiser.shared.voices()
                let english = SpeechSynthesiser.shared.check(language: "en") == nil ? "en" : "none"
                return "\(info.engine), \(voices.count) voices (default \(english)), data \(TextSanitizer.singleLine(info.dataPath))"
            }
        }
    }
}

/// Collects the engine's notices (the engine reports from its own thread).
final class NoticeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ notice: String) { lock.withLock { items.append(notice) } }
    var first: String? { lock.withLock { items.first } }
}
