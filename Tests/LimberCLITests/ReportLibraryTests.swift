import Foundation
import LimberTestSupport
import Testing

@Suite("limber report --library")
struct ReportLibraryTests {
    /// `report --program` finds the program's `use:` exercises in a `--library` folder, like the
    /// other commands that read a program.
    @Test func theProgramsLibraryComesFromTheOption() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("clinic"), withIntermediateDirectories: true)
        try "limber_exercise: 1\nname: Knee slide\nsummary: s\nreps: 5\n"
            .write(to: folder.appendingPathComponent("clinic/knee-slide.yaml"), atomically: true, encoding: .utf8)
        try "limber: 1\ntitle: Clinic knees\nsafety: [s]\nschedule: { per_week: 2 }\ndiscomfort: { stop_at: 6 }\nexercises:\n  - use: knee-slide\n"
            .write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        try "".write(to: folder.appendingPathComponent("empty.jsonl"), atomically: true, encoding: .utf8)
        let report = ["report", "--program", "p.yaml", "--since", "2026-11-02", "--until", "2026-11-08", "empty.jsonl"]
        let found = try CommandRunner.limber(report + ["--library", "clinic"], in: folder)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("Clinic knees"))
        let missing = try CommandRunner.limber(report, in: folder)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("knee-slide"))
    }
}
