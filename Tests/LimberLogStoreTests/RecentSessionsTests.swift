import Foundation
import LimberLog
import LimberLogStore
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
}
