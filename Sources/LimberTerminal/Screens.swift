/// What the screen shows, as plain data: built from the session by ``ScreenBuilder`` and
/// drawn by ``ScreenRenderer`` at whatever size the terminal is.
public enum Screen: Sendable, Equatable {
    case start(StartScreen)
    case session(SessionScreen)
    case end(EndScreen)
}

/// Before the session: what it is, the author's safety notes, what is needed, how long it takes.
public struct StartScreen: Sendable, Equatable {
    public var title: String
    public var author: String?
    /// The program's description.
    public var description: String?
    public var safety: [String]
    /// What you need: the equipment of all the exercises, each once.
    public var needs: [String]
    /// Each exercise and its prescription.
    public var exercises: [(name: String, prescription: String)]
    public var totalTime: String
    public var openSteps: Int
    /// One line on sound, if there is something to say (no device, muted).
    public var audioNote: String?
    /// The page shown when it takes more than one.
    public var page: Int
    /// Where this session stands in the schedule ("Session 2 of 2 today · 3 of 10 this week").
    public var progress: String? = nil

    public static func == (a: StartScreen, b: StartScreen) -> Bool {
        a.title == b.title && a.author == b.author && a.description == b.description && a.safety == b.safety
            && a.needs == b.needs && a.totalTime == b.totalTime
            && a.exercises.map(\.name) == b.exercises.map(\.name) && a.exercises.map(\.prescription) == b.exercises.map(\.prescription)
            && a.openSteps == b.openSteps && a.audioNote == b.audioNote && a.page == b.page && a.progress == b.progress
    }
}

/// During the session.
public struct SessionScreen: Sendable, Equatable {
    public enum Overlay: Sendable, Equatable {
        case rating(question: String, note: String, editingNote: Bool)
        case confirmQuit
        case help
        /// The exercise's whole instructions, equipment, notes and media (the `i` key).
        case instructions(ExerciseSheet)
        /// A stop rule fired: its text and the author's safety notes, whole.
        case stop(text: String, safety: [String], endedSession: Bool)
    }

    /// Everything the program says about one exercise.
    public struct ExerciseSheet: Sendable, Equatable {
        public var name: String
        public var instructions: String?
        public var equipment: String?
        /// The therapist's notes for the patient.
        public var notes: String?
        /// Paths or URLs of a picture or video, shown, never fetched.
        public var media: [String]
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
    /// False when nothing can be heard (--no-sound, no device): the header says "no sound".
    public var sound: Bool
    public var volume: Int
    /// A message that matters now (a stop's safety text, "skipped", the machine slept).
    public var notice: String?
    /// Something is wrong that the patient should know (the log can't be written, no sound).
    public var warning: String?
    public var overlay: Overlay?
    /// The page of a paged overlay shown.
    public var page: Int
}

/// After the session.
public struct EndScreen: Sendable, Equatable {
    public var title: String
    /// completed, quit, stopped for discomfort, completed with exercises stopped for discomfort.
    public var status: String
    /// True when the session ran to its end (the status shows in green).
    public var completed: Bool
    public var timeTaken: String
    public var setsDone: Int
    public var setsSkipped: Int
    /// Each rating: what it was about and the number.
    public var ratings: [String]
    /// The safety text, shown when a stop rule fired.
    public var safety: [String]
    /// What the stop rule said.
    public var notice: String?
    public var logPath: String
    /// What could not be saved, if anything.
    public var unsaved: String?
    /// Where this session stood in the schedule.
    public var progress: String? = nil
}
