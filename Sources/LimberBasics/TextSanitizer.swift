/// Keeps control characters that came from a file off the user's terminal.
///
/// A program arrives from someone else; its text must not be able to retitle the terminal,
/// clear the screen or move the cursor when Limber prints it, nor reorder or hide what is
/// printed around it (bidi overrides and isolates, invisible characters).
public enum TextSanitizer {
    /// Replaces control characters (newlines become spaces) and direction-changing or invisible
    /// characters with visible escapes such as `\u{1B}` or `\u{202E}`.
    public static func singleLine(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if isControl(scalar) || isHidden(scalar) {
                out += scalar == "\n" ? " " : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `text` may hold a character ``singleLine(_:)`` escapes (a quick byte scan: most
    /// text has none; the characters it escapes are led by 0xC2, 0xE2 or 0xEF in UTF-8, so a few
    /// signs like `°`, `—` or `→` take the slow path).
    public static func needsEscaping(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 || $0 == 0xEF } }
    }

    /// A source line as shown under a diagnostic: tabs kept (for caret alignment), other
    /// control characters shown as `?`.
    public static func sourceLine(_ line: String) -> String {
        var out = ""
        for scalar in line.unicodeScalars {
            out.unicodeScalars.append(scalar != "\t" && (isControl(scalar) || isHidden(scalar)) ? "?" : scalar)
        }
        return out
    }

    /// Characters that change the direction of the text around them or print as nothing, so
    /// that shown text could read differently from what it is: bidi embeddings, overrides and
    /// isolates (U+202A–202E, U+2066–2069), the line and paragraph separators, zero-width
    /// space, word joiner, byte-order mark and soft hyphen. Joiners (U+200C, U+200D) and the
    /// plain direction marks (U+200E, U+200F) are left alone: scripts and emoji need them.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0x200B, 0x2060, 0xFEFF, 0xAD: true
        default: false
        }
    }

    /// C0 and C1 controls and DEL.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
    }
}

extension String {
    /// Without trailing spaces and tabs.
    public func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
