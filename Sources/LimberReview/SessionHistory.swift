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
    public private(set) var before: ProgramMark?
    /// The latest session of the whole log, to name a program when the window holds none.
    public private(set) var newest: ProgramMark?
    /// The start of the first session in the log: a schedule without a `start` starts that day.
    public private(set) var firstStart: LogTime?

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
        if firstStart.map({ s.start < $0 }) ?? true { firstStart = s.start }
        let mark = s.program
        if let mark, newest.map({ mark.start > $0.start }) ?? true { newest = mark }
        if let window, !window.contains(s.start.date) {
            if let mark, s.start.date < window.lowerBound, before.map({ mark.start > $0.start }) ?? true { before = mark }
            return nil
        }
        return list.append(s)
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
        h.before = before
        h.newest = newest
        h.firstStart = firstStart
        for i in list.indices where list.start(i).date < window.lowerBound {
            if let mark = list.program(i), h.before.map({ mark.start > $0.start }) ?? true { h.before = mark }
        }
        h.list = list.filter { window.contains($0.date) }
        return h
    }
}
