import LimberBasics
import LimberTestSupport
import Testing

@testable import LimberTerminal

/// The big digits find a glyph by the character's place (an ASCII check), not in a dictionary of
/// Characters: over random texts, including characters that only look like digits (a digit with
/// a combining mark, full-width digits, CR LF), the rows and widths are those of the dictionary.
@Suite("Big digits by place")
struct BigDigitsGlyphTests {
    /// The dictionary the glyphs were looked up in before, kept as the reference.
    static let reference: [Character: [String]] = Dictionary(uniqueKeysWithValues: zip("0123456789:", BigDigits.glyphs))

    static func referenceWidth(_ text: String, scale: Int) -> Int {
        (text.reduce(0) { $0 + (reference[$1]?.first?.count ?? 0) } + max(0, text.count - 1)) * 2 * scale
    }

    static func referenceRow(_ row: Int, of text: String, scale: Int, ascii: Bool) -> String {
        let ink = ascii ? "#" : "█"
        var line = ""
        for (i, ch) in text.enumerated() {
            if i > 0 { line += String(repeating: " ", count: 2 * scale) }
            line += reference[ch].map { $0[row].map { String(repeating: $0 == " " ? " " : ink, count: 2 * scale) }.joined() } ?? ""
        }
        return line
    }

    static let pieces: [String] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", "1\u{301}", "０", "٣", "\r\n", ";", "/", " ", "a", "∞", "—", "9\u{FE0F}\u{20E3}"]

    @Test(arguments: [1, 2] as [UInt64])
    func rowsAndWidthsAreTheDictionarys(seed: UInt64) {
        var random = SeededGenerator(state: seed)
        for _ in 0..<400 {
            let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in Self.pieces.randomElement(using: &random)! }.joined()
            for scale in 0...4 {
                #expect(BigDigits.width(text, scale: scale) == Self.referenceWidth(text, scale: scale), "\(text.debugDescription) at \(scale)")
                // Measured from the bytes when they are digits and colons, else by Character.
                let known = text.allSatisfy { Self.reference[$0] != nil } ? Self.referenceWidth(text, scale: scale) : nil
                #expect(BigDigits.knownWidth(text, scale: scale) == known, "\(text.debugDescription) at \(scale)")
                let ascii = Bool.random(using: &random)
                for row in 0..<BigDigits.height {
                    #expect(BigDigits.row(row, of: text, scale: scale, ascii: ascii) == Self.referenceRow(row, of: text, scale: scale, ascii: ascii))
                }
            }
        }
    }
}
