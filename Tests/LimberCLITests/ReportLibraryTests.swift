import Foundation
import LimberTestSupport
import Testing

@Suite("--library on the commands that read a program: report, today, export")
struct ReportLibraryTests {
    /// A folder with a clinic library (`clinic/knee-slide.yaml`), a program that uses it and an empty log.
    static func clinicFolder() throws -> URL {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("clinic"), withIntermediateDirectories: true)
        try "limber_exercise: 1\nname: Knee slide\nsummary: s\nreps: 5\n"
            .write(to: folder.appendingPathComponent("clinic/knee-slide.yaml"), atomically: true, encoding: .utf8)
        try "limber: 1\ntitle: Clinic knees\nsafety: [s]\nschedule: { per_week: 2 }\ndiscomfort: { stop_at: 6 }\nexercises:\n  - use: knee-slide\n"
            .write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        try "".write(to: folder.appendingPathComponent("empty.jsonl"), atomically: true, encoding: .utf8)
        return folder
    }

    /// `today PROGRAM` finds the program's `use:` exercises in a `--library` folder.
    @Test func todayTakesTheLibraryOption() throws {
        let folder = try Self.clinicFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let today = ["today", "p.yaml", "--log", "empty.jsonl"]
        let found = try CommandRunner.limber(today + ["--library", "clinic"], in: folder)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("Knee slide"))
        let missing = try CommandRunner.limber(today, in: folder)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("knee-slide"))
    }

    /// `export --program` finds the program's `use:` exercises in a `--library` folder.
    @Test func exportTakesTheLibraryOption() throws {
        let folder = try Self.clinicFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = ["export", "--format", "fhir", "--program", "p.yaml", "empty.jsonl"]
        let found = try CommandRunner.limber(export + ["--library", "clinic"], in: folder)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("Knee slide"))
        let missing = try CommandRunner.limber(export, in: folder)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("knee-slide"))
    }

    /// `report --program` finds the program's `use:` exercises in a `--library` folder, like the
    /// other commands that read a program.
    @Test func theProgramsLibraryComesFromTheOption() throws {
        let folder = try Self.clinicFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = ["report", "--program", "p.yaml", "--since", "2026-11-02", "--until", "2026-11-08", "empty.jsonl"]
        let found = try CommandRunner.limber(report + ["--library", "clinic"], in: folder)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("Clinic knees"))
        let missing = try CommandRunner.limber(report, in: folder)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("knee-slide"))
    }
}
