import LimberBasics
import Testing

/// `TextTable.rendered` writes bytes; these compare it with the String layout it replaced on
/// generated tables: wide, combining and invisible text, empty cells, trailing spaces after
/// ASCII and after other characters, with and without a width to fit.
@Suite("Text tables as bytes")
struct TextTableBytesTests {
    enum Spec {
        case cells([String])
        case line(String, blankBefore: Bool, indent: Int, hangingIndent: Int)
    }

    static let words = ["a", "start", "0:05", "漢字", "Cafe\u{301}", "🧘", "→", "·", "", " ", "x ", "é ", "\u{D4E} ",
                        "long words wrap here", "\u{200B}", "👩‍💻 dev", "t\t", "3-2-1 ×4", "wide 全角 text here"]

    static func table(seed: Int) -> (TextTable, [Spec], (indent: String, right: Set<Int>, rule: Bool, wrap: Set<Int>)) {
        // A seeded sequence (Knuth's MMIX LCG), so a failing table can be made again from its seed.
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let columns = 1 + Int(next() % 4)
        let settings = (indent: ["", "  ", " ·"][Int(next() % 3)], right: Set((0..<columns).filter { _ in next() % 3 == 0 }),
                        rule: next() % 2 == 0, wrap: Set((0..<columns).filter { _ in next() % 2 == 0 }))
        var table = TextTable(indent: settings.indent, rightAligned: settings.right, ruleUnderFirstRow: settings.rule, wrapping: settings.wrap)
        var specs: [Spec] = []
        for _ in 0..<(1 + next() % 12) {
            func text() -> String {
                (0..<(1 + next() % 4)).map { _ in words[Int(next() % UInt64(words.count))] }.joined(separator: next() % 2 == 0 ? " " : "")
            }
            switch next() % 5 {
            case 0:
                let t = text(), hanging = Int(next() % 4)
                table.appendHeading(t, hangingIndent: hanging)
                specs.append(.line(t, blankBefore: true, indent: 0, hangingIndent: hanging))
            case 1:
                let t = text(), indent = Int(next() % 4), hanging = Int(next() % 4)
                table.appendLine(t, indent: indent, hangingIndent: hanging)
                specs.append(.line(t, blankBefore: false, indent: indent, hangingIndent: hanging))
            default:
                let cells = (0..<columns).map { _ in text() }
                table.append(cells)
                specs.append(.cells(cells))
            }
        }
        return (table, specs, settings)
    }

    @Test(arguments: 0..<300)
    func bytesAreWhatTheStringLayoutGave(seed: Int) {
        let (table, specs, settings) = Self.table(seed: seed)
        for width in [nil, 10, 24, 40, 200] as [Int?] {
            #expect(table.rendered(width: width) == Self.reference(specs, settings, width: width), "seed \(seed), width \(String(describing: width))")
        }
    }

    /// The String layout `rendered(width:)` had before it wrote bytes.
    static func reference(_ rows: [Spec], _ s: (indent: String, right: Set<Int>, rule: Bool, wrap: Set<Int>), width: Int?) -> String {
        var widths: [Int] = []
        for case .cells(let cells) in rows {
            for (i, cell) in cells.enumerated() {
                if i == widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.displayWidth)
            }
        }
        if let width {
            var excess = s.indent.displayWidth + widths.reduce(0, +) + 2 * max(0, widths.count - 1) - width
            while excess > 0 {
                let candidates = widths.indices.filter { s.wrap.contains($0) && widths[$0] > TextTable.narrowestWrappedColumn }
                guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
                excess -= 1
            }
        }
        var out = ""
        var first = true
        for row in rows {
            switch row {
            case .line(let text, let blankBefore, let extra, let hanging):
                if blankBefore { out += "\n" }
                let lead = s.indent + String(repeating: " ", count: extra)
                let available = width.map { $0 - lead.displayWidth }
                for (n, line) in TextTable.wrap(text, columns: available, hangingIndent: hanging).enumerated() {
                    out += (n == 0 ? lead + line : lead + String(repeating: " ", count: hanging) + line).trimmingTrailingSpaces() + "\n"
                }
            case .cells(let cells):
                let pieces = cells.enumerated().map { i, cell in
                    cell.displayWidth > widths[i] ? TextTable.wrap(cell, columns: widths[i]) : [cell]
                }
                for n in 0..<(pieces.map(\.count).max() ?? 0) {
                    let line = pieces.enumerated().map { i, lines in
                        let cell = n < lines.count ? lines[n] : ""
                        let pad = String(repeating: " ", count: max(0, widths[i] - cell.displayWidth))
                        return s.right.contains(i) ? pad + cell : cell + pad
                    }.joined(separator: "  ")
                    out += (s.indent + line).trimmingTrailingSpaces() + "\n"
                }
                if s.rule, first {
                    out += s.indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
                }
                first = false
            }
        }
        return out
    }
}
