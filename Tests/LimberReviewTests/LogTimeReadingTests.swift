import LimberBasics
@testable import LimberReview
import Testing

/// A log line's time is read from its bytes without an Optional per field: it must read every
/// text as the plain reading below does (the one it replaced, kept here as the reference).
@Suite("A log time read fast is the time read plainly")
struct LogTimeReadingTests {
    typealias Mix = ScannedReadingTests.Mix

    /// The reference: days since 1970, hour, minute and instant, or nil where the text is refused.
    static func reference(_ u: [UInt8]) -> (day: Int, hour: Int, minute: Int, instant: Double)? {
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
            // The offset's separator is any character, but not a byte of none (a line's raw
            // bytes): read as text it is U+FFFD, three bytes, and no minutes follow it.
            if u[i] == 90 { offset = 0 } else if u[i] == 43 || u[i] == 45, u.count >= i + 6, u[i + 3] < 0x80,
                let oh = num(i + 1..<i + 3), let om = num(i + 4..<i + 6) {
                offset = (oh * 3600 + om * 60) * (u[i] == 45 ? -1 : 1)
            } else { return nil }
        }
        let day = date.daysSinceEpoch
        return (day, h, mi, Double(day * 86_400 + h * 3600 + mi * 60 + s - offset) + fraction)
    }

    /// `memo`: the last dates read, as a reader of a log keeps them; reading with it gives the same.
    static func expectSame(_ bytes: [UInt8], memo: inout LogTime.DayMemo) {
        let fast = bytes.withUnsafeBufferPointer { LogTime(utf8: $0) }
        let remembered = bytes.withUnsafeBufferPointer { LogTime(utf8: $0, memo: &memo) }
        let plain = reference(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(remembered == fast && remembered?.daysSinceEpoch == fast?.daysSinceEpoch && remembered?.clock == fast?.clock, "\(text)")
        #expect((fast == nil) == (plain == nil), "\(text)")
        guard let fast, let plain else { return }
        #expect(fast.daysSinceEpoch == plain.day && fast.instant.bitPattern == plain.instant.bitPattern, "\(text)")
        #expect(fast.clock == String(format: "%02d:%02d", plain.hour, plain.minute), "\(text)")
    }

    /// Times as Limber writes them and as others may (`Z`, a space, no fraction, long
    /// fractions), out-of-range fields, every byte replaced by a stray one, cut at every byte.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func everyTextReadsAsThePlainReadingReadsIt(seed: UInt64) {
        var g = Mix(state: seed)
        var memo = LogTime.DayMemo()
        let strays: [UInt8] = Array("0919:-+.TZ /a\u{7F}".utf8) + [0, 0x80, 0xFF]
        for _ in 0..<600 {
            func two(_ range: ClosedRange<Int>) -> String { String(format: "%02d", Int.random(in: range, using: &g)) }
            let year = String(format: "%04d", [Int.random(in: 1890...2100, using: &g), 1900, 9999, 2024, 0].randomElement(using: &g)!)
            let date = "\(year)-\(two(0...13))-\(two(0...32))"
            let time = "\(two(0...25))\(":")\(two(0...61)):\(two(0...61))"
            let fraction = ["", ".", ".5", ".123", ".000", ".999999", ".1234567890123"].randomElement(using: &g)!
            let zone = ["", "Z", "Zjunk", "+01:00", "-05:30", "+14:00", "+0100", "+01:0", "+1:00", "+01:00x", "-", "+"].randomElement(using: &g)!
            let bytes = Array((date + (Bool.random(using: &g) ? "T" : " ") + time + fraction + zone).utf8)
            Self.expectSame(bytes, memo: &memo)
            var changed = bytes
            changed[Int.random(in: 0..<changed.count, using: &g)] = strays.randomElement(using: &g)!
            Self.expectSame(changed, memo: &memo)
            for end in 0..<bytes.count { Self.expectSame(Array(bytes[..<end]), memo: &memo) }
        }
    }
}
