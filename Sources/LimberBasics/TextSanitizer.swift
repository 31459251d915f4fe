/// Keeps control characters that came from a file off the user's terminal.
///
/// A program arrives from someone else; its text must not be able to retitle the terminal,
/// clear the screen or move the cursor when Limber prints it.
public enum TextSanitizer {
    /// Replaces control characters (including newlines) with visible escapes such as `\u{1B}`.
    public static func singleLine(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += scalar == "\n" ? " " : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `text` may hold a control character (a quick byte scan: most text has none; C1
    /// controls are the only ones led by 0xC2 in UTF-8, so a few signs like `°` or `½` take the slow path).
    public static func needsEscaping(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 } }
    }

    /// A source line as shown under a diagnostic: tabs kept (for caret alignment), other
    /// control characters shown as `?`.
    public static func sourceLine(_ line: String) -> String {
        var out = ""
        for scalar in line.unicodeScalars {
            out.unicodeScalars.append(scalar != "\t" && isControl(scalar) ? "?" : scalar)
        }
        return out
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
