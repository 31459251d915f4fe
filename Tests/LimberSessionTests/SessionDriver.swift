import LimberBasics
import LimberLog
import LimberProgram
import LimberSession
import LimberTimeline

/// Plays a session on a controllable clock, as the runner does, recording what it asks for.
/// Time only moves when the test says so; a whole session runs in microseconds.
struct SessionDriver {
    var session: Session
    var now: Duration = .zero
    var logs: [LogEvent] = []
    var cues: [(CueKind, Duration)] = []
    var cancels: [Duration] = []
    var finished: SessionEndStatus?

    init(_ yaml: String, options: SessionOptions = SessionOptions(), origin: SessionOrigin = SessionOrigin()) {
        let program = ProgramParser.parse(yaml).program!
        session = Session(timeline: TimelineCompiler.compile(program), options: options, origin: origin)
    }

    mutating func apply(_ effects: [SessionEffect]) {
        for effect in effects {
            switch effect {
            case .log(let e): logs.append(e)
            case .cue(let kind, let at): cues.append((kind, at))
            case .cancelCues(let from):
                cancels.append(from)
                cues.removeAll { $0.1 >= from }
            case .finish(let status): finished = status
            case .begin, .sounds, .setVolume, .setMuted: break
            }
        }
    }

    mutating func begin() { apply(session.begin(at: now)) }

    /// Moves the clock forward by `d`, waking at every moment the session asks to.
    mutating func wait(_ d: Duration) {
        let target = now + d
        while let wake = session.nextWakeup(after: now), wake <= target {
            wakeUp(at: wake)
        }
        wakeUp(at: target)
    }

    /// Runs until the session needs a key or ends.
    mutating func runUntilIdle(limit: Duration = .seconds(36_000)) {
        let stop = now + limit
        while finished == nil, let wake = session.nextWakeup(after: now), wake <= stop {
            wakeUp(at: wake)
        }
    }

    /// What the runner does when it wakes: move the session on and take the cues now due.
    private mutating func wakeUp(at time: Duration) {
        now = time
        apply(session.advance(to: now))
        played += session.dueCues(through: now)
    }

    /// The cues that came due, in order.
    var played: [CueKind] = []

    mutating func press(_ key: Key) { apply(session.handle(.key(key), at: now)) }
    mutating func send(_ input: SessionInput) { apply(session.handle(input, at: now)) }

    var setEvents: [LogEvent] { logs.filter { $0.type == .set } }
    var end: LogEvent? { logs.last { $0.type == .sessionEnd } }
}
