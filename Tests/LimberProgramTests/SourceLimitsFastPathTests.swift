@testable import LimberProgram
import LimberTestSupport
import Testing

/// The byte-level checks of ``SourceLimits`` against the scalar-by-scalar code they replaced,
/// on generated files: the same text, the same first problem at the same line and column.
@Suite("Source limits fast paths")
struct SourceLimitsFastPathTests {
    /// Pieces a file is made of: YAML punctuation, controls (C0, DEL, C1, NEL), line endings of
    /// every kind, characters of two to four bytes, and malformed UTF-8 (a lone lead byte,
    /// a stray continuation, an overlong form, a surrogate, past U+10FFFF).
    static let pieces: [[UInt8]] = [
        "name: ", "- ", "  ", "\n", "\r\n", "\r", "\t", "a", "Bridge", "12", "30s", "\"q\\\"x\"", "'it''s'",
        "*a", "&a ", " *b", "*c: 1", "[", "]", "{", "}", ", ", ": ", "? ", "# note", " #x", "|", ">", "!!str ",
        "{a: 1}: 2", "[1]: 2", "\u{85}", "\u{80}", "\u{9F}", "\u{A0}", "é", "→", "🧘", "\u{202E}", "\u{2028}",
    ].map { Array($0.utf8) } + [[0x00], [0x01], [0x1B], [0x7F], [0xC2], [0xFF], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
                               [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]

    static func generated(_ count: Int, seed: UInt64, clean: Bool) -> [[UInt8]] {
        var random = SeededGenerator(state: seed)
        // Mostly well-formed pieces, so that most files reach deep into the scan.
        let usable = clean ? pieces.filter { String(validating: $0, as: UTF8.self) != nil && !$0.contains(where: { $0 < 0x09 || $0 == 0x1B || $0 == 0x7F }) } : pieces
        return (0..<count).map { _ in
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...60, using: &random) { bytes += usable.randomElement(using: &random)! }
            return bytes
        }
    }

    @Test("one pass over the bytes gives the text or the problem the scalar loop gives")
    func cleanTextMatchesScalars() {
        for bytes in Self.generated(3000, seed: 15, clean: false) + Self.generated(500, seed: 16, clean: true) {
            let fast = SourceLimits.cleanText(bytes[...])
            let slow = SourceLimits.checkScalars(bytes[...])
            switch slow {
            case .success(let text): #expect(fast == text, "\(bytes)")
            case .failure: #expect(fast == nil, "\(bytes)")
            }
            #expect(SourceLimits.check(bytes) == slow)
        }
    }

    @Test("the structure scan over bytes finds the problem the scalar scan finds, at the same column")
    func structureMatchesScalars() {
        var problems = 0
        for bytes in Self.generated(4000, seed: 17, clean: true) {
            let text = String(decoding: bytes, as: UTF8.self)
            let expected = Self.scalarStructure(text)
            #expect(SourceLimits.checkStructure(text) == expected, "\(text.debugDescription)")
            if expected != nil { problems += 1 }
        }
        #expect(problems > 100)  // the generator reaches the errors, not only clean files
    }

    @Test("many aliases, deep flow nesting and deep indentation are refused the same way")
    func limitsMatchScalars() {
        let cases = [
            String(repeating: "- *a\n", count: 25), String(repeating: "[", count: 70),
            "é: " + String(repeating: "{", count: 65), String(repeating: " ", count: 140) + "x: 1",
            "k: \"é\\\"\r\n*a: 1\"\n*b: 2", "a: |\n  *x: 1\nb: *y\n",
        ]
        for text in cases { #expect(SourceLimits.checkStructure(text) == Self.scalarStructure(text), "\(text.debugDescription)") }
    }

    /// `SourceLimits.checkStructure` as it was, over Characters and Unicode scalars: the reference.
    static func scalarStructure(_ text: String) -> Diagnostic? {
        let maxDepth = SourceLimits.maxDepth, maxAliases = SourceLimits.maxAliases
        var aliases = 0
        var flowDepth = 0
        var quote: Character?
        var blockIndent: Int?
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Array(rawLine.unicodeScalars)
            let indent = line.prefix(while: { $0 == " " }).count
            if let block = blockIndent {
                let blank = line.allSatisfy { $0 == " " || $0 == "\r" || $0 == "\t" }
                if blank || indent > block { continue }
                blockIndent = nil
            }
            var i = indent
            var atNodeStart = quote == nil
            var lastSignificant: Unicode.Scalar?
            func location(_ col: Int) -> LimberProgram.SourceLocation { LimberProgram.SourceLocation(line: lineNumber, column: col + 1) }
            while i < line.count {
                let c = line[i]
                let next: Unicode.Scalar? = i + 1 < line.count ? line[i + 1] : nil
                if let q = quote {
                    if c == "\\", q == "\"" { i += 2; continue }
                    if Character(c) == q {
                        if q == "'", next == "'" { i += 2; continue }
                        quote = nil
                    }
                    i += 1
                    continue
                }
                let prevIsSpace = i == 0 || line[i - 1] == " " || line[i - 1] == "\t"
                if c == "#", prevIsSpace { break }
                if c == "[" || c == "{", atNodeStart || flowDepth > 0 {
                    flowDepth += 1
                    if flowDepth > maxDepth {
                        return .error("the file nests lists and mappings more than \(maxDepth) deep", at: location(i))
                    }
                    atNodeStart = true
                    lastSignificant = c
                    i += 1
                    continue
                }
                if flowDepth > 0, c == "]" || c == "}" || c == "," {
                    if c == "," { atNodeStart = true } else { flowDepth -= 1; atNodeStart = false }
                    lastSignificant = c
                    i += 1
                    continue
                }
                if atNodeStart {
                    switch c {
                    case " ", "\t":
                        i += 1
                        continue
                    case "\"", "'":
                        quote = Character(c)
                        atNodeStart = false
                    case "*":
                        aliases += 1
                        let nameEnd = line[i...].firstIndex(where: { $0 == " " || $0 == "," || $0 == "]" || $0 == "}" }) ?? line.count
                        if line[nameEnd...].drop(while: { $0 == " " }).first == ":" {
                            return .error("an alias can't be used as a key in a Limber program", at: location(i))
                        }
                        if aliases > maxAliases {
                            return .error("too many aliases (*name): a program may use at most \(maxAliases)", at: location(i))
                        }
                        atNodeStart = false
                        lastSignificant = c
                        i = nameEnd
                        continue
                    case "&", "!":
                        i = line[i...].firstIndex(of: " ") ?? line.count
                        continue
                    case "?" where next == nil || next == " ":
                        return .error("complex keys ('? ') are not supported in a Limber program", at: location(i))
                    case "-" where next == nil || next == " ":
                        i += 1
                        continue
                    case "|", ">":
                        if flowDepth == 0 { blockIndent = indent }
                        i = line.count
                        continue
                    default:
                        atNodeStart = false
                    }
                } else if c == ":", next == nil || next == " " || next == "\r"
                    || (flowDepth > 0 && (next == "," || next == "]" || next == "}")) {
                    if lastSignificant == "]" || lastSignificant == "}" {
                        return .error("a list or mapping can't be used as a key in a Limber program", at: location(i))
                    }
                    atNodeStart = true
                }
                if c != " " { lastSignificant = c }
                i += 1
            }
            if indent / 2 > maxDepth {
                return .error("the file is indented more than \(maxDepth) levels deep", at: location(0))
            }
        }
        return nil
    }
}
