import LimberBasics
import LimberLog
import LimberProgram

/// The prescription a report judges against: from the log's session start, or `--program`.
public struct Prescription: Sendable, Hashable {
    public enum Frequency: Sendable, Hashable {
        case perWeek(Int)
        case weekdays(Set<Int>) // Monday = 0
    }

    public var frequency: Frequency
    public var perDay: Int
    public var start: CalendarDate?
    public var weeks: Int?

    public init(frequency: Frequency, perDay: Int, start: CalendarDate?, weeks: Int?) {
        self.frequency = frequency
        self.perDay = perDay
        self.start = start
        self.weeks = weeks
    }

    public init?(_ info: LogEvent.ScheduleInfo) {
        if let days = info.days {
            frequency = .weekdays(Set(days.compactMap { Weekday(parsing: $0).map { Weekday.allCases.firstIndex(of: $0)! } }))
        } else if let n = info.perWeek {
            frequency = .perWeek(n)
        } else {
            return nil
        }
        perDay = info.perDay
        start = info.start.flatMap(CalendarDate.init(parsing:))
        weeks = info.weeks
    }

    public init(_ schedule: Schedule) {
        switch schedule.frequency {
        case .perWeek(let n): frequency = .perWeek(n)
        case .weekdays(let days): frequency = .weekdays(Set(days.map { Weekday.allCases.firstIndex(of: $0)! }))
        }
        perDay = schedule.perDay
        start = schedule.start
        weeks = schedule.weeks
    }

    /// The last day of the program, if it has a start and a length.
    public var end: CalendarDate? {
        guard let start, let weeks else { return nil }
        return start.adding(days: weeks * 7 - 1)
    }
}

/// A program as a report judges sessions against it: its title and its prescription (nil: it
/// records no schedule).
public struct ProgramPrescription: Sendable, Hashable {
    public var title: String
    public var prescription: Prescription?

    public init(title: String, prescription: Prescription?) {
        self.title = title
        self.prescription = prescription
    }
}

/// Days of the window with one program in force, from the first session that ran it.
public struct ProgramPeriod: Sendable, Equatable {
    public var from: CalendarDate
    public var to: CalendarDate
    public var program: ProgramPrescription
}

/// One day of the calendar: what it shows, the sessions held, and of those the ones that count
/// against the sessions a day the program asks for.
public struct CalendarDay: Sendable, Equatable {
    public var date: CalendarDate
    public var state: DayState
    public var sessions: Int
    public var counted: Int
    /// Sessions a day prescribed (1 without a schedule).
    public var perDay: Int
}

/// What a day of the calendar shows.
public enum DayState: String, Sendable {
    /// A session that counts was held.
    case done
    /// Sessions were started but none counts (quit early, interrupted).
    case partial
    /// A scheduled day (named weekdays) with no session.
    case missed
    /// Not a training day, or any day of a "N days a week" schedule without a session.
    case open
    /// Outside the program's dates.
    case outside
}

public struct WeekAdherence: Sendable, Equatable {
    public var label: String
    public var monday: CalendarDate
    public var prescribed: Int
    public var done: Int
    /// Safety stops (see ``SafetyStop``) in the sessions started this week.
    public var safetyStops: Int
    /// done / prescribed (done capped at prescribed); nil when nothing was prescribed.
    public var fraction: Double? { prescribed == 0 ? nil : Double(min(done, prescribed)) / Double(prescribed) }
    /// At least 80 % of the week's prescribed sessions.
    public var adherent: Bool? { fraction.map { $0 >= Adherence.threshold } }
}

public struct ExerciseDose: Sendable, Equatable {
    public var name: String
    public var setsDone: Int
    public var setsPrescribed: Int
    public var repsDone: Int
    public var repsPrescribed: Int
    public var holdSecondsDone: Int
    public var holdSecondsPrescribed: Int
    public var fraction: Double? { setsPrescribed == 0 ? nil : Double(setsDone) / Double(setsPrescribed) }
}

public enum Trend: String, Sendable {
    case rising, steady, falling
    case tooFew = "too_few"
}

public struct ExerciseDiscomfort: Sendable, Equatable {
    public var name: String
    /// In the order given (the sessions' ratings, not copies).
    public let ratings: RatingList
    public let count: Int
    public let mean: Double?
    public let last: Int?
    public let max: Int?
    /// Least-squares change over the ratings (see docs/adherence.md).
    public let change: Double?
    public let trend: Trend
    /// Ratings at or above the stop level in force when given.
    public let flagged: [RatingRecord]

    public init(name: String, ratings: [RatingRecord]) { self.init(name: name, ratings: RatingList(ratings)) }

