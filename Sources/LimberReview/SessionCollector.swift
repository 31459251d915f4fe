import LimberBasics
import LimberLog
import LimberProgram

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
        var e = line.event
        guard Self.makeSane(&e) else {
            report(problem: "a '\(line.event.type.rawValue)' event with values no Limber writes (a rating outside 0–10?) was skipped")
            return
        }
        if sessions[line.session] == nil {
            // The session id is log text like any other: made visible once, here, for every format.
            sessions[line.session] = SessionSummary(id: TextSanitizer.singleLine(line.session), start: time, title: e.program?.title ?? "(unknown program)", planned: [])
        }
        // Mutate in place: copying a summary out and back for every line costs more than the parse.
        Self.apply(e, at: time, to: &sessions[line.session]!, planCache: &planCache)
    }

    private typealias Limits = ProgramFields.Limits

    /// Makes the event fit for the review, in place: text from the log with control characters
    /// made visible (a log is outside input: its text must not reach a terminal raw), counts kept
    /// to what a program can prescribe (``ProgramFields/Limits``), impossible numbers dropped.
    /// False for an event the review can't use at all: a rating off the 0–10 scale. Nearly every
    /// line is clean, so each value is only tested, and written only when it is not.
    static func makeSane(_ e: inout LogEvent) -> Bool {
        if let r = e.rating, !Limits.rating.contains(r) { return false }
        clean(&e.exercise)
        clean(&e.note)
        if let title = e.program?.title, TextSanitizer.needsEscaping(title) { e.program?.title = TextSanitizer.singleLine(title) }
        if outside(e.stopAt, Limits.rating) { e.stopAt = nil }
        if outside(e.discomfortRule?.stopAt, Limits.rating) { e.discomfortRule?.stopAt = nil }
        if let seconds = e.elapsedSeconds, !(seconds.isFinite && (0...maxSessionSeconds).contains(seconds)) { e.elapsedSeconds = nil }
        if let s = e.schedule, outside(s.perWeek, Limits.perWeek) || !Limits.perDay.contains(s.perDay) || outside(s.weeks, Limits.weeks) {
            e.schedule = nil
        }
        if let planned = e.planned?.exercises, planned.contains(where: needsCleaning) {
            e.planned?.exercises = planned.map { x in
                var x = x
                x.name = TextSanitizer.singleLine(x.name)
                x.sides = Array(x.sides.prefix(Limits.sides.upperBound)).map(TextSanitizer.singleLine)
                x.sets = min(max(x.sets, 0), Limits.sets.upperBound)
                return x
            }
        }
        return true
    }

    private static func clean(_ text: inout String?) {
        if let t = text, TextSanitizer.needsEscaping(t) { text = TextSanitizer.singleLine(t) }
    }

    private static func outside(_ n: Int?, _ range: ClosedRange<Int>) -> Bool { n.map { !range.contains($0) } ?? false }

    /// A planned exercise as no Limber writes it: control characters, too many sides, too many
    /// sets (none is allowed: a log may record an exercise with its sets all removed).
    private static func needsCleaning(_ x: LogEvent.PlannedExercise) -> Bool {
        TextSanitizer.needsEscaping(x.name) || x.sides.count > Limits.sides.upperBound
            || x.sides.contains(where: TextSanitizer.needsEscaping) || !(0...Limits.sets.upperBound).contains(x.sets)
    }

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
            if let p = e.program { s.title = p.title }
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
            if let r = e.rating {
                s.add(RatingRecord(exercise: e.exercise, exerciseIndex: e.exerciseIndex, rating: r, time: time, stopAt: e.stopAt, note: e.note))
            }
        case .stop:
            if let r = e.rating, let at = e.stopAt {
                s.add(SafetyStop(exercise: e.exercise, exerciseIndex: e.exerciseIndex, rating: r, stopAt: at,
                                 action: e.action ?? .endSession, time: time))
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
