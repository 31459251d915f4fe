/// Columns of text for a terminal: each as wide as its widest cell, left- or right-aligned, two
/// spaces apart, trailing spaces trimmed. One layout for `limber plan`, `limber log` and the report.
public struct TextTable {
    private enum Row {
        case cells([String])
        case heading(String)
    }

    private var rows: [Row] = []
    private let indent: String
    private let rightAligned: Set<Int>
    private let ruleUnderFirstRow: Bool

    /// - Parameters:
    ///   - indent: Put before every line.
    ///   - rightAligned: The columns whose cells line up on the right (numbers, times).
    ///   - ruleUnderFirstRow: Underline the first row, the header, with `─` as wide as each column.
    public init(indent: String = "", rightAligned: Set<Int> = [], ruleUnderFirstRow: Bool = false) {
        self.indent = indent
        self.rightAligned = rightAligned
        self.ruleUnderFirstRow = ruleUnderFirstRow
    }

    /// Adds a row of cells.
    public mutating func append(_ cells: [String]) {
        rows.append(.cells(cells))
    }

    /// Adds a line of its own after a blank line, not lined up with the columns nor widening them.
    public mutating func appendHeading(_ text: String) {
        rows.append(.heading(text))
    }

    /// The table, each line ending in a newline.
    public func rendered() -> String {
        var widths: [Int] = []
        for case .cells(let cells) in rows {
            for (i, cell) in cells.enumerated() {
                if i == widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.count)
            }
        }
        var out = ""
        var first = true
        for row in rows {
            switch row {
            case .heading(let text):
                out += "\n" + indent + text + "\n"
            case .cells(let cells):
                let line = cells.enumerated().map { i, cell in
                    let pad = String(repeating: " ", count: widths[i] - cell.count)
                    return rightAligned.contains(i) ? pad + cell : cell + pad
                }.joined(separator: "  ")
                out += (indent + line).trimmingTrailingSpaces() + "\n"
                if ruleUnderFirstRow, first {
                    out += indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
                }
                first = false
            }
        }
        return out
    }
}
