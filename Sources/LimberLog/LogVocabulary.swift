import LimberBasics

/// How a set ended, as a `set` event records it.
public enum SetStatus: String, Sendable, CaseIterable, Codable {
    case done
    case skipped
}

/// How a session ended, as its `session_end` event records it. A session with no end event was
/// interrupted (killed, crashed, power lost): readers add that case themselves.
public enum SessionEndStatus: String, Sendable, CaseIterable, Codable {
    case completed
    case quit
    case stoppedForDiscomfort = "stopped_discomfort"

    /// Words for screens and reports.
    public var words: String {
        switch self {
        case .completed: "completed"
        case .quit: "quit"
        case .stoppedForDiscomfort: "stopped for discomfort"
        }
    }
}

extension LogEvent {
    /// For `set` events: done or skipped; nil when absent or a word this build doesn't know.
    public var setStatus: SetStatus? {
        get { status.flatMap(SetStatus.init(rawValue:)) }
        set { status = newValue?.rawValue }
    }

    /// For `session_end` events: how the session ended; nil when absent or unknown.
    public var endStatus: SessionEndStatus? {
        get { status.flatMap(SessionEndStatus.init(rawValue:)) }
        set { status = newValue?.rawValue }
    }
}
