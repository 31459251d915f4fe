import LimberBasics
import LimberLog
import LimberProgram

/// A key the patient pressed, already decoded from the terminal's bytes.
public enum Key: Sendable, Equatable {
    case space, enter, escape, backspace, tab
    case left, right, up, down
    case char(Character)
    case ctrlC
}

/// Something that reaches the session from outside: a key, a signal, or news that the machine slept.
public enum SessionInput: Sendable, Equatable {
    case key(Key)
    /// Ctrl-C, SIGTERM or SIGHUP: end now, logged as quit, nothing asked.
    case interrupt
    /// The machine was suspended for this long (the monotonic clock stood still meanwhile).
    case slept(Duration)
    /// The terminal window changed size (only the screen cares).
    case resized
}

/// What the session asks its surroundings to do. The session itself does no I/O.
public enum SessionEffect: Sendable, Equatable {
    /// Append this event to the log (the runner adds the time and session id).
    case log(LogEvent)
    /// Play a cue at this time on the session clock.
    case cue(CueKind, at: Duration, exerciseIndex: Int)
    /// Forget queued cues from this time on (pause, skip, back, quit).
    case cancelCues(from: Duration)
    case setVolume(Int)
    case setMuted(Bool)
    /// The session is over.
    case finish(SessionEndStatus)
}

/// Choices made on the command line.
public struct SessionOptions: Sendable, Equatable {
    /// Ask discomfort questions (off with --no-prompt or when stdin is not a terminal).
    public var prompts: Bool
    public var volume: Int
    public var muted: Bool

    public init(prompts: Bool = true, volume: Int = 100, muted: Bool = false) {
        self.prompts = prompts
        self.volume = volume
        self.muted = muted
    }
}
