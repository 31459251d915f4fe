import LimberBasics
import LimberLog
import LimberProgram

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

/// A moment as the log wrote it: the local date and time at the recorded UTC offset, and the
/// absolute instant (for ordering across files and time zones).
public struct LogTime: Sendable, Comparable, Hashable {
    /// The local calendar day (the day the patient lived it, whatever the DST offset).
    public var date: CalendarDate
    /// "07:30".
    public var clock: String
    /// Seconds since 1970 (UTC).
    public var instant: Double

    public static func < (a: LogTime, b: LogTime) -> Bool { a.instant < b.instant }

    /// Parses `2026-12-01T07:30:05.123+01:00` (also `Z`, and without fractions).
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ LogTime(utf8: $0) }) else { return nil }
        self = parsed
    }

    init?(utf8 u: UnsafeBufferPointer<UInt8>) {
        guard u.count >= 19, u[4] == 45, u[7] == 45, u[10] == 84 || u[10] == 32, u[13] == 58, u[16] == 58 else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r { guard u[i] >= 48, u[i] <= 57 else { return nil }; n = n * 10 + Int(u[i] - 48) }
            return n
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
              let s = num(17..<19), let date = CalendarDate(year: y, month: mo, day: d), h < 24, mi < 60, s < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < u.count, u[i] == 46 {
            var scale = 0.1
            i += 1
            while i < u.count, u[i] >= 48, u[i] <= 57 { fraction += Double(u[i] - 48) * scale; scale /= 10; i += 1 }
        }
        var offset = 0
        if i < u.count {
            if u[i] == 90 { offset = 0 } else if (u[i] == 43 || u[i] == 45), i + 5 < u.count + 0, u.count >= i + 6,
                let oh = num(i + 1..<i + 3), let om = num(i + 4..<i + 6) {
                offset = (oh * 3600 + om * 60) * (u[i] == 45 ? -1 : 1)
            } else { return nil }
        }
        self.date = date
        clock = String(decoding: u[11..<16], as: UTF8.self)
        instant = Double(date.daysSinceEpoch * 86_400 + h * 3600 + mi * 60 + s - offset) + fraction
    }
}

/// One rating as the report uses it.
public struct RatingRecord: Sendable, Equatable {
    public var exercise: String?
    public var rating: Int
    public var time: LogTime
    public var stopAt: Int?
    public var note: String?

    public init(exercise: String?, rating: Int, time: LogTime, stopAt: Int?, note: String?) {
        self.exercise = exercise
        self.rating = rating
        self.time = time
        self.stopAt = stopAt
        self.note = note
    }
}

/// A safety stop: a rating reached the program's stop level.
public struct SafetyStop: Sendable, Equatable {
    public var exercise: String?
    public var rating: Int
    public var stopAt: Int
    public var action: StopAction
    public var time: LogTime
}

/// One session from a log, boiled down to what the review needs.
public struct SessionSummary: Sendable {
    public var id: String
    public var start: LogTime
    public var end: LogTime?
    public var title: String
    public var programSHA256: String?
    public var planned: [LogEvent.PlannedExercise]
    public var schedule: LogEvent.ScheduleInfo?
    public var stopAt: Int?
    public var outcome: SessionOutcome = .interrupted
    /// From the end event; else first to last event.
    public var durationSeconds: Double = 0
    /// Sets done and skipped per exercise name (each side counts as a set).
    public var setsDone: [String: Int] = [:]
    public var setsSkipped: [String: Int] = [:]
    public var ratings: [RatingRecord] = []
    public var stops: [SafetyStop] = []

    /// Sets (× sides) the plan held.
    public var plannedSets: Int { planned.reduce(0) { $0 + $1.sets * max(1, $1.sides.count) } }
    public var doneSets: Int { setsDone.values.reduce(0, +) }

    /// Share of the planned sets done, 0…1.
    public var shareDone: Double { plannedSets == 0 ? 0 : min(1, Double(doneSets) / Double(plannedSets)) }

