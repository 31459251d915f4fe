import LimberBasics
import LimberLog

/// The sessions a report keeps, each folded into a fixed-size record: its ratings, safety stops
/// and set counts sit in three arrays shared by every session (each session's in one run),
/// exercise names are kept once and referred to by small numbers, and the plan is the box
/// shared by every session that ran it. A session is made whole again (a ``SessionSummary``)
/// only when it is read; the adherence maths reads the records directly. A report over years
/// holds tens of thousands of sessions: this is a few hundred bytes each, with no allocation
/// of its own.
public struct SessionList: RandomAccessCollection, Sendable {
    /// One session, folded. Runs are positions in the shared arrays.
    struct Record: Sendable {
        var id: String
        var start: LogTime
        /// The last event's time, when ``hasEnd``.
        var end: LogTime
        var plan: SessionSummary.Plan
        var durationSeconds: Double
        var ratings: Run
        var stops: Run
        var sets: Run
        var outcome: SessionOutcome
        var hasEnd: Bool
        var hasStart: Bool
    }

    /// A run of a shared array. 32 bits each: the arrays would fill memory long before.
    struct Run: Sendable {
        var start: UInt32 = 0
        var count: UInt32 = 0
        var range: Range<Int> { Int(start)..<Int(start) + Int(count) }
    }

    /// The sets of one exercise in one session: done and skipped, -1 when none was recorded.
    struct SetEntry: Sendable {
        var name: UInt32
        var done: Int32
        var skipped: Int32
    }

    /// A ``RatingRecord`` in 40 bytes: its exercise name a number, its note a place in `notes`.
    struct StoredRating: Sendable {
        var time: LogTime
        /// ``none`` for none.
        var exercise: UInt32
        var note: UInt32
        var exerciseIndex: Int?
        var rating: Int16
        /// The stop level when `hasStopAt`.
        var stopAt: Int16
        var hasStopAt: Bool
        var stopped: Bool
        static let none = UInt32.max
    }

    private(set) var records = ChunkedArray<Record>()
    /// Every kept session's ratings, in runs.
    private var ratingArena = ChunkedArray<StoredRating>()
    private var stopArena: [SafetyStop] = []
    private var setArena = ChunkedArray<SetEntry>()
    /// Exercise names, once each, and their numbers.
    private var names: [String] = []
    private var nameNumbers: [String: UInt32] = [:]
    /// The notes given with ratings (few).
    private var notes: [String] = []

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { records.count }

    /// The session at `i`, made whole.
    public subscript(i: Int) -> SessionSummary {
        let r = records[i]
        var done = SetCounts(), skipped = SetCounts()
        for e in setArena[r.sets.range] {
            if e.done >= 0 { done[names[Int(e.name)], default: 0] = Int(e.done) }
            if e.skipped >= 0 { skipped[names[Int(e.name)], default: 0] = Int(e.skipped) }
        }
        return SessionSummary(id: r.id, start: r.start, end: r.hasEnd ? r.end : nil, plan: r.plan, outcome: r.outcome,
                              durationSeconds: r.durationSeconds, setsDone: done, setsSkipped: skipped,
                              ratings: r.ratings.range.map(rating), stops: Array(stopArena[r.stops.range]), hasStart: r.hasStart)
    }

    /// Folds `s` in at the end; returns its position.
    mutating func append(_ s: SessionSummary) -> Int {
        records.append(record(s))
        return records.count - 1
    }

    /// Appends the sessions of `other` in their order, as if each had been appended here: their
    /// runs moved to the end of the shared arrays, their exercise names renumbered. `other` is
    /// left empty: its blocks are moved here, not copied (memory holds the sessions once).
    mutating func append(moving other: inout SessionList) {
        let renumbered = other.names.map { number($0) }
        let ratingBase = UInt32(ratingArena.count), stopBase = UInt32(stopArena.count), setBase = UInt32(setArena.count)
        let noteBase = UInt32(notes.count)
        notes += other.notes
        stopArena += other.stopArena
        ratingArena.append(moving: &other.ratingArena) { r in
            if r.exercise != StoredRating.none { r.exercise = renumbered[Int(r.exercise)] }
            if r.note != StoredRating.none { r.note += noteBase }
        }
        setArena.append(moving: &other.setArena) { $0.name = renumbered[Int($0.name)] }
        records.append(moving: &other.records) { r in
            r.ratings.start += ratingBase
            r.stops.start += stopBase
            r.sets.start += setBase
        }
        other = SessionList()
    }

    /// Puts `s` in place of the session at `i` (its runs are written anew; the old ones stay unused:
    /// only a line read after its session ended comes here).
    mutating func replace(at i: Int, with s: SessionSummary) { records[i] = record(s) }

