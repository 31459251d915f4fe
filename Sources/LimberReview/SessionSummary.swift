import LimberBasics
import LimberLog

/// How a session in a log ended: as its end event says, or interrupted when it has none.
public enum SessionOutcome: Sendable, Hashable {
    case ended(SessionEndStatus)
    /// No end event: killed, crashed, power lost.
    case interrupted

    public static let completed = SessionOutcome.ended(.completed)
    public static let quit = SessionOutcome.ended(.quit)
    public static let stoppedForDiscomfort = SessionOutcome.ended(.stoppedForDiscomfort)

    /// The word the log and the JSON report use.
    public var rawValue: String {
        switch self {
        case .ended(let status): status.rawValue
        case .interrupted: "interrupted"
        }
    }

    public var words: String {
        switch self {
        case .ended(let status): status.words
        case .interrupted: "interrupted"
        }
    }
}

/// Which exercise of its session a rating or a stop is about: its index in the session's plan,
/// or, for lines written before the log carried the index, its name. Nil: the whole session.
public enum ExerciseKey: Sendable, Hashable {
    case index(Int)
    case name(String)

    public init?(index: Int?, name: String?) {
        if let index { self = .index(index) } else if let name { self = .name(name) } else { return nil }
    }
}

/// One rating as the report uses it.
public struct RatingRecord: Sendable, Equatable {
    public var exercise: String?
    public var exerciseIndex: Int?
    public var rating: Int
    public var time: LogTime
    public var stopAt: Int?
    public var note: String?
    /// This rating made Limber stop (a ``SafetyStop`` of its session names it).
    public var stopped = false

    public init(exercise: String?, exerciseIndex: Int? = nil, rating: Int, time: LogTime, stopAt: Int?, note: String?) {
        self.exercise = exercise
        self.exerciseIndex = exerciseIndex
        self.rating = rating
        self.time = time
        self.stopAt = stopAt
        self.note = note
    }

    public var exerciseKey: ExerciseKey? { ExerciseKey(index: exerciseIndex, name: exercise) }

    /// At or above the stop level in force when it was given.
    public var atStopLevel: Bool { stopAt.map { rating >= $0 } ?? false }
}

/// A safety stop: a rating reached the stop level and Limber stopped the exercise or the
/// session (the log's `stop` event). Every report counts these, and only these, as safety stops;
/// a session that ended for discomfort is a separate thing (its outcome).
public struct SafetyStop: Sendable, Equatable {
    public var exercise: String?
    public var exerciseIndex: Int?
    public var rating: Int
    public var stopAt: Int
    public var action: StopAction
    public var time: LogTime

    public var exerciseKey: ExerciseKey? { ExerciseKey(index: exerciseIndex, name: exercise) }

    /// The rating that made this stop: the same exercise of the same session, the same rating.
    func follows(_ r: RatingRecord) -> Bool { r.exerciseKey == exerciseKey && r.rating == rating }
}

/// One session from a log, boiled down to what the review needs.
public struct SessionSummary: Sendable {
    public var id: String
    public var start: LogTime
    public var end: LogTime?
    public var title: String
    public var planned: [LogEvent.PlannedExercise]
    public var schedule: LogEvent.ScheduleInfo?
    public var stopAt: Int?
    public var outcome: SessionOutcome = .interrupted
    /// From the end event; else first to last event.
    public var durationSeconds: Double = 0
    /// Sets done and skipped per exercise name (each side counts as a set).
    public var setsDone: [String: Int] = [:]
    public var setsSkipped: [String: Int] = [:]
    public private(set) var ratings: [RatingRecord] = []
    public private(set) var stops: [SafetyStop] = []
    /// The progression decision the session ran with, when its program progresses.
    public var progression: LogEvent.ProgressionInfo?
    /// Its `session_start` has been read (lines of a session may come in any order).
    var hasStart = false

    public init(id: String, start: LogTime, title: String, planned: [LogEvent.PlannedExercise]) {
        self.id = id
        self.start = start
        self.title = title
        self.planned = planned
    }

    /// Adds a rating, marked stopped if a stop of this session already names it (lines of a
    /// session may come in any order).
    public mutating func add(_ rating: RatingRecord) {
        var rating = rating
        rating.stopped = stops.contains { $0.follows(rating) }
        ratings.append(rating)
    }

    /// Adds a stop and marks the rating that made it.
    public mutating func add(_ stop: SafetyStop) {
        stops.append(stop)
        for i in ratings.indices where stop.follows(ratings[i]) { ratings[i].stopped = true }
    }

    /// Sets (× sides) the plan held.
    public var plannedSets: Int { planned.reduce(0) { $0 + $1.sets * max(1, $1.sides.count) } }
    public var doneSets: Int { setsDone.values.reduce(0, +) }

    /// Share of the planned sets done, 0…1.
    public var shareDone: Double { plannedSets == 0 ? 0 : min(1, Double(doneSets) / Double(plannedSets)) }

    public var highestRating: Int? { ratings.map(\.rating).max() }

    /// The ratings that came with a note from the patient, in the order given.
    public var notes: [RatingRecord] { ratings.filter { $0.note != nil } }

    /// The program this session ran, as far as a report judges it; nil when its `session_start`
    /// was never read (a fragment of a session says nothing about the program).
    public var program: ProgramMark? { hasStart ? ProgramMark(title: title, schedule: schedule, start: start) : nil }

    /// Counts towards adherence: completed, stopped by the safety rule (not missed work), or
    /// at least 80 % of the planned sets done. See docs/adherence.md.
    public var counts: Bool {
        outcome == .completed || outcome == .stoppedForDiscomfort || shareDone >= 0.8
    }
}