    /// The figures above worked out in one pass over the ratings: every report format asks for
    /// several of them, and each used to read all the ratings again (tens of thousands over years).
    init(name: String, ratings: RatingList) {
        self.name = name
        self.ratings = ratings
        var values: [Int] = []
        values.reserveCapacity(ratings.count)
        var flagged: [RatingRecord] = []
        for r in ratings {
            values.append(r.rating)
            if r.atStopLevel { flagged.append(r) }
        }
        count = values.count
        mean = values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count)
        last = values.last
        max = values.max()
        change = Adherence.fittedChange(values)
        trend = Adherence.trend(change: change)
        self.flagged = flagged
    }
    /// Flagged ratings that made no safety stop (the rule skipped nothing: e.g. no stop rule on
    /// that question, or a log from a build that didn't stop).
    public var flaggedWithoutStop: [RatingRecord] { flagged.filter { !$0.stopped } }
}

/// The adherence of one log (one patient) over a window. Pure: built from session summaries.
public struct Adherence: Sendable {
    /// A week at or above this share of its prescribed sessions is adherent.
    public static let threshold = 0.8
    /// A fitted change in discomfort of at least this many points is a trend (about the
    /// clinically meaningful 2 points on the 0–10 scale).
    public static let trendPoints = 2.0

    public var since: CalendarDate
    public var until: CalendarDate
    /// The day the report is made, for "no session in the last N days".
    public var today: CalendarDate
    /// The program in force at the end of the window (nil: the log names none).
    public var program: ProgramPrescription?
    /// The programs in force over the window, in order: more than one when it changed.
    public var periods: [ProgramPeriod]
    /// The window's sessions, in start order (each made whole when read).
    public var sessions: SessionList
    public var days: [CalendarDay]
    public var weeks: [WeekAdherence]
    public var dose: [ExerciseDose]
    public var discomfort: [ExerciseDiscomfort]
    /// Every safety stop in the window (see ``SafetyStop``): the one count of safety stops that
    /// every report format shows.
    public var stops: [SafetyStop]
    /// Every rating given with a note, in time order.
    public var notes: [RatingRecord]

    /// The prescription in force at the end of the window.
    public var prescription: Prescription? { program?.prescription }
    /// Some part of the window has a schedule to judge against.
    public var hasSchedule: Bool { periods.contains { $0.program.prescription != nil } }
    public var prescribed: Int { weeks.reduce(0) { $0 + $1.prescribed } }
    public var done: Int { weeks.reduce(0) { $0 + min($1.done, $1.prescribed) } }
    /// Overall done / prescribed; nil without a schedule or with nothing prescribed.
    public var fraction: Double? { prescribed == 0 ? nil : Double(done) / Double(prescribed) }
    public var lastSession: SessionSummary? { sessions.last }
    /// The calendar's day `date`; nil outside the window. Found by its place (the days run from
    /// ``since`` one by one), not by a search or a table of ten years of days.
    public func day(_ date: CalendarDate) -> CalendarDay? {
        let k = date.daysSinceEpoch - since.daysSinceEpoch
        return days.indices.contains(k) && days[k].date == date ? days[k] : days.first { $0.date == date }
    }
    public var interrupted: Int { sessions.indices.filter { sessions.outcome($0) == .interrupted }.count }

    /// - Parameters:
    ///   - all: sessions of the log, in any order (those outside the window are reduced to what it needs).
    ///   - prescription: judges the sessions whose log records no schedule (`--program`).
    ///   - today: for "no session in the last N days".
    public init(sessions all: [SessionSummary], since: CalendarDate, until: CalendarDate,
                prescription file: ProgramPrescription? = nil, today: CalendarDate) {
        self.init(history: SessionHistory(all, window: nil), since: since, until: until, prescription: file, today: today)
    }

    /// - Parameters:
    ///   - history: the log as a ``SessionCollector`` read it (for this window or a wider one).
    ///   - prescription: judges the sessions whose log records no schedule (`--program`).
    ///   - today: for "no session in the last N days".
    public init(history: SessionHistory, since: CalendarDate, until: CalendarDate,
                prescription file: ProgramPrescription? = nil, today: CalendarDate) {
        self.init(history: history, since: since, until: until, prescription: file, today: today, alongsideFrom: Self.alongsideFrom)
    }

    /// From how many sessions the dose and the discomfort are worked out on another thread
    /// (``Alongside``) while this one works out the rest.
    static let alongsideFrom = 1000

