/// Outside text built to slip markup past an escape that works on whole characters, and a reader
/// of the tags a page holds: the property tests of the HTML pages (report, progression, handout).
public enum MarkupProbe {
    /// A string of `<`, `>`, `&` and quotes fused with combining marks, after prepended marks
    /// (U+0600…U+0605), inside ZWJ sequences, beside bidi controls and emoji, with whole tags.
    public static func hostile(_ random: inout SeededGenerator) -> String {
        let pieces = ["<", ">", "&", "\"", "'", "<\u{301}", ">\u{301}", "&\u{301}", "\"\u{20DD}", "'\u{301}", "\u{600}<", "\u{601}>",
                      "\u{602}&", "\u{603}\"", "\u{605}'", "\u{600}<img src=x onerror=alert(1)\u{600}>", "<\u{301}script>",
                      "\u{600}</bdi\u{600}>", "\u{600}</title\u{600}>", "\u{600}<b\u{600}>", "👩\u{200D}<", ">\u{200D}👩", "👩‍⚕️", "🇫🇷",
                      "\u{202E}<", "\u{2067}>\u{2069}", "\u{200F}", "&amp;", "&lt;", "&#60;", "&#x3C;", "&\u{600}lt;", "e\u{301}", "x",
                      " ", "ה", "<\u{1F3FB}", "<svg onload=alert(1)>"]
        return "x" + (0..<Int.random(in: 1...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    /// The tags of `html` in order, each `<` byte read as a tag's start: `name` or `/name`
    /// (lowercased), `!doctype`, or "" for a `<` no tag name follows (text that was not escaped).
    public static func tags(_ html: String) -> [String] {
        let bytes = Array(html.utf8)
        var tags: [String] = []
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "<") {
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "/") || bytes[j] == UInt8(ascii: "!") { j += 1 }
            let start = j
            while j < bytes.count, (bytes[j] | 0x20 >= 0x61 && bytes[j] | 0x20 <= 0x7A) || (j > start && (bytes[j] == 0x2D || (bytes[j] >= 0x30 && bytes[j] <= 0x39))) { j += 1 }
            tags.append(j == start ? "" : String(decoding: bytes[(i + 1)..<j], as: UTF8.self).lowercased())
        }
        return tags
    }

    /// The first of `count` hostile texts (seeded by `seed`) whose page, as `page` renders it, has
    /// other tags than the page of plain text, with its scalars in hex; nil when none has.
    public static func forged(seed: UInt64, count: Int = 60, _ page: (String) throws -> String) throws -> String? {
        let plain = tags(try page("x"))
        if plain.contains("") { return "x" }
        var random = SeededGenerator(state: seed)
        for _ in 0..<count {
            let text = hostile(&random)
            if tags(try page(text)) != plain { return text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ") }
        }
        return nil
    }
}
