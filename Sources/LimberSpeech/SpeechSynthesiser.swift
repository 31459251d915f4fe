import CEspeakNG
import Foundation
import LimberAudio
import LimberBasics

/// One voice espeak-ng has installed.
public struct SpeechVoice: Sendable, Equatable {
    /// The voice's own name ("German").
    public var name: String
    /// Its file under espeak-ng-data/voices ("gmw/de").
    public var identifier: String
    /// The languages it speaks, most preferred first ("de").
    public var languages: [String]
}

/// What the speech engine reports about itself, for `limber sounds check`.
public struct SpeechEngineInfo: Sendable, Equatable {
    /// "eSpeak NG 1.51".
    public var engine: String
    /// Where its voice data is.
    public var dataPath: String
    /// The rate it synthesises at, before resampling to the engine's.
    public var sampleRate: Int
}

/// Why speech can't be had; the description is one sentence for the patient.
public enum SpeechError: Error, Equatable, CustomStringConvertible {
    /// libespeak-ng itself could not be loaded (dlopen's reason).
    case noLibrary(String)
    /// espeak-ng could not start: no voice data where it looked.
    case noVoiceData(String)
    /// No installed voice speaks this language.
    case unknownVoice(String)
    /// espeak-ng refused the text.
    case synthesisFailed(Int)
    /// The speech worker could not start, died, hung or replied nonsense (what happened).
    case workerFailed(String)

    public var description: String {
        switch self {
        case .noLibrary(let reason): "the speech engine could not be loaded (\(TextSanitizer.singleLine(reason)))"
        case .noVoiceData(let path): "the speech engine found no voice data (\(TextSanitizer.singleLine(path)))"
        case .unknownVoice(let name): "no installed voice speaks \"\(TextSanitizer.singleLine(name))\""
        case .synthesisFailed(let code): "the speech engine failed (espeak-ng error \(code))"
        case .workerFailed(let reason): "the speech engine stopped (\(TextSanitizer.singleLine(reason)))"
        }
    }
}

/// Speech on its one thread: every call to the engine behind it (libespeak-ng in this process,
/// or the speech worker process) happens there, so synthesis never runs on the audio thread or
/// the session's loop.
public final class SpeechSynthesiser: @unchecked Sendable {
    /// The process's own libespeak-ng (espeak-ng can't have two): `limber sounds`, tests, the benchmark.
    public static let shared = SpeechSynthesiser(engine: EspeakEngine())
    /// The session's: libespeak-ng in a speech worker process (this binary, started on first
    /// use), so the session never maps espeak-ng and the ~30 libraries it pulls in.
    public static let worker = SpeechSynthesiser(engine: SpeechWorkerClient(executable: "/proc/self/exe", arguments: [SpeechWorker.name]))

    /// espeak-ng's default speaking rate, in words per minute.
    public static let defaultRate = 175
    /// Samples quieter than this at either end of a phrase count as silence and are trimmed.
    static let silence: Int16 = 32 // 1/1024 of full scale

    private let lock = NSLock()
    private var jobs: [@Sendable () -> Void] = []
    private let waiting = DispatchSemaphore(value: 0)
    private var started = false
    /// Thread-confined to the synthesis thread.
    private let engine: SpeechEngine

    init(engine: SpeechEngine) {
        self.engine = engine
    }

    // MARK: Calls from any thread

    /// The engine, version and data path, or why it can't start. Waits for the synthesis thread.
    public func info() -> Result<SpeechEngineInfo, SpeechError> { sync { self.engine.start() } }

    /// The installed voices. Empty when the engine can't start.
    public func voices() -> [SpeechVoice] {
        sync {
            guard case .success = self.engine.start() else { return [] }
            return self.engine.voices()
        }
    }

    /// Synthesises `text` now and waits for it (tests, `limber sounds say`, the benchmark).
    public func render(_ text: String, language: String, rate: Int = defaultRate) -> Result<Sound, SpeechError> {
        sync { self.engine.synthesise(text, language: language, rate: rate) }
    }

