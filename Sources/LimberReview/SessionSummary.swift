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

/// One rating as the report uses it. 64 bytes (the numbers packed): a report over years holds
/// one per rating given.
public struct RatingRecord: Sendable, Equatable {
    public var exercise: String?
    public var note: String?
    public var time: LogTime
    /// ``exerciseIndex`` when ``Flags/hasIndex`` is set.
    private var index = 0
    /// Ratings and stop levels are 0–10 (the review drops lines with others); 16 bits hold them.
    private var value: Int16
    /// ``stopAt`` when ``Flags/hasStopAt`` is set.
    private var stop: Int16 = 0
    private var flags: Flags = []

    private struct Flags: OptionSet, Sendable, Equatable {
        let rawValue: UInt8
        static let hasIndex = Flags(rawValue: 1)
        static let hasStopAt = Flags(rawValue: 2)
        static let stopped = Flags(rawValue: 4)
    }

    public init(exercise: String?, exerciseIndex: Int? = nil, rating: Int, time: LogTime, stopAt: Int?, note: String?) {
        self.exercise = exercise
        self.time = time
        self.note = note
        value = Int16(clamping: rating)
        self.exerciseIndex = exerciseIndex
        self.stopAt = stopAt
    }

    public var exerciseIndex: Int? {
        get { flags.contains(.hasIndex) ? index : nil }
        set {
            index = newValue ?? 0
            if newValue == nil { flags.remove(.hasIndex) } else { flags.insert(.hasIndex) }
        }
    }

    public var rating: Int {
        get { Int(value) }
        set { value = Int16(clamping: newValue) }
    }

    public var stopAt: Int? {
        get { flags.contains(.hasStopAt) ? Int(stop) : nil }
        set {
            stop = Int16(clamping: newValue ?? 0)
            if newValue == nil { flags.remove(.hasStopAt) } else { flags.insert(.hasStopAt) }
        }
    }

