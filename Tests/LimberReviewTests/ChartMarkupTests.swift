import LimberBasics
import LimberTestSupport
import Testing
@testable import LimberReview

/// The charts' byte interpolation against what String interpolation and the Character-by-
/// Character escape it replaced give.
struct ChartMarkupTests {
    @Test func numbersAndDatesAreSpelledAsStringsSpellThem() {
        var random = SeededGenerator(state: 21)
        let edges = [0, 1, -1, 9, 10, -10, 99, 100, 999, 1000, 9999, 10_000, 10_001, Int.max, Int.min, Int.min + 1]
        for n in edges + (0..<500).map({ _ in Int.random(in: -20_000...20_000, using: &random) }) {
            #expect(String(decoding: Charts.Markup("<\(n)>").bytes, as: UTF8.self) == "<\(String(n))>")
        }
        for _ in 0..<500 {
            let date = CalendarDate(daysSinceEpoch: Int.random(in: -25_000...2_900_000, using: &random))
            #expect(String(decoding: Charts.Markup("\(date)").bytes, as: UTF8.self) == date.description)
        }
    }

    @Test func escapingReplacesWholeCharactersOnly() {
        var random = SeededGenerator(state: 22)
        for _ in 0..<2000 {
            let value = PlotStreamTests.awkward(&random)
            let entities: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]
            let expected = value.map { entities[$0] ?? String($0) }.joined()
            #expect(Charts.escape(value) == expected)
            #expect(String(decoding: Charts.Markup("a \(escaped: value) b").bytes, as: UTF8.self) == "a \(expected) b")
        }
    }
}
