import LimberBasics
import LimberProgram
import LimberTimeline
import Plot

/// The paper size a handout is laid out for: the printer's own, or one fixed by `--paper`.
public enum PaperSize: String, Sendable, CaseIterable {
    /// No `@page` size: the print dialog's paper (A4 or Letter both fit).
    case auto
    case a4
    case letter

    var css: String {
        switch self {
        case .auto: "@page{margin:12mm}"
        case .a4: "@page{size:A4;margin:12mm}"
        case .letter: "@page{size:letter;margin:12mm}"
        }
    }
}

/// The printable handout a patient takes home: one standalone HTML page (no scripts, no
/// network, inline CSS and SVG, black and white) with the program's title and author, the
/// schedule in words, the safety notes in a box, each exercise with its instructions,
/// equipment and dose (and, when the program has them, the weeks it is done in, its phases and
/// its progression rule in words), the session length, and a paper log with one row per
/// prescribed session.
///
/// Pure: every text is escaped byte by byte (`Node.escaped`, `MarkupText`), each program text
/// isolated in `<bdi>`; links are printed as text, never fetched.
public enum Handout {
    /// Weeks of log rows printed for a program that sets no `weeks`.
    public static let openEndedWeeks = 4

    /// The whole page; `runCommand` is what the patient types to start a session.
    public static func page(_ timeline: Timeline, runCommand: String, paper: PaperSize = .auto) -> String {
        let program = timeline.program
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [.escaped(program.title)]),
                .element(named: "style", nodes: [.raw(css + paper.css)])
            ),
            .body(
                .element(named: "header", nodes: [
                    .h1(isolated(program.title)),
                    .if(program.author != nil, .p(.class("author"), .escaped("From "), isolated(program.author ?? ""))),
                    .if(program.description != nil, .p(isolated(program.description ?? ""))),
                ]),
                .ul(.class("facts"),
                    .li(.strong("When: "), .escaped(program.schedule.map { sentence($0.words) } ?? "As your therapist advises.")),
                    .li(.strong("Session: "), .escaped("about \(timeline.sessionMinutes) minutes, \(program.exercises.count) exercise\(program.exercises.count == 1 ? "" : "s").")),
                    .li(.strong("Rating: "), .escaped(capitalized(PlanRenderer.describe(program.discomfort)) + " (0 = none, 10 = worst imaginable).")),
                    .li(.strong("Start a session: "), .code(.escaped(runCommand)))),
                safety(program.safety),
                .h2("Your exercises"),
                .ol(.class("exercises"), .forEach(program.exercises) { exercise(program, $0) }),
                log(program),
                .p(.class("meta"), .escaped("Made by Limber from the program your therapist wrote. It is not a diagnosis; "
                    + "follow your therapist's advice and stop as the safety notes say."))
            )
        )
        return html.render(indentedBy: .spaces(1)) + "\n"
    }

    /// The safety notes in a bordered box, or a line saying to ask the therapist.
    static func safety(_ lines: [String]) -> Node<HTML.BodyContext> {
        .element(named: "aside", nodes: [
            .class("safety"),
            .h2("Safety: when to stop"),
            lines.isEmpty ? .p("Ask your therapist when to stop and when to seek care.")
                : .ul(.forEach(lines) { .li(isolated($0)) }),
        ])
    }

    static func exercise(_ program: Program, _ exercise: Exercise) -> Node<HTML.ListContext> {
        .li(
            .h3(isolated(exercise.name)),
            .p(.class("dose"), .strong(.escaped(PlanRenderer.prescription(exercise, program.defaults)))),
            .unwrap(exercise.weeks) { .p(.class("weeks"), .escaped("Do this \(weeksWords($0)).")) },
            .forEach(program.phases.compactMap { phase in phase.changes.first { $0.exercise == exercise.name }.map { (phase, $0) } }) {
                phase, change in
                .p(.class("phase"), .strong(.escaped(capitalized(span(phase.weeks))), .if(phase.name != nil, .group(.escaped(", "), isolated(phase.name ?? ""))),
                                            .escaped(": ")),
                   .escaped(PlanRenderer.prescription(change.applied(to: exercise), program.defaults) + "."))
            },
            .unwrap(exercise.progression) { .p(.class("progression"), .strong("Progression: "), .escaped(progressionWords($0, exercise))) },
            .if(exercise.equipment != nil, .p(.strong("You need: "), isolated(exercise.equipment ?? ""))),
            .if(exercise.instructions != nil, .p(isolated(exercise.instructions ?? ""))),
            .if(exercise.notes != nil, .p(.class("note"), .strong("Note: "), isolated(exercise.notes ?? ""))),
            .if(exercise.discomfort != nil && exercise.discomfort != program.discomfort,
                .p(.escaped(sentence(PlanRenderer.describe(exercise.discomfortRule(program.discomfort)))))),
            .if(!exercise.media.isEmpty, .p(.class("meta"), .escaped("Pictures or video: "), isolated(exercise.media.joined(separator: " · "))))
        )
    }

    /// "week 3", "weeks 2–4" or "from week 5", as the handout prints a `WeekRange`.
    static func span(_ weeks: WeekRange) -> String {
        guard let last = weeks.last else { return "from week \(weeks.first)" }
        return last == weeks.first ? "week \(last)" : "weeks \(weeks.first)–\(last)"
    }

    /// When an exercise with `weeks` is done: "in weeks 2–4 only", "from week 5 on".
    static func weeksWords(_ weeks: WeekRange) -> String {
         weeks.last == nil ? span(weeks) + " on" : "in " + span(weeks) + " only"
    }

    /// A progression rule as one plain sentence: what steps, by how much and up to where, the bar
    /// for a step up, and what a flare-up does (docs/progression.md says how Limber decides).
    static func progressionWords(_ rule: ProgressionRule, _ exercise: Exercise) -> String {
        let what: String, start: Int
        switch (rule.parameter, exercise.work) {
        case (.hold, .hold(let s)): (what, start) = ("the hold", s)
        case (.duration, .duration(let s)): (what, start) = ("the time", s)
        case (.reps, .reps(let n, _)): (what, start) = ("each set", n)
        default: (what, start) = ("the session", exercise.sets)
        }
        let amount = rule.parameter.amount
        let up = rule.apply == .suggest ? "may go up (ask your therapist first)" : "goes up"
        let sessions = "\(rule.sessions) session\(rule.sessions == 1 ? "" : "s")"
        let pain = rule.painLimit == ProgressionRule.modelLimit
            ? "pain above \(rule.painLimit)/10 during or after a session"
            : "pain above \(rule.painLimit)/10 during or \(ProgressionRule.modelLimit)/10 after a session"
        let flare = "a flare-up (\(pain), or more pain the next morning or from week to week)"
        let down = rule.down.map { "it goes back \(amount($0)) after \(flare), never below \(amount(rule.min ?? start))" }
            ?? "it stays the same after \(flare)"
        return "\(capitalized(what)) \(up) by \(amount(rule.step)) a week, up to \(amount(rule.max)), after a week with at least "
            + "\(sessions) done in full at discomfort \(rule.discomfortAtMost)/10 or less and no flare-up; \(down)."
    }

    /// One row a prescribed session: the planned date when the days are fixed, else the week,
    /// a box to tick and a space for the 0–10 rating.
    static func log(_ program: Program) -> Node<HTML.BodyContext> {
        let rows = sessions(program)
        let weeks = program.schedule?.weeks
        let caption = weeks == nil
            ? "The program sets no end date: this sheet covers \(openEndedWeeks) weeks; print another when it is full."
            : "One row for each session prescribed over the \(weeks!) week\(weeks == 1 ? "" : "s")."
        return .element(named: "section", nodes: [
            .class("log"),
            .h2("Session log"),
            .p(.escaped("Tick each session you do and write how much discomfort you had, from 0 to 10. " + caption)),
            .table(
                .tr(.th("#"), .th("Week"), .th("Date"), .th("Done"), .th("Discomfort 0–10"), .th("Notes")),
                .forEach(Array(rows.enumerated())) { index, row in
                    .tr(.td(.escaped("\(index + 1)")), .td(.escaped("\(row.week)")), .td(.class("date"), .escaped(row.date?.description ?? "")),
                        .td(.raw(checkbox)), .td(.class("rating"), .escaped("/ 10")), .td(.class("notes")))
                }
            ),
        ])
    }

    /// The prescribed sessions as rows: week number and, for fixed days from a start, the date.
    static func sessions(_ program: Program) -> [(week: Int, date: CalendarDate?)] {
        guard let schedule = program.schedule else {
            return (1...openEndedWeeks).flatMap { week in Array(repeating: (week, nil as CalendarDate?), count: 3) }
        }
        let weeks = schedule.weeks ?? openEndedWeeks
        var rows: [(week: Int, date: CalendarDate?)] = []
        for week in 1...weeks {
            if case .weekdays(let days) = schedule.frequency, let start = schedule.start {
                for offset in 0..<7 {
                    let day = start.adding(days: (week - 1) * 7 + offset)
                    if days.contains(day.weekday) { rows += Array(repeating: (week, day), count: schedule.perDay) }
                }
            } else {
                rows += Array(repeating: (week, nil), count: schedule.sessionsPerWeek)
            }
        }
        return rows
    }

    /// Text from the program in its own direction (`<bdi>`), escaped.
    static func isolated<Context>(_ text: String) -> Node<Context> {
        .element(named: "bdi", nodes: [.escaped(text)])
    }

    /// `text` with a capital first letter.
    static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// `text` with a capital first letter and a full stop.
    static func sentence(_ text: String) -> String {
        capitalized(text) + (text.hasSuffix(".") ? "" : ".")
    }

    /// An empty square to tick, drawn so it prints the same everywhere.
    static let checkbox = ##"<svg class="box" width="16" height="16" viewBox="0 0 16 16" role="img" aria-label="not done yet"><rect x="1" y="1" width="14" height="14" fill="none" stroke="#000" stroke-width="1.5"/></svg>"##

    /// Black on white with borders and weight for emphasis, no colour; nothing wider than the
    /// page: long words break, tables take the page width.
    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46rem;margin:1.5rem auto;padding:0 1rem;color:#000;background:#fff;line-height:1.4;overflow-wrap:anywhere}
        h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:1.2rem 0 .4rem}h3{font-size:1.05rem;margin:0 0 .2rem}
        .author,.meta{font-size:.85rem}.facts{list-style:none;padding:0;margin:.6rem 0}.facts li{margin:.15rem 0}
        code{font-family:ui-monospace,monospace;font-size:.9rem;border:1px solid #000;padding:0 .2rem}
        .safety{border:3px solid #000;padding:.2rem .9rem .5rem;margin:1rem 0;break-inside:avoid}.safety h2{margin-top:.5rem}
        .exercises{padding-left:1.4rem}.exercises>li{margin:0 0 .9rem;padding-bottom:.5rem;border-bottom:1px solid #000;break-inside:avoid}
        .exercises p{margin:.2rem 0}.dose{font-size:1.05rem}.note{font-style:italic}.phase,.weeks,.progression{font-size:.95rem}
        .log{break-before:page}table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:.9rem}
        th,td{border:1px solid #000;padding:.3rem .35rem;text-align:left;vertical-align:middle}th{font-weight:700}
        th:nth-child(1){width:2.2rem}th:nth-child(2){width:3.2rem}th:nth-child(3){width:7rem}th:nth-child(4){width:3.2rem}th:nth-child(5){width:9rem}th{white-space:nowrap}
        td.rating{text-align:right;color:#000}tr{break-inside:avoid;height:1.9rem}.box{display:block}
        @media print{body{margin:0;max-width:none;padding:0;font-size:11pt}}
        """
}

extension Node {
    /// `text` as a text node escaped byte by byte (`MarkupText`): Plot's `.text` escapes whole
    /// characters, so it leaves a `<` joined to a mark, and keeps an `&name;` as an entity.
    static func escaped(_ text: String) -> Node { .raw(MarkupText.escaped(text)) }
}