    private mutating func record(_ s: SessionSummary) -> Record {
        let ratings = append(s.ratings)
        let stops = Run(start: UInt32(stopArena.count), count: UInt32(s.stops.count))
        stopArena += s.stops
        let setsStart = setArena.count
        for (name, count) in s.setsDone.entries { setArena.append(SetEntry(name: number(name), done: Self.clamped(count), skipped: -1)) }
        for (name, count) in s.setsSkipped.entries {
            let n = number(name)
            if let j = setArena[setsStart...].firstIndex(where: { $0.name == n }) {
                setArena[j].skipped = Self.clamped(count)
            } else {
                setArena.append(SetEntry(name: n, done: -1, skipped: Self.clamped(count)))
            }
        }
        return Record(id: s.id, start: s.start, end: s.end ?? s.start, plan: s.plan, durationSeconds: s.durationSeconds,
                      ratings: ratings, stops: stops, sets: Run(start: UInt32(setsStart), count: UInt32(setArena.count - setsStart)),
                      outcome: s.outcome, hasEnd: s.end != nil, hasStart: s.hasStart)
    }

    /// Adds ratings to the shared array; returns where they are.
    mutating func append(_ ratings: [RatingRecord]) -> Run {
        let run = Run(start: UInt32(ratingArena.count), count: UInt32(ratings.count))
        for r in ratings {
            var note = StoredRating.none
            if let text = r.note {
                note = UInt32(notes.count)
                notes.append(text)
            }
            let exercise = r.exercise.map { number($0) } ?? StoredRating.none
            ratingArena.append(StoredRating(time: r.time, exercise: exercise, note: note, exerciseIndex: r.exerciseIndex,
                                            rating: Int16(clamping: r.rating), stopAt: Int16(clamping: r.stopAt ?? 0),
                                            hasStopAt: r.stopAt != nil, stopped: r.stopped))
        }
        return run
    }

    /// The rating at position `p` of the shared array, made whole.
    func rating(_ p: Int) -> RatingRecord {
        let s = ratingArena[p]
        var r = RatingRecord(exercise: s.exercise == StoredRating.none ? nil : names[Int(s.exercise)], exerciseIndex: s.exerciseIndex,
                             rating: Int(s.rating), time: s.time, stopAt: s.hasStopAt ? Int(s.stopAt) : nil,
                             note: s.note == StoredRating.none ? nil : notes[Int(s.note)])
        r.stopped = s.stopped
        return r
    }

    /// The exercise the rating at position `p` is about (nil: the whole session).
    func ratingExercise(_ p: Int) -> String? {
        let n = ratingArena[p].exercise
        return n == StoredRating.none ? nil : names[Int(n)]
    }

    /// The rating at position `p` came with a note.
    func ratingHasNote(_ p: Int) -> Bool { ratingArena[p].note != StoredRating.none }

    /// How many ratings the shared array holds.
    var ratingCount: Int { ratingArena.count }

    /// A count of sets in 32 bits (a session can't hold 2³¹ set lines in any memory).
    private static func clamped(_ n: Int) -> Int32 { Int32(clamping: n) }

    private mutating func number(_ name: String) -> UInt32 {
        for entry in recentNames where entry.name == name { return entry.number }
        let n: UInt32
        if let known = nameNumbers[name] {
            n = known
        } else {
            n = UInt32(names.count)
            names.append(name)
            nameNumbers[name] = n
        }
        if recentNames.count == Self.recentKept { recentNames.removeFirst() }
        recentNames.append((name, n))
        return n
    }

    /// The names numbered last, found without hashing: every session repeats its program's few
    /// names, as the same Strings (the reader makes one per spelling), which compare at once.
    private var recentNames: [(name: String, number: UInt32)] = []
    private static let recentKept = 8

    /// Puts the sessions in start order (then by id).
    mutating func sort() {
        let inOrder = { (a: Record, b: Record) in (a.start.instant, a.id) < (b.start.instant, b.id) }
        // A log is written in time order: sorting its sessions would only copy them to find that out.
        guard records.indices.dropFirst().contains(where: { inOrder(records[$0], records[$0 - 1]) }) else { return }
        records.sort(by: inOrder)
    }

    /// The sessions whose start recorded a progression decision, made whole (the others are
    /// not: a progression review reads only these).
    public var progressing: [SessionSummary] { indices.filter { records[$0].plan.progression != nil }.map { self[$0] } }

