/// Durations as written in programs: `30s`, `90s`, `1m30s`, `2m`.
public enum DurationText {
    /// Seconds for a duration string, or nil when it is not of that form (or too large).
    public static func seconds(_ text: String) -> Int? {
        let text = text.filter { $0 != " " }
        guard !text.isEmpty else { return nil }
        var total = 0
        var number: Int?
        var seenMinutes = false
        var seenSeconds = false
        for ch in text {
            if let digit = ch.wholeNumberValue, ch.isASCII {
                let (times10, o1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(digit)
                guard !o1, !o2, next <= 10_000_000 else { return nil }
                number = next
            } else if ch == "m", let n = number, !seenMinutes, !seenSeconds {
                seenMinutes = true
                total += n * 60
                number = nil
            } else if ch == "s", let n = number, !seenSeconds {
                seenSeconds = true
                total += n
                number = nil
            } else {
                return nil
            }
        }
        guard number == nil else { return nil } // a bare number has no unit
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
