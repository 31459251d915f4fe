import Foundation
import LimberLog
import LimberLogStore
import LimberTestSupport
import Testing

@Suite("Reading a log: what a bad line is called")
struct LogReaderTests {
    static let event = #"{"exercise":"Plank","session":"s1","set":1,"status":"done","ts":"2026-12-01T07:30:01.000+01:00","type":"set","v":1}"#

    /// The problems found in `text`, as (line, reason).
    static func problems(_ text: String) throws -> [String] {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("log.jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var found: [String] = []
        try LogReader(path: path).forEachNumbered { number, item in
            if case .problem(let n, let reason) = item {
                #expect(n == number)
                found.append("\(n): \(reason)")
            }
        }
        return found
    }

    /// Garbage is "not a log line"; "cut off" is kept for what a torn write leaves: the start of
    /// an object, or a last line with no newline.
    @Test func garbageIsNotALogLineAndOnlyATornLineIsCutOff() throws {
        #expect(try Self.problems("hello world\n\(Self.event)\n") == ["1: not a log line"])
        #expect(try Self.problems("\(Self.event)\n{\"v\":1,\"ts\":\"2026-12-01T07:3\n\(Self.event)\n") == ["2: incomplete line (cut off)"])
        #expect(try Self.problems("\(Self.event)\n{\"v\":1,\"ts\":\"2026-12-01\"}\n") == ["2: not a Limber event"])
        #expect(try Self.problems("\(Self.event)\nrandom tail") == ["2: incomplete line (cut off)"])
    }
}
