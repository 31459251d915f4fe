import Foundation
import LimberLog
@testable import LimberLogStore
import LimberTestSupport
import Testing

@Suite("Recent session starts from the end of the log")
struct RecentSessionsTests {
    func line(_ ts: String, _ type: LogEventType) -> String {
        String(decoding: LogLine(ts: ts, session: "s-\(ts)", event: LogEvent(type: type)).encoded(), as: UTF8.self)
    }

    @Test func onlySessionStartsAreCountedAndACutLineIsDropped() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.jsonl")
        let text = line("2026-11-23T07:00:00.000+01:00", .sessionStart) + line("2026-11-23T07:10:00.000+01:00", .sessionEnd)
            + "garbage\n" + line("2026-11-25T19:00:00.000+01:00", .sessionStart)
        try text.write(to: log, atomically: true, encoding: .utf8)
        #expect(RecentSessions.startDates(inLog: log.path) == ["2026-11-23", "2026-11-25"])
        // Only the last bytes: the first start is cut off (its line is dropped, not misread).
        let tail = line("2026-11-25T19:00:00.000+01:00", .sessionStart).utf8.count + 10
        #expect(RecentSessions.startDates(inLog: log.path, lastBytes: tail) == ["2026-11-25"])
        #expect(RecentSessions.startDates(inLog: folder.appendingPathComponent("none").path).isEmpty)
    }

    /// The byte filter that skips lines before decoding never skips a line the parser reads as a
    /// session start: every event type, written plainly and with the type's letters (or the
    /// whole line's) escaped as `\uXXXX`, with and without other escapes in the line.
    @Test func theByteFilterKeepsEverySessionStartTheParserReads() {
        func escaped(_ text: String) -> String {
            text.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
        }
        var checked = 0
        for type in LogEventType.allCases {
            let plain = line("2026-11-23T07:00:00.000+01:00", type).trimmingCharacters(in: .newlines)
            let typed = "\"type\":\"\(type.rawValue)\""
            let variants = [
                plain,
                plain.replacingOccurrences(of: typed, with: "\"type\":\"\(escaped(type.rawValue))\""),
                plain.replacingOccurrences(of: typed, with: "\"\(escaped("type"))\":\"\(type.rawValue)\""),
                plain.replacingOccurrences(of: "s-2026", with: "s\\n-2026"),
                "garbage", "{}", "{\"type\":\"session_start\"}",
            ]
            for text in variants {
                let bytes = Array(text.utf8)
                let parsed = bytes.withUnsafeBufferPointer { LogLineParser.parse($0) }
                var starts = false
                if case .line(let decoded) = parsed { starts = decoded.event.type == .sessionStart }
                let kept = bytes.withUnsafeBytes { RecentSessions.mayStartSession($0) }
                #expect(kept || !starts, "dropped a session start: \(text)")
                if starts { checked += 1 }
                // Plain lines of other types are skipped (the filter's point).
                if text == plain, type != .sessionStart { #expect(!kept, "\(type)") }
            }
        }
        #expect(checked >= 3)
    }

    /// The lines are those `split` gives (empty ones left out, a cut first line dropped) on
    /// generated text with runs of newlines at either end.
    @Test func linesAreTheSplitLines() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...30, using: &generator)).map { _ in [0x0A, 0x0A, 0x61, 0x62, 0x7B][Int.random(in: 0..<5, using: &generator)] as UInt8 }
            for cut in [false, true] {
                var expected = bytes.split(separator: 0x0A, omittingEmptySubsequences: true).map(Array.init)
                if cut, !expected.isEmpty { expected.removeFirst() }
                let found = bytes.withUnsafeBytes { RecentSessions.lines(of: $0, cut: cut).map { Array($0) } }
                #expect(found == expected, "\(bytes) cut \(cut)")
            }
        }
    }

    /// The filter's search finds the type's letters wherever they are (start, end, after a false
    /// start) in generated lines, and says the same as a plain search.
    @Test func theByteFilterFindsTheLettersAnywhere() {
        var generator = SystemRandomNumberGenerator()
        let word = Array("session_start".utf8)
        let alphabet = Array("sesion_tar{}\":,x".utf8)
        for _ in 0..<2_000 {
            var bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            if Bool.random(using: &generator) { bytes.insert(contentsOf: word, at: Int.random(in: 0...bytes.count, using: &generator)) }
            if Int.random(in: 0..<8, using: &generator) == 0 { bytes.insert(0x5C, at: Int.random(in: 0...bytes.count, using: &generator)) }
            let plain = bytes.contains(0x5C) || (bytes.count >= word.count
                && (0...(bytes.count - word.count)).contains { Array(bytes[$0..<$0 + word.count]) == word })
            #expect(bytes.withUnsafeBytes { RecentSessions.mayStartSession($0) } == plain, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
