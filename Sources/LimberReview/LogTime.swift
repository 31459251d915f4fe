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
        guard u.count >= 19, u[4] == 45, u[7] == 45, u[10] == 84 || u[10] == 32, u[13] == 58, u[16] == 58 else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r { guard u[i] >= 48, u[i] <= 57 else { return nil }; n = n * 10 + Int(u[i] - 48) }
            return n
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
              let s = num(17..<19), let date = CalendarDate(year: y, month: mo, day: d), h < 24, mi < 60, s < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < u.count, u[i] == 46 {
            var scale = 0.1
            i += 1
            while i < u.count, u[i] >= 48, u[i] <= 57 { fraction += Double(u[i] - 48) * scale; scale /= 10; i += 1 }
        }
        var offset = 0
        if i < u.count {
            if u[i] == 90 { offset = 0 } else if u[i] == 43 || u[i] == 45, u.count >= i + 6,
                let oh = num(i + 1..<i + 3), let om = num(i + 4..<i + 6) {
                offset = (oh * 3600 + om * 60) * (u[i] == 45 ? -1 : 1)
            } else { return nil }
        }
        day = Int32(date.daysSinceEpoch)
        hour = UInt8(h)
        minute = UInt8(mi)
        instant = Double(Int(day) * 86_400 + h * 3600 + mi * 60 + s - offset) + fraction
    }
}