    /// Synthesises `text` on the synthesis thread and hands the result to `done` there; returns at once.
    public func request(_ text: String, language: String, rate: Int = defaultRate,
                        done: @escaping @Sendable (Result<Sound, SpeechError>) -> Void) {
        submit { done(self.engine.synthesise(text, language: language, rate: rate)) }
    }

    /// Why `language` can't be spoken (no voice data, no such voice), or nil when it can.
    /// Waits for the synthesis thread (a few milliseconds, once, before a session starts).
    public func check(language: String) -> SpeechError? {
        sync {
            if case .failure(let error) = self.engine.start() { return error }
            return self.engine.select(language)
        }
    }

    /// Waits until everything asked for before this call has been synthesised and handed over.
    public func flush() { sync { () } }

    private func submit(_ job: @escaping @Sendable () -> Void) {
        let startThread = lock.withLock { () -> Bool in
            jobs.append(job)
            defer { started = true }
            return !started
        }
        if startThread {
            // Never ends: the speech worker started from it lives as long as it does.
            let thread = Thread { [self] in loop() }
            thread.name = "limber-speech"
            thread.start()
        }
        waiting.signal()
    }

    private func sync<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        submit {
            box.value = body()
            done.signal()
        }
        done.wait()
        return box.value!
    }

    private func loop() {
        while true {
            waiting.wait()
            let job = lock.withLock { jobs.removeFirst() }
            job()
        }
    }

    /// Loads libespeak-ng on first use (a session without the voice never maps it); nil once
    /// loaded, else why it can't be (dlerror's text).
    static func loadLibrary(_ name: String = "libespeak-ng.so.1") -> String? {
        limber_espeak_load(name).map { String(cString: $0) }
    }

    /// The samples without the silence espeak-ng puts before and after a phrase, so a phrase
    /// starts sounding at the moment it is placed (a view, not a copy).
    static func trimmed(_ samples: [Int16]) -> ArraySlice<Int16> {
        let loud = { (s: Int16) in s > silence || s < -silence }
        guard let first = samples.firstIndex(where: loud), let last = samples.lastIndex(where: loud) else { return [] }
        return samples[first...last]
    }
}

/// What a ``SpeechSynthesiser`` speaks with, called only on its thread.
protocol SpeechEngine: AnyObject {
    /// Starts the engine on first call; later calls give the same answer.
    func start() -> Result<SpeechEngineInfo, SpeechError>
    /// The installed voices (once started).
    func voices() -> [SpeechVoice]
    /// Makes `language` the voice, or says why it can't be.
    func select(_ language: String) -> SpeechError?
    /// `text` in `language` at `rate`, trimmed and at ``AudioFormat/sampleRate``.
    func synthesise(_ text: String, language: String, rate: Int) -> Result<Sound, SpeechError>
}

/// libespeak-ng in this process, loaded and initialised once, lazily.
///
/// Text becomes 16-bit PCM through the synth callback (`AUDIO_OUTPUT_SYNCHRONOUS`), trimmed of
/// its silent ends and resampled to ``AudioFormat/sampleRate``, so the engine can mix it like any cue.
final class EspeakEngine: SpeechEngine {
    private var startup: Result<SpeechEngineInfo, SpeechError>?
    private var voice: String?
    private var rate: Int?

