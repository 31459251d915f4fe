import Foundation
import LimberBasics

/// The sounds for every cue: a short tone, and for some cues a spoken word after it.
public struct CueBank: Sendable {
    /// What one cue plays.
    public struct Entry: Sendable {
        public var tone: Sound
        public var voice: Sound?
        /// Where the tone came from: a file path, or "synthesised".
        public var source: String
    }

    public private(set) var entries: [CueKind: Entry]
    public let rate: Int

    /// The spoken word that follows a cue's tone, by file name in `Sounds/voice/`.
    public static let voiceFiles: [CueKind: String] = [
        .getReady: "get_ready", .switchSides: "switch_sides", .rest: "rest", .halfway: "halfway",
        .lastSet: "last_set", .exerciseDone: "done", .sessionDone: "done",
    ]

    /// Silence between the end of a tone and its spoken word.
    public static let voiceGap = 0.03

    public func entry(_ cue: CueKind) -> Entry { entries[cue]! }

    /// Every cue synthesised, for when no Sounds/ folder can be found: a cue never goes silent.
    public static func synthesised(rate: Int = AudioFormat.sampleRate) -> CueBank {
        var entries: [CueKind: Entry] = [:]
        for cue in CueKind.allCases {
            entries[cue] = Entry(tone: ToneSynth.tone(for: cue, rate: rate), voice: nil, source: "synthesised")
        }
        return CueBank(entries: entries, rate: rate)
    }

    /// Loads `folder/<cue>.wav` and `folder/voice/<word>.wav`; a missing or broken file falls back
    /// to the synthesised tone (or no voice) and is reported in `problems`.
    public static func load(folder: URL, rate: Int = AudioFormat.sampleRate) -> (bank: CueBank, problems: [String]) {
        var bank = synthesised(rate: rate)
        var problems: [String] = []
        for cue in CueKind.allCases {
            let file = folder.appendingPathComponent("\(cue.rawValue).wav").path
            do {
                bank.entries[cue]!.tone = try WAVReader.read(file: file, rate: rate)
                bank.entries[cue]!.source = file
            } catch {
                problems.append("\(error); using a synthesised tone")
            }
            if let word = voiceFiles[cue] {
                let voice = folder.appendingPathComponent("voice/\(word).wav").path
                do {
                    bank.entries[cue]!.voice = try WAVReader.read(file: voice, rate: rate)
                } catch {
                    problems.append("\(error); the cue will have no spoken word")
                }
            }
        }
        return (bank, problems)
    }

    /// Replaces one cue's tone (a program's custom sound); the spoken word is dropped.
    public mutating func override(_ cue: CueKind, with sound: Sound, source: String) {
        entries[cue] = Entry(tone: sound, voice: nil, source: source)
    }

    /// The same tones without their recorded words, for a session whose speech says more.
    public func withoutWords() -> CueBank {
        var bank = self
        for cue in CueKind.allCases { bank.entries[cue]!.voice = nil }
        return bank
    }

    /// The cue's sounds with their offsets in frames from the cue's moment.
    public func layers(_ cue: CueKind) -> [(sound: Sound, offset: Int)] {
        let e = entry(cue)
        var layers = [(e.tone, 0)]
        if let voice = e.voice {
            layers.append((voice, e.tone.samples.count + Int(Self.voiceGap * Double(rate))))
        }
        return layers
    }
}

/// Finds the Sounds/ folder, in the documented order: `--sounds DIR`, `LIMBER_SOUNDS`, the
/// install prefix's `share/limber/sounds`, the `Sounds/` of the package the binary was built in.
public enum SoundsLocator {
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: URL? = Bundle.main.executableURL) -> URL? {
        var candidates: [URL] = []
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let env = environment["LIMBER_SOUNDS"], !env.isEmpty { candidates.append(URL(fileURLWithPath: env)) }
        if let exe = executable?.resolvingSymlinksInPath() {
            let bin = exe.deletingLastPathComponent()
            candidates.append(bin.deletingLastPathComponent().appendingPathComponent("share/limber/sounds"))
            // A development build: <package>/.build/<triple>/<config>/limber.
            var folder = bin
            for _ in 0..<4 {
                folder = folder.deletingLastPathComponent()
                candidates.append(folder.appendingPathComponent("Sounds"))
            }
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("start.wav").path) }
    }
}