    public var highestRating: Int? { ratings.map(\.rating).max() }

    /// Counts towards adherence: completed, stopped by the safety rule (not missed work), or
    /// at least 80 % of the planned sets done. See docs/adherence.md.
    public var counts: Bool {
        outcome == .completed || outcome == .stoppedForDiscomfort || shareDone >= 0.8
    }
}

/// Builds session summaries from a stream of log lines (any order within a session is fine;
/// sessions are returned by start time). Holds one small summary per session, never the lines.
public struct SessionCollector {
    private var sessions: [String: SessionSummary] = [:]
    /// Lines skipped because they were not Limber events, with where.
    public private(set) var problems: [String] = []
    /// Lines from a newer log format, read as far as possible.
    public private(set) var newerFormatLines = 0

    public init() {}

    public mutating func add(_ line: LogLine) {
        if line.v > LogLine.formatVersion { newerFormatLines += 1 }
        guard let time = LogTime(line.ts) else {
            report(problem: "an event with an unreadable time '\(TextSanitizer.singleLine(String(line.ts.prefix(40))))' was skipped")
            return
        }
        guard let e = Self.sane(line.event) else {
            report(problem: "a '\(line.event.type.rawValue)' event with values no Limber writes (a rating outside 0–10?) was skipped")
            return
        }
        if sessions[line.session] == nil {
            sessions[line.session] = SessionSummary(id: line.session, start: time, title: e.program?.title ?? "(unknown program)", planned: [])
        }
        // Mutate in place: copying a summary out and back for every line costs more than the parse.
        Self.apply(e, at: time, to: &sessions[line.session]!, planCache: &planCache)
    }

    /// The event as the review may use it: text from the log with control characters made
    /// visible (a log is outside input: its text must not reach a terminal raw), counts kept to
    /// what a program can prescribe, impossible numbers dropped; nil for a rating outside 0–10.
    static func sane(_ event: LogEvent) -> LogEvent? {
        if let r = event.rating, !(0...10).contains(r) { return nil }
        // Nearly every line is clean: checking is cheap, copying and rebuilding is not.
        guard needsCleaning(event) else { return event }
        var e = event
        func clean(_ text: inout String?) {
            if let t = text, TextSanitizer.needsEscaping(t) { text = TextSanitizer.singleLine(t) }
        }
        clean(&e.exercise)
        clean(&e.note)
        if let x = e.stopAt, !(0...10).contains(x) { e.stopAt = nil }
        if let title = e.program?.title, TextSanitizer.needsEscaping(title) { e.program?.title = TextSanitizer.singleLine(title) }
        if let planned = e.planned?.exercises, planned.contains(where: { x in
            TextSanitizer.needsEscaping(x.name) || x.sides.count > 4 || x.sides.contains(where: TextSanitizer.needsEscaping)
                || !(0...maxSets).contains(x.sets)
        }) {
            e.planned?.exercises = planned.map { x in
                var x = x
                x.name = TextSanitizer.singleLine(x.name)
                x.sides = Array(x.sides.prefix(4)).map(TextSanitizer.singleLine)
                x.sets = min(max(x.sets, 0), maxSets)
                return x
            }
        }
        if let s = e.schedule, !(1...7).contains(s.perWeek ?? 1) || !(1...6).contains(s.perDay) || !(1...104).contains(s.weeks ?? 1) {
            e.schedule = nil
        }
        if let seconds = e.elapsedSeconds, !(seconds.isFinite && (0...maxSessionSeconds).contains(seconds)) { e.elapsedSeconds = nil }
        if let x = e.discomfortRule?.stopAt, !(0...10).contains(x) { e.discomfortRule?.stopAt = nil }
        return e
    }

