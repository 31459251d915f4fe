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

    /// The text drawn in block characters (`#` when `ascii`): `height × scale` lines.
    public static func render(_ text: String, scale: Int, ascii: Bool = false) -> [String] {
        let ink = ascii ? "#" : "█"
        return (0..<height).flatMap { row -> [String] in
            var line = ""
            for (i, ch) in text.enumerated() {
                if i > 0 { line += String(repeating: " ", count: 2 * scale) }
                for pixel in glyphs[ch]?[row] ?? "" {
                    line += String(repeating: pixel == " " ? " " : ink, count: 2 * scale)
                }
            }
            return Array(repeating: line, count: scale)
        }
    }
}
