import ArgumentParser
import LimberAudio
import LimberProgram
import LimberRun
import LimberSpeech
import LimberTimeline

/// Spoken guidance on or off.
enum VoiceSwitch: String, ExpressibleByArgument, CaseIterable {
    case on, off

    // The values for help and completions, as ArgumentParser's defaults for a CaseIterable
    // RawRepresentable work them out, but without their generic code: that asks the runtime for
    // three protocol conformances (a scan of every conformance record each) before the first frame.
    static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    static var allValueDescriptions: [String: String] { [:] }
}

/// `run`'s voice options: whether the session speaks, and in which language.
struct VoiceOptions: ParsableArguments {
    /// On by default; a session with no voice installed goes on with tones after one notice.
    @Option(name: .long, help: Self.voiceHelp)
    var voice: VoiceSwitch?

    /// Whether the voice speaks: `--voice`, else the user configuration's `voice`, else on.
    var speaks: Bool {
        if let voice { return voice == .on }
        return UserSettings.lenient.voice ?? true
    }

    /// Overrides the program's `voice: language`.
    @Option(name: .long, help: Self.languageHelp)
    var language: String?

    static let voiceHelp = ArgumentHelp("Spoken guidance: on (the default, when a voice is installed) or off; default: the user configuration's voice, else on.", valueName: "on|off")
    static let languageHelp = ArgumentHelp("Speak in this espeak-ng language or voice (e.g. en, de, en-gb) instead of the program's.", valueName: "code")

    /// The program with `--language` in its voice settings.
    func applied(to program: Program) -> Program {
        guard let language else { return program }
        var program = program
        var voice = program.voice ?? VoiceSettings()
        voice.language = language
        program.voice = voice
        return program
    }

    /// The speech player for a session on `engine`, or nil: voice off, no sound, or no voice
    /// for the language (then `notice` gets the one line that says so). It speaks through the
    /// speech worker: the session process never loads libespeak-ng.
    func player(for program: Program, engine: AudioEngine?, notice: @escaping @Sendable (String) -> Void) -> SpeechPlayer? {
        guard speaks, let engine, !engine.isSilent else { return nil }
        let settings = program.voice ?? VoiceSettings()
        if let error = SpeechSynthesiser.worker.check(language: settings.language) {
            notice(SpeechPlayer.failureNotice(error))
            return nil
        }
        return SpeechPlayer(synthesiser: .worker, output: engine, language: settings.language, rate: settings.rate ?? SpeechSynthesiser.defaultRate,
                            notice: notice)
    }
}

extension VoiceOptions {
    /// These options with the given values: for `run`, which declares them itself (see `Run`).
    init(voice: VoiceSwitch?, language: String?) {
        self.init()
        self.voice = voice
        self.language = language
    }
}
