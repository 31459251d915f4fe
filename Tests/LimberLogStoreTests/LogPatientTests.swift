import Foundation
import LimberLog
import LimberLogStore
import LimberTestSupport
import Testing

@Suite("A log's patient, from its head")
struct LogPatientTests {
    func start(_ session: String, patient: String?) -> String {
        var e = LogEvent(type: .sessionStart)
        e.patient = patient
        return String(decoding: LogLine(ts: "2026-11-23T07:00:00.000+01:00", session: session, event: e).encoded(), as: UTF8.self)
    }

    @Test func theFirstSessionStartNamingAPatientNamesTheFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.jsonl")
        // A session from before the id was configured, a torn line, then the id.
        let text = start("a", patient: nil) + "{\"v\":1,\"ts\n" + start("b", patient: "p-7") + start("c", patient: "p-8")
        try text.write(to: log, atomically: true, encoding: .utf8)
        #expect(LogPatient.id(inLog: log.path) == "p-7")
        // Only the head is read: an id past it is not looked for.
        #expect(LogPatient.id(inLog: log.path, headBytes: start("a", patient: nil).utf8.count + 5) == nil)
        try start("a", patient: nil).write(to: log, atomically: true, encoding: .utf8)
        #expect(LogPatient.id(inLog: log.path) == nil)
        #expect(LogPatient.id(inLog: folder.appendingPathComponent("none").path) == nil)
        #expect(LogPatient.id(inLog: "-") == nil)
    }
}
