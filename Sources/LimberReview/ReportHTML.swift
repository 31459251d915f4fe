import LimberBasics
import LimberProgram
import Plot

/// The report as one standalone HTML page: no scripts, no network, inline SVG charts (the
/// calendar, weekly adherence bars, discomfort over time), readable printed on A4, with text
/// labels so nothing relies on colour alone. Everything from a log is escaped by Plot.
public enum ReportHTML {
    /// The whole page as one string (tests, the fuzz target); `write` gives the same bytes.
    public static func page(_ reports: [PatientReport], generated: String) -> String {
        let out = ByteOutput()
        write(reports, generated: generated, to: out)
        return out.text
    }

    /// Writes the page to `out` as it is made: each patient's section, and each row of its notes
    /// and session list, rendered by Plot on its own, so a long window's page is never held whole.
    public static func write(_ reports: [PatientReport], generated: String, to out: ByteOutput) {
        let stream = PlotStream(out: out)
        let title = reports.count == 1 ? "Limber adherence report — \(reports[0].name)" : "Limber adherence report — \(reports.count) patients"
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot's .title() writes its text unescaped; a text node is escaped.
                .element(named: "title", nodes: [.text(title)]),
                .element(named: "style", nodes: [.raw(css)])
            ),
            .body(
                .h1(.text(title)),
                .p(.class("meta"), .text("Window \(reports.first?.adherence.since.description ?? "") to \(reports.first?.adherence.until.description ?? "") · generated \(generated) · 80 % of prescribed sessions counts as adherent")),
                .if(reports.count > 1, summary(reports)),
                PlotStream.slot(0),
                .p(.class("meta"), .text("Limber records what the patient did; it gives no diagnosis. Discomfort is self-reported on the 0–10 numeric rating scale."))
            )
        )
        stream.write(rendered: html.render(indentedBy: .spaces(1)), parts: [{ depth in
            for report in reports {
                let (section, parts) = patient(report, stream)
                stream.write(section, depth: depth, parts: parts)
            }
        }])
        out.append(byte: UInt8(ascii: "\n"))
    }

    static func summary(_ reports: [PatientReport]) -> Node<HTML.BodyContext> {
        .table(
            .caption("Patients"),
            .tr(.th("Patient"), .th("Adherence"), .th("Sessions"), .th("Last session"), .th("Discomfort"), .th("Needs attention")),
            .forEach(reports) { r in
                .tr(.td(isolated(r.name)), .td(.text(Format.percent(r.adherence.fraction))), .td(.text("\(r.adherence.sessions.count)")),
                    .td(.class("nowrap"), .text(r.adherence.lastSession.map { "\($0.start.date)" } ?? "—")), .td(.text(r.overallTrend)),
                    .td(.text(r.attention.isEmpty ? "—" : r.attention.joined(separator: "; "))))
            }
        )
    }

    /// A patient's section, its notes and session list left as slots, with what writes them.
    static func patient(_ r: PatientReport, _ stream: PlotStream) -> (Node<HTML.BodyContext>, [(Int) -> Void]) {
        let a = r.adherence
        var parts: [(Int) -> Void] = []
        let heading: Node<HTML.BodyContext> = .h2(isolated(r.name), .if(r.program != nil, .group(.text(" · "), isolated(r.program ?? ""))))
        let prescribed: Node<HTML.BodyContext> = a.periods.count > 1
            ? .group(.p("Programs in this window:"), .ul(.forEach(a.periods) { .li(.text(Format.period($0, in: a))) }))
            : .p(.text(a.prescription.map { "Prescribed: \($0.schedule.words)" } ?? Format.noSchedule + "."))
        let sessions = Format.sessions(a)
        let attention: Node<HTML.BodyContext> = r.attention.isEmpty
            ? .p("Nothing stands out.") : .ul(.class("attention"), .forEach(r.attention) { .li(.text($0)) })
        let figures: [Node<HTML.BodyContext>] = a.discomfort.filter { !$0.ratings.isEmpty }.map { discomfortFigure($0, a) }
        var nodes: [Node<HTML.BodyContext>] = [
            heading, prescribed, .h3("Needs attention"), attention,
            .p(.strong(.text(sessions))),
            .h3("Calendar"), .raw(Charts.calendar(a)),
            .h3("Weekly adherence"), .raw(Charts.weeks(a)),
            .h3("Exercises"), exerciseTable(a),
        ]
        nodes += figures
        if !a.stops.isEmpty {
            nodes.append(.h3("Safety stops"))
            nodes.append(.ul(.forEach(a.stops.map(stopText)) { .li(.text($0)) }))
        }
        if !a.notes.isEmpty {
            nodes.append(.h3("Patient notes"))
            nodes.append(PlotStream.slot(parts.count))
            parts.append(streamedTable(noteHeader, a.notes, noteRow, stream))
        }
        nodes += r.progression?.html ?? []
        nodes.append(.h3("Session list"))
        if a.sessions.isEmpty {
            nodes.append(.p("No sessions in this window."))
        } else {
            nodes.append(PlotStream.slot(parts.count))
            parts.append(streamedTable(sessionHeader, a.sessions, sessionRow, stream))
        }
        return (.element(named: "section", nodes: nodes), parts)
    }

    /// Writes a table at the depth it is given: its header rendered with it, then each row.
    static func streamedTable<Rows: Sequence>(_ header: Node<HTML.TableContext>, _ rows: Rows, _ row: @escaping (Rows.Element) -> Node<HTML.TableContext>,
                                   _ stream: PlotStream) -> (Int) -> Void {
        { depth in
            stream.write(.table(header, PlotStream.slot(0)), depth: depth, parts: [{ rowDepth in
                for item in rows { stream.out.append(PlotStream.rendered(row(item), depth: rowDepth)) }
            }])
        }
    }

    /// The notes table lists every note in full, with when, what about and the rating (at the
    /// stop level in bold).
    static var noteHeader: Node<HTML.TableContext> { .tr(.th("Date"), .th("Exercise"), .th("Rating"), .th("Note")) }

    static func noteRow(_ r: RatingRecord) -> Node<HTML.TableContext> {
        .tr(.td(.class("nowrap"), .text("\(r.time.date) \(r.time.clock)")), .td(.text(r.exercise ?? "Whole session")),
            .td(r.atStopLevel ? .strong(.text("\(r.rating) (stop at \(r.stopAt ?? 0))")) : .text("\(r.rating)")),
            .td(.text(r.note ?? "")))
    }

    /// The session list has one row per session of the window, as `limber log` lists them.
    static var sessionHeader: Node<HTML.TableContext> { .tr(.forEach(LogListing.headers) { .th(.text($0.prefix(1).uppercased() + $0.dropFirst())) }) }

    static func sessionRow(_ s: SessionSummary) -> Node<HTML.TableContext> {
        let cells = LogListing.fields(s, notes: s.notes.compactMap(\.note).joined(separator: "; "))
        return .tr(.forEach(Array(cells.enumerated())) { i, cell in i == 0 ? .td(.class("nowrap"), .text(cell)) : .td(.text(cell)) })
    }

    static func discomfortFigure(_ d: ExerciseDiscomfort, _ a: Adherence) -> Node<HTML.BodyContext> {
        let trend = d.trend == .tooFew ? "too few ratings" : d.trend.rawValue
        let plural = d.count == 1 ? "" : "s"
        let caption = "Discomfort on \(d.name): \(d.count) rating\(plural), mean \(Format.one(d.mean)), highest \(d.max.map(String.init) ?? "—"), trend \(trend)"
        return .element(named: "figure", nodes: [.raw(Charts.discomfort(d, a.since...a.until)), .element(named: "figcaption", nodes: [.text(caption)])])
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
        let tds: [Node<HTML.TableRowContext>] = [.td(isolated(e.name))] + cells.dropFirst().map { .td(.text($0)) }
        return .tr(.group(tds))
    }

    /// Text from a program or a log in its own direction: a right-to-left name can't reorder the
    /// numbers and words beside it (the page's `<bdi>`; bidi control characters in it are already
    /// shown as escapes).
    static func isolated(_ text: String) -> Node<HTML.BodyContext> {
        .element(named: "bdi", text: text)
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