    /// This rating made Limber stop (a ``SafetyStop`` of its session names it).
    public var stopped: Bool {
        get { flags.contains(.stopped) }
        set { if newValue { flags.insert(.stopped) } else { flags.remove(.stopped) } }
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
    /// What the session's start recorded, in one box shared by every session that ran the same
    /// program the same way (a report over years holds tens of thousands of sessions).
    var plan: Plan
    public var title: String {
        get { plan.title }
        set { plan = Plan(title: newValue, planned: planned, schedule: schedule, stopAt: stopAt, progression: progression) }
    }
    public var planned: [LogEvent.PlannedExercise] {
        get { plan.planned }
        set { plan = Plan(title: title, planned: newValue, schedule: schedule, stopAt: stopAt, progression: progression) }
    }
    public var schedule: LogEvent.ScheduleInfo? {
        get { plan.schedule }
        set { plan = Plan(title: title, planned: planned, schedule: newValue, stopAt: stopAt, progression: progression) }
    }
    public var stopAt: Int? {
        get { plan.stopAt }
        set { plan = Plan(title: title, planned: planned, schedule: schedule, stopAt: newValue, progression: progression) }
    }
    public var outcome: SessionOutcome = .interrupted
    /// From the end event; else first to last event.
    public var durationSeconds: Double = 0
    /// Sets done and skipped per exercise name (each side counts as a set).
    public var setsDone = SetCounts()
    public var setsSkipped = SetCounts()
    public private(set) var ratings: [RatingRecord] = []
    public private(set) var stops: [SafetyStop] = []
    /// The progression decision the session ran with, when its program progresses.
    public var progression: LogEvent.ProgressionInfo? {
        get { plan.progression }
        set { plan = Plan(title: title, planned: planned, schedule: schedule, stopAt: stopAt, progression: newValue) }
    }
    /// Its `session_start` has been read (lines of a session may come in any order).
    var hasStart = false

    public init(id: String, start: LogTime, title: String, planned: [LogEvent.PlannedExercise]) {
        self.id = id
        self.start = start
        plan = Plan(title: title, planned: planned, schedule: nil, stopAt: nil, progression: nil)
    }

    /// A session made whole again from its ``SessionList`` record.
    init(id: String, start: LogTime, end: LogTime?, plan: Plan, outcome: SessionOutcome, durationSeconds: Double,
         setsDone: SetCounts, setsSkipped: SetCounts, ratings: [RatingRecord], stops: [SafetyStop], hasStart: Bool) {
        self.id = id
        self.start = start
        self.end = end
        self.plan = plan
        self.outcome = outcome
        self.durationSeconds = durationSeconds
        self.setsDone = setsDone
        self.setsSkipped = setsSkipped
        self.ratings = ratings
        self.stops = stops
        self.hasStart = hasStart
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
    public var plannedSets: Int { Self.plannedSets(planned) }
    static func plannedSets(_ planned: [LogEvent.PlannedExercise]) -> Int { planned.reduce(0) { $0 + $1.sets * max(1, $1.sides.count) } }
    public var doneSets: Int { setsDone.total }

    /// Share of the planned sets done, 0…1.
    public var shareDone: Double { Self.shareDone(planned: plannedSets, done: doneSets) }
    static func shareDone(planned: Int, done: Int) -> Double { planned == 0 ? 0 : min(1, Double(done) / Double(planned)) }

    public var highestRating: Int? { ratings.map(\.rating).max() }

    /// The ratings that came with a note from the patient, in the order given.
    public var notes: [RatingRecord] { ratings.filter { $0.note != nil } }

    /// The program this session ran, as far as a report judges it; nil when its `session_start`
    /// was never read (a fragment of a session says nothing about the program).
    public var program: ProgramMark? { hasStart ? ProgramMark(title: title, schedule: schedule, start: start) : nil }

    /// Counts towards adherence: completed, stopped by the safety rule (not missed work), or
    /// at least 80 % of the planned sets done. See docs/adherence.md.
    public var counts: Bool { Self.counts(outcome: outcome, planned: planned, done: doneSets) }

    /// ``counts`` of a session that ended so, with this plan and these sets done.
    static func counts(outcome: SessionOutcome, planned: [LogEvent.PlannedExercise], done: Int) -> Bool {
        outcome == .completed || outcome == .stoppedForDiscomfort || shareDone(planned: plannedSets(planned), done: done) >= 0.8
    }
}

extension SessionSummary {
    /// What a session start records of the program, as one shared value (see ``SessionSummary/title``).
    final class Plan: Sendable {
        let title: String
        let planned: [LogEvent.PlannedExercise]
        let schedule: LogEvent.ScheduleInfo?
        let stopAt: Int?
        let progression: LogEvent.ProgressionInfo?

        init(title: String, planned: [LogEvent.PlannedExercise], schedule: LogEvent.ScheduleInfo?, stopAt: Int?,
             progression: LogEvent.ProgressionInfo?) {
            self.title = title
            self.planned = planned
            self.schedule = schedule
            self.stopAt = stopAt
            self.progression = progression
        }

        func same(as o: Plan) -> Bool {
            title == o.title && planned == o.planned && schedule == o.schedule && stopAt == o.stopAt && progression == o.progression
        }
    }

    /// Sets what the session's start recorded at once, sharing the box of an equal one in
    /// `recent` (the last few seen) rather than keeping a copy per session.
    mutating func setPlan(title: String, planned: [LogEvent.PlannedExercise], schedule: LogEvent.ScheduleInfo?, stopAt: Int?,
                          progression: LogEvent.ProgressionInfo?, recent: inout [Plan]) {
        let new = Plan(title: title, planned: planned, schedule: schedule, stopAt: stopAt, progression: progression)
        if let shared = recent.first(where: { $0.same(as: new) }) {
            plan = shared
        } else {
            plan = new
            recent.insert(new, at: 0)
            if recent.count > 16 { recent.removeLast() }
        }
    }
}

/// Sets per exercise name in one session: a short list, as a session has a few exercises (a
/// dictionary per session cost more than the rest of it).
public struct SetCounts: Sendable {
    private(set) var entries: [(name: String, count: Int)] = []

    public init() {}

    /// The sets of this exercise; nil when none was recorded.
    public subscript(name: String) -> Int? { entries.first { $0.name == name }?.count }

    public subscript(name: String, default value: Int) -> Int {
        get { self[name] ?? value }
        set {
            if let i = entries.firstIndex(where: { $0.name == name }) { entries[i].count = newValue } else { entries.append((name, newValue)) }
        }
    }

    /// Adds `n` sets of `name`, as `self[name, default: 0] += n` does, looking it up once.
    public mutating func add(_ n: Int, to name: String) {
        for i in entries.indices where entries[i].name == name {
            entries[i].count += n
            return
        }
        entries.append((name, n))
    }

    /// Every exercise's sets added up.
    public var total: Int { entries.reduce(0) { $0 + $1.count } }
}
