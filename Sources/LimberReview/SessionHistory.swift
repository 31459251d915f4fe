import LimberBasics
import LimberLog

/// Which program a session ran, as far as judging it goes: the title and schedule its
/// `session_start` recorded, and when it started.
public struct ProgramMark: Sendable, Equatable {
    public var title: String
    public var schedule: LogEvent.ScheduleInfo?
    public var start: LogTime

    public init(title: String, schedule: LogEvent.ScheduleInfo?, start: LogTime) {
        self.title = title
        self.schedule = schedule
        self.start = start
    }
}

/// What a report needs from one log: the sessions of its window, whole, and from all the others
/// only the few facts the window depends on. Its size is bounded by the window, not the log.
public struct SessionHistory: Sendable {
    /// The window's days; nil keeps every session (`limber log` without dates).
    public var window: ClosedRange<CalendarDate>?
    /// The sessions started in the window (by start time once ``sort()``ed), folded.
    public private(set) var list = SessionList()
    /// The sessions started in the window, each made whole (see ``list``).
    public var sessions: [SessionSummary] { Array(list) }
    /// The latest session started before the window: its program is in force when the window opens.
    public var before: ProgramMark? { facts.before }
    /// The latest session of the whole log, to name a program when the window holds none.
    public var newest: ProgramMark? { facts.newest }
    /// The start of the first session in the log: a schedule without a `start` starts that day.
    public var firstStart: LogTime? { facts.firstStart }
    /// ``before``, ``newest`` and ``firstStart``, as one value.
    private(set) var facts = Facts()

    /// What the window depends on from every session read, kept as sessions are taken in.
    struct Facts: Sendable {
        var before: ProgramMark?
        var newest: ProgramMark?
        var firstStart: LogTime?

        /// Takes session `s` in; true when it started in `window` (it is then kept whole).
        mutating func note(_ s: SessionSummary, window: ClosedRange<CalendarDate>?) -> Bool {
            if firstStart.map({ s.start < $0 }) ?? true { firstStart = s.start }
            let mark = s.program
            if let mark, newest.map({ mark.start > $0.start }) ?? true { newest = mark }
            if let window, !window.contains(s.start.date) {
                if let mark, s.start.date < window.lowerBound, before.map({ mark.start > $0.start }) ?? true { before = mark }
                return false
            }
            return true
        }

        /// These facts and then `later`'s, as if the sessions behind `later` had been taken in
        /// after these; nil when that depends on the order (two different sessions starting at
        /// the same moment, of which the first taken in wins).
        func then(_ later: Facts) -> Facts? {
            guard let firstStart = Self.earlier(firstStart, later.firstStart, at: \.instant),
                  let newest = Self.earlier(newest, later.newest, at: \.start.instant, latest: true),
                  let before = Self.earlier(before, later.before, at: \.start.instant, latest: true) else { return nil }
            return Facts(before: before, newest: newest, firstStart: firstStart)
        }

        /// The first of `a` and `b` by `time` (the last when `latest`), `a` if only it is there;
        /// nil (no answer) when they differ at the same time. Wrapped twice: nil inside is "none".
        private static func earlier<T: Equatable>(_ a: T?, _ b: T?, at time: KeyPath<T, Double>, latest: Bool = false) -> T?? {
            guard let a, let b else { return .some(a ?? b) }
            if a[keyPath: time] == b[keyPath: time] { return a == b ? .some(a) : nil }
            return .some((a[keyPath: time] < b[keyPath: time]) != latest ? a : b)
        }
    }

    public init(window: ClosedRange<CalendarDate>?) { self.window = window }

    /// The history of these sessions (in any order) as a report over `window` sees it.
    public init(_ sessions: [SessionSummary], window: ClosedRange<CalendarDate>?) {
        self.init(window: window)
        for s in sessions { _ = add(s) }
        sort()
    }

    /// Takes a finished session in: kept whole when it started in the window (returns its place
    /// in ``sessions``), otherwise reduced to the facts above.
    mutating func add(_ s: SessionSummary) -> Int? {
        facts.note(s, window: window) ? list.append(s) : nil
    }

    /// Takes in the sessions of `later`, a history of the same window read from the part of a
    /// log after the one read here, as if they had been added one by one after these; returns
    /// where they start in ``list``. Nil, and nothing changed, when the result would depend on
    /// the order (see ``Facts/then(_:)``).
    /// `later`'s sessions are moved, leaving it empty.
    mutating func append(moving later: inout SessionHistory) -> Int? {
        guard let merged = facts.then(later.facts) else { return nil }
        facts = merged
        let start = list.count
        list.append(moving: &later.list)
        return start
    }

    /// Updates a kept session (a line of it read after it was taken in).
    mutating func update(at index: Int, _ body: (inout SessionSummary) -> Void) {
        var s = list[index]
        body(&s)
        list.replace(at: index, with: s)
    }

    /// Puts the kept sessions in start order.
    mutating func sort() { list.sort() }

    /// This history as seen by a report over `window` (a narrower window than it was built for).
    func restricted(to window: ClosedRange<CalendarDate>) -> SessionHistory {
        var h = SessionHistory(window: window)
        h.facts = facts
        for i in list.indices where list.start(i).date < window.lowerBound {
            if let mark = list.program(i), h.before.map({ mark.start > $0.start }) ?? true { h.facts.before = mark }
        }
        h.list = list.filter { window.contains($0.date) }
        return h
    }
}
