import LimberBasics
import LimberProgram

/// The report for a terminal: attention first, then the calendar with weekly adherence, then
/// each exercise's dose and discomfort. Legible without colour (symbols and numbers carry it).
public struct ReportText {
    public var color: Bool

    public init(color: Bool) { self.color = color }

    private func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    /// A single patient, in full.
    public func render(_ r: PatientReport) -> String {
        var text = ""
        write(r) { text += $0 }
        return text
    }

    /// A single patient, in full, handed to `write` a piece at a time (the session list of a
    /// long window is never held whole).
    public func write(_ r: PatientReport, to write: (String) -> Void) {
        let a = r.adherence
        var out = paint("Adherence report · \(clean(r.name))", "1") + " · \(a.since) to \(a.until)\n"
        if a.periods.count > 1 {
            out += "Programs in this window:\n" + a.periods.map { "  " + clean(Format.period($0, in: a)) + "\n" }.joined()
        } else {
            if let program = r.program { out += "Program: \(clean(program))" }
            if let p = a.prescription { out += " (\(p.schedule.words))" }
            out += "\n"
        }
        out += "\n"
        out += paint("Needs attention", "1") + "\n"
        let attention = r.attention
        if attention.isEmpty { out += "  nothing stands out\n" }
        for item in attention { out += "  " + paint("!", "1;33") + " " + clean(item) + "\n" }
        out += "\n"
        out += Format.sessions(a) + "\n"
        if !a.hasSchedule { out += Format.noSchedule + " (use --program FILE).\n" }
        out += "\n" + calendar(a) + "\n" + exercises(a) + notes(a) + (r.progression?.text(paint) ?? "") + "\n"
        write(out)
        sessionList(a, to: write)
        write(r.problems.map { "note: \($0)\n" }.joined())
    }

    func calendar(_ a: Adherence) -> String {
        let twiceOrMore = a.days.contains { $0.perDay > 1 }
        var out = paint("Calendar", "1") + "  ■ done  ◧ partial  □ missed  · no session"
            + (twiceOrMore ? "  1: one session done of the day's 2 or more" : "") + "  (blank: outside the program or window)\n"
        out += "            Mo Tu We Th Fr Sa Su   done/prescribed\n"
        for week in a.weeks {
            var row = "  \(week.label)  "
            for i in 0..<7 {
                let day = week.monday.adding(days: i)
                let cell: String
                let info = a.day(day)
                switch info?.state {
                case .done? where info!.counted < info!.perDay: cell = paint(String(min(info!.counted, 9)), "33")
                case .done?: cell = paint("■", "32")
                case .partial?: cell = paint("◧", "33")
                case .missed?: cell = paint("□", "31")
                case .open?: cell = "·"
                case .outside?, nil: cell = " "
                }
                row += cell + "  "
            }
            if week.prescribed > 0 {
                let adherent = week.adherent == true
                row += " \(week.done)/\(week.prescribed)  " + paint(Format.percent(week.fraction), adherent ? "32" : "31")
                    + (adherent ? "" : "  below 80 %")
            } else if week.done > 0 {
                row += " \(week.done) (none prescribed)"
            }
            if week.safetyStops > 0 { row += "  safety stop" + (week.safetyStops > 1 ? "s: \(week.safetyStops)" : "") }
            out += row.trimmingTrailingSpaces() + "\n"
        }
        return out
    }

    func exercises(_ a: Adherence) -> String {
        guard !a.dose.isEmpty || !a.discomfort.isEmpty else { return "No exercises recorded in this window.\n" }
        var table = TextTable(indent: "  ", rightAligned: Set(1..<10))
        table.append(["exercise", "sets", "", "reps", "hold/time", "discomfort", "mean", "last", "max", "trend"])
        for e in ExerciseCells.all(a) {
            table.append([clean(e.name), e.sets?.count ?? "", e.sets?.share ?? "", e.reps ?? "", e.hold ?? "",
                          Format.sparkline(e.ratings), e.mean, e.last, e.highest, e.trend])
        }
        var out = paint("Exercises", "1") + " (dose: done/prescribed in the sessions held; discomfort 0–10)\n" + table.rendered()
        let flagged = a.discomfort.flatMap { d in d.flagged.map { (d.name, $0) } }
        if !flagged.isEmpty {
            out += "\n" + paint("Ratings at or above the stop level", "1") + "\n"
            for (name, r) in flagged { out += "  \(r.time.date) \(r.time.clock)  \(clean(name)): \(r.rating) (stop at \(r.stopAt ?? 0))\n" }
        }
        return out
    }

    /// Every note the patient gave with a rating, in full.
    func notes(_ a: Adherence) -> String {
        guard !a.notes.isEmpty else { return "" }
        return "\n" + paint("Patient notes", "1") + "\n"
            + a.notes.map { "  \($0.time.date) \($0.time.clock)  \(clean(Format.note($0)))\n" }.joined()
    }

    /// One row per session of the window, as `limber log` lists them.
    func sessionList(_ a: Adherence, to write: (String) -> Void) {
        write(paint("Session list", "1") + "\n")
        let list = a.sessions
        LogListing.table(count: list.count, row: { list.row($0) }, indent: "  ", none: "No sessions in this window.", to: write)
    }

    /// Several patients: one row each, then (with `detail`) each report in full.
    public func render(_ reports: [PatientReport], detail: Bool) -> String {
        var text = ""
        write(reports, detail: detail) { text += $0 }
        return text
    }

    /// Several patients (see ``render(_:detail:)``), handed to `write` a piece at a time.
    public func write(_ reports: [PatientReport], detail: Bool, to write: (String) -> Void) {
        if reports.count == 1 { return self.write(reports[0], to: write) }
        var table = TextTable(indent: "  ")
        table.append(["patient", "adherence", "sessions", "last session", "discomfort", "attention"])
        for r in reports {
            let a = r.adherence
            let attention = r.attention
            table.append([clean(r.name), Format.percent(a.fraction), "\(a.sessions.count)",
                         a.lastSession.map { "\($0.start.date)" } ?? "—",
                         r.overallTrend + (r.risingDiscomfort.isEmpty ? "" : " (\(r.risingDiscomfort.map(clean).joined(separator: ", ")))"),
                         attention.isEmpty ? "—" : "\(attention.count): " + clean(attention[0])])
        }
        write(paint("Patients", "1") + " · \(reports[0].adherence.since) to \(reports[0].adherence.until)\n" + table.rendered())
        if detail {
            for r in reports {
                write("\n" + String(repeating: "─", count: 60) + "\n")
                self.write(r, to: write)
            }
        } else {
            write("\nAdd --detail for each patient's calendar and exercises.\n")
        }
    }

    private func clean(_ s: String) -> String { TextSanitizer.singleLine(s) }
}