    /// ``init(history:since:until:prescription:today:)``, the dose and the discomfort worked out
    /// on another thread from `alongsideFrom` sessions on.
    init(history: SessionHistory, since: CalendarDate, until: CalendarDate,
         prescription file: ProgramPrescription?, today: CalendarDate, alongsideFrom: Int) {
        self.since = since
        self.until = until
        self.today = today
        // The history read for exactly this window is used as it is (no copy of its sessions).
        let h = history.window == since...until ? history : history.restricted(to: since...until)
        sessions = h.list
        let list = h.list
        let other: Alongside.Other<([ExerciseDose], [ExerciseDiscomfort])>? = Alongside.available && list.count >= alongsideFrom
            ? Alongside.start { (Self.dose(list), Self.discomfort(list)) } : nil
        periods = Self.periods(h, since...until, file)
        program = periods.last?.program
        let periods = periods
        // Each week is judged against the program of the last session started before its end.
        let inForce = { (day: CalendarDate) -> Prescription? in
            let end = min(day.weekStart.adding(days: 6), until)
            return (periods.last { $0.from <= end } ?? periods.first)?.program.prescription
        }
        let byDay = DayTally.byDay(sessions)
        days = Self.days(since...until, byDay, inForce)
        weeks = Self.weeks(since...until, byDay, inForce)
        stops = list.indices.flatMap(list.stops)
        notes = list.indices.flatMap { list.ratingPositions($0).filter(list.ratingHasNote).map(list.rating) }.sorted { $0.time < $1.time }
        (dose, discomfort) = other?.result() ?? (Self.dose(list), Self.discomfort(list))
    }

    /// The programs over the window: the one in force as it opens (the last session before it),
    /// then each change of title or schedule at the first session that ran the new one.
    static func periods(_ h: SessionHistory, _ window: ClosedRange<CalendarDate>, _ file: ProgramPrescription?) -> [ProgramPeriod] {
        func judged(_ m: ProgramMark) -> ProgramPrescription {
            guard let info = m.schedule, var p = Prescription(info) else { return file ?? ProgramPrescription(title: m.title, prescription: nil) }
            // A schedule without a start starts with the first session in the log.
            if p.start == nil { p.start = h.firstStart?.date }
            return ProgramPrescription(title: m.title, prescription: p)
        }
        // Each distinct program numbered once: a change is then a comparison of numbers.
        var programs: [ProgramPrescription] = []
        var numbers: [ProgramPrescription: Int] = [:]
        func number(_ p: ProgramPrescription) -> Int {
            if let n = numbers[p] { return n }
            numbers[p] = programs.count
            programs.append(p)
            return programs.count - 1
        }
        var changes: [(from: CalendarDate, program: Int)] = []
        func take(_ start: LogTime, _ p: Int) {
            let from = max(start.date, window.lowerBound)
            guard changes.last?.program != p else { return }
            // Two changes on one day: the later one holds that day.
            if changes.last?.from == from { changes.removeLast() }
            if changes.last?.program != p { changes.append((from, p)) }
        }
        if let before = h.before { take(before.start, number(judged(before))) }
        // Sessions that ran the same plan share its box: each box judged once, no list of marks made.
        var judgedPlans = PerPlan<Int>()
        for i in h.list.indices where h.list.hasStart(i) {
            take(h.list.start(i), judgedPlans.value(h.list.plan(i)) { _ in number(judged(h.list.program(i)!)) })
        }
        if changes.isEmpty, let p = h.newest.map(judged) ?? file { changes = [(window.lowerBound, number(p))] }
        // The first program judges the window from its first day.
        if !changes.isEmpty { changes[0].from = window.lowerBound }
        return changes.indices.map { i in
            ProgramPeriod(from: changes[i].from, to: i + 1 < changes.count ? changes[i + 1].from.adding(days: -1) : window.upperBound,
                          program: programs[changes[i].program])
        }
    }

    /// Each day of the window: what it shows on the calendar and how many sessions were held.
    static func days(_ window: ClosedRange<CalendarDate>, _ byDay: DayTally.Days,
                     _ inForce: (CalendarDate) -> Prescription?) -> [CalendarDay] {
        var days: [CalendarDay] = []
        var day = window.lowerBound
        while day <= window.upperBound {
            let held = byDay[day] ?? DayTally()
            let p = inForce(day)
            let state: DayState
            if let p, !inProgram(day, p) {
                state = held.counted > 0 ? .done : held.sessions == 0 ? .outside : .partial
            } else if held.counted > 0 {
                state = .done
            } else if held.sessions > 0 {
                state = .partial
            } else if case .weekdays(let set)? = p?.frequency, set.contains(day.weekdayIndex) {
                state = .missed
            } else {
                state = .open
            }
            days.append(CalendarDay(date: day, state: state, sessions: held.sessions, counted: held.counted, perDay: p?.perDay ?? 1))
            day = day.adding(days: 1)
        }
        return days
    }

