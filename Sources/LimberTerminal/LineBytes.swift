/// A line for the terminal built as UTF-8 bytes: the lines drawn every second (the clock, the
/// progress bar) are made this way, without the grapheme-aware String operations of ``Styled``.
struct LineBytes {
    private var bytes: [UInt8] = []

    /// An empty line with room for `capacity` bytes.
    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// `count` spaces.
    mutating func spaces(_ count: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(0, count)))
    }

    /// `text` `count` times.
    mutating func repeating(_ text: String, count: Int) {
        var text = text
        text.withUTF8 { utf8 in
            for _ in 0..<max(0, count) { bytes.append(contentsOf: utf8) }
        }
    }

    /// The line as a String.
    var string: String { String(decoding: bytes, as: UTF8.self) }
}
