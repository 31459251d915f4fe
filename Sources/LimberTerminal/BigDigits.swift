/// Block digits five rows tall, so the time left can be read from across the room: drawn in
/// full blocks, or in `#` for a terminal whose locale is not UTF-8.
public enum BigDigits {
    static let glyphs: [Character: [String]] = [
        "0": ["█████", "█   █", "█   █", "█   █", "█████"],
        "1": ["  █  ", " ██  ", "  █  ", "  █  ", " ███ "],
        "2": ["█████", "    █", "█████", "█    ", "█████"],
        "3": ["█████", "    █", " ████", "    █", "█████"],
        "4": ["█   █", "█   █", "█████", "    █", "    █"],
        "5": ["█████", "█    ", "█████", "    █", "█████"],
        "6": ["█████", "█    ", "█████", "█   █", "█████"],
        "7": ["█████", "    █", "   █ ", "  █  ", "  █  "],
        "8": ["█████", "█   █", "█████", "█   █", "█████"],
        "9": ["█████", "█   █", "█████", "    █", "█████"],
        ":": ["   ", " █ ", "   ", " █ ", "   "],
    ]

    /// Rows of glyph height.
    public static let height = 5

    /// Columns the text takes at `scale` (each glyph pixel is `2 × scale` wide, `scale` tall).
    public static func width(_ text: String, scale: Int) -> Int {
        let pixels = text.reduce(0) { $0 + (glyphs[$1]?.first?.count ?? 0) } + max(0, text.count - 1)
        return pixels * 2 * scale
    }

    /// ``width(_:scale:)`` when every character of `text` has a glyph (each glyph character
    /// takes one column), else nil.
    static func knownWidth(_ text: String, scale: Int) -> Int? {
        text.allSatisfy { glyphs[$0] != nil } ? width(text, scale: scale) : nil
    }

    /// The text drawn in block characters (`#` when `ascii`): `height × scale` lines.
    public static func render(_ text: String, scale: Int, ascii: Bool = false) -> [String] {
        (0..<height).flatMap { Array(repeating: row($0, of: text, scale: scale, ascii: ascii), count: scale) }
    }

    /// Glyph row `row` (0 to `height - 1`) of the text at `scale`: on screen it is repeated
    /// `scale` times.
    static func row(_ row: Int, of text: String, scale: Int, ascii: Bool) -> String {
        let drawn = drawn(scale: scale, ascii: ascii)
        var line = ""
        for (i, ch) in text.enumerated() {
            if i > 0 { line += String(repeating: " ", count: 2 * scale) }
            line += drawn[ch]?[row] ?? ""
        }
        return line
    }

    /// The glyph rows at `scale`: drawn once, the first time a screen uses that scale (the
    /// screens use 1 to 3; a session at one size draws one of them, not all six before its
    /// first frame).
    static func drawn(scale: Int, ascii: Bool) -> [Character: [String]] {
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

    /// Each glyph's rows at `scale`: every pixel `2 × scale` columns of ink or space.
    static func draw(scale: Int, ascii: Bool) -> [Character: [String]] {
        let ink = ascii ? "#" : "█"
        return glyphs.mapValues { rows in
            rows.map { row in row.map { String(repeating: $0 == " " ? " " : ink, count: 2 * scale) }.joined() }
        }
    }
}
