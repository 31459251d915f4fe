import LimberSession
import LimberSpeech
import LimberTimeline

/// What speaks the session's phrases: the ``SpeechPlayer`` in production, a recorder in tests.
public protocol PhrasePlayer: AnyObject {
    /// Synthesises the session's first phrases ahead, before their moments are known.
    func prepare(_ texts: [String])
    /// Asks for `phrases` (the same phrase at the same moment is asked for once).
    func say(_ phrases: [SpeechPlayer.Phrase])
    /// Forgets the phrases from `from` on that have not been handed to the engine.
    func cancel(from: Duration)
    /// True once synthesis failed: nothing more is said.
    var hasFailed: Bool { get }
}

extension SpeechPlayer: PhrasePlayer {}

/// The plan's phrases placed on the session clock from the current step on, as far ahead as
/// the steps follow each other on their own (no open step, no question between).
struct SpeechSchedule {
    /// How far ahead phrases are asked for: synthesis has this long to be ready (a phrase takes
    /// well under a second), and no more than this much speech is ever held (phrases never
    /// overlap, so at most 10 s of 48 kHz samples, under 2 MiB).
    static let horizon: Duration = .seconds(10)
    private let byStep: [Int: [SpeechCue]]
    /// How long after the session's end its closing words may still sound.
    let closing: Duration

    init(_ plan: SpeechPlan, timeline: Timeline) {
        byStep = Dictionary(grouping: plan.cues, by: \.stepIndex)
        var closing = 0.0
        if let last = timeline.steps.last, let length = last.length {
            for cue in byStep[last.index] ?? [] where cue.offset >= Double(length) {
                closing = max(closing, cue.offset - Double(length) + min(cue.seconds, SpeechPlanner.estimatedSeconds(cue.text)))
            }
        }
        self.closing = .milliseconds(Int64((closing * 1000).rounded(.up)))
    }

    /// What the first step says, to be synthesised before the session starts.
    var opening: [String] { (byStep[0] ?? []).map(\.text) }

    /// The phrases due from `now` to ``horizon`` later, while the session runs.
    func phrases(_ session: Session, now: Duration) -> [SpeechPlayer.Phrase] {
        guard case .running = session.phase else { return [] }
        let steps = session.timeline.steps
        var index = session.stepIndex
        var start = session.stepStart
        var phrases: [SpeechPlayer.Phrase] = []
        while index < steps.count, start <= now + Self.horizon {
            for cue in byStep[index] ?? [] {
                let at = start + .microseconds(Int64((cue.offset * 1_000_000).rounded()))
                if at >= now, at <= now + Self.horizon { phrases.append(.init(text: cue.text, at: at, seconds: cue.seconds)) }
            }
            let step = steps[index]
            guard let length = step.length, !(step.asksDiscomfort && session.options.prompts) else { break }
            start += .seconds(length)
            index += 1
        }
        return phrases
    }
}
