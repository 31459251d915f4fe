import LimberBasics
import LimberTestSupport
import Testing
@testable import LimberReview

/// The charts' byte interpolation against what String interpolation gives, and their escaping
/// byte by byte.
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

    /// Every `&`, `<`, `>`, `"` and `'` byte becomes its entity, joined to a mark or not; text
    /// whose such characters all stand alone comes out as the Character-by-Character escape the
    /// charts used before, so only text with a joined one changes.
    @Test func escapingReplacesEveryMarkupByte() {
        var random = SeededGenerator(state: 22)
        for _ in 0..<2000 {
            let value = PlotStreamTests.awkward(&random)
            let bytes: [UInt8: String] = [38: "&amp;", 60: "&lt;", 62: "&gt;", 34: "&quot;", 39: "&#39;"]
            let expected = String(decoding: value.utf8.map { bytes[$0].map { Array($0.utf8) } ?? [$0] }.joined(), as: UTF8.self)
            #expect(MarkupText.escaped(value, quotes: true) == expected)
            let characters: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]
            if value.utf8.filter({ bytes[$0] != nil }).count == value.filter({ characters[$0] != nil }).count {
                #expect(value.map { characters[$0] ?? String($0) }.joined() == expected)
            }
            #expect(String(decoding: Charts.Markup("a \(escaped: value) b").bytes, as: UTF8.self) == "a \(expected) b")
        }
    }
}
