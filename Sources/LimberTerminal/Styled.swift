import LimberBasics

/// A line of text with colour and weight, whose width is known without its escape codes.
public struct Styled: Sendable, Equatable {
    public enum Color: Int, Sendable {
        case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, white = 37, gray = 90
    }

    struct Segment: Sendable, Equatable {
        var text: String
        var color: Color?
        var bold: Bool
        var inverse: Bool
    }

    var segments: [Segment] = []

    public init() {}

    public init(_ text: String, color: Color? = nil, bold: Bool = false, inverse: Bool = false) {
        segments = [Segment(text: text, color: color, bold: bold, inverse: inverse)]
    }

    public static func + (a: Styled, b: Styled) -> Styled {
        var out = a
        out.segments += b.segments
        return out
    }

    /// The visible text.
    public var plain: String { segments.map(\.text).joined() }

    /// Columns on screen, wide characters (CJK, emoji) counted as two (``DisplayWidth``).
    public var width: Int { plain.displayWidth }

    /// Cut to `columns`, ending with `ellipsis` when something was cut.
    public func truncated(_ columns: Int, ellipsis: String = "…") -> Styled {
        guard width > columns else { return self }
        var out = Styled()
        var left = max(0, columns - ellipsis.displayWidth)
        for segment in segments where left > 0 {
            var s = segment
            s.text = segment.text.prefix(columns: left)
            left -= s.text.displayWidth
            out.segments.append(s)
        }
        if columns > 0 { out.segments.append(Segment(text: String(ellipsis.prefix(columns: columns)), color: nil, bold: false, inverse: false)) }
        return out
    }

    /// Centred in `columns` with spaces on the left.
    public func centered(_ columns: Int, ellipsis: String = "…") -> Styled {
        let fitted = truncated(columns, ellipsis: ellipsis)
        return Styled(String(repeating: " ", count: max(0, (columns - fitted.width) / 2))) + fitted
    }

    /// The same line with each non-ASCII symbol the screens use replaced by ASCII of the same
    /// width (`…` becomes `...`), for a terminal whose locale is not UTF-8.
    public var ascii: Styled {
        var out = self
        for i in out.segments.indices {
            out.segments[i].text = String(out.segments[i].text.flatMap { Self.asciiFallback[$0] ?? String($0) })
        }
        return out
    }

    static let asciiFallback: [Character: String] = [
        "…": "...", "·": "-", "—": "-", "–": "-", "•": "*", "─": "-", "█": "#", "░": "-", "▏": "_",
        "↓": "v", "↑": "^", "→": ">", "←": "<", "×": "x",
    ]

    /// How much styling a terminal gets.
    public enum Palette: Sendable {
        /// No escape codes at all (tests, golden files).
        case none
        /// Bold and inverse but no colour (NO_COLOR): the phase stays visible in monochrome.
        case monochrome
        case color
    }

    /// The text with the palette's ANSI codes.
    public func rendered(_ palette: Palette) -> String {
        segments.map { s in
            let opening = Self.opening(color: s.color, bold: s.bold, inverse: s.inverse, palette: palette)
            return opening.isEmpty ? s.text : opening + s.text + Self.reset
        }.joined()
    }

    /// The escape sequence that starts a segment of this style under `palette`; empty when the
    /// palette shows nothing of it (the segment is then written bare, without ``reset``).
    static func opening(color: Color?, bold: Bool, inverse: Bool = false, palette: Palette) -> String {
        guard palette != .none else { return "" }
        var codes: [String] = []
        if bold { codes.append("1") }
        if inverse { codes.append("7") }
        if palette == .color, let color { codes.append(String(color.rawValue)) }
        return codes.isEmpty ? "" : "\u{1B}[\(codes.joined(separator: ";"))m"
    }

    /// What ends a segment that had an ``opening(color:bold:inverse:palette:)``.
    static let reset = "\u{1B}[0m"
}

extension String {
    /// Word-wrapped to `columns` terminal columns, at most `maxLines` lines (the last ends with
    /// `ellipsis` if cut). Widths are display widths: a CJK character takes two columns.
    public func wrapped(_ columns: Int, maxLines: Int = .max, ellipsis: String = "…") -> [String] {
        guard columns > 0, maxLines > 0 else { return [] }
        var lines: [String] = []
        for paragraph in split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if line.isEmpty {
                    line = String(word)
                } else if line.displayWidth + 1 + word.displayWidth <= columns {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = String(word)
                }
                while line.displayWidth > columns {
                    var head = line.prefix(columns: columns)
                    if head.isEmpty { head = String(line.prefix(1)) } // a wide character in one column
                    lines.append(head)
                    line = String(line.dropFirst(head.count))
                }
            }
            lines.append(line)
        }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            let last = lines[maxLines - 1]
            lines[maxLines - 1] = last.prefix(columns: max(0, columns - ellipsis.displayWidth)) + ellipsis
        }
        return lines
    }
}
