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

    /// Columns on screen (one per character; the tool's text is Latin and box drawing).
    public var width: Int { plain.count }

    /// Cut to `columns`, ending with … when something was cut.
    public func truncated(_ columns: Int) -> Styled {
        guard width > columns else { return self }
        var out = Styled()
        var left = max(0, columns - 1)
        for segment in segments where left > 0 {
            var s = segment
            s.text = String(segment.text.prefix(left))
            left -= s.text.count
            out.segments.append(s)
        }
        if columns > 0 { out.segments.append(Segment(text: "…", color: nil, bold: false, inverse: false)) }
        return out
    }

    /// Centred in `columns` with spaces on the left.
    public func centered(_ columns: Int) -> Styled {
        let fitted = truncated(columns)
        return Styled(String(repeating: " ", count: max(0, (columns - fitted.width) / 2))) + fitted
    }

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
            guard palette != .none else { return s.text }
            var codes: [String] = []
            if s.bold { codes.append("1") }
            if s.inverse { codes.append("7") }
            if palette == .color, let c = s.color { codes.append(String(c.rawValue)) }
            return codes.isEmpty ? s.text : "\u{1B}[\(codes.joined(separator: ";"))m\(s.text)\u{1B}[0m"
        }.joined()
    }
}

extension String {
    /// Word-wrapped to `columns`, at most `maxLines` lines (the last ends with … if cut).
    public func wrapped(_ columns: Int, maxLines: Int = .max) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        for paragraph in split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if line.isEmpty {
                    line = String(word)
                } else if line.count + 1 + word.count <= columns {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = String(word)
                }
                while line.count > columns {
                    lines.append(String(line.prefix(columns)))
                    line = String(line.dropFirst(columns))
                }
            }
            lines.append(line)
        }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            let last = lines[maxLines - 1]
            lines[maxLines - 1] = String(last.prefix(max(0, columns - 1))) + "…"
        }
        return lines
    }
}
