import Foundation
import LimberAudio

/// Where ready phrases go: the audio engine, which places a sound at a moment of the session.
public protocol SoundPlacer: AnyObject, Sendable {
    /// Queues `sound` at `at`; false when that moment has already been played.
    func schedule(_ sound: Sound, at: Duration) -> Bool
}

extension AudioEngine: SoundPlacer {}

/// Speaks the session's phrases: asks the synthesiser for each one a few steps ahead and hands
/// the engine the ready sound to place at its moment.
///
/// Nothing here waits for synthesis: ``say(_:)`` returns at once and the sound reaches the
/// engine from the synthesis thread when it is ready. A phrase is cut (with a short fade) at
/// the length the plan gave it, so it never runs into the next cue; one that is ready only
/// after its moment is dropped, never played late. The engine lets go of a sound once played,
/// so only the phrases ahead are held. If the synthesiser fails, one notice is posted and the
/// session goes on with tones.
public final class SpeechPlayer: @unchecked Sendable {
    /// A phrase at a moment of the session clock.
    public struct Phrase: Sendable, Hashable {
        public var text: String
        public var at: Duration
        /// The longest it may sound.
        public var seconds: Double

        public init(text: String, at: Duration, seconds: Double) {
            self.text = text
            self.at = at
            self.seconds = seconds
        }
    }

    /// Counters for tests and the benchmark.
    public struct Stats: Sendable, Equatable {
        /// Phrases handed to the engine in time.
        public var placed = 0
        /// Phrases ready only after their moment, and dropped.
        public var late = 0
        /// Phrases cut to fit their room.
        public var cut = 0

        public init(placed: Int = 0, late: Int = 0, cut: Int = 0) {
            self.placed = placed
            self.late = late
            self.cut = cut
        }
    }

    private let synthesiser: SpeechSynthesiser
    private let output: SoundPlacer
    private let language: String
    private let rate: Int
    private let notice: @Sendable (String) -> Void
    private let lock = NSLock()
    /// Phrases asked for and not cancelled: in synthesis, or handed to the engine.
    private var wanted: Set<Phrase> = []
    private var failed = false
    private var stats = Stats()
    /// Phrases synthesised before their moment was known (the session's first), by text.
    private var prepared: [String: Sound] = [:]
    /// Texts being prepared, with the phrases that asked for them meanwhile: those take the
    /// prepared sound when it comes, so no phrase is synthesised twice however slow the
    /// synthesiser (espeak-ng's voice carries its flutter from phrase to phrase: a second
    /// rendering would change every phrase after it).
    private var preparing: [String: [Phrase]] = [:]

    public init(synthesiser: SpeechSynthesiser = .shared, output: SoundPlacer, language: String, rate: Int,
                notice: @escaping @Sendable (String) -> Void) {
        self.synthesiser = synthesiser
        self.output = output
        self.language = language
        self.rate = rate
        self.notice = notice
    }

    public var currentStats: Stats { lock.withLock { stats } }

    /// True once synthesis failed: the session goes on with tones only.
    public var hasFailed: Bool { lock.withLock { failed } }

    /// Synthesises `texts` now, before the session starts, so its first phrases are ready at
    /// once whatever the machine is doing; returns at once.
    public func prepare(_ texts: [String]) {
        for text in texts {
            lock.withLock { preparing[text] = preparing[text] ?? [] }
            synthesiser.request(text, language: language, rate: rate) { [self] result in
                let waiting = lock.withLock { () -> [Phrase] in
                    let waiting = preparing.removeValue(forKey: text) ?? []
                    if waiting.isEmpty, case .success(let sound) = result { prepared[text] = sound }
                    return waiting
                }
                // The first phrase that waited takes it, as it would have taken it ready.
                if let first = waiting.first { deliver(first, result) }
                for phrase in waiting.dropFirst() { synthesise(phrase) }
            }
        }
    }

    /// Asks for `phrases` (those already asked for are not asked again); returns at once.
    public func say(_ phrases: [Phrase]) {
        for phrase in phrases {
            let (fresh, ready) = lock.withLock { () -> (Bool, Sound?) in
                guard !failed, !wanted.contains(phrase) else { return (false, nil) }
                wanted.insert(phrase)
                if preparing[phrase.text] != nil {
                    preparing[phrase.text]!.append(phrase)
                    return (false, nil)
                }
                return (true, prepared.removeValue(forKey: phrase.text))
            }
            guard fresh else { continue }
            if let ready {
                deliver(phrase, .success(ready))
                continue
            }
            synthesise(phrase)
        }
    }

    private func synthesise(_ phrase: Phrase) {
        synthesiser.request(phrase.text, language: language, rate: rate) { [self] result in
            deliver(phrase, result)
        }
    }

    /// Forgets the phrases from `from` on that have not been handed over yet (the engine's own
    /// cancel takes those it holds).
    public func cancel(from: Duration) {
        lock.withLock { wanted = wanted.filter { $0.at < from } }
    }

    private func deliver(_ phrase: Phrase, _ result: Result<Sound, SpeechError>) {
        switch result {
        case .success(let sound):
            guard lock.withLock({ wanted.contains(phrase) }) else { return }
            let fitted = Self.fit(sound, seconds: phrase.seconds)
            let placed = output.schedule(fitted, at: phrase.at)
            lock.withLock {
                if placed { stats.placed += 1 } else { stats.late += 1 }
                if fitted.frameCount < sound.frameCount { stats.cut += 1 }
            }
        case .failure(let error):
            let first = lock.withLock { () -> Bool in
                defer { failed = true }
                return !failed
            }
            if first { notice(Self.failureNotice(error)) }
        }
    }

    /// `limber: no voice guidance (…); the session goes on with tones`
    public static func failureNotice(_ error: SpeechError) -> String {
        "limber: no voice guidance (\(error)); the session goes on with tones"
    }

    /// Fade at a cut: short enough to keep the words, long enough not to click.
    static let fadeSeconds = 0.02

    /// `sound` no longer than `seconds`, faded out where it is cut.
    public static func fit(_ sound: Sound, seconds: Double) -> Sound {
        let limit = max(0, Int(seconds * Double(sound.rate)))
        guard sound.frameCount > limit else { return sound }
        var pcm = Array(sound.pcm.prefix(limit))
        let fade = min(limit, Int(fadeSeconds * Double(sound.rate)))
        for i in 0..<fade { pcm[limit - 1 - i] = Int16((Float(pcm[limit - 1 - i]) * Float(i) / Float(fade)).rounded()) }
        return Sound(pcm: pcm, rate: sound.rate)
    }
}