    /// Only the sessions `keep` says yes to, in the same order (the shared arrays are shared, not copied).
    func filter(start keep: (LogTime) -> Bool) -> SessionList {
        var l = self
        l.records = ChunkedArray()
        for r in records where keep(r.start) { l.records.append(r) }
        return l
    }

    // What the adherence maths reads of session `i`, without making it whole.

    func start(_ i: Int) -> LogTime { records[i].start }
    /// Session `i`'s `session_start` was read (see ``SessionSummary/program``).
    func hasStart(_ i: Int) -> Bool { records[i].hasStart }
    func outcome(_ i: Int) -> SessionOutcome { records[i].outcome }
    func planned(_ i: Int) -> [LogEvent.PlannedExercise] { records[i].plan.planned }
    /// The box of what session `i`'s start recorded (shared by the sessions that ran the same).
    func plan(_ i: Int) -> SessionSummary.Plan { records[i].plan }
    /// Positions of session `i`'s ratings in the shared array (see ``rating(_:)``), in the order given.
    func ratingPositions(_ i: Int) -> Range<Int> { records[i].ratings.range }
    func stops(_ i: Int) -> ArraySlice<SafetyStop> { stopArena[records[i].stops.range] }

    /// Sets of the exercise whose name's number is `n` (``nameNumber(_:)``) done in session `i`;
    /// nil when none was recorded.
    func setsDone(_ i: Int, number n: UInt32?) -> Int? {
        guard let n else { return nil }
        return setArena[records[i].sets.range].first { $0.name == n && $0.done >= 0 }.map { Int($0.done) }
    }

    /// Sets of the exercise whose name's number is `n` skipped in session `i`; nil when none was recorded.
    func setsSkipped(_ i: Int, number n: UInt32?) -> Int? {
        guard let n else { return nil }
        return setArena[records[i].sets.range].first { $0.name == n && $0.skipped >= 0 }.map { Int($0.skipped) }
    }

    /// The number an exercise name goes by here; nil when no session recorded sets of it.
    func nameNumber(_ name: String) -> UInt32? { nameNumbers[name] }

    /// Sets done in session `i` (``SessionSummary/doneSets``).
    private func doneSets(_ i: Int) -> Int { setArena[records[i].sets.range].reduce(0) { $0 + Swift.max(0, Int($1.done)) } }

    /// As ``SessionSummary/counts`` says of session `i`.
    func counts(_ i: Int) -> Bool { SessionSummary.counts(outcome: records[i].outcome, planned: planned(i), done: doneSets(i)) }

    /// Session `i`'s row in a session list, read from its record (the session is not made whole:
    /// no table of its sets, no array of its ratings but their notes).
    func row(_ i: Int) -> LogListing.Row {
        let r = records[i]
        var highest: Int16?
        var given: [String] = []
        for p in r.ratings.range {
            let s = ratingArena[p]
            highest = Swift.max(highest ?? s.rating, s.rating)
            if s.note != StoredRating.none { given.append(notes[Int(s.note)]) }
        }
        return LogListing.Row(start: r.start, title: r.plan.title, outcome: r.outcome, durationSeconds: r.durationSeconds,
                              shareDone: SessionSummary.shareDone(planned: SessionSummary.plannedSets(r.plan.planned), done: doneSets(i)),
                              highestRating: highest.map(Int.init), notes: given)
    }

    /// Every session's row in a session list (``row(_:)``), made as it is read.
    var rows: LazyMapCollection<Range<Int>, LogListing.Row> { indices.lazy.map(row) }

    /// The program session `i` ran (see ``SessionSummary/program``).
    func program(_ i: Int) -> ProgramMark? {
        let r = records[i]
        return r.hasStart ? ProgramMark(title: r.plan.title, schedule: r.plan.schedule, start: r.start) : nil
    }
}

/// Ratings of one exercise across sessions: positions in the ratings a ``SessionList`` shares,
/// so grouping them per exercise copies none.
public struct RatingList: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private let list: SessionList
    /// Positions in `list`'s ratings; nil: all of them, in order.
    private let positions: [UInt32]?

    init(_ list: SessionList, positions: [UInt32]?) {
        self.list = list
        self.positions = positions
    }

    public init(_ ratings: [RatingRecord]) {
        var list = SessionList()
        _ = list.append(ratings)
        self.init(list, positions: nil)
    }

    public init(arrayLiteral ratings: RatingRecord...) { self.init(ratings) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { positions?.count ?? list.ratingCount }
    public subscript(i: Int) -> RatingRecord { list.rating(positions.map { Int($0[i]) } ?? i) }

    public static func == (a: RatingList, b: RatingList) -> Bool { a.elementsEqual(b) }
}
