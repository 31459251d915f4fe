/// How many terminal columns text takes: 2 for East Asian wide and fullwidth characters and
/// emoji shown as pictures, 0 for combining marks and other zero-width characters, 1 otherwise.
/// Counted per grapheme cluster (what a person sees as one character), so a letter with its
/// accents or an emoji with its modifiers is measured once. Every layout, screen and table
/// measures with this, so wide text never pushes a column out of line.
public enum DisplayWidth {
    /// Columns one grapheme cluster takes.
    public static func columns(of character: Character) -> Int {
        var scalars = character.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return 0 }
        if first.value < 0x7F { return first.value < 0x20 ? 0 : 1 } // ASCII fast path
        var width = scalarColumns(first)
        while let next = scalars.next() {
            if next.value == 0xFE0F, width == 1 { width = 2 } // emoji presentation selector
            if width == 0 { width = scalarColumns(next) }
        }
        return width
    }

    /// A scalar that takes one column whatever follows it: printable Latin-1 and Latin Extended
    /// (below the combining marks), general punctuation but the invisible ones, arrows, box drawing
    /// and blocks.
    static func isPlainNarrow(_ v: UInt32) -> Bool {
        switch v {
        case 0x20..<0x7F, 0xA0..<0xAD, 0xAE..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x2190...0x21FF, 0x2500...0x259F: true
        default: false
        }
    }

    /// Columns of one scalar on its own.
    static func scalarColumns(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if v == 0x200B || (0x1160...0x11FF).contains(v) { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges of Unicode 15.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F200...0x1F2FF, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF,
             0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

extension StringProtocol {
    /// Terminal columns the text takes (see ``DisplayWidth``).
    public var displayWidth: Int {
        // Printable ASCII (nearly all text here) is one column a byte: no grapheme breaking needed.
        // (Checked over the contiguous bytes: the generic iterator was 9 % of a text report.)
        let printableASCII = utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
            ?? utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if printableASCII { return utf8.count }
        // Latin text with the signs tables use (× · — → … ─ █) is one column a scalar too.
        var simple = 0
        for scalar in unicodeScalars {
            guard DisplayWidth.isPlainNarrow(scalar.value) else { return graphemeWidth }
            simple += 1
        }
        return simple
    }

    private var graphemeWidth: Int {
        var total = 0
        for character in self { total += DisplayWidth.columns(of: character) }
        return total
    }

    /// The longest start of the text that fits in `columns` terminal columns.
    public func prefix(columns: Int) -> String {
        var used = 0
        var end = startIndex
        for index in indices {
            let w = DisplayWidth.columns(of: self[index])
            if used + w > columns { break }
            used += w
            end = self.index(after: index)
        }
        return String(self[startIndex..<end])
    }

    /// The text padded with spaces on the right to `columns` terminal columns.
    public func padded(toColumns columns: Int) -> String {
        String(self) + String(repeating: " ", count: Swift.max(0, columns - displayWidth))
    }
}
