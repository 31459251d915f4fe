import LimberBasics
import Plot

/// The progression section of each report format: text, JSON, CSV cells and HTML.
extension ProgressionReview {
    /// The section for a terminal; `paint` styles a heading.
    func text(_ paint: (String, String) -> String) -> String {
        var out = "\n" + paint("Progression", "1") + "\n"
        if !doses.isEmpty {
            out += "  Dose over time (the first session, then every change, with the decision recorded):\n"
            for d in doses {
                out += "    \(d.date)  \(clean(d.exercise)): \(d.dose)" + (d.decision.isEmpty ? "" : " (\(d.decision))") + "\n"
                if d.isStep { out += d.reasons.map { "        · \(clean($0))\n" }.joined() }
            }
        }
        if !verdicts.isEmpty {
            out += "  The pain-monitoring model, week by week:\n"
            for v in verdicts {
                out += "    \(clean(v.program)) week \(v.week) (from \(v.first)): \(v.state.replacingOccurrences(of: "_", with: " "))"
                    + (v.broken.isEmpty ? "" : " — " + v.broken.map(clean).joined(separator: "; ")) + "\n"
            }
        }
        if !checkIns.isEmpty {
            out += "  Check-ins per week (mean morning pain, mean stiffness, worst after a session):\n"
            for w in checkIns {
                out += "    week of \(w.monday)  \(w.count) morning\(w.count == 1 ? "" : "s")  pain \(Self.one(w.morningPain))"
                    + "  stiffness \(Self.one(w.morningStiffness))  after \(w.afterSessionMax.map { "\($0)/10" } ?? "—")\n"
            }
        }
        return out
    }

    /// The section as JSON (docs/adherence.md).
    var json: JSONValue {
        .object([
            ("doses", .array(doses.map { d in
                .object([("date", .string(d.date.description)), ("program", .string(d.program)), ("exercise", .string(d.exercise)),
                         ("dose", .string(d.dose)), ("value", .int(d.value)), ("decision", .string(d.decision)),
                         ("reasons", .array(d.reasons.map { .string($0) }))])
            })),
            ("weeks", .array(verdicts.map { v in
                .object([("program", .string(v.program)), ("week", .int(v.week)), ("first_day", .string(v.first.description)),
                         ("verdict", .string(v.state)), ("broken", .array(v.broken.map { .string($0) }))])
            })),
            ("checkins", .array(checkIns.map { w in
                .object([("monday", .string(w.monday.description)), ("mornings", .int(w.count)),
                         ("morning_pain", w.morningPain.map(JSONValue.double) ?? .null),
                         ("morning_stiffness", w.morningStiffness.map(JSONValue.double) ?? .null),
                         ("after_session_max", w.afterSessionMax.map(JSONValue.int) ?? .null)])
            })),
        ])
    }

    /// The section for the HTML page: a dose chart per exercise, the steps, the verdicts and the check-ins.
    var html: [Node<HTML.BodyContext>] {
        var nodes: [Node<HTML.BodyContext>] = [.h3("Progression")]
        let exercises = doses.reduce(into: [String]()) { names, d in if !names.contains(d.exercise) { names.append(d.exercise) } }
        for name in exercises {
            let points = doses.filter { $0.exercise == name }
            let caption = "Dose of \(name): " + points.map { "\($0.date) \($0.dose)" + ($0.decision.isEmpty ? "" : " (\($0.decision))") }
                .joined(separator: ", ")
            nodes.append(.element(named: "figure", nodes: [.raw(Self.doseChart(points)), .element(named: "figcaption", nodes: [.escaped(caption)])]))
        }
        let steps = doses.filter(\.isStep)
        if !steps.isEmpty {
            nodes.append(.table(.tr(.th("Date"), .th("Exercise"), .th("Dose"), .th("Decision"), .th("Why")),
                                .forEach(steps) { d in
                                    .tr(.td(.class("nowrap"), .escaped(d.date.description)), .td(.escaped(d.exercise)), .td(.escaped(d.dose)),
                                        .td(.escaped(d.decision)), .td(.escaped(d.reasons.joined(separator: "; "))))
                                }))
        }
        if !verdicts.isEmpty {
            nodes.append(.table(.tr(.th("Program week"), .th("From"), .th("Verdict"), .th("Rules broken")),
                                .forEach(verdicts) { v in
                                    .tr(.td(.escaped("\(v.program) week \(v.week)")), .td(.class("nowrap"), .escaped(v.first.description)),
                                        .td(.escaped(v.state.replacingOccurrences(of: "_", with: " "))), .td(.escaped(v.broken.joined(separator: "; "))))
                                }))
        }
        if !checkIns.isEmpty {
            nodes.append(.table(.tr(.th("Week of"), .th("Morning check-ins"), .th("Mean pain"), .th("Mean stiffness"), .th("Worst after a session")),
                                .forEach(checkIns) { w in
                                    .tr(.td(.class("nowrap"), .escaped(w.monday.description)), .td(.escaped("\(w.count)")),
                                        .td(.escaped(Self.one(w.morningPain))), .td(.escaped(Self.one(w.morningStiffness))),
                                        .td(.escaped(w.afterSessionMax.map { "\($0)/10" } ?? "—")))
                                }))
        }
        return nodes
    }

    /// A step chart of one exercise's dose: one labelled point per change.
    static func doseChart(_ points: [DoseChange]) -> String {
        let width = 520, height = 120, left = 40, top = 14, plotWidth = 420, plotHeight = 80
        let top1 = max(1, points.map(\.value).max() ?? 1)
        let span = max(1, (points.last?.date.daysSinceEpoch ?? 0) - (points.first?.date.daysSinceEpoch ?? 0))
        func x(_ p: DoseChange) -> Int { left + plotWidth * (p.date.daysSinceEpoch - points[0].date.daysSinceEpoch) / span }
        func y(_ p: DoseChange) -> Int { top + plotHeight - plotHeight * p.value / top1 }
        var svg = "<svg role=\"img\" aria-label=\"Dose over time\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(left + plotWidth)\" y2=\"\(top + plotHeight)\" stroke=\"#999\"/>"
        var path = ""
        for (i, p) in points.enumerated() {
            path += i == 0 ? "M\(x(p)),\(y(p))" : "H\(x(p))V\(y(p))"
        }
        if let last = points.last { path += "H\(left + plotWidth)V\(y(last))" }
        svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>"
        for p in points {
            svg += "<circle cx=\"\(x(p))\" cy=\"\(y(p))\" r=\"3\" fill=\"#1f5fa8\"><title>\(MarkupText.escaped("\(p.date): \(p.dose) \(p.decision)", quotes: true))</title></circle>"
            svg += "<text x=\"\(x(p))\" y=\"\(max(10, y(p) - 5))\" font-size=\"10\" text-anchor=\"middle\">\(MarkupText.escaped(p.dose, quotes: true))</text>"
        }
        return svg + "</svg>"
    }

    /// A mean with one decimal, or a dash.
    static func one(_ value: Double?) -> String {
        guard let value else { return "—" }
        return "\((value * 10).rounded() / 10)"
    }

    private func clean(_ s: String) -> String { TextSanitizer.singleLine(s) }
}
