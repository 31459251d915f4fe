/// Which side of the body a set is done on: written in programs (`sides:`) and in the log.
public enum Side: String, Sendable, CaseIterable, Codable {
    case left, right
}

/// What a discomfort rating at or above the stop level does: written in programs (`on_stop:`)
/// and in the log's `stop` events.
public enum StopAction: String, Sendable, CaseIterable, Codable {
    case skipExercise = "skip_exercise"
    case endSession = "end_session"
}