    /// Each ISO week touching the window: sessions prescribed, done (at most per_day a day) and
    /// safety stops, counting only the week's days inside the window, against the program in
    /// force that week.
    static func weeks(_ window: ClosedRange<CalendarDate>, _ byDay: DayTally.Days,
                      _ inForce: (CalendarDate) -> Prescription?) -> [WeekAdherence] {
        var weeks: [WeekAdherence] = []
        var monday = window.lowerBound.weekStart
        while monday <= window.upperBound {
            let p = inForce(monday)
            let range = (0..<7).map { monday.adding(days: $0) }.filter(window.contains)
            let perDayCap = p?.perDay ?? Int.max
            let done = range.reduce(0) { total, d in total + min(perDayCap, byDay[d]?.counted ?? 0) }
            let stops = range.reduce(0) { total, d in total + (byDay[d]?.stops ?? 0) }
            weeks.append(WeekAdherence(label: monday.isoWeekLabel, monday: monday, prescribed: p.map { prescribed(range, $0) } ?? 0,
                                       done: done, safetyStops: stops))
            monday = monday.adding(days: 7)
        }
        return weeks
    }

    /// Sessions the prescription asks for on these days (one week's, or part of one).
    static func prescribed(_ days: [CalendarDate], _ p: Prescription) -> Int {
        let active = days.filter { inProgram($0, p) }
        switch p.frequency {
        case .weekdays(let set):
            return active.filter { set.contains($0.weekdayIndex) }.count * p.perDay
        case .perWeek(let n):
            // A partial week (window or program edge) prescribes its share, rounded half up.
            return Int((Double(n * active.count) / 7 + 0.5).rounded(.down)) * p.perDay
        }
    }

    /// Per exercise name, in first-seen order: over the sessions held, against each session's
    /// own plan.
    static func dose(_ sessions: SessionList) -> [ExerciseDose] {
        var dose: [ExerciseDose] = []
        var place: [String: Int] = [:]
        // Per plan box (shared by the sessions that ran it; the entry holds the box so its
        // identifier can't be reused): each planned exercise's place in `dose` and its name's
        // number, found once rather than per session.
        var boxes: [ObjectIdentifier: (plan: SessionSummary.Plan, places: [Int], numbers: [UInt32?])] = [:]
        for i in sessions.indices {
            let plan = sessions.plan(i)
            var found = boxes[ObjectIdentifier(plan)]
            if found?.plan !== plan {
                let places = plan.planned.map { e in
                    if let p = place[e.name] { return p }
                    place[e.name] = dose.count
                    dose.append(ExerciseDose(name: e.name, setsDone: 0, setsPrescribed: 0, repsDone: 0, repsPrescribed: 0,
                                             holdSecondsDone: 0, holdSecondsPrescribed: 0))
                    return dose.count - 1
                }
                found = (plan, places, plan.planned.map { sessions.nameNumber($0.name) })
                boxes[ObjectIdentifier(plan)] = found
            }
            let box = found!
            for (k, e) in plan.planned.enumerated() {
                let p = box.places[k]
                let sets = e.sets * max(1, e.sides.count)
                let done = min(sets, sessions.setsDone(i, number: box.numbers[k]) ?? 0)
                dose[p].setsPrescribed += sets
                dose[p].setsDone += done
                if let reps = e.reps {
                    dose[p].repsPrescribed += sets * reps
                    dose[p].repsDone += done * reps
                }
                if let hold = e.holdSeconds ?? e.durationSeconds {
                    dose[p].holdSecondsPrescribed += sets * hold
                    dose[p].holdSecondsDone += done * hold
                }
            }
        }
        return dose
    }

    /// The ratings per exercise name, in first-seen order ("Whole session" for `at_end`).
    static func discomfort(_ sessions: SessionList) -> [ExerciseDiscomfort] {
        var order: [String] = []
        var positions: [[UInt32]] = []
        var place: [String: Int] = [:]
        // The names placed last, found without hashing: a session repeats its program's few names,
        // as the same Strings (the list keeps one per name), which compare at once.
        var recent: [(name: String, place: Int)] = []
        for i in sessions.indices {
            for p in sessions.ratingPositions(i) {
                let name = sessions.ratingExercise(p) ?? "Whole session"
                let k: Int
                if let hit = recent.first(where: { $0.name == name }) {
                    k = hit.place
                } else {
                    if let known = place[name] {
                        k = known
                    } else {
                        k = order.count
                        place[name] = k
                        order.append(name)
                        positions.append([])
                    }
                    if recent.count == 8 { recent.removeFirst() }
                    recent.append((name, k))
                }
                positions[k].append(UInt32(p))
            }
        }
        return order.indices.map { ExerciseDiscomfort(name: order[$0], ratings: RatingList(sessions, positions: positions[$0])) }
    }