    static func needsCleaning(_ e: LogEvent) -> Bool {
        func dirty(_ text: String?) -> Bool { text.map(TextSanitizer.needsEscaping) ?? false }
        func outside(_ n: Int?, _ range: ClosedRange<Int>) -> Bool { n.map { !range.contains($0) } ?? false }
        if dirty(e.exercise) || dirty(e.note) || dirty(e.program?.title) { return true }
        if outside(e.stopAt, 0...10) || outside(e.discomfortRule?.stopAt, 0...10) { return true }
        if let seconds = e.elapsedSeconds, !(seconds.isFinite && (0...maxSessionSeconds).contains(seconds)) { return true }
        if let s = e.schedule, outside(s.perWeek, 1...7) || outside(s.perDay, 1...6) || outside(s.weeks, 1...104) { return true }
        return e.planned?.exercises.contains { x in
            TextSanitizer.needsEscaping(x.name) || x.sides.count > 4 || x.sides.contains(where: TextSanitizer.needsEscaping)
                || !(0...maxSets).contains(x.sets)
        } ?? false
    }

    /// The most sets a program may prescribe for one exercise.
    static let maxSets = 100
    /// Longer than any session: a week.
    static let maxSessionSeconds = 7.0 * 86_400

    /// The last plans seen: every session of a program carries the same plan, so one copy is kept.
    private var planCache: [[LogEvent.PlannedExercise]] = []

    private static func apply(_ e: LogEvent, at time: LogTime, to s: inout SessionSummary, planCache: inout [[LogEvent.PlannedExercise]]) {
        if time < s.start { s.start = time }
        if s.end.map({ time > $0 }) ?? true { s.end = time }
        switch e.type {
        case .sessionStart:
            s.start = time
            if let p = e.program { s.title = p.title; s.programSHA256 = p.sha256 }
            let planned = e.planned?.exercises ?? []
            if let shared = planCache.first(where: { $0 == planned }) {
                s.planned = shared
            } else {
                s.planned = planned
                planCache.insert(planned, at: 0)
                if planCache.count > 16 { planCache.removeLast() }
            }
            s.schedule = e.schedule
            s.stopAt = e.discomfortRule?.stopAt
        case .set:
            let name = e.exercise ?? "?"
            if e.setStatus == .skipped { s.setsSkipped[name, default: 0] += 1 } else { s.setsDone[name, default: 0] += 1 }
        case .discomfort:
            if let r = e.rating { s.ratings.append(RatingRecord(exercise: e.exercise, rating: r, time: time, stopAt: e.stopAt, note: e.note)) }
        case .stop:
            if let r = e.rating, let at = e.stopAt {
                s.stops.append(SafetyStop(exercise: e.exercise, rating: r, stopAt: at, action: e.action ?? .endSession, time: time))
            }
        case .sessionEnd:
            s.outcome = e.endStatus.map(SessionOutcome.ended) ?? .quit
            s.durationSeconds = e.elapsedSeconds ?? s.end.map { $0.instant - s.start.instant } ?? 0
        case .pause, .resume, .note:
            break
        }
        if s.outcome == .interrupted, let end = s.end { s.durationSeconds = end.instant - s.start.instant }
    }

    /// Notes a line that could not be used. Only the first few are kept word for word; a log
    /// full of damage must not fill memory with messages about it.
    public mutating func report(problem: String) {
        skippedLines += 1
        if problems.count < Self.problemsKept { problems.append(problem) }
        else if problems.count == Self.problemsKept { problems.append("… and more lines skipped (see the count below)") }
    }

    static let problemsKept = 20
    /// How many skipped lines are described one by one.
    public static var problemsLimit: Int { problemsKept }

    /// Adds a remark about the whole log (not a skipped line).
    public mutating func note(_ remark: String) { problems.append(remark) }
    /// Every line skipped, including those not described in ``problems``.
    public private(set) var skippedLines = 0

    /// Sessions by start time (the order is worked out on small keys; summaries are moved once).
    public var summaries: [SessionSummary] {
        let all = Array(sessions.values)
        let order = all.indices.sorted { (all[$0].start.instant, all[$0].id) < (all[$1].start.instant, all[$1].id) }
        return order.map { all[$0] }
    }
}
