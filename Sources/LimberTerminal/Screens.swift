/// What the screen shows, as plain data: built from the session by ``ScreenBuilder`` and
/// drawn by ``ScreenRenderer`` at whatever size the terminal is.
public enum Screen: Sendable, Equatable {
    case start(StartScreen)
    case session(SessionScreen)
    case end(EndScreen)
}

/// Before the session: what it is, the author's safety notes, how long it takes.
public struct StartScreen: Sendable, Equatable {
    public var title: String
    public var author: String?
    public var safety: [String]
    /// Each exercise and its prescription.
    public var exercises: [(name: String, prescription: String)]
    public var totalTime: String
    public var openSteps: Int
    /// One line on sound, if there is something to say (no device, muted).
    public var audioNote: String?

    public static func == (a: StartScreen, b: StartScreen) -> Bool {
        a.title == b.title && a.author == b.author && a.safety == b.safety && a.totalTime == b.totalTime
            && a.exercises.map(\.name) == b.exercises.map(\.name) && a.exercises.map(\.prescription) == b.exercises.map(\.prescription)
            && a.openSteps == b.openSteps && a.audioNote == b.audioNote
    }
}

/// During the session.
public struct SessionScreen: Sendable, Equatable {
    public enum Overlay: Sendable, Equatable {
        case rating(question: String, note: String, editingNote: Bool)
        case confirmQuit
        case help
    }

    public var title: String
    /// GET READY, HOLD, WORK, REPS, UP, HOLD, DOWN, REST, SWITCH SIDES.
    public var phase: String
    public var phaseColor: Styled.Color
    /// Time left (or, for an open step, time so far), as shown in big digits.
    public var time: String
    public var countsUp: Bool
    public var exercise: String
    /// "Set 2 of 3 · left side · rep 4 of 12".
    public var detail: String
    public var instructions: String?
    public var equipment: String?
    /// "Next: Rest 0:15".
    public var next: String?
    /// Session progress in seconds of the plan.
    public var elapsed: Int
    public var total: Int
    public var paused: Bool
    public var muted: Bool
    public var volume: Int
    /// A message that matters now (a stop's safety text, "skipped", the machine slept).
    public var notice: String?
    /// Something is wrong that the patient should know (the log can't be written, no sound).
    public var warning: String?
    public var overlay: Overlay?
}

/// After the session.
public struct EndScreen: Sendable, Equatable {
    public var title: String
    /// completed, quit, stopped for discomfort.
    public var status: String
    public var timeTaken: String
    public var setsDone: Int
    public var setsSkipped: Int
    /// Each rating: what it was about and the number.
    public var ratings: [String]
    /// The safety text, shown when a stop rule ended the session.
    public var safety: [String]
    public var notice: String?
    public var logPath: String
    /// What could not be saved, if anything.
    public var unsaved: String?
}
