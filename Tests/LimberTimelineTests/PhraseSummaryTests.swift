import LimberBasics
@testable import LimberTimeline
import Testing

/// A row's phrase summary, built as one string, against the filter-map-join it replaced.
@Suite("Phrase summary")
struct PhraseSummaryTests {
    /// The summary as it was built before: the reference.
    static func reference(_ phrases: [SpeechCue]) -> String {
        var seen = Set<String>()
        let texts = phrases.map(\.text).filter { seen.insert($0).inserted }
        let counts = texts.filter { Int($0) != nil }
        var out = texts.filter { Int($0) == nil }.map { "\"\(TextSanitizer.singleLine($0))\"" }
        if let first = counts.first, let last = counts.last {
            out.append(counts.count > 2 ? "\"\(first)\"…\"\(last)\"" : counts.map { "\"\($0)\"" }.joined(separator: " "))
        }
        return out.joined(separator: " ")
    }

    @Test("the same summary for generated rows: counts, repeats, empty and awkward texts")
    func matchesReference() {
        let texts = ["1", "2", "3", "12", "+4", "-5", "07", "Set 1 of 3.", "Left side.", "up", "hold", "Rest.", "",
                     "Esc \u{1B}[31m", "Bidi \u{202E}x", "new\nline", "Quote \"q\"", "1 2"]
        var state: UInt64 = 15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<2000 {
            let phrases = (0..<next(14)).map { i in
                SpeechCue(text: texts[next(texts.count)], stepIndex: 0, offset: Double(i), at: Double(i), seconds: 1)
            }
            #expect(PlanRenderer.phraseSummary(phrases) == Self.reference(phrases), "\(phrases.map(\.text))")
        }
    }
}
