/// Columns of text for a terminal: each as wide as its widest cell, left- or right-aligned, two
/// spaces apart, trailing spaces trimmed. One layout for `limber plan`, `limber log` and the report.
///
/// Widths are display widths (``DisplayWidth``), so wide characters keep the columns in line.
/// Given a width to fit, the table narrows its wrapping columns and wraps their cells at spaces.
public struct TextTable {
    private enum Row {
        case cells([String])
        /// A line of its own: after a blank line (a heading) or not, with extra indent for every
        /// line and more for wrapped continuation lines.
        case line(String, blankBefore: Bool, indent: Int, hangingIndent: Int)
    }

    private var rows: [Row] = []
    private let indent: String
    private let rightAligned: Set<Int>
    private let ruleUnderFirstRow: Bool
    private let wrapping: Set<Int>

    /// The narrowest a wrapping column is made when fitting a width.
    public static let narrowestWrappedColumn = 12

    /// - Parameters:
    ///   - indent: Put before every line.
    ///   - rightAligned: The columns whose cells line up on the right (numbers, times).
    ///   - ruleUnderFirstRow: Underline the first row, the header, with `─` as wide as each column.
    ///   - wrapping: The columns that may be narrowed, their cells wrapped, to fit a width.
    public init(indent: String = "", rightAligned: Set<Int> = [], ruleUnderFirstRow: Bool = false, wrapping: Set<Int> = []) {
        self.indent = indent
        self.rightAligned = rightAligned
        self.ruleUnderFirstRow = ruleUnderFirstRow
        self.wrapping = wrapping
    }

    /// Adds a row of cells.
    public mutating func append(_ cells: [String]) {
        rows.append(.cells(cells))
    }

    /// Adds a line of its own after a blank line, not lined up with the columns nor widening them;
    /// wrapped lines are indented by `hangingIndent` more columns.
    public mutating func appendHeading(_ text: String, hangingIndent: Int = 0) {
        rows.append(.line(text, blankBefore: true, indent: 0, hangingIndent: hangingIndent))
    }

    /// Adds a line of its own, `indent` columns in, not lined up with the columns nor widening
    /// them; wrapped lines are indented by `hangingIndent` more columns.
    public mutating func appendLine(_ text: String, indent: Int = 0, hangingIndent: Int = 0) {
        rows.append(.line(text, blankBefore: false, indent: indent, hangingIndent: hangingIndent))
    }

    /// The table, each line ending in a newline; fitted to `width` columns when given (as far as
    /// the wrapping columns can narrow), as wide as its cells when not.
    public func rendered(width: Int? = nil) -> String {
        var widths: [Int] = []
        for case .cells(let cells) in rows {
            for (i, cell) in cells.enumerated() {
                if i == widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.displayWidth)
            }
        }
        if let width { narrow(&widths, toFit: width) }
        var out = ""
        var first = true
        for row in rows {
            switch row {
            case .line(let text, let blankBefore, let extra, let hanging):
                if blankBefore { out += "\n" }
                let lead = indent + String(repeating: " ", count: extra)
                let available = width.map { $0 - lead.displayWidth }
                for (n, line) in Self.wrap(text, columns: available, hangingIndent: hanging).enumerated() {
                    out += (n == 0 ? lead + line : lead + String(repeating: " ", count: hanging) + line)
                        .trimmingTrailingSpaces() + "\n"
                }
            case .cells(let cells):
                let pieces = cells.enumerated().map { i, cell in
                    cell.displayWidth > widths[i] ? Self.wrap(cell, columns: widths[i]) : [cell]
                }
                for n in 0..<(pieces.map(\.count).max() ?? 0) {
                    out += line(pieces.map { n < $0.count ? $0[n] : "" }, widths: widths)
                }
                if ruleUnderFirstRow, first {
                    out += indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
                }
                first = false
            }
        }
        return out
    }

    /// One line of cells in columns of `widths` (none wider than its column), as
    /// ``rendered(width:)`` lays out each: for a long table written a row at a time.
    public func line(_ cells: [String], widths: [Int]) -> String {
        let line = cells.enumerated().map { i, cell in
            let pad = String(repeating: " ", count: max(0, widths[i] - cell.displayWidth))
            return rightAligned.contains(i) ? pad + cell : cell + pad
        }.joined(separator: "  ")
        return (indent + line).trimmingTrailingSpaces() + "\n"
    }

    /// Narrows the widest wrapping column a column at a time until the table fits `width` or no
    /// wrapping column can give more.
    private func narrow(_ widths: inout [Int], toFit width: Int) {
        var excess = indent.displayWidth + widths.reduce(0, +) + 2 * max(0, widths.count - 1) - width
        while excess > 0 {
            let candidates = widths.indices.filter { wrapping.contains($0) && widths[$0] > Self.narrowestWrappedColumn }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { return }
            widths[widest] -= 1
            excess -= 1
        }
    }

    /// `text` broken at spaces into lines of at most `columns` display columns (a word longer
    /// than that is cut); continuation lines leave room for `hangingIndent`. One line when
    /// `columns` is nil.
    public static func wrap(_ text: String, columns: Int?, hangingIndent: Int = 0) -> [String] {
        guard let columns, text.displayWidth > columns else { return [text] }
        var lines: [String] = []
        var line = ""
        var limit = max(1, columns)
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            if !line.isEmpty, line.displayWidth + 1 + word.displayWidth <= limit {
                line += " " + word
                continue
            }
            if !line.isEmpty {
                lines.append(line)
                line = ""
                limit = max(1, columns - hangingIndent)
            }
            while word.displayWidth > limit {
                let head = word.prefix(columns: limit)
                let cut = head.isEmpty ? String(word.prefix(1)) : head
                lines.append(cut)
                word = word.dropFirst(cut.count)
                limit = max(1, columns - hangingIndent)
            }
            line = String(word)
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
