import LimberBasics
import LimberProgram

/// Inline SVG charts, written into the page as bytes. Built as text with every label escaped here
/// (Plot has no SVG elements); each shape carries a text label or a <title>, so colour is never
/// the only signal.
enum Charts {
    /// Markup made by string interpolation straight into bytes, numbers as digits: no String is
    /// built per shape. Text is interpolated as it is; what came from outside goes in `escaped:`.
    struct Markup: ExpressibleByStringInterpolation {
        var bytes: [UInt8]

        init(stringLiteral value: String) { bytes = Array(value.utf8) }
        init(stringInterpolation: StringInterpolation) { bytes = stringInterpolation.bytes }

        struct StringInterpolation: StringInterpolationProtocol {
            var bytes: [UInt8] = []

            init(literalCapacity: Int, interpolationCount: Int) { bytes.reserveCapacity(literalCapacity + 16 * interpolationCount) }
            mutating func appendLiteral(_ literal: String) { appendInterpolation(literal) }
            mutating func appendInterpolation(_ text: String) {
                var text = text
                text.withUTF8 { bytes.append(contentsOf: $0) }
            }

            /// `date` as its `description` spells it ("2026-11-05").
            mutating func appendInterpolation(_ date: CalendarDate) {
                appendInterpolation(date.year)
                for part in [date.month, date.day] {
                    bytes.append(UInt8(ascii: "-"))
                    if part < 10 { bytes.append(UInt8(ascii: "0")) }
                    appendInterpolation(part)
                }
            }

            /// `value` as `String(value)` spells it; the digits of one under 10,000 (coordinates,
            /// counts, years) without making the String.
            mutating func appendInterpolation(_ value: Int) {
                guard (0..<10_000).contains(value) else { return bytes.append(contentsOf: String(value).utf8) }
                let zero = UInt8(ascii: "0")
                if value >= 1000 { bytes.append(zero + UInt8(value / 1000)) }
                if value >= 100 { bytes.append(zero + UInt8(value / 100 % 10)) }
                if value >= 10 { bytes.append(zero + UInt8(value / 10 % 10)) }
                bytes.append(zero + UInt8(value % 10))
            }

            /// `text` with every `&`, `<`, `>`, `"` and `'` byte as its entity (`MarkupText`).
            mutating func appendInterpolation(escaped text: String) {
                MarkupText.append(text, quotes: true, to: &bytes)
            }
        }
    }

