import LimberBasics

/// A moment as the log wrote it: the local date and time at the recorded UTC offset, and the
/// absolute instant (for ordering across files and time zones). Sixteen bytes: a report over
/// years holds one per session and rating.
public struct LogTime: Sendable, Comparable, Hashable {
    /// The local calendar day (the day the patient lived it, whatever the DST offset).
    public var date: CalendarDate { CalendarDate(daysSinceEpoch: Int(day)) }
    /// The local day as days since 1970, and the hour and minute, kept as numbers: a report
    /// reads hundreds of thousands of times and shows few of them.
    private var day: Int32
    private var hour: UInt8
    private var minute: UInt8
    /// "07:30".
    public var clock: String {
        let digits: [UInt8] = [48 + hour / 10, 48 + hour % 10, 58, 48 + minute / 10, 48 + minute % 10]
        return String(decoding: digits, as: UTF8.self)
    }
    /// ``clock``'s bytes, handed to `body` without making a String.
    func withClockBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.clockWidth) { b in
            (b[0], b[1], b[2], b[3], b[4]) = (48 + hour / 10, 48 + hour % 10, 58, 48 + minute / 10, 48 + minute % 10)
            return body(UnsafeBufferPointer(b))
        }
    }
    /// ``clock``'s length, and its width: "07:30".
    static let clockWidth = 5
    /// Seconds since 1970 (UTC).
    public var instant: Double
    /// ``date`` as days since 1970, without making the date.
    var daysSinceEpoch: Int { Int(day) }

    public static func < (a: LogTime, b: LogTime) -> Bool { a.instant < b.instant }

    /// Parses `2026-12-01T07:30:05.123+01:00` (also `Z`, and without fractions).
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ LogTime(utf8: $0) }) else { return nil }
        self = parsed
    }

    init?(utf8 u: UnsafeBufferPointer<UInt8>) {
        var memo = DayMemo()
        self.init(utf8: u, memo: &memo)
    }

    /// The day of the last date read (its first ten bytes: `2026-12-01`): the lines of a log
    /// repeat their day, whose reading is most of a time's.
    struct DayMemo {
        fileprivate var date: (UInt64, UInt16) = (0, 0)
        fileprivate var day: Int32 = 0
        fileprivate var known = false
        init() {}
    }

    /// As ``init(utf8:)``, the date's day taken from `memo` when it is the date read last.
    init?(utf8 u: UnsafeBufferPointer<UInt8>, memo: inout DayMemo) {
        guard u.count >= 19, let p = u.baseAddress, p[10] == 84 || p[10] == 32, p[13] == 58, p[16] == 58 else { return nil }
        let raw = UnsafeRawPointer(p)
        let date = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        if !memo.known || memo.date != date {
            // Every line is read through here: the digits without an Optional per field (negative: not digits).
            let y = Self.twoDigits(p, 0) &* 100 &+ Self.twoDigits(p, 2), mo = Self.twoDigits(p, 5), d = Self.twoDigits(p, 8)
            guard p[4] == 45, p[7] == 45, y >= 0, mo >= 0, d >= 0, let calendar = CalendarDate(year: y, month: mo, day: d) else { return nil }
            memo = DayMemo()
            memo.date = date
            memo.day = Int32(calendar.daysSinceEpoch)
            memo.known = true
        }
        let h = Self.twoDigits(p, 11), mi = Self.twoDigits(p, 14), s = Self.twoDigits(p, 17)
        guard h >= 0, h < 24, mi >= 0, mi < 60, s >= 0, s < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < u.count, p[i] == 46 {
            var scale = 0.1
            i += 1
            while i < u.count, p[i] &- 48 < 10 { fraction += Double(p[i] - 48) * scale; scale /= 10; i += 1 }
        }
        var offset = 0
        // The offset's separator is not checked, but a byte of no character there (the raw bytes of a
        // line) is refused: decoded as text it is U+FFFD, whose three bytes leave no minutes to read.
        if i < u.count {
            if p[i] == 90 { offset = 0 } else if p[i] == 43 || p[i] == 45, u.count >= i + 6, p[i + 3] < 0x80, case let oh = Self.twoDigits(p, i + 1),
                case let om = Self.twoDigits(p, i + 4), oh >= 0, om >= 0 {
                offset = (oh * 3600 + om * 60) * (p[i] == 45 ? -1 : 1)
            } else { return nil }
        }
        day = memo.day
        hour = UInt8(h)
        minute = UInt8(mi)
        instant = Double(Int(day) * 86_400 + h * 3600 + mi * 60 + s - offset) + fraction
    }

    /// The number the two decimal digits at `p + at` spell; negative when one is no digit
    /// (a year of two such pairs is then negative too).
    @inline(__always)
    private static func twoDigits(_ p: UnsafePointer<UInt8>, _ at: Int) -> Int {
        let tens = p[at] &- 48, ones = p[at + 1] &- 48
        return tens < 10 && ones < 10 ? Int(tens) &* 10 &+ Int(ones) : -10_000
    }
}
