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
    /// Limber itself did not run for this long (stopped with SIGSTOP or SIGTSTP): the session
    /// pauses as it was when it stopped.
    case stopped(Duration)
    /// The log has been busy this long (locked, a stuck disk): the session pauses rather than
    /// going on unrecorded.
    case logBusy(Duration)
    /// The terminal window changed size (only the screen cares).
    case resized
}

/// What the session asks its surroundings to do. The session itself does no I/O.
public enum SessionEffect: Sendable, Equatable {
    /// The session started at this time: the audio stream starts here too.
    case begin(at: Duration)
    /// Append this event to the log (the runner adds the time and session id).
    case log(LogEvent)
    /// The cues that follow play this exercise's sounds (the program may give it its own).
    case sounds(exercise: Int)
    /// Play a cue at this time on the session clock.
    case cue(CueKind, at: Duration)
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
    /// Sound is on (off with --no-sound or when no device could be opened).
    public var sound: Bool
    /// With no keyboard at all, a set of reps the patient counts ends on its own after this many
    /// seconds per rep (`Timeline.secondsPerCountedRep`); nil: it waits for Space.
    public var secondsPerCountedRep: Int?

    public init(prompts: Bool = true, volume: Int = 100, muted: Bool = false, sound: Bool = true, secondsPerCountedRep: Int? = nil) {
        self.prompts = prompts
        self.volume = volume
        self.muted = muted
        self.sound = sound
        self.secondsPerCountedRep = secondsPerCountedRep
    }
}

/// Where the program came from, for the session-start event.
public struct SessionOrigin: Sendable, Equatable {
    /// The program file as the user named it, made absolute.
    public var programPath: String
    public var programSHA256: String
    /// The Limber version that ran the session.
    public var limberVersion: String
    /// The dose decision the session runs with, recorded in its start event.
    public var progression: LogEvent.ProgressionInfo?
    /// The day `LIMBER_TODAY` simulated, when it did.
    public var simulatedDate: String?
    /// The pseudonymous patient id, recorded in the session start; nil records none.
    public var patient: String?

    public init(programPath: String = "", programSHA256: String = "", limberVersion: String = "",
                progression: LogEvent.ProgressionInfo? = nil, simulatedDate: String? = nil, patient: String? = nil) {
        self.programPath = programPath
        self.programSHA256 = programSHA256
        self.limberVersion = limberVersion
        self.progression = progression
        self.simulatedDate = simulatedDate
        self.patient = patient
    }
}
