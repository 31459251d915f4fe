import ArgumentParser
import Foundation
import LimberAudio
import LimberBasics
import LimberProgram

extension Limber.Sounds {
    /// `limber sounds play NAME`: plays one cue (or any WAV file) on the device.
    struct Play: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "play", abstract: "Play one cue, or a WAV file, on the device.")

        @Argument(help: ArgumentHelp("A cue name (see 'limber sounds list') or a .wav file.", valueName: "cue-or-file"))
        var name: String

        @OptionGroup var audio: AudioOptions

        func validate() throws {
            if !name.lowercased().hasSuffix(".wav"), CueKind(rawValue: name) == nil {
                let names = CueKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("No cue called '\(name)'. Cues: \(names).")
            }
        }

        func run() throws {
            let file = name.lowercased().hasSuffix(".wav")
            let cue = file ? .start : CueKind(rawValue: name)!
            var bank = audio.loadBank(cues: file ? [] : [cue])
            if file {
                do {
                    bank.override(.start, with: try WAVReader.read(file: name), source: name)
                } catch {
                    Console.err("limber: \(error)\n")
                    throw ExitCode.problems
                }
            }
            let pcm = try audio.openDevice()
            let notices = NoticeLog()
            let engine = AudioEngine(sink: pcm, bank: bank, time: MonotonicTime.now, notice: notices.add)
            engine.volume = audio.volume
            engine.start()
            let at = MonotonicTime.now() + .milliseconds(50)
            engine.schedule(cue, at: at)
            let length = bank.layers(cue).map { Double($0.offset + $0.sound.frameCount) / Double(bank.rate) }.max() ?? 0
            let end = at + .milliseconds(Int64(length * 1000)) + .milliseconds(Int64(engine.leadFrames * 1000 / engine.rate) + 20)
            MonotonicTime.sleep(until: end, from: MonotonicTime.now())
            engine.stop(drain: true)
            if let failure = notices.first {
                Console.err(failure + "\n")
                throw ExitCode.problems
            }
        }
    }
}