    func start() -> Result<SpeechEngineInfo, SpeechError> {
        if let startup { return startup }
        if let problem = SpeechSynthesiser.loadLibrary() {
            startup = .failure(.noLibrary(problem))
            return startup!
        }
        let sampleRate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nil, Int32(espeakINITIALIZE_DONT_EXIT))
        var path: UnsafePointer<CChar>?
        let version = espeak_Info(&path).map { String(cString: $0) } ?? "?"
        let dataPath = path.map { String(cString: $0) } ?? "?"
        let result: Result<SpeechEngineInfo, SpeechError>
        if sampleRate <= 0 {
            result = .failure(.noVoiceData(dataPath))
        } else {
            espeak_SetSynthCallback(collectSamples)
            result = .success(SpeechEngineInfo(engine: "eSpeak NG \(version)", dataPath: dataPath, sampleRate: Int(sampleRate)))
        }
        startup = result
        return result
    }

    /// Makes `language` the voice (unless it is already); a refused one leaves espeak-ng's voice
    /// unknown, so the next phrase selects its own again. (espeak-ng keeps some settings of the
    /// voice before: a session speaks one language throughout.)
    func select(_ language: String) -> SpeechError? {
        guard voice != language else { return nil }
        rate = nil
        // espeak-ng reads a name with a path in it as a voice file: "../../etc/passwd" would be
        // parsed (its lines echoed, and espeak-ng can crash on it). No name of a voice leaves its data folder.
        guard !language.hasPrefix("/"), !language.split(separator: "/").contains(".."),
              espeak_SetVoiceByName(language) == EE_OK else {
            voice = nil
            return .unknownVoice(language)
        }
        voice = language
        return nil
    }

    func voices() -> [SpeechVoice] {
        guard let list = espeak_ListVoices(nil) else { return [] }
        var voices: [SpeechVoice] = []
        var index = 0
        while let entry = list[index] {
            let v = entry.pointee
            voices.append(SpeechVoice(name: v.name.map { String(cString: $0) } ?? "",
                                      identifier: v.identifier.map { String(cString: $0) } ?? "",
                                      languages: Self.languages(v.languages)))
            index += 1
        }
        return voices
    }

    /// Decodes espeak-ng's language list: (priority byte, NUL-terminated name)…, then a NUL.
    private static func languages(_ raw: UnsafePointer<CChar>?) -> [String] {
        guard var p = raw else { return [] }
        var names: [String] = []
        while p.pointee != 0 {
            p += 1 // the priority byte
            let name = String(cString: p)
            names.append(name)
            p += name.utf8.count + 1
        }
        return names
    }

    func synthesise(_ text: String, language: String, rate: Int) -> Result<Sound, SpeechError> {
        let info: SpeechEngineInfo
        switch start() {
        case .success(let i): info = i
        case .failure(let error): return .failure(error)
        }
        if let error = select(language) { return .failure(error) }
        if self.rate != rate {
            espeak_SetParameter(espeakRATE, Int32(rate), 0)
            self.rate = rate
        }
        collected = []
        let clean = TextSanitizer.singleLine(text)
        let status = clean.withCString { chars in
            espeak_Synth(chars, strlen(chars) + 1, 0, POS_CHARACTER, 0, UInt32(espeakCHARS_UTF8), nil, nil)
        }
        defer { collected = [] }
        guard status == EE_OK else { return .failure(.synthesisFailed(Int(status.rawValue))) }
        // Straight from espeak-ng's 16-bit samples to the engine's rate: one copy, no floats.
        let pcm = WAVReader.resample(SpeechSynthesiser.trimmed(collected), from: info.sampleRate, to: AudioFormat.sampleRate)
        return .success(Sound(pcm: pcm, rate: AudioFormat.sampleRate))
    }
}

/// What the synth callback has been given for the phrase in progress. Touched only on the
/// thread that calls the process's one ``EspeakEngine`` (the callback runs inside `espeak_Synth` there).
nonisolated(unsafe) private var collected: [Int16] = []

/// espeak-ng's synth callback: keeps the samples; 0 asks it to go on.
private func collectSamples(_ wav: UnsafeMutablePointer<Int16>?, _ count: Int32,
                            _ events: UnsafeMutablePointer<espeak_EVENT>?) -> Int32 {
    if let wav, count > 0 { collected.append(contentsOf: UnsafeBufferPointer(start: wav, count: Int(count))) }
    return 0
}

/// A value handed back from the synthesis thread to a caller waiting on a semaphore.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
