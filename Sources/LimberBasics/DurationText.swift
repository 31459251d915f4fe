/// Durations as written in programs: `30s`, `90s`, `1m30s`, `2m`.
public enum DurationText {
    /// Seconds for a duration string, or nil when it is not of that form (or too large).
    public static func seconds(_ text: String) -> Int? {
        // By byte: every character the form allows is one ASCII byte, and any other byte (a
        // non-ASCII character, or a mark combined with a digit, a space or a unit) refuses it,
        // as comparing by character does.
        var total = 0
        var number: Int?
        var seenMinutes = false
        var seenSeconds = false
        var seenAny = false
        for byte in text.utf8 where byte != UInt8(ascii: " ") {
            seenAny = true
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                let (times10, o1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                guard !o1, !o2, next <= 10_000_000 else { return nil }
                number = next
            } else if byte == UInt8(ascii: "m"), let n = number, !seenMinutes, !seenSeconds {
                seenMinutes = true
                total += n * 60
                number = nil
            } else if byte == UInt8(ascii: "s"), let n = number, !seenSeconds {
                seenSeconds = true
                total += n
                number = nil
            } else {
                return nil
            }
        }
        guard seenAny, number == nil else { return nil } // a bare number has no unit
        return total
    }

    /// The canonical text of a number of seconds: `45s`, `2m`, `1m30s`.
    public static func format(_ seconds: Int) -> String {
        let m = seconds / 60, s = seconds % 60
        if m == 0 { return "\(s)s" }
        return s == 0 ? "\(m)m" : "\(m)m\(s)s"
    }

    /// A clock reading for tables: `0:45`, `12:05`, `1:02:03`.
    public static func clock(_ seconds: Int) -> String {
        let h = seconds / 3600, m = (seconds % 3600) / 60, s = seconds % 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }
}
