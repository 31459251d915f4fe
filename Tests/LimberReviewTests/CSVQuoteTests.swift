@testable import LimberReview
import Testing

/// CSV fields are quoted when they hold a comma, a quote or a line break as characters; the
/// byte-reading fast way agrees with reading characters on generated fields.
@Suite("CSV quoting")
struct CSVQuoteTests {
    @Test func theByteWayAgreesWithTheCharacterWay() {
        var g = ScannedReadingTests.Mix(state: 41)
        let pieces = ["a", "Z", " ", ",", "\"", "\n", "\r", "\r\n", ",\u{301}", "\u{301}", "é", "e\u{301}", "'", "=1", "-", "🙂", "\t", "\u{200D}"]
        for _ in 0..<5_000 {
            let field = (0..<Int.random(in: 0...5, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            let characters = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            #expect(ReportData.needsQuotes(field) == characters, "\(Array(field.unicodeScalars))")
        }
    }
}
