import LimberBasics
import Testing

@Suite("Outside text made harmless")
struct TextSanitizerTests {
    @Test func controlCharactersBecomeVisibleEscapes() {
        #expect(TextSanitizer.singleLine("a\u{1B}]2;x\u{7}b") == "a\\u{1B}]2;x\\u{7}b")
        #expect(TextSanitizer.singleLine("two\nlines") == "two lines")
        #expect(TextSanitizer.singleLine("c1 \u{9B}2J") == "c1 \\u{9B}2J")
    }

    @Test func jsonStringsCarryNoRawControlOrDirectionChangingCharacter() {
        #expect(JSONValue.quote("Breathe \u{202E}out\u{2066} \u{9B}2J \u{AD}\u{FEFF}") == #""Breathe \u202eout\u2066 \u009b2J \u00ad\ufeff""#)
        #expect(JSONValue.quote("Übung — 5 °C \"x\"") == #""Übung — 5 °C \"x\"""#)
    }

    @Test(arguments: [0x202E, 0x202A, 0x2066, 0x2067, 0x2068, 0x2069, 0x2028, 0x2029, 0x200B, 0x2060, 0xFEFF, 0xAD])
    func directionChangingAndInvisibleCharactersAreEscaped(_ value: UInt32) {
        let scalar = Unicode.Scalar(value)!
        let text = "rated 9 \(Character(scalar))(stop at 7)"
        #expect(TextSanitizer.needsEscaping(text))
        #expect(TextSanitizer.singleLine(text) == "rated 9 \\u{\(String(value, radix: 16, uppercase: true))}(stop at 7)")
        #expect(TextSanitizer.sourceLine(text) == "rated 9 ?(stop at 7)")
    }

    @Test func scriptsEmojiAndSignsAreLeftAlone() {
        for text in ["Brückenübung — 3 × 12 → 45 s", "إطالة ‏العضلة", "👨‍👩‍👧 family", "ञ्‍ज", "½ °C"] {
            #expect(TextSanitizer.singleLine(text) == text, "\(text)")
        }
    }

    @Test func trailingSpacesAndTabsAreTrimmed() {
        #expect("a b \t ".trimmingTrailingSpaces() == "a b")
        #expect(" \t".trimmingTrailingSpaces() == "")
    }
}
