import LimberBasics
import LimberLog
import LimberProgram

/// The patient's home screen for one day (`limber today`): whether a session is due, the week
/// and phase, each exercise's dose and why it changed, whether the morning check-in is missing.
public struct TodayView: Sendable {
    public var plan: DayPlan
    public var title: String
    public var doneToday: Int
    public var doneThisWeek: Int
    public var due: Bool
    /// Why a session is or is not due, in words.
    public var dueWords: String
    /// Today's morning check-in, if given.
    public var morningCheckIn: CheckIn?

    public init(program: Program, evidence: Evidence, day: CalendarDate) {
        plan = Progression.plan(program, evidence: evidence, on: day)
        title = TextSanitizer.singleLine(program.title)
        let weekStart = plan.start.adding(days: 7 * (plan.week - 1))
        doneToday = evidence.sessions.filter { $0.date == day }.count
        doneThisWeek = evidence.sessions.filter { $0.date >= weekStart && $0.date <= day }.count
        morningCheckIn = evidence.checkIns.last { $0.date == day && $0.moment == .morning }
        (due, dueWords) = day < plan.start ? (false, "the program starts on \(plan.start)")
            : Self.due(program.schedule, week: plan.week, day: day, today: doneToday, week: doneThisWeek)
    }

    static func due(_ schedule: Schedule?, week: Int, day: CalendarDate, today: Int, week done: Int) -> (Bool, String) {
        guard let schedule else { return (today == 0, today == 0 ? "no schedule is set: a session whenever it suits you" : "done today") }
        if let weeks = schedule.weeks, week > weeks {
            return (false, "the program's \(weeks) week\(weeks == 1 ? "" : "s") are over: ask your therapist what comes next")
        }
        let todayWords = "\(today) of \(schedule.perDay) done today"
        if today >= schedule.perDay { return (false, "done for today (\(todayWords))") }
        if case .weekdays(let days) = schedule.frequency, !days.contains(day.weekday) {
            return (false, "not a training day (\(schedule.frequencyWords))")
        }
        let weekWords = "\(done) of \(schedule.sessionsPerWeek) done this week"
        if done >= schedule.sessionsPerWeek { return (false, "this week's sessions are done (\(weekWords))") }
        return (true, "a session is due today (\(weekWords))")
    }

    /// How a dose changed, in a few words: "up from 3 × 20s hold".
    public static func changeWords(_ dose: Dose) -> String {
        let from = dose.previous.map { " from " + $0.doseWords } ?? ""
        switch dose.change {
        case .start: return "as prescribed"
        case .held: return "unchanged"
        case .up: return "up" + from
        case .down: return "down" + from
        case .phase: return "changed" + from
        case .suggested: return "unchanged; you may progress"
        }
    }

    /// The screen as text; `command` is the command that starts the session.
    public func text(command: String) -> String {
        var out = "\(title) — week \(plan.week) (from \(plan.start.adding(days: 7 * (plan.week - 1))))"
        if let phase = plan.phase { out += ", \(phase.words)" }
        out += "\n\(plan.day.weekday.rawValue.capitalized) \(plan.day): \(dueWords).\n"
        if let c = morningCheckIn {
            out += "This morning's check-in: pain \(c.pain)/10" + (c.stiffness.map { ", stiffness \($0)/10" } ?? "") + ".\n"
        } else {
            out += "This morning's check-in is missing: limber checkin\n"
        }
        out += "\nToday's exercises:\n"
        let shown = plan.doses.filter(\.inSession)
        let names = shown.map { TextSanitizer.singleLine($0.exercise.name) }
        let width = names.map(\.displayWidth).max() ?? 0
        for (dose, name) in zip(shown, names) {
            let pad = String(repeating: " ", count: width - name.displayWidth)
            out += "  \(name)\(pad)  \(dose.exercise.doseWords), \(Self.changeWords(dose))\n"
            for reason in dose.reasons where dose.change != .start {
                out += "  \(String(repeating: " ", count: width))    · \(TextSanitizer.singleLine(reason))\n"
            }
        }
        if shown.isEmpty { out += "  (none this week)\n" }
        return out + (due ? "\nStart: \(command)\n" : "")
    }

    /// The screen as JSON, for scripts and apps.
    public func json(command: String, simulated: Bool) -> JSONValue {
        .object([
            ("date", .string(plan.day.description)),
            ("simulated_date", .bool(simulated)),
            ("program", .string(title)),
            ("week", .int(plan.week)),
            ("week_starts", .string(plan.start.adding(days: 7 * (plan.week - 1)).description)),
            ("phase", plan.phase.flatMap(\.name).map { .string(TextSanitizer.singleLine($0)) } ?? .null),
            ("due", .bool(due)),
            ("due_reason", .string(dueWords)),
            ("done_today", .int(doneToday)),
            ("done_this_week", .int(doneThisWeek)),
            ("morning_checkin", morningCheckIn.map { c in
                .object([("pain", .int(c.pain)), ("stiffness", c.stiffness.map(JSONValue.int) ?? .null)])
            } ?? .null),
            ("exercises", .array(plan.doses.map(Self.json))),
            ("command", .string(command)),
        ])
    }

    static func json(_ dose: Dose) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("name", .string(TextSanitizer.singleLine(dose.exercise.name))),
            ("in_session", .bool(dose.inSession)),
            ("dose", .string(dose.exercise.doseWords)),
            ("sets", .int(dose.exercise.sets)),
        ]
        switch dose.exercise.work {
        case .reps(let n, _): fields.append(("reps", .int(n)))
        case .hold(let s): fields.append(("hold_seconds", .int(s)))
        case .duration(let s): fields.append(("duration_seconds", .int(s)))
        }
        fields += [
            ("change", .string(dose.change.rawValue)),
            ("previous", dose.previous.map { .string($0.doseWords) } ?? .null),
            ("reasons", .array(dose.reasons.map { .string(TextSanitizer.singleLine($0)) })),
        ]
        return .object(fields)
    }
}

extension DayPlan {
    /// What a session start records of this plan: the week, the phase, and per exercise in the
    /// session the decision and its reasons (the dose itself is the start event's plan).
    public var logRecord: LogEvent.ProgressionInfo {
        LogEvent.ProgressionInfo(week: week, phase: phase?.name, exercises: doses.filter(\.inSession).map {
            LogEvent.ExerciseDecision(name: $0.exercise.name, decision: $0.change.rawValue, reasons: $0.reasons)
        })
    }

    /// The changes for a start screen: "Week 2", then one line per changed exercise with why.
    public var startScreenLines: [String] {
        var lines = ["Week \(week)" + (phase.map { ", \($0.words)" } ?? "")]
        for dose in doses where dose.inSession && dose.change != .start && dose.change != .held {
            lines.append("\(TextSanitizer.singleLine(dose.exercise.name)) \(dose.exercise.doseWords), \(TodayView.changeWords(dose)): "
                         + dose.reasons.map(TextSanitizer.singleLine).joined(separator: "; "))
        }
        return lines
    }
}
