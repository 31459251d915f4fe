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
    ///
    /// Written as bytes, each cell measured once: a row whose cells all fit their columns (every
    /// row when there is no width to fit) is padded byte by byte; only a row with a cell to wrap
    /// goes through ``wrap(_:columns:hangingIndent:)``.
    public func rendered(width: Int? = nil) -> String {
        var widths: [Int] = []
        var cellWidths: [Int] = []
        for case .cells(let cells) in rows {
            for (i, cell) in cells.enumerated() {
                let w = cell.displayWidth
                cellWidths.append(w)
                if i == widths.count { widths.append(0) }
                widths[i] = max(widths[i], w)
            }
        }
        if let width { narrow(&widths, toFit: width) }
        let out = ByteOutput()
        var first = true
        var measured = 0
        for row in rows {
            switch row {
            case .line(let text, let blankBefore, let extra, let hanging):
                if blankBefore { out.append(byte: UInt8(ascii: "\n")) }
                let lead = indent + String(repeating: " ", count: extra)
                let available = width.map { $0 - lead.displayWidth }
                for (n, line) in Self.wrap(text, columns: available, hangingIndent: hanging).enumerated() {
                    out.append((n == 0 ? lead + line : lead + String(repeating: " ", count: hanging) + line).trimmingTrailingSpaces())
                    out.append(byte: UInt8(ascii: "\n"))
                }
            case .cells(let cells):
                let own = cellWidths[measured..<measured + cells.count]
                measured += cells.count
                if zip(own, widths).allSatisfy({ $0 <= $1 }) {
                    appendLine(cells, own, widths, to: out)
                } else {
                    let pieces = cells.enumerated().map { i, cell in
                        own[own.startIndex + i] > widths[i] ? Self.wrap(cell, columns: widths[i]) : [cell]
                    }
                    for n in 0..<(pieces.map(\.count).max() ?? 0) {
                        let line = pieces.map { n < $0.count ? $0[n] : "" }
                        appendLine(line, line.map(\.displayWidth), widths, to: out)
                    }
                }
                if ruleUnderFirstRow, first {
                    out.append(indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
                    out.append(byte: UInt8(ascii: "\n"))
                }
                first = false
            }
        }
        return out.text
    }

    /// One line of cells that fit their columns: padded, two spaces apart, trailing spaces trimmed.
    private func appendLine<Widths: Collection<Int>>(_ cells: [String], _ cellWidths: Widths, _ widths: [Int], to out: ByteOutput) {
        appendLine(cellWidths, widths, to: out) { i, out in out.append(cells[i]) }
    }

    /// One line of cells that fit their columns, each written by `cell` (given its column):
    /// padded, two spaces apart, trailing spaces trimmed. `out` is in memory (the line is
    /// trimmed where it lies).
    private func appendLine<Widths: Collection<Int>>(_ cellWidths: Widths, _ widths: [Int], to out: ByteOutput,
                                                     cell: (Int, ByteOutput) -> Void) {
        precondition(out.chunk == .max, "a table line is written to output in memory")
        let start = out.count
        out.append(indent)
        let rightAligned = rightAligned.isEmpty ? nil : rightAligned
        for (i, w) in cellWidths.enumerated() {
            if i > 0 { out.append(repeating: UInt8(ascii: " "), count: 2) }
            let pad = max(0, widths[i] - w)
            if rightAligned?.contains(i) == true {
                out.append(repeating: UInt8(ascii: " "), count: pad)
                cell(i, out)
            } else {
                cell(i, out)
                out.append(repeating: UInt8(ascii: " "), count: pad)
            }
        }
        Self.trimTrailingSpaces(out, from: start)
        out.append(byte: UInt8(ascii: "\n"))
    }

    /// Drops the spaces and tabs that end the line begun at `start`, as `trimmingTrailingSpaces()`
    /// does: byte by byte when they follow an ASCII byte, else (a space may belong to the
    /// character before it) through the String.
    static func trimTrailingSpaces(_ out: ByteOutput, from start: Int) {
        var end = out.count
        while end > start, out.buffer[end - 1] == UInt8(ascii: " ") || out.buffer[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        guard end < out.count else { return }
        if end == start || out.buffer[end - 1] < 0x80 {
            out.count = end
        } else {
            let line = String(decoding: UnsafeBufferPointer(start: out.buffer + start, count: out.count - start), as: UTF8.self)
            out.count = start
            out.append(line.trimmingTrailingSpaces())
        }
    }

    /// One line of `cells` in columns of `widths` (none wider than its column), as
    /// ``rendered(width:)`` lays out each, appended to `out` (in memory): for a long table written
    /// a row at a time from cells made as bytes, measured once.
    public func line(_ cells: Cells, widths: [Int], to out: ByteOutput) {
        cells.bytes.withUnsafeBufferPointer { bytes in
            appendLine(cells.widths, widths, to: out) { i, out in out.append(UnsafeBufferPointer(rebasing: bytes[cells.range(i)])) }
        }
    }

    /// ``line(_:widths:to:)`` for the `widths.count` cells of `cells` from cell `first` on: a row
    /// kept among many in one ``Cells``, written without copying its cells out.
    public func line(_ cells: Cells, from first: Int, widths: [Int], to out: ByteOutput) {
        cells.bytes.withUnsafeBufferPointer { bytes in
            appendLine(cells.widths[first..<first + widths.count], widths, to: out) { i, out in
                out.append(UnsafeBufferPointer(rebasing: bytes[cells.range(first + i)]))
            }
        }
    }

    /// A row's cells as one run of UTF-8 bytes, each cell with its display width (see
    /// ``line(_:widths:to:)``). Reused from row to row: ``removeAll()`` keeps the storage.
    public struct Cells: Sendable {
        public private(set) var bytes: [UInt8] = []
        /// Where each cell ends in `bytes`.
        private var ends: [Int] = []
        public private(set) var widths: [Int] = []

        public init() {}

        /// Adds a cell of `bytes` that takes `width` columns. (Bytes, not any sequence of them:
        /// a generic append across modules went a byte at a time through witness tables.)
        public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, width: Int) {
            self.bytes.append(contentsOf: bytes)
            ends.append(self.bytes.count)
            widths.append(width)
        }

        /// Adds a cell of `bytes` that takes `width` columns.
        public mutating func append(_ bytes: [UInt8], width: Int) {
            bytes.withUnsafeBufferPointer { append($0, width: width) }
        }

        /// The bytes of cell `i`.
        public func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

        public mutating func removeAll() {
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            widths.removeAll(keepingCapacity: true)
        }
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
