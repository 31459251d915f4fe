import LimberBasics
import LimberProgram
import Plot

/// The report as one standalone HTML page: no scripts, no network, inline SVG charts (the
/// calendar, weekly adherence bars, discomfort over time), readable printed on A4, with text
/// labels so nothing relies on colour alone. Every text goes in as `Node.escaped` (byte by byte,
/// `MarkupText`), never as Plot's `.text`.
public enum ReportHTML {
    /// The whole page as one string (tests, the fuzz target); `write` gives the same bytes.
    public static func page(_ reports: [PatientReport], generated: String) -> String {
        let out = ByteOutput()
        write(reports, generated: generated, to: out)
        return out.text
    }

    /// Writes the page to `out` as it is made: each patient's section rendered by Plot on its own,
    /// its charts written into the page as bytes, and the rows of its tables (and of the summary)
    /// written through `PlotTemplate`s, so a long window's page is never held whole.
    public static func write(_ reports: [PatientReport], generated: String, to out: ByteOutput) {
        let stream = PlotStream(out: out)
        let title = reports.count == 1 ? "Limber adherence report — \(reports[0].name)" : "Limber adherence report — \(reports.count) patients"
        let several = reports.count > 1
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot's .title() writes its text unescaped.
                .element(named: "title", nodes: [.escaped(title)]),
                .element(named: "style", nodes: [.raw(css)])
            ),
            .body(
                .h1(.escaped(title)),
                .p(.class("meta"), .escaped("Window \(reports.first?.adherence.since.description ?? "") to \(reports.first?.adherence.until.description ?? "") · generated \(generated) · 80 % of prescribed sessions counts as adherent")),
                .if(several, PlotStream.slot(0)),
                PlotStream.slot(several ? 1 : 0),
                .p(.class("meta"), .escaped("Limber records what the patient did; it gives no diagnosis. Discomfort is self-reported on the 0–10 numeric rating scale."))
            )
        )
        let sections: (Int) -> Void = { depth in
            for report in reports {
                let (section, parts) = patient(report, stream)
                stream.write(section, depth: depth, parts: parts)
            }
        }
        stream.write(rendered: html.render(indentedBy: .spaces(1)), parts: several ? [summary(reports, stream), sections] : [sections])
        out.append(byte: UInt8(ascii: "\n"))
    }

    /// The table of patients, a row each.
    static func summary(_ reports: [PatientReport], _ stream: PlotStream) -> (Int) -> Void {
        { depth in
            stream.write(.table(.caption("Patients"), summaryHeader, PlotStream.slot(0)), depth: depth, parts: [{ rowDepth in
                let row = PlotTemplate(values: 6, depth: rowDepth, summaryRow)
                for r in reports {
                    row.write([r.name, Format.percent(r.adherence.fraction), "\(r.adherence.sessions.count)",
                               r.adherence.lastSession.map { "\($0.start.date)" } ?? "—", r.overallTrend,
                               r.attention.isEmpty ? "—" : r.attention.joined(separator: "; ")], to: stream.out)
                }
            }])
        }
    }

    static var summaryHeader: Node<HTML.TableContext> {
        .tr(.th("Patient"), .th("Adherence"), .th("Sessions"), .th("Last session"), .th("Discomfort"), .th("Needs attention"))
    }

    /// A patient's row: name, adherence, sessions, last session, discomfort trend, what needs attention.
    static func summaryRow(_ cells: [String]) -> Node<HTML.TableContext> {
        .tr(.td(isolated(cells[0])), .td(.escaped(cells[1])), .td(.escaped(cells[2])), .td(.class("nowrap"), .escaped(cells[3])),
            .td(.escaped(cells[4])), .td(.escaped(cells[5])))
    }

    /// A patient's section, its notes and session list left as slots, with what writes them.
    static func patient(_ r: PatientReport, _ stream: PlotStream) -> (Node<HTML.BodyContext>, [(Int) -> Void]) {
        let a = r.adherence
        var parts: [(Int) -> Void] = []
        let heading: Node<HTML.BodyContext> = .h2(isolated(r.name), .if(r.program != nil, .group(.escaped(" · "), isolated(r.program ?? ""))))
        let prescribed: Node<HTML.BodyContext> = a.periods.count > 1
            ? .group(.p("Programs in this window:"), .ul(.forEach(a.periods) { .li(.escaped(Format.period($0, in: a))) }))
            : .p(.escaped(a.prescription.map { "Prescribed: \($0.schedule.words)" } ?? Format.noSchedule + "."))
        let sessions = Format.sessions(a)
        let attention: Node<HTML.BodyContext> = r.attention.isEmpty
            ? .p("Nothing stands out.") : .ul(.class("attention"), .forEach(r.attention) { .li(.escaped($0)) })
        /// A slot for what `part` writes (a chart's bytes, a table's rows): its place in `nodes`.
        func slot(_ part: @escaping (Int) -> Void) -> Node<HTML.BodyContext> {
            parts.append(part)
            return PlotStream.slot(parts.count - 1)
        }
        var nodes: [Node<HTML.BodyContext>] = [
            heading, prescribed, .h3("Needs attention"), attention,
            .p(.strong(.escaped(sessions))),
            .h3("Calendar"), slot { _ in Charts.calendar(a, to: stream.out) },
            .h3("Weekly adherence"), slot { _ in Charts.weeks(a, to: stream.out) },
            .h3("Exercises"), exerciseTable(a),
        ]
        for d in a.discomfort where !d.ratings.isEmpty {
            nodes.append(discomfortFigure(d, a, chart: slot { _ in Charts.discomfort(d, a.since...a.until, to: stream.out) }))
        }
        if !a.stops.isEmpty {
            nodes.append(.h3("Safety stops"))
            nodes.append(.ul(.forEach(a.stops.map(stopText)) { .li(.escaped($0)) }))
        }
        if !a.notes.isEmpty {
            nodes.append(.h3("Patient notes"))
            nodes.append(slot(streamedTable(noteHeader, stream) { rowDepth in
                let plain = PlotTemplate(values: 4, depth: rowDepth) { noteRow($0, atStopLevel: false) }
                let stop = PlotTemplate(values: 4, depth: rowDepth) { noteRow($0, atStopLevel: true) }
                for n in a.notes {
                    let rating = n.atStopLevel ? "\(n.rating) (stop at \(n.stopAt ?? 0))" : "\(n.rating)"
                    (n.atStopLevel ? stop : plain).write(["\(n.time.date) \(n.time.clock)", n.exercise ?? "Whole session", rating, n.note ?? ""],
                                                        to: stream.out)
                }
            }))
        }
        nodes += r.progression?.html ?? []
        nodes.append(.h3("Session list"))
        if a.sessions.isEmpty {
            nodes.append(.p("No sessions in this window."))
        } else {
            nodes.append(slot(streamedTable(sessionHeader, stream) { rowDepth in
                sessionRows(a.sessions, PlotTemplate(values: LogListing.headers.count, depth: rowDepth, sessionRow), to: stream.out)
            }))
        }
        return (.element(named: "section", nodes: nodes), parts)
    }

    /// Writes a table at the depth it is given: its header rendered with it, then the rows `rows`
    /// writes, given their depth.
    static func streamedTable(_ header: Node<HTML.TableContext>, _ stream: PlotStream, rows: @escaping (Int) -> Void) -> (Int) -> Void {
        { depth in stream.write(.table(header, PlotStream.slot(0)), depth: depth, parts: [rows]) }
    }

    /// The notes table lists every note in full, with when, what about and the rating (at the
    /// stop level in bold).
    static var noteHeader: Node<HTML.TableContext> { .tr(.th("Date"), .th("Exercise"), .th("Rating"), .th("Note")) }

    static func noteRow(_ cells: [String], atStopLevel: Bool) -> Node<HTML.TableContext> {
        .tr(.td(.class("nowrap"), .escaped(cells[0])), .td(.escaped(cells[1])), .td(atStopLevel ? .strong(.escaped(cells[2])) : .escaped(cells[2])),
            .td(.escaped(cells[3])))
    }

    /// The session list has one row per session of the window, as `limber log` lists them.
    static var sessionHeader: Node<HTML.TableContext> { .tr(.forEach(LogListing.headers) { .th(.escaped($0.prefix(1).uppercased() + $0.dropFirst())) }) }

    /// The session list's rows through `row` (``sessionRow(_:)``): each session's cells as
    /// ``LogListing/Row/fields(notes:)`` gives them (the notes in full), read from its record, with
    /// what repeats from row to row (a plan's title, a duration, a share, a rating) escaped once.
    static func sessionRows(_ list: SessionList, _ row: PlotTemplate, to out: ByteOutput, perTurn: Int = ReportData.sessionsPerTurn) {
        Alongside.write(count: list.count, run: perTurn, to: out) { range, out in sessionRows(list, range, row, to: out) }
    }

    /// The rows of the sessions of `list` in `range` (see ``sessionRows(_:_:to:perTurn:)``).
    private static func sessionRows(_ list: SessionList, _ range: Range<Int>, _ row: PlotTemplate, to out: ByteOutput) {
        var titles = PerPlan<[UInt8]>()
        var duration = LastCell<Int>(), share = LastCell<Double>(), highest = LastCell<Int?>()
        for i in range {
            let r = list.row(i)
            let title = titles.value(list.plan(i)) { Array(MarkupText.escaped($0.title).utf8) }
            let seconds = Int(r.durationSeconds.rounded())
            let cells = (duration.bytes(seconds) { DurationText.clock(seconds) }, share.bytes(r.shareDone) { Format.percent(r.shareDone) },
                         highest.bytes(r.highestRating) { r.highestRating.map(String.init) ?? "—" })
            row.write(to: out) { k, out in
                switch k {
                // A date and a clock are digits, "-" and ":": nothing to escape.
                case 0: out.append(date: r.start.date)
                case 1: out.append(r.start.clock)
                case 2: out.append(title)
                case 3: MarkupText.append(r.outcome.words, quotes: false, to: out)
                case 4: out.append(cells.0)
                case 5: out.append(cells.1)
                case 6: out.append(cells.2)
                default: MarkupText.append(r.notes.joined(separator: "; "), quotes: false, to: out)
                }
            }
        }
    }

    /// A cell's escaped text for the last key seen in its column (a long list repeats them).
    struct LastCell<Key: Equatable> {
        private var key: Key?
        private var escaped: [UInt8] = []

        /// `text()` escaped, made again only when `key` is not the last one.
        mutating func bytes(_ key: Key, _ text: () -> String) -> [UInt8] {
            if self.key != key {
                escaped = Array(MarkupText.escaped(text()).utf8)
                self.key = key
            }
            return escaped
        }
    }

    static func sessionRow(_ cells: [String]) -> Node<HTML.TableContext> {
        .tr(.forEach(Array(cells.enumerated())) { i, cell in i == 0 ? .td(.class("nowrap"), .escaped(cell)) : .td(.escaped(cell)) })
    }

    /// A discomfort chart (`chart`: its slot) with its caption.
    static func discomfortFigure(_ d: ExerciseDiscomfort, _ a: Adherence, chart: Node<HTML.BodyContext>) -> Node<HTML.BodyContext> {
        let trend = d.trend == .tooFew ? "too few ratings" : d.trend.rawValue
        let plural = d.count == 1 ? "" : "s"
        let caption = "Discomfort on \(d.name): \(d.count) rating\(plural), mean \(Format.one(d.mean)), highest \(d.max.map(String.init) ?? "—"), trend \(trend)"
        return .element(named: "figure", nodes: [chart, .element(named: "figcaption", nodes: [.escaped(caption)])])
    }

    static func stopText(_ s: SafetyStop) -> String {
        let action = s.action == .skipExercise ? "exercise skipped" : "session ended"
        return "\(s.time.date) \(s.time.clock): \(s.exercise ?? "session") rated \(s.rating), stop at \(s.stopAt) (\(action))"
    }

    static func exerciseTable(_ a: Adherence) -> Node<HTML.BodyContext> {
        let header: Node<HTML.TableContext> = .tr(.th("Exercise"), .th("Sets done"), .th("Reps"), .th("Hold / time"),
                                                  .th("Discomfort mean"), .th("Last"), .th("Highest"), .th("Trend"))
        let rows: [Node<HTML.TableContext>] = ExerciseCells.all(a).map(exerciseRow)
        return .table(header, .group(rows))
    }

    static func exerciseRow(_ e: ExerciseCells) -> Node<HTML.TableContext> {
        let cells = [e.name, e.sets.map { "\($0.count) (\($0.share))" } ?? "—", e.reps ?? "—", e.hold ?? "—", e.mean, e.last, e.highest, e.trend]
        let tds: [Node<HTML.TableRowContext>] = [.td(isolated(e.name))] + cells.dropFirst().map { .td(.escaped($0)) }
        return .tr(.group(tds))
    }

    /// Text from a program or a log in its own direction: a right-to-left name can't reorder the
    /// numbers and words beside it (the page's `<bdi>`; bidi control characters in it are already
    /// shown as escapes).
    static func isolated(_ text: String) -> Node<HTML.BodyContext> {
        .element(named: "bdi", nodes: [.escaped(text)])
    }

    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.4}
        h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-top:2px solid #333;padding-top:.6rem;margin-top:2rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
        .meta{color:#555;font-size:.85rem}table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.4rem 0}
        .nowrap{white-space:nowrap}th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}th{background:#eee}caption{text-align:left;font-weight:bold;padding:.3rem 0}
        ul.attention li{font-weight:600}svg{max-width:100%;height:auto;display:block}svg text{font-family:inherit}
        figure{margin:.6rem 0;break-inside:avoid}figcaption{font-size:.85rem;color:#333}
        @page{size:A4;margin:14mm}@media print{body{margin:0;max-width:none}section{break-before:page}h2{margin-top:0}}
        """
}
