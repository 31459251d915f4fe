import ArgumentParser
import Foundation
import LimberAudio
import LimberBasics

/// Options shared by commands that play sound.
struct AudioOptions: ParsableArguments {
    /// The ALSA PCM to play through; any name ALSA knows, including one from ~/.asoundrc.
    @Option(name: .customLong("device"), help: Self.deviceHelp)
    var deviceOption: String?

    /// Software volume: the device's own volume is the user's business.
    @Option(name: .customLong("volume"), help: Self.volumeHelp)
    var volumeOption: Int?

    /// The device in force: the command line's, the user configuration's, or ALSA's default.
    var device: String { deviceOption ?? UserSettings.lenient.device ?? "default" }

    /// The volume in force: the command line's, the user configuration's, or 100.
    var volume: Int { volumeOption ?? UserSettings.lenient.volume ?? 100 }

    /// Where the cue WAVs are, when not in the usual places.
    @Option(name: .long, help: Self.soundsHelp)
    var sounds: String?

    static let deviceHelp = ArgumentHelp("ALSA device to play through (e.g. default, hw:0, or a PCM from ~/.asoundrc; default: the configuration's, else default).", valueName: "name")
    static let volumeHelp = ArgumentHelp("Cue volume from 0 to 100 (default: the configuration's, else 100).", valueName: "0-100")
    static let soundsHelp = ArgumentHelp("Folder of cue sounds (default: $LIMBER_SOUNDS, <prefix>/share/limber/sounds, or the package's Sounds/).", valueName: "dir")

    func validate() throws {
        if let volumeOption, !(0...100).contains(volumeOption) { throw ValidationError("--volume must be from 0 to 100, not \(volumeOption).") }
    }

    /// Opens the device for a command whose whole point is sound (`sounds play`, `sounds check`):
    /// failing is an error here, with the exact reason, not a quiet fallback as in a session.
    func openDevice() throws -> ALSAPCM {
        do {
            return try ALSAPCM(name: device)
        } catch let error as ALSAError {
            Console.err("limber: can't use the sound device: \(error) — try --device NAME\n")
            throw ExitCode.problems
        }
    }

    /// The cue sounds, from the first folder found: `cues` read now, their problems reported on
    /// stderr; any other cue read when first played.
    func loadBank(cues: [CueKind] = CueKind.allCases) -> CueBank {
        if let explicit = sounds, !FileManager.default.fileExists(atPath: explicit) {
            Console.err("limber: no sound folder at \(explicit); using synthesised tones\n")
            return .synthesised()
        }
        guard let folder = SoundsLocator.locate(explicit: sounds, environment: ProcessEnvironment.values("LIMBER_SOUNDS")) else {
            Console.err("limber: no Sounds/ folder found (set LIMBER_SOUNDS or --sounds); using synthesised tones\n")
            return .synthesised()
        }
        let (bank, problems) = CueBank.load(folder: folder, cues: cues)
        for problem in problems { Console.err("limber: \(problem)\n") }
        return bank
    }
}

extension AudioOptions {
    /// These options with the given values: for `run`, which declares them itself (see `Run`).
    init(deviceOption: String?, volumeOption: Int?, sounds: String?) {
        self.init()
        self.deviceOption = deviceOption
        self.volumeOption = volumeOption
        self.sounds = sounds
    }
}
