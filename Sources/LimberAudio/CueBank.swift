import Foundation
import LimberBasics

/// The sounds for every cue: a short tone, and for some cues a spoken word after it.
///
/// A cue's sounds are read from their files (or synthesised) the first time the cue is needed,
/// once for the bank and all its copies: a session reads only the cues its program uses, and a
/// session without sound reads none.
public struct CueBank: Sendable {
    /// What one cue plays.
    public struct Entry: Sendable {
        public var tone: Sound
        public var voice: Sound?
        /// Where the tone came from: a file path, or "synthesised".
        public var source: String
    }

    private let store: Store
    /// Cues given a sound of their own (a program's custom sound).
    private var overrides: [CueKind: Entry] = [:]
    private var words = true
    public let rate: Int

    /// Every cue's entry (reads whatever was not read yet).
    public var entries: [CueKind: Entry] {
        Dictionary(uniqueKeysWithValues: CueKind.allCases.map { ($0, entry($0)) })
    }

    /// The spoken word that follows a cue's tone, by file name in `Sounds/voice/`.
    public static let voiceFiles: [CueKind: String] = [
        .getReady: "get_ready", .switchSides: "switch_sides", .rest: "rest", .halfway: "halfway",
        .lastSet: "last_set", .exerciseDone: "done", .sessionDone: "done",
    ]

    /// Silence between the end of a tone and its spoken word.
    public static let voiceGap = 0.03

    private init(store: Store) {
        self.store = store
        rate = store.rate
    }

    public func entry(_ cue: CueKind) -> Entry {
        var entry = overrides[cue] ?? store.load(cue).entry
        if !words { entry.voice = nil }
        return entry
    }

    /// Every cue synthesised, for when no Sounds/ folder can be found: a cue never goes silent.
    public static func synthesised(rate: Int = AudioFormat.sampleRate) -> CueBank {
        CueBank(store: Store(folder: nil, rate: rate))
    }

    /// Reads `folder/<cue>.wav` and `folder/voice/<word>.wav` for `cues` now (the others when
    /// first needed); a missing or broken file falls back to the synthesised tone (or no voice)
    /// and is reported in `problems`.
    public static func load(folder: URL, cues: [CueKind] = CueKind.allCases,
                            rate: Int = AudioFormat.sampleRate) -> (bank: CueBank, problems: [String]) {
        let bank = CueBank(store: Store(folder: folder, rate: rate))
        let problems = CueKind.allCases.filter(cues.contains).flatMap { bank.store.load($0).problems }
        return (bank, problems)
    }

    /// Replaces one cue's tone (a program's custom sound); the spoken word is dropped.
    public mutating func override(_ cue: CueKind, with sound: Sound, source: String) {
        overrides[cue] = Entry(tone: sound, voice: nil, source: source)
    }

    /// The same tones without their recorded words, for a session whose speech says more.
    public func withoutWords() -> CueBank {
        var bank = self
        bank.words = false
        return bank
    }

    /// The cue's sounds with their offsets in frames from the cue's moment.
    public func layers(_ cue: CueKind) -> [(sound: Sound, offset: Int)] {
        let e = entry(cue)
        var layers = [(e.tone, 0)]
        if let voice = e.voice {
            layers.append((voice, e.tone.frameCount + Int(Self.voiceGap * Double(rate))))
        }
        return layers
    }

    /// The cues' sounds as read so far, shared by every copy of a bank.
    private final class Store: @unchecked Sendable {
        let folder: URL?
        let rate: Int
        private let lock = NSLock()
        private var loaded: [CueKind: (entry: Entry, problems: [String])] = [:]

        init(folder: URL?, rate: Int) {
            self.folder = folder
            self.rate = rate
        }

        /// The cue's entry and what went wrong reading it, read on first use.
        func load(_ cue: CueKind) -> (entry: Entry, problems: [String]) {
            lock.withLock {
                if let done = loaded[cue] { return done }
                let done = read(cue)
                loaded[cue] = done
                return done
            }
        }

        private func read(_ cue: CueKind) -> (entry: Entry, problems: [String]) {
            guard let folder else {
                return (Entry(tone: ToneSynth.tone(for: cue, rate: rate), voice: nil, source: "synthesised"), [])
            }
            var problems: [String] = []
            var entry: Entry
            let file = folder.appendingPathComponent("\(cue.rawValue).wav").path
            do {
                entry = Entry(tone: try WAVReader.read(file: file, rate: rate), voice: nil, source: file)
            } catch {
                entry = Entry(tone: ToneSynth.tone(for: cue, rate: rate), voice: nil, source: "synthesised")
                problems.append("\(error); using a synthesised tone")
            }
            if let word = voiceFiles[cue] {
                let voice = folder.appendingPathComponent("voice/\(word).wav").path
                do {
                    entry.voice = try WAVReader.read(file: voice, rate: rate)
                } catch {
                    problems.append("\(error); the cue will have no spoken word")
                }
            }
            return (entry, problems)
        }
    }
}

/// Finds the Sounds/ folder, in the documented order: `--sounds DIR`, `LIMBER_SOUNDS`, the
/// install prefix's `share/limber/sounds`, the `Sounds/` of the package the binary was built in.
public enum SoundsLocator {
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              binaryFolder: String? = InstallPaths.binaryFolder()) -> URL? {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let env = environment["LIMBER_SOUNDS"], !env.isEmpty {
            let folder = URL(fileURLWithPath: env)
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("start.wav").path) { return folder }
        }
        return InstallPaths.candidates(shared: "share/limber/sounds", packaged: "Sounds", binaryFolder: binaryFolder)
            .first { FileManager.default.fileExists(atPath: $0 + "/start.wav") }
            .map { URL(fileURLWithPath: $0) }
    }
}
