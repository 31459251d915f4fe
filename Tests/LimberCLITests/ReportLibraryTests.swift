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

    /// Runs `arguments` in a clinic folder with `--library clinic` (it must succeed and print
    /// `shown`) and without (the `use:` exercise is not found: exit 1, named on stderr).
    static func expectLibraryOption(_ arguments: [String], shows shown: String) throws {
        let folder = try clinicFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let found = try CommandRunner.limber(arguments + ["--library", "clinic"], in: folder)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains(shown))
        let missing = try CommandRunner.limber(arguments, in: folder)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("knee-slide"))
    }

    /// `today PROGRAM` finds the program's `use:` exercises in a `--library` folder.
    @Test func todayTakesTheLibraryOption() throws {
        try Self.expectLibraryOption(["today", "p.yaml", "--log", "empty.jsonl"], shows: "Knee slide")
    }

    /// `export --program` finds the program's `use:` exercises in a `--library` folder.
    @Test func exportTakesTheLibraryOption() throws {
        try Self.expectLibraryOption(["export", "--format", "fhir", "--program", "p.yaml", "empty.jsonl"], shows: "Knee slide")
    }

    /// `report --program` finds the program's `use:` exercises in a `--library` folder, like the
    /// other commands that read a program.
    @Test func theProgramsLibraryComesFromTheOption() throws {
        try Self.expectLibraryOption(["report", "--program", "p.yaml", "--since", "2026-11-02", "--until", "2026-11-08", "empty.jsonl"],
                                     shows: "Clinic knees")
    }
}
