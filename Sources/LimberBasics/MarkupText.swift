/// Outside text (a log's notes and names, a program's or a library's texts) made safe for an HTML
/// or SVG page, byte by byte: every `&`, `<` and `>` byte (and, for attributes, `"` and `'`)
/// becomes its entity, whatever it is joined to. Escaping whole characters is not enough: a `<`
/// after a prepended mark (U+0600) or before a combining mark is a character that is not `<`,
/// yet the browser reads its byte as a tag's start. Every outside string on a Limber page goes
/// through here, and only here, before the page is written.
public enum MarkupText {
    /// `text` as it may stand in an element's text (`quotes`: also in a quoted attribute value).
    public static func escaped(_ text: String, quotes: Bool = false) -> String {
        guard needsEscaping(text, quotes: quotes) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        append(text, quotes: quotes, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` escaped as `escaped(_:quotes:)` gives it.
    public static func append(_ text: String, quotes: Bool, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            var from = 0
            for (i, byte) in utf8.enumerated() {
                guard let entity = entity(byte, quotes: quotes) else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[from..<i]))
                bytes.append(contentsOf: entity)
                from = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[from...]))
        }
    }

    /// Appends `text` escaped as `escaped(_:quotes:)` gives it (text without those bytes as it is).
    public static func append(_ text: String, quotes: Bool, to out: ByteOutput) {
        out.append(escaped(text, quotes: quotes))
    }

    /// Whether `text` holds a byte `escaped` replaces.
    static func needsEscaping(_ text: String, quotes: Bool) -> Bool {
        text.utf8.contains { entity($0, quotes: quotes) != nil }
    }

    static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)
    static let quot = Array("&quot;".utf8), apos = Array("&#39;".utf8)

    /// The entity a byte becomes, or nil for a byte kept as it is.
    @inline(__always)
    static func entity(_ byte: UInt8, quotes: Bool) -> [UInt8]? {
        switch byte {
        case UInt8(ascii: "&"): amp
        case UInt8(ascii: "<"): lt
        case UInt8(ascii: ">"): gt
        case UInt8(ascii: "\"") where quotes: quot
        case UInt8(ascii: "'") where quotes: apos
        default: nil
        }
    }
}
