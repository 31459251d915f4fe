import Foundation
import LimberTestSupport
import Testing

@Suite("limber library, new and validate with a clinic library")
struct LibraryCommandTests {
    @Test func libraryListsEveryShippedExerciseWithItsDose() throws {
        let result = try CommandRunner.limber(["library"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count >= 22, "a heading, a rule and 20 exercises")
        #expect(lines.contains { $0.hasPrefix("glute-bridge ") && $0.contains("3 × 12 reps at 2-2-2, rest 30s") })
    }

    @Test func searchNeedsEveryWord() throws {
        let found = try CommandRunner.limber(["library", "search", "HIP", "side"])
        #expect(found.status == 0)
        let names = found.stdout.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ")[0] }
        #expect(names == ["clamshell", "side-lying-hip-abduction", "side-plank"])
        let none = try CommandRunner.limber(["library", "search", "trampoline"])
        #expect(none.status == 1 && none.stderr == "limber: no library exercise matches trampoline\n")
    }

    /// --library comes before LIMBER_LIBRARY, which comes before the shipped library; errors
    /// inside the clinic's file are shown there and at the use: line.
    @Test func clinicFoldersComeFirstAndTheirErrorsAreLocated() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (sub, text) in [("cli", "limber_exercise: 1\nname: Bridge from the option\nsummary: s\nreps: 5\n"),
                            ("env", "limber_exercise: 1\nname: Bridge from the environment\nsummary: s\nreps: 5\n")] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
            try text.write(to: folder.appendingPathComponent("\(sub)/glute-bridge.yaml"), atomically: true, encoding: .utf8)
        }
        try "limber_exercise: 1\nname: Broken\nsummary: s\nhold: soon\n".write(to: folder.appendingPathComponent("env/broken.yaml"), atomically: true, encoding: .utf8)
        try "limber: 1\ntitle: T\nsafety: [s]\nschedule: { per_week: 2 }\ndiscomfort: { stop_at: 6 }\nexercises:\n  - use: glute-bridge\n"
            .write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let env = ["LIMBER_LIBRARY": folder.appendingPathComponent("env").path]
        #expect(try CommandRunner.limber(["plan", "p.yaml", "--library", "cli"], in: folder, environment: env).stdout.hasPrefix("T\n"))
        #expect(try CommandRunner.limber(["plan", "p.yaml", "--library", "cli"], in: folder, environment: env).stdout.contains("Bridge from the option"))
        #expect(try CommandRunner.limber(["plan", "p.yaml"], in: folder, environment: env).stdout.contains("Bridge from the environment"))
        #expect(try CommandRunner.limber(["plan", "p.yaml"], in: folder).stdout.contains("1. Glute bridge — 3 × 12 reps"))

        try "limber: 1\ntitle: T\nsafety: [s]\nschedule: { per_week: 2 }\ndiscomfort: { stop_at: 6 }\nexercises:\n  - use: broken\n"
            .write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let broken = try CommandRunner.limber(["validate", "p.yaml"], in: folder, environment: ["LIMBER_LIBRARY": "env"])
        #expect(broken.status == 1)
        #expect(broken.stdout == """
            p.yaml:7:10: error: the library exercise 'broken' has 1 error: fix env/broken.yaml
              - use: broken
                     ^
            env/broken.yaml:4:7: error: 'hold' must be a duration such as 30s, 1m30s or 2m, found 'soon'
            hold: soon
                  ^
            1 error, 0 warnings (1 of 1 file unusable)

            """)
    }

    @Test func newWritesAStarterThatValidatesAndPlans() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (file, extra) in [("plain.yaml", [String]()), ("built.yaml", ["--from", "cat-cow,glute-bridge", "--from", "dead-bug", "--title", "Knee: \"week 1\""])] {
            let made = try CommandRunner.limber(["new"] + extra + [file], in: folder)
            #expect(made.status == 0, "\(made.stderr)")
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(text.hasPrefix("# yaml-language-server: $schema=./limber-program.schema.json\n"))
            let validated = try CommandRunner.limber(["validate", file], in: folder)
            #expect(validated.stdout == "\(file): ok\n", "\(validated.stdout)")
            #expect(try CommandRunner.limber(["plan", file], in: folder).status == 0)
        }
        #expect(try CommandRunner.limber(["plan", "built.yaml"], in: folder).stdout.hasPrefix("Knee: \"week 1\"\n"))
        let again = try CommandRunner.limber(["new", "plain.yaml"], in: folder)
        #expect(again.status == 1 && again.stderr.contains("limber new never replaces a file"))
        let typo = try CommandRunner.limber(["new", "--from", "glute-brige", "typo.yaml"], in: folder)
        #expect(typo.status == 1 && typo.stderr.contains("did you mean 'glute-bridge'?"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("typo.yaml").path))
    }
}
