import Foundation
@testable import LimberLog
import LimberLogStore
import LimberTestSupport
import Testing

/// The fast paths of reading a log, each against a plain reference: names by their bytes
/// against a search of the list, strings checked eight bytes at a time against what the
/// generator wrote, short decimals against the C library's reading, remembered nested values
/// against reading them afresh, and the buffered reading loop against splitting the file.
@Suite("Reading a log fast gives what reading it slowly gives")
struct FastReadingTests {
    static func parse(_ text: String) -> LogLineParser.Outcome {
        Array(text.utf8).withUnsafeBufferPointer { LogLineParser.parse($0) }
    }

    // MARK: Names by their bytes

    /// Every field name and event type is found, and nothing else is: the names with a byte
    /// changed, cut short, made longer, and random bytes, read with room to spare and with none.
    @Test func namesAreFoundByTheirBytesAndNothingElseIs() {
        let lists = [LogLineParser.fields.map { Array($0.name.utf8) }, LogEventType.allCases.map { Array($0.rawValue.utf8) }]
        var g = SeededGenerator(state: 42)
        for names in lists {
            let table = ByteNames(names)
            func expectLookup(_ candidate: [UInt8]) {
                let expected = names.firstIndex(of: candidate) ?? -1
                #expect(candidate.withUnsafeBufferPointer { table.index($0) } == expected, "\(candidate)")
                // With bytes after the name in memory (read eight at a time), the same answer.
                let padded = candidate + [UInt8(ascii: "\""), UInt8(ascii: ":")] + (0..<9).map { _ in UInt8.random(in: 0...255, using: &g) }
                #expect(padded.withUnsafeBufferPointer { table.index($0.baseAddress!, candidate.count, limit: $0.count) } == expected)
            }
            expectLookup([])
            for name in names {
                expectLookup(name)
                expectLookup(Array(name.dropLast()))
                expectLookup(Array(name.dropFirst()))
                expectLookup(name + [UInt8(ascii: "s")])
                expectLookup(name + name)
                for k in name.indices {
                    var changed = name
                    changed[k] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &g)
                    expectLookup(changed)
                }
                // The same length and first eight bytes, the rest random: some land in the
                // name's own slot, where only the comparison of the rest tells them apart.
                for _ in 0..<(name.count > 8 ? 400 : 0) {
                    expectLookup(Array(name.prefix(8)) + (8..<name.count).map { _ in UInt8.random(in: 0x5F...0x7A, using: &g) })
                }
            }
            for _ in 0..<2_000 {
                let length = Int.random(in: 0...20, using: &g)
                expectLookup((0..<length).map { _ in UInt8.random(in: 0x61...0x7A, using: &g) })
            }
        }
    }

    /// A field whose name is written with escapes is still that field.
    @Test func aFieldNameWithEscapesIsStillThatField() {
        let text = #"{"v":1,"ts":"t","session":"s","type":"discomfort","r\u0061ting":4,"\u0065xercise_index":2}"#
        guard case .line(let line) = Self.parse(text) else { Issue.record("not parsed"); return }
        #expect(line.event.rating == 4 && line.event.exerciseIndex == 2)
    }

    // MARK: Strings

    /// A note of random characters written the ways JSON allows (raw UTF-8, `\uXXXX`, short
    /// escapes, surrogate pairs), sometimes with a raw control character (malformed), at every
    /// alignment: the line is read exactly when the generator wrote it validly, and gives back
    /// the text it encoded.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func stringsAreCheckedAndDecodedAtEveryAlignment(seed: UInt64) {
        var g = SeededGenerator(state: seed)
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1F}", "\u{7F}", "é", "✓", "😀", "\u{FFFF}", "\u{2028}", "~", "{", "}", ":", ","]
        for round in 0..<600 {
            var text = "", written = "", valid = true
            for _ in 0..<Int.random(in: 0...40, using: &g) {
                let c = alphabet.randomElement(using: &g)!
                text.unicodeScalars.append(c)
                let v = c.value, way = Int.random(in: 0..<4, using: &g)
                if v < 0x20, way == 0 {
                    written.unicodeScalars.append(c) // raw: not allowed
                    valid = false
                } else if v == 0x22 {
                    written += #"\""#
                } else if v == 0x5C {
                    written += #"\\"#
                } else if v == 0x0A, way == 1 {
                    written += #"\n"#
                } else if v == 0x09, way == 1 {
                    written += #"\t"#
                } else if v < 0x20 || (way == 2 && v <= 0xFFFF) {
                    written += String(format: "\\u%04x", v)
                } else if way == 2 {
                    let u = v - 0x10000
                    written += String(format: "\\u%04X\\u%04x", 0xD800 + (u >> 10), 0xDC00 + (u & 0x3FF))
                } else if v == 0x2F, way == 3 {
                    written += #"\/"#
                } else {
                    written.unicodeScalars.append(c)
                }
            }
            let padding = String(repeating: "p", count: round % 9)
            let line = #"{"v":1,"ts":"2026-01-05T07:00:00Z","session":"\#(padding)","type":"note","note":"\#(written)","limber":"x"}"#
            switch Self.parse(line) {
            case .line(let l):
                #expect(valid && l.event.note == text && l.session == padding, "\(line)")
            case .malformed:
                #expect(!valid, "\(line)")
            case .unknownType:
                Issue.record("unknown type: \(line)")
            }
        }
    }

    /// A line cut off anywhere is refused, whatever it was cut in (a string, a number, a name).
    @Test func aLineCutAnywhereIsRefused() {
        let line = Array(#"{"v":1,"ts":"2026-01-05T07:00:00.000+01:00","session":"long-session-id-é✓","type":"set","exercise":"Half-kneeling psoas","seconds":30.25,"planned":{"exercises":[{"name":"x"}]}}"#.utf8)
        let scanner = LogLineParser.Scanner()
        #expect(line.withUnsafeBufferPointer { scanner.scan($0) } == .event)
        for cut in 0..<line.count {
            #expect(line[..<cut].withUnsafeBufferPointer { LogLineParser.parse($0) } == .malformed, "cut at \(cut)")
            // The same scanner, which remembers the whole plan: a cut one is still refused.
            #expect(line[..<cut].withUnsafeBufferPointer { scanner.scan($0) } == .malformed, "cut at \(cut)")
        }
    }

    // MARK: Keys compared with the one that came next last time

    /// A scanner that has read lines before compares each key with the one that followed the
    /// key before it then: lines of the same shape and lines that differ from it by a byte (a
    /// near-miss name, a space, an escape, a key given twice, an unknown one, the end of the
    /// line near), each cut at every byte, read as a fresh scanner (which has nothing to
    /// compare with) reads them.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func keysComparedWithTheLastOrderReadAsFreshlyScanned(seed: UInt64) {
        var g = SeededGenerator(state: seed)
        let shapes = [
            #"{"v":1,"ts":"2026-01-05T07:00:00.000+01:00","session":"p0-1","type":"set","exercise":"Glute bridge","set":1,"sets":2,"status":"done","seconds":30.0}"#,
            #"{"v":1,"ts":"2026-01-05T07:00:00.000+01:00","session":"p0-1","type":"discomfort","exercise":"Front plank","rating":3,"stop_at":7}"#,
            #"{"v":1,"ts":"2026-01-05T07:00:00.000+01:00","session":"p0-1","type":"session_end","status":"completed","elapsed_seconds":905.0,"sets_done":6,"sets_skipped":0}"#,
        ]
        let swaps = [(#""sets":"#, #""set":"#), (#""set":"#, #""sets":"#), (#""seconds":"#, #""second":"#), (#""type":"#, #""type" :"#),
                     (#""rating":"#, #""rating":"#), (#""status":"#, #""Status":"#), (#""stop_at":"#, #""stop_at":1,"stop_at":"#),
                     (#""exercise":"#, #""odd":0,"exercise":"#), (#""session":"#, #" "session":"#), (#""v":"#, #""v"\#t:"#),
                     (#""sets_done":"#, #""sets_skipped":"#), (#""ts":"#, #""t":"#), (#","#, #", "#)]
        let learned = LogLineParser.Scanner()
        func expectSame(_ bytes: ArraySlice<UInt8>) {
            bytes.withUnsafeBufferPointer { raw in
                let fresh = LogLineParser.Scanner()
                let expected = fresh.scan(raw), got = learned.scan(raw)
                #expect(got == expected, "\(String(decoding: raw, as: UTF8.self))")
                if got == .event, expected == .event {
                    #expect(learned.present == fresh.present && learned.line() == fresh.line(), "\(String(decoding: raw, as: UTF8.self))")
                }
            }
        }
        for _ in 0..<150 {
            var line = shapes.randomElement(using: &g)!
            if Bool.random(using: &g) {
                let (from, to) = swaps.randomElement(using: &g)!
                if let range = line.range(of: from) { line.replaceSubrange(range, with: to) }
            }
            let bytes = Array(line.utf8)
            expectSame(bytes[...])
            for cut in stride(from: Int.random(in: 0..<3, using: &g), to: bytes.count, by: 3) { expectSame(bytes[..<cut]) }
            // Read whole again, so that the order learnt is the line's and not a cut one's.
            expectSame(bytes[...])
        }
    }

    // MARK: Numbers

    /// Numbers as the log and other writers write them, and the odd ones: a field holds what
    /// the C library reads from the same text (bit for bit, the sign of zero included), and a
    /// line is refused when that reading fails or overflows.
    @Test func numbersReadAsTheCLibraryReadsThem() {
        var g = SeededGenerator(state: 7)
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(Int.random(in: 0...9, using: &g))) }) }
        var samples = ["0", "-0", "0.0", "-0.0", "30.0", "905.0", "905.25", "0.1", "0.3", "1.5", "00.5", "007", "1.", "1.e3", ".5", "-",
                       "1e3", "1E-3", "2.5e+2", "1.5e", "1.2.3", "30.0-5", "1--2", "123456789012345.6", "1234567890123456",
                       "12345678901234567890", "0.000000000000001", "0.0000000000000001", "9007199254740993", "1e999", "-1e999",
                       "99999999999999.9", "999999999999999", "9999999999999999", "1" + String(repeating: "0", count: 400),
                       "0." + String(repeating: "1", count: 30), "4.35", "2.675", "1.005", "0.15", "1e-400"]
        for _ in 0..<3_000 {
            let whole = digits(Int.random(in: 1...17, using: &g))
            let fraction = digits(Int.random(in: 0...17, using: &g))
            let sign = Bool.random(using: &g) ? "-" : ""
            samples.append(sign + whole + (fraction.isEmpty ? "" : "." + fraction))
        }
        for text in samples {
            let line = #"{"v":1,"ts":"t","session":"s","type":"set","seconds":\#(text),"limber":"x"}"#
            let outcome = Self.parse(line)
            // What the reading did before the fast path: whole numbers digit by digit, anything
            // with a point or an exponent through the C library; refused when not finite.
            let greedy = text.prefix { "0123456789.eE+-".contains($0) }
            let expected: Double?
            if text.dropFirst(text.hasPrefix("-") ? 1 : 0).allSatisfy(\.isNumber), text.count > (text.hasPrefix("-") ? 1 : 0) {
                let magnitude = text.drop { $0 == "-" }.reduce(0.0) { $0 * 10 + Double($1.wholeNumberValue!) }
                expected = magnitude.isFinite ? (text.hasPrefix("-") ? -magnitude : magnitude) : nil
            } else if greedy == text, let d = Double(text), d.isFinite, text.first != ".", text != "-" {
                expected = d
            } else {
                expected = nil
            }
            switch outcome {
            case .line(let l):
                #expect(expected != nil && l.event.seconds?.bitPattern == expected?.bitPattern, "\(text): \(String(describing: l.event.seconds)) vs \(String(describing: expected))")
            default:
                #expect(expected == nil, "\(text) refused")
            }
        }
    }

    // MARK: Remembered nested values

    /// A nested value the scanner remembers, followed by more bytes or cut short inside it:
    /// only a whole, identical value is taken as the remembered one.
    @Test func aRememberedValueIsTakenOnlyWhenItIsWhole() {
        let plan = #"{"exercises":[{"name":"Plank","sets":2}],"total_seconds":300}"#
        let scanner = LogLineParser.Scanner()
        func scan(_ planned: String, then rest: String = "}") -> LogLineParser.Scanner.Result {
            let text = #"{"v":1,"ts":"2026-01-05T07:00:00Z","session":"s","type":"session_start","planned":"# + planned + rest
            return Array(text.utf8).withUnsafeBufferPointer { scanner.scan($0) }
        }
        #expect(scan(plan) == .event)
        let id = scanner.containerID(.planned)
        #expect(scan(plan) == .event && scanner.containerID(.planned) == id)
        #expect(scan(plan, then: #","limber":"x"}"#) == .event && scanner.containerID(.planned) == id)
        #expect(scan(plan, then: "") == .malformed)
        #expect(scan(plan, then: "]}") == .malformed)
        #expect(scan(String(plan.dropLast()), then: "") == .malformed)
        #expect(scan(String(plan.dropLast(2)) + "1}") == .event && scanner.containerID(.planned) != id)
        #expect(scan(plan) == .event && scanner.containerID(.planned) == id)
    }

    // MARK: The reading loop

    /// A log of lines of every length (some far longer than one read), blank lines, CRLF
    /// endings and a last line with or without its newline, written to a file and piped in
    /// pieces: the lines the reader gives are those of splitting the file at its newlines.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func theReadingLoopGivesTheLinesOfTheFile(seed: UInt64) throws {
        var g = SeededGenerator(state: seed)
        var lines: [String] = []
        for n in 0..<200 {
            switch Int.random(in: 0..<20, using: &g) {
            case 0: lines.append("")
            case 1: lines.append("garbage \(n)\r")
            case 2:
                let note = String(repeating: "n", count: Int.random(in: 100_000...700_000, using: &g))
                lines.append(#"{"v":1,"ts":"2026-01-05T07:00:00Z","session":"s\#(n)","type":"note","note":"\#(note)"}"#)
            case 3: lines.append(#"{"v":1,"ts":"2026-01-05T07:00:00Z","session":"s\#(n)","type":"set","set":"#)
            default: lines.append(#"{"v":1,"ts":"2026-01-05T07:00:00Z","session":"s\#(n)","type":"set","set":\#(n)}"#)
            }
        }
        let text = lines.joined(separator: "\n") + (seed == 2 ? "" : "\n")
        // The reference: the file split at its newlines, each line parsed on its own.
        var expected: [String] = []
        for (n, line) in Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if n == lines.count { break }
            let bytes = Array(line)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
            switch bytes.withUnsafeBufferPointer({ LogLineParser.parse($0) }) {
            case .line(let l): expected.append("\(n + 1) \(l.session) \(l.event.note?.count ?? -1)")
            case .unknownType: break
            case .malformed: expected.append("\(n + 1) problem")
            }
        }
        func read(_ path: String) throws -> [String] {
            let scanner = LogLineParser.Scanner()
            var found: [String] = []
            try LogReader(path: path).forEachScanned(scanner) { number, problem in
                if problem != nil {
                    found.append("\(number) problem")
                } else {
                    found.append("\(number) \(scanner.string(.session) ?? "") \(scanner.string(.note)?.count ?? -1)")
                }
            }
            return found
        }
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("log.jsonl").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try read(path) == expected)
        // Through a pipe written in small uneven pieces: the same lines.
        let fifo = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let bytes = Array(text.utf8)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            var at = 0, piece = 1
            while at < bytes.count {
                let n = min(piece, bytes.count - at)
                _ = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress! + at, n) }
                at += n
                piece = piece * 7 % 100_003 + 1
            }
            close(fd)
        }
        writer.start()
        #expect(try read(fifo) == expected)
    }

    /// A read that fails (a folder opened as a log) throws what FileHandle throws for it.
    @Test func aFailedReadThrowsWhatFileHandleThrows() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = #expect(throws: (any Error).self) { _ = try FileHandle(forReadingAtPath: folder.path)!.read(upToCount: 1) }
        let thrown = #expect(throws: (any Error).self) { try LogReader(path: folder.path).forEachScanned(LogLineParser.Scanner()) { _, _ in } }
        #expect(thrown.map { ($0 as NSError).localizedDescription } == expected.map { ($0 as NSError).localizedDescription })
        #expect(thrown.map { "\(($0 as NSError).domain) \(($0 as NSError).code)" } == expected.map { "\(($0 as NSError).domain) \(($0 as NSError).code)" })
    }
}
