import ArgumentParser
import Foundation
import LimberAudio
import LimberBasics
import LimberProgram
import LimberSpeech

extension Limber.Sounds {
    /// `limber sounds say TEXT`: speaks a phrase through the device, as a session would.
    struct Say: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "say", 
            abstract: "Speak a phrase on the device with the session's voice.",
            discussion: "Exit code 1, with the reason, when the device or the voice can't be used."
        )

        @Argument(help: "What to say.")
        var text: String

        @Option(name: .long, help: ArgumentHelp("An espeak-ng language or voice (e.g. en, de, en-gb).", valueName: "code"))
        var language = "en"

        @Option(name: .long, help: ArgumentHelp("Words per minute, 80 to 450.", valueName: "wpm"))
        var rate = SpeechSynthesiser.defaultRate

        @OptionGroup var audio: AudioOptions

        func validate() throws {
            guard ProgramFields.Limits.voiceRate.contains(rate) else { throw ValidationError("--rate must be from 80 to 450, not \(rate).") }
        }

        func run() throws {
            let sound: Sound
            switch SpeechSynthesiser.shared.render(text, language: language, rate: rate) {
            case .success(let s): sound = s
            case .failure(let error):
                Console.err("limber: can't speak: \(error)\n")
                throw ExitCode.problems
            }
            let pcm = try audio.openDevice()
            let notices = NoticeLog()
            let engine = AudioEngine(sink: pcm, bank: .synthesised(), time: MonotonicTime.now, notice: notices.add)
            engine.volume = audio.volume
            engine.start()
            let at = MonotonicTime.now() + .milliseconds(50)
            engine.schedule(sound, at: at)
            let end = at + .milliseconds(Int64(sound.seconds * 1000) + Int64(engine.leadFrames * 1000 / engine.rate) + 20)
            MonotonicTime.sleep(until: end, from: MonotonicTime.now())
            engine.stop(drain: true)
            if let failure = notices.first {
                Console.err(failure + "\n")
                throw ExitCode.problems
            }
        }
    }
}
