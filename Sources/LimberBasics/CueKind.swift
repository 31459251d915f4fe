/// Every kind of audio cue; the names are the program format's (`sounds:` keys) and the log's.
public enum CueKind: String, Sendable, CaseIterable, Codable, Hashable {
    case getReady = "get_ready"
    case start
    case countdown
    case halfway
    case switchSides = "switch_sides"
    case rest
    case lastSet = "last_set"
    case tempoUp = "tempo_up"
    case tempoHold = "tempo_hold"
    case tempoDown = "tempo_down"
    case interval
    case exerciseDone = "exercise_done"
    case sessionDone = "session_done"

    /// One line on what the cue marks, for docs, the schema and `limber sounds list`.
    public var summary: String {
        switch self {
        case .getReady: "an exercise is about to begin: get into position"
        case .start: "work starts (a hold, a set of reps, a timed bout)"
        case .countdown: "one of the 3-2-1 ticks before a step ends"
        case .halfway: "half of a hold or timed bout is done"
        case .switchSides: "change to the other side"
        case .rest: "rest begins"
        case .lastSet: "the last set of this exercise begins"
        case .tempoUp: "tempo: lift / move up"
        case .tempoHold: "tempo: hold still"
        case .tempoDown: "tempo: lower / move down"
        case .interval: "an interval tick during a long hold or bout"
        case .exerciseDone: "the exercise is finished"
        case .sessionDone: "the whole session is finished"
        }
    }
}
