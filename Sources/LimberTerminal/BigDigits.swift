/// Block digits five rows tall, so the time left can be read from across the room: drawn in
/// full blocks, or in `#` for a terminal whose locale is not UTF-8.
public enum BigDigits {
    /// The glyphs of "0" to "9" and ":", in that order (a character's place is ``glyph(_:)``):
    /// looked up by place, not in a dictionary of Characters, whose hashing cost ~0.4M
    /// instructions before a session's first frame.
    static let glyphs: [[String]] = [
        ["█████", "█   █", "█   █", "█   █", "█████"],
        ["  █  ", " ██  ", "  █  ", "  █  ", " ███ "],
        ["█████", "    █", "█████", "█    ", "█████"],
        ["█████", "    █", " ████", "    █", "█████"],
        ["█   █", "█   █", "█████", "    █", "    █"],
        ["█████", "█    ", "█████", "    █", "█████"],
        ["█████", "█    ", "█████", "█   █", "█████"],
        ["█████", "    █", "   █ ", "  █  ", "  █  "],
        ["█████", "█   █", "█████", "█   █", "█████"],
        ["█████", "█   █", "█████", "    █", "█████"],
        ["   ", " █ ", "   ", " █ ", "   "],
    ]

    /// Pixels across each glyph, in the order of ``glyphs``.
    private static let glyphWidths = glyphs.map { $0[0].unicodeScalars.count }

    /// The place of `ch`'s glyph in ``glyphs``, or nil for a character without one (a digit
    /// with a combining mark is not a digit).
    static func glyph(_ ch: Character) -> Int? {
        guard let ascii = ch.asciiValue, ascii >= UInt8(ascii: "0"), ascii <= UInt8(ascii: ":") else { return nil }
        return Int(ascii - UInt8(ascii: "0"))
    }

    /// Rows of glyph height.
    public static let height = 5

    /// Columns the text takes at `scale` (each glyph pixel is `2 × scale` wide, `scale` tall).
    public static func width(_ text: String, scale: Int) -> Int {
        let pixels = text.reduce(0) { $0 + (glyph($1).map { glyphWidths[$0] } ?? 0) } + max(0, text.count - 1)
        return pixels * 2 * scale
    }

    /// ``width(_:scale:)`` when every character of `text` has a glyph (each glyph character
    /// takes one column), else nil.
    static func knownWidth(_ text: String, scale: Int) -> Int? {
        // Digits and colons only (the clock, every second): measured from the bytes.
        var pixels = 0
        if text.utf8.allSatisfy({ byte in
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: ":") else { return false }
            pixels += glyphWidths[Int(byte - UInt8(ascii: "0"))] + 1
            return true
        }) {
            return max(0, pixels - 1) * 2 * scale
        }
        return text.allSatisfy { glyph($0) != nil } ? width(text, scale: scale) : nil
    }

    /// The text drawn in block characters (`#` when `ascii`): `height × scale` lines.
    public static func render(_ text: String, scale: Int, ascii: Bool = false) -> [String] {
        (0..<height).flatMap { Array(repeating: row($0, of: text, scale: scale, ascii: ascii), count: scale) }
    }

    /// Glyph row `row` (0 to `height - 1`) of the text at `scale`: on screen it is repeated
    /// `scale` times.
    static func row(_ row: Int, of text: String, scale: Int, ascii: Bool) -> String {
        var line = LineBytes(capacity: 64)
        appendRow(row, of: text, scale: scale, ascii: ascii, to: &line)
        return line.string
    }

    /// ``row(_:of:scale:ascii:)`` appended to `line` (the clock drawn every second).
    static func appendRow(_ row: Int, of text: String, scale: Int, ascii: Bool, to line: inout LineBytes) {
        let drawn = drawn(scale: scale, ascii: ascii)
        var first = true
        for ch in text {
            if !first { line.spaces(2 * scale) }
            first = false
            if let glyph = glyph(ch) { line.append(drawn[glyph][row]) }
        }
    }

    /// The glyph rows at `scale`: drawn once, the first time a screen uses that scale (the
    /// screens use 1 to 3; a session at one size draws one of them, not all six before its
    /// first frame).
    static func drawn(scale: Int, ascii: Bool) -> [[String]] {
        switch scale {
        case 1: ascii ? ascii1 : blocks1
        case 2: ascii ? ascii2 : blocks2
        case 3: ascii ? ascii3 : blocks3
        default: draw(scale: scale, ascii: ascii)
        }
    }

    private static let blocks1 = draw(scale: 1, ascii: false), ascii1 = draw(scale: 1, ascii: true)
    private static let blocks2 = draw(scale: 2, ascii: false), ascii2 = draw(scale: 2, ascii: true)
    private static let blocks3 = draw(scale: 3, ascii: false), ascii3 = draw(scale: 3, ascii: true)

    /// Each glyph's rows at `scale`, in the order of ``glyphs``: every pixel `2 × scale` columns
    /// of ink or space.
    static func draw(scale: Int, ascii: Bool) -> [[String]] {
        let ink = String(repeating: ascii ? "#" : "█", count: 2 * scale), blank = String(repeating: " ", count: 2 * scale)
        return glyphs.map { rows in
            rows.map { row in
                var line = ""
                for pixel in row.unicodeScalars { line += pixel == " " ? blank : ink }
                return line
            }
        }
    }
}
