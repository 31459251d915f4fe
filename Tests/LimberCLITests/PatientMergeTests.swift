import Foundation
import LimberTestSupport
import Testing

/// One patient's laptop and Raspberry Pi logs read as one: merged by the patient id their
/// session starts record, interleaved by time, a session found in both files counted once.
@Suite("patient ids: one patient's logs merged")
struct PatientMergeTests {
    typealias R = ReviewCommandTests

    /// A folder with p-7's laptop log (Mon, Wed, and Fri copied from the Pi), p-7's Pi log (Tue,
    /// Fri) and anna.jsonl, an old log with no patient id.
    static func clinic() throws -> URL {
        let dir = try Fixtures.temporaryFolder()
        let laptop = R.session("a1", "2026-11-02T07:30:00.000+01:00", patient: "p-7")
            + R.session("a2", "2026-11-04T07:30:00.000+01:00", rating: 3, patient: "p-7")
            + R.session("b2", "2026-11-06T18:00:00.000+01:00", rating: 5, patient: "p-7")
        let pi = R.session("b1", "2026-11-03T18:00:00.000+01:00", patient: "p-7")
            + R.session("b2", "2026-11-06T18:00:00.000+01:00", rating: 5, patient: "p-7")
        try laptop.write(to: dir.appendingPathComponent("laptop.jsonl"), atomically: true, encoding: .utf8)
        try pi.write(to: dir.appendingPathComponent("pi.jsonl"), atomically: true, encoding: .utf8)
        try R.session("c1", "2026-11-03T09:00:00.000+01:00").write(to: dir.appendingPathComponent("anna.jsonl"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func reportListsPatientsNotFiles() throws {
        let dir = try Self.clinic()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CommandRunner.limber(["report", dir.path, "--since", "2026-11-02", "--until", "2026-11-08", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let patients = try #require(object["patients"] as? [[String: Any]])
        #expect(patients.compactMap { $0["name"] as? String } == ["anna", "p-7"])
        let p7 = patients[1]
        #expect(p7["patient"] as? String == "p-7")
        #expect((p7["logs"] as? [String])?.map { ($0 as NSString).lastPathComponent } == ["laptop.jsonl", "pi.jsonl"])
        // Four sessions (b2 once), three prescribed: the week is done.
        let weeks = try #require(p7["weeks"] as? [[String: Any]])
        #expect(weeks.first?["done"] as? Int == 4)
        #expect(patients[0]["patient"] == nil)
        #expect(result.stderr.contains("1 session(s) of patient p-7 are in more than one file; each is counted once"))
    }

    @Test func logInterleavesByTimeAndCountsACopiedSessionOnce() throws {
        let dir = try Self.clinic()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CommandRunner.limber(["log", dir.appendingPathComponent("laptop.jsonl").path, dir.appendingPathComponent("pi.jsonl").path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let sessions = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(sessions.compactMap { $0["id"] as? String } == ["a1", "b1", "a2", "b2"])
    }

    @Test func runRejectsAPatientIDThatIsNotAPseudonym() throws {
        let result = try CommandRunner.limber(["run", Fixtures.program("core-planks.yaml").path, "--patient", "Jane Doe"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--patient: a patient id is letters, digits"))
    }
}

extension PatientMergeTests {
    /// A one-second program, run for real: the id given is in the session start.
    @Test func runRecordsThePatientIDInTheSessionStart() throws {
        let dir = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let program = dir.appendingPathComponent("p.yaml")
        try "limber: 1\ntitle: Patient test\ndefaults: { prepare: 1s }\nexercises:\n  - name: Plank\n    hold: 1s\n".write(to: program, atomically: true, encoding: .utf8)
        let log = dir.appendingPathComponent("log.jsonl")
        let run = try CommandRunner.limber(["run", program.path, "--no-sound", "--log", log.path, "--patient", "p-9"])
        #expect(run.status == 0, "\(run.stderr)")
        let first = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains("\"patient\":\"p-9\""))
        #expect(first.contains("\"type\":\"session_start\""))
    }
}