    /// One row per ISO week, one cell per day: ✓ done, ½ partial, ✗ missed, blank otherwise.
    static func calendar(_ a: Adherence, to out: ByteOutput) {
        let cell = 22, left = 80, top = 20
        let height = top + a.weeks.count * cell + 6
        let width = left + 7 * cell + 170
        func put(_ m: Markup) { out.append(m.bytes) }
        put("<svg role=\"img\" aria-label=\"Calendar of sessions, one row per week\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\">")
        for (i, name) in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"].enumerated() {
            put("<text x=\"\(left + i * cell + cell / 2)\" y=\"14\" font-size=\"11\" text-anchor=\"middle\">\(name)</text>")
        }
        for (row, week) in a.weeks.enumerated() {
            let y = top + row * cell
            put("<text x=\"0\" y=\"\(y + 15)\" font-size=\"11\">\(week.label)</text>")
            for i in 0..<7 {
                let day = week.monday.adding(days: i)
                let x = left + i * cell
                let info = a.day(day)
                // On a day prescribing more than one session, a day short of them shows "1/2".
                let short = info.map { $0.state == .done && $0.counted < $0.perDay } ?? false
                let (fill, mark, words): (String, Markup, Markup) = switch info?.state {
                case .done? where short: ("#66bb6a", "\(info!.counted)/\(info!.perDay)", "\(info!.counted) of \(info!.perDay) sessions done")
                case .done?: ("#2e7d32", "✓", "done")
                case .partial?: ("#f9a825", "½", "partial")
                case .missed?: ("#ffffff", "✗", "missed")
                case .open?: ("#f1f1f1", "", "no session")
                case .outside?, nil: ("none", "", "outside")
                }
                let stroke = info == nil || info?.state == .outside ? "none" : "#888"
                put("<g><title>\(day) ")
                out.append(words.bytes)
                if let info, info.sessions > 0 { put(", \(info.sessions) session(s)") }
                put("</title><rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cell - 3)\" height=\"\(cell - 3)\" rx=\"3\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>")
                if !mark.bytes.isEmpty {
                    let color = info?.state == .done ? "#ffffff" : info?.state == .missed ? "#c62828" : "#1b1b1b"
                    put("<text x=\"\(x + cell / 2)\" y=\"\(y + 16)\" font-size=\"\(short ? 10 : 13)\" text-anchor=\"middle\" fill=\"\(color)\">")
                    out.append(mark.bytes)
                    put("</text>")
                }
                put("</g>")
            }
            let label = week.prescribed > 0 ? "\(week.done)/\(week.prescribed) \(Format.percent(week.fraction))" + (week.adherent == true ? "" : " below 80 %") : ""
            put("<text x=\"\(left + 7 * cell + 8)\" y=\"\(y + 15)\" font-size=\"11\">\(escaped: label)</text>")
        }
        put("</svg><p class=\"meta\">✓ done · 1/2 one of two sessions a day done · ½ partial (started, not enough done) · ✗ missed scheduled day · grey: no session · blank: outside the program</p>")
    }

    /// A bar per week: the share of prescribed sessions done, with the 80 % line.
    static func weeks(_ a: Adherence, to out: ByteOutput) {
        func put(_ m: Markup) { out.append(m.bytes) }
        let weeks = a.weeks.filter { $0.prescribed > 0 }
        guard !weeks.isEmpty else { return put("<p>No sessions were prescribed in this window.</p>") }
        let barWidth = 34, gap = 10, height = 140, base = 110, left = 36
        let width = left + weeks.count * (barWidth + gap) + 10
        put("<svg role=\"img\" aria-label=\"Weekly adherence, percent of prescribed sessions done\" width=\"\(width)\" height=\"\(height + 20)\" viewBox=\"0 0 \(width) \(height + 20)\" xmlns=\"http://www.w3.org/2000/svg\">")
        for pct in [0, 50, 100] {
            let y = base - pct
            put("<text x=\"0\" y=\"\(y + 4)\" font-size=\"10\">\(pct) %</text><line x1=\"\(left - 4)\" x2=\"\(width)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#ddd\"/>")
        }
        put("<line x1=\"\(left - 4)\" x2=\"\(width)\" y1=\"\(base - 80)\" y2=\"\(base - 80)\" stroke=\"#555\" stroke-dasharray=\"4 3\"/><text x=\"\(width - 60)\" y=\"\(base - 84)\" font-size=\"10\">80 % target</text>")
        for (i, w) in weeks.enumerated() {
            let pct = Int(((w.fraction ?? 0) * 100).rounded())
            let x = left + i * (barWidth + gap)
            let fill = w.adherent == true ? "#2e7d32" : "#c62828"
            put("<g><title>\(w.label): \(w.done) of \(w.prescribed) sessions, \(pct) %</title>")
            put("<rect x=\"\(x)\" y=\"\(base - pct)\" width=\"\(barWidth)\" height=\"\(max(pct, 1))\" fill=\"\(fill)\"/>")
            put("<text x=\"\(x + barWidth / 2)\" y=\"\(base - pct - 3)\" font-size=\"10\" text-anchor=\"middle\">\(pct) %</text>")
            put("<text x=\"\(x + barWidth / 2)\" y=\"\(base + 14)\" font-size=\"9\" text-anchor=\"middle\">W\(String(w.label.suffix(2)))</text></g>")
        }
        put("</svg>")
    }

    /// Points written per turn of ``Alongside/write(count:run:to:_:)``.
    static let pointsPerTurn = 8192

    /// Each rating over time (0–10), placed by its date and time across the window, the stop
    /// level dashed (the points in runs of `perTurn` on two threads at once).
    static func discomfort(_ d: ExerciseDiscomfort, _ window: ClosedRange<CalendarDate>, to out: ByteOutput,
                           perTurn: Int = pointsPerTurn) {
        let width = 560, height = 150, left = 30, right = 20, top = 10, plotHeight = 110
        let points = d.ratings
        let first = Double(window.lowerBound.daysSinceEpoch), days = Double(window.upperBound.daysSinceEpoch + 1) - first
        /// Days since the window opened, by the local date and clock ("07:30") the log recorded.
        @Sendable func x(_ t: LogTime) -> Int {
            var clock = t.clock
            let minutes = clock.withUTF8 { c in Double((Int(c[0]) - 48) * 10 + Int(c[1]) - 48) * 60 + Double((Int(c[3]) - 48) * 10 + Int(c[4]) - 48) }
            let offset = Double(t.date.daysSinceEpoch) - first + minutes / 1440
            return left + Int((min(max(offset, 0), days) / days * Double(width - left - right)).rounded())
        }
        @Sendable func y(_ r: Int) -> Int { top + plotHeight - r * plotHeight / 10 }
        func put(_ m: Markup) { out.append(m.bytes) }
        put("<svg role=\"img\" aria-label=\"Discomfort ratings over time for \(escaped: d.name)\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\">")
        for r in [0, 5, 10] {
            put("<text x=\"0\" y=\"\(y(r) + 4)\" font-size=\"10\">\(r)</text><line x1=\"\(left - 4)\" x2=\"\(width)\" y1=\"\(y(r))\" y2=\"\(y(r))\" stroke=\"#ddd\"/>")
        }
        if let stop = points.last(where: { $0.stopAt != nil })?.stopAt {
            put("<line x1=\"\(left)\" x2=\"\(width)\" y1=\"\(y(stop))\" y2=\"\(y(stop))\" stroke=\"#c62828\" stroke-dasharray=\"5 3\"/><text x=\"\(width - 70)\" y=\"\(y(stop) - 3)\" font-size=\"10\" fill=\"#c62828\">stop at \(stop)</text>")
        }
        // A point per rating (tens of thousands over years): written straight into the output,
        // as the markup above would spell it, with no bytes made per point; in runs on two
        // threads at once (``Alongside``), each point's bytes its rating's alone.
        if points.count > 1 {
            put("<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"")
            Alongside.write(count: points.count, run: perTurn, to: out) { range, out in
                for i in range {
                    let r = points[i]
                    if i > 0 { out.append(byte: UInt8(ascii: " ")) }
                    out.append(decimal: x(r.time))
                    out.append(byte: UInt8(ascii: ","))
                    out.append(decimal: y(r.rating))
                }
            }
            put("\"/>")
        }
        Alongside.write(count: points.count, run: perTurn, to: out) { range, out in
            for i in range {
                let r = points[i]
                out.append(literal: "<g><title>")
                out.append(date: r.time.date)
                out.append(literal: ": ")
                out.append(decimal: r.rating)
                if let note = r.note {
                    out.append(literal: " — ")
                    MarkupText.append(note, quotes: true, to: out)
                }
                out.append(literal: "</title><circle cx=\"")
                out.append(decimal: x(r.time))
                out.append(literal: "\" cy=\"")
                out.append(decimal: y(r.rating))
                out.append(literal: "\" r=\"3.5\" fill=\"#1565c0\"/></g>")
            }
        }
        put("<text x=\"\(left)\" y=\"\(height - 4)\" font-size=\"10\">\(window.lowerBound)</text>")
        put("<text x=\"\(width - right)\" y=\"\(height - 4)\" font-size=\"10\" text-anchor=\"end\">\(window.upperBound)</text>")
        put("</svg>")
    }
}
