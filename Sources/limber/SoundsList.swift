import ArgumentParser
import LimberAudio
import LimberBasics
import LimberProgram

extension Limber.Sounds {
    /// `limber sounds list`: each cue, what it marks, and the file it plays.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every cue and the sound it plays.")

        @OptionGroup var audio: AudioOptions

        func run() throws {
            let bank = audio.loadBank()
            var out = ""
            for cue in CueKind.allCases {
                let entry = bank.entry(cue)
                let length = Int((entry.tone.seconds * 1000).rounded())
                var line = "\(cue.rawValue.padding(15))  \(entry.source)  (\(length) ms)"
                if let voice = entry.voice { line += " + spoken word (\(Int((voice.seconds * 1000).rounded())) ms)" }
                out += line + "\n    " + cue.summary + "\n"
            }
            Console.out(out)
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
