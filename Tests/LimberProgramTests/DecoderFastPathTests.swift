import Foundation
import LimberBasics
@testable import LimberProgram
import LimberTestSupport
import Testing

/// The decoder's byte-level shortcuts give what reading by character gives: durations, trimmed
/// text, and the checks on text values (printable ASCII skips the per-character checks).
@Suite("Decoder fast paths")
struct DecoderFastPathTests {
    /// Pieces that random strings are made of: digits, units, spaces, and characters that read
    /// differently by byte and by character (combining marks, non-ASCII digits, CR LF, wide).
    static let pieces = ["0", "1", "5", "9", "m", "s", " ", "\u{301}", "x", "é", "\r\n", "\t", "\n", "٣", "足", "\u{200B}", "-",
                         "\u{85}", "\u{A0}", "\u{2003}", "\u{1F}", "\u{7F}", "a"]

    /// Duration seconds as the character-by-character reading had them.
    static func referenceSeconds(_ text: String) -> Int? {
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
        guard number == nil else { return nil }
        return total
    }

    /// Trimmed as the character-by-character version did.
    static func referenceTrimmed(_ text: String) -> String {
        var s = Substring(text)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    static func randomStrings(seed: UInt64, count: Int) -> [String] {
        var generator = SeededGenerator(state: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    @Test func durationsAsByCharacter() {
        var parsed = 0
        for text in Self.randomStrings(seed: 7, count: 40_000) + ["1m30s", " 2 m ", "10000000s", "10000001s", "99999999999999999999s", "m", "5", ""] {
            #expect(DurationText.seconds(text) == Self.referenceSeconds(text), "\(text.unicodeScalars.map { $0.value })")
            if DurationText.seconds(text) != nil { parsed += 1 }
        }
        #expect(parsed > 50)
    }

    @Test func trimmingAsByCharacter() {
        for text in Self.randomStrings(seed: 11, count: 40_000) + [" a ", "a", "", " ", "\u{301}a", "a\u{301}", " \u{301}"] {
            #expect(text.trimmedWhitespace == Self.referenceTrimmed(text), "\(text.unicodeScalars.map { $0.value })")
        }
    }

    /// Text values through the decoder: the same value or the same diagnostics as the checks
    /// by character (which non-ASCII and control characters still take).
    @Test func textChecks() throws {
        for text in ["Plain words", String(repeating: "a", count: 120), String(repeating: "a", count: 121), "tab\there", "zero\u{200B}width", "bell\u{7}",
                     String(repeating: "é", count: 121), "ok ~ [brackets] {braces} 'quotes'"] {
            let yaml = "limber: 1\ntitle: T\nsafety: [s]\nschedule: { per_week: 3 }\ndiscomfort: { ask: after_exercise, stop_at: 7 }\nexercises:\n  - name: \"\(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? String($0) : String(format: "\\u%04X", $0.value) }.joined())\"\n    reps: 5\n"
            let result = ProgramParser.parse(yaml)
            let long = text.count > 120
            let control = text.unicodeScalars.contains { TextSanitizer.isControl($0) }
            let hidden = text.unicodeScalars.contains { TextSanitizer.isHidden($0) }
            #expect(result.program?.exercises.first?.name == (long || control ? nil : text), "\(text)")
            #expect(result.diagnostics.contains { $0.message.contains("characters long") } == (long && !control), "\(text)")
            #expect(result.diagnostics.contains { $0.message.contains("control character") } == control, "\(text)")
            #expect(result.diagnostics.contains { $0.message.contains("invisible") } == (hidden && !long && !control), "\(text)")
        }
    }
}