    /// What the calendar and the weeks need of one day's sessions: counted, not copied.
    struct DayTally {
        var sessions = 0
        /// Sessions that count towards adherence (``SessionSummary/counts``).
        var counted = 0
        var stops = 0

        /// The tallies of the days with sessions, by their place from the first of them (no
        /// hashing per session; the sessions are a window's, so the days are few).
        struct Days {
            let first: Int
            var tallies: [DayTally]

            /// The tally of `day`; nil when it holds no session.
            subscript(day: CalendarDate) -> DayTally? {
                let k = day.daysSinceEpoch - first
                return tallies.indices.contains(k) && tallies[k].sessions > 0 ? tallies[k] : nil
            }

            /// How many days hold sessions.
            var count: Int { tallies.reduce(0) { $0 + ($1.sessions > 0 ? 1 : 0) } }
        }

        static func byDay(_ sessions: SessionList) -> Days {
            let days = sessions.indices.map { sessions.start($0).daysSinceEpoch }
            let first = days.min() ?? 0
            var byDay = Days(first: first, tallies: Array(repeating: DayTally(), count: days.isEmpty ? 0 : days.max()! - first + 1))
            for (i, day) in zip(sessions.indices, days) {
                let k = day - first
                byDay.tallies[k].sessions += 1
                if sessions.counts(i) { byDay.tallies[k].counted += 1 }
                byDay.tallies[k].stops += sessions.stops(i).count
            }
            return byDay
        }
    }

    static func inProgram(_ day: CalendarDate, _ p: Prescription) -> Bool {
        if let start = p.start, day < start { return false }
        if let end = p.end, day > end { return false }
        return true
    }

    /// Least-squares slope of the ratings in order, times the span: the fitted change from the
    /// first rating to the last. Nil with fewer than 3 ratings.
    static func fittedChange(_ values: [Int]) -> Double? {
        let n = Double(values.count)
        guard values.count >= 3 else { return nil }
        let xs = values.indices.map(Double.init), ys = values.map(Double.init)
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        return sxy / sxx * (n - 1)
    }

    /// The trend a fitted change (``fittedChange(_:)``) makes.
    static func trend(change: Double?) -> Trend {
        guard let change else { return .tooFew }
        if change >= trendPoints { return .rising }
        if change <= -trendPoints { return .falling }
        return .steady
    }

    /// The few things a therapist should act on, most important first.
    public var attention: [String] {
        var items: [String] = []
        for stop in stops {
            items.append("Safety stop on \(stop.time.date): \(stop.exercise ?? "the session") rated \(stop.rating) (stop at \(stop.stopAt))")
        }
        for r in notes where r.atStopLevel {
            items.append("Note with rating \(r.rating) on \(r.time.date), \(r.exercise ?? "whole session"): '\(r.note ?? "")'")
        }
        for d in discomfort {
            for r in d.flaggedWithoutStop {
                items.append("\(d.name) rated \(r.rating) on \(r.time.date), at or above the stop level \(r.stopAt ?? 0)")
            }
            if d.trend == .rising {
                items.append("Discomfort rising on \(d.name) (\(d.ratings.first!.rating) → \(d.last!) over \(d.count) ratings)")
            }
        }
        let below = weeks.filter { $0.adherent == false }
        if !below.isEmpty {
            items.append("\(below.count) week\(below.count == 1 ? "" : "s") below 80 % adherence: " + below.map(\.label).joined(separator: ", "))
        }
        if prescription != nil {
            let last = sessions.indices.last.map { sessions.start($0).date }
            let gap = today.daysSinceEpoch - (last?.daysSinceEpoch ?? since.daysSinceEpoch)
            if gap >= 7, until >= today.adding(days: -1) {
                items.append(last.map { "No session in the last \(gap) days (last on \($0))" } ?? "No session in the window")
            }
        }
        let short = dose.filter { ($0.fraction ?? 1) < Self.threshold }
        if !short.isEmpty {
            items.append("Under 80 % of prescribed sets done: " + short.map { "\($0.name) (\(Format.percent($0.fraction)))" }.joined(separator: ", "))
        }
        if interrupted > 0 {
            items.append("\(interrupted) session\(interrupted == 1 ? "" : "s") interrupted (no end recorded)")
        }
        return items
    }
}
