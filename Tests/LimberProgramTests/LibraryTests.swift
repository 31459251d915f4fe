import Foundation
import LimberBasics
import LimberProgram
import LimberTestSupport
import Testing

@Suite("Exercise library: use: references")
struct LibraryTests {
    static let header = "limber: 1\ntitle: T\nsafety: [Stop if pain is sharp.]\nschedule: { per_week: 3 }\ndiscomfort: { stop_at: 6 }\nexercises:\n"

    /// A temporary library folder holding `files` (name → text), and a program path beside it.
    struct Clinic {
        let folder: URL
        var library: ExerciseLibrary { ExerciseLibrary(folders: [folder.appendingPathComponent("lib").path]) }
        var programPath: String { folder.appendingPathComponent("p.yaml").path }

        init(_ files: [String: String]) throws {
            folder = try Fixtures.temporaryFolder()
            for (name, text) in files {
                let url = folder.appendingPathComponent("lib").appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
        }

        func parse(_ exercises: String) -> ParseResult {
            ProgramParser.parse(Array((LibraryTests.header + exercises).utf8), library: library, path: programPath)
        }

        func rendered(_ exercises: String) -> String {
            DiagnosticRenderer().render(parse(exercises), path: "p.yaml")
                .replacingOccurrences(of: folder.path + "/", with: "")
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    static let bridge = """
        limber_exercise: 1
        name: Glute bridge
        summary: Hips up lying on the back.
        instructions: Lift the hips.
        equipment: mat
        sets: 3
        reps: 12
        tempo: 2-2-2
        safety:
          - "Bridges: lift less high if the back aches."

        """

    @Test func useTakesTheLibraryExerciseAndItsOverrides() throws {
        let clinic = try Clinic(["glute-bridge.yaml": Self.bridge])
        defer { clinic.remove() }
        let result = clinic.parse("""
              - use: glute-bridge
                reps: 15
              - use: glute-bridge
                name: Bridge hold
                hold: 20s

            """)
        #expect(result.diagnostics == [])
        let program = try #require(result.program)
        #expect(program.exercises[0].name == "Glute bridge")
        #expect(program.exercises[0].work == .reps(count: 15, tempo: Tempo(up: 2, hold: 2, down: 2)), "reps override keeps the tempo")
        #expect(program.exercises[0].sets == 3 && program.exercises[0].equipment == "mat")
        #expect(program.exercises[1].work == .hold(seconds: 20), "another kind of work drops reps and tempo")
        #expect(program.safety == ["Stop if pain is sharp.", "Bridges: lift less high if the back aches."],
                "the library's safety notes join the program's, once")
    }

    @Test func errorsInsideTheLibraryAreShownThereAndAtTheUseLine() throws {
        let clinic = try Clinic(["bad.yaml": "limber_exercise: 1\nname: Bad\nsummary: s\nreps: lots\n"])
        defer { clinic.remove() }
        #expect(clinic.rendered("  - use: bad\n    sets: 2\n") == """
            p.yaml:7:10: error: the library exercise 'bad' has 1 error: fix lib/bad.yaml
              - use: bad
                     ^
            lib/bad.yaml:4:7: error: 'reps' must be a whole number from 1 to 1000, found 'lots'
            reps: lots
                  ^

            """)
    }

    @Test func aNameTheLibraryGivesTwiceIsPlacedAtTheSecondUse() throws {
        let clinic = try Clinic(["glute-bridge.yaml": Self.bridge])
        defer { clinic.remove() }
        let result = clinic.parse("  - use: glute-bridge\n  - use: glute-bridge\n")
        #expect(result.diagnostics.map(\.location) == [SourceLocation(line: 8, column: 10)])
        #expect(result.diagnostics.first?.message.contains("used twice") == true)
    }

    @Test func cyclesAreRefused() throws {
        let clinic = try Clinic([
            "a.yaml": "limber_exercise: 1\nuse: b\n",
            "b.yaml": "limber_exercise: 1\nuse: a\nsummary: s\n",
        ])
        defer { clinic.remove() }
        #expect(clinic.rendered("  - use: a\n") == """
            p.yaml:7:10: error: the library exercise 'a' has 1 error: fix lib/a.yaml
              - use: a
                     ^
            lib/a.yaml:2:6: error: the library exercise 'b' has 1 error: fix lib/b.yaml
            use: b
                 ^
            lib/b.yaml:2:6: error: 'use: a' makes a cycle of library exercises (a → b → a); an exercise can't use itself
            use: a
                 ^

            """)
    }

    @Test func pathsLeavingTheLibraryAreRefused() throws {
        let clinic = try Clinic(["glute-bridge.yaml": Self.bridge])
        defer { clinic.remove() }
        try "limber_exercise: 1\nname: Secret\nhold: 5s\n".write(to: clinic.folder.appendingPathComponent("secret.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: clinic.folder.appendingPathComponent("lib/link.yaml").path,
                                                   withDestinationPath: clinic.folder.appendingPathComponent("secret.yaml").path)
        for reference in ["../secret", "/etc/passwd", "sub/../../secret"] {
            let result = clinic.parse("  - use: \(reference)\n")
            #expect(result.program == nil)
            #expect(result.diagnostics.first?.message.contains("leaves the library's folders") == true, "\(reference)")
        }
        let linked = clinic.parse("  - use: link\n")
        #expect(linked.diagnostics.first?.message.contains("a link that leads out of its library folder") == true)
    }

    @Test func aTypoGetsTheNearestName() throws {
        let clinic = try Clinic(["glute-bridge.yaml": Self.bridge, "clinic/knee-slide.yaml": "limber_exercise: 1\nname: Knee slide\nsummary: s\nreps: 5\n"])
        defer { clinic.remove() }
        let message = clinic.parse("  - use: glute-brige\n").diagnostics.first?.message ?? ""
        #expect(message.hasPrefix("no library exercise 'glute-brige'; did you mean 'glute-bridge'?"))
        #expect(clinic.parse("  - use: clinic/knee-slide\n").program?.exercises.first?.name == "Knee slide", "a path inside the folder")
    }

    /// Checked on its own, a library file finds the exercises beside it.
    @Test func aLibraryFileUsesItsNeighbours() throws {
        let clinic = try Clinic(["glute-bridge.yaml": Self.bridge,
                                 "long-bridge.yaml": "limber_exercise: 1\nuse: glute-bridge\nname: Long bridge\nsummary: s\nhold: 30s\n"])
        defer { clinic.remove() }
        let file = ProgramFile.read(clinic.folder.appendingPathComponent("lib/long-bridge.yaml").path)
        #expect(file.result.diagnostics == [])
        let entry = try #require(file.result.exercise)
        #expect(entry.exercise.work == .hold(seconds: 30) && entry.exercise.equipment == "mat")
        #expect(entry.safety == ["Bridges: lift less high if the back aches."], "the used exercise's safety comes along")
    }

    @Test func useWithoutALibraryIsAnError() {
        let result = ProgramParser.parse(Self.header + "  - use: glute-bridge\n")
        #expect(result.diagnostics.map(\.message) == ["'use: glute-bridge' needs an exercise library, and none was given"])
    }

    /// Every shipped library file is a clean library exercise with a summary, and every shipped
    /// program (one of them built from the library) validates clean against it.
    @Test func theShippedLibraryAndProgramsAreClean() throws {
        let shipped = Fixtures.packageRoot.appendingPathComponent("Programs/library").path
        let library = ExerciseLibrary(shipped: shipped)
        let entries = library.entries()
        #expect(entries.count >= 20)
        for name in ["cat-cow", "pelvic-tilt", "knee-rocking", "dead-bug", "bird-dog", "clamshell", "single-leg-bridge",
                     "side-lying-hip-abduction", "calf-stretch", "towel-scrunches", "glute-bridge", "front-plank"] {
            #expect(entries.contains { $0.name == name }, "\(name) is missing from the library")
        }
        for entry in entries {
            let file = ProgramFile.read(entry.path, library: library)
            #expect(file.result.diagnostics == [], "\(entry.name): \(file.result.diagnostics)")
            let exercise = try #require(file.result.exercise, "\(entry.name)")
            #expect(exercise.summary != nil && !exercise.safety.isEmpty && exercise.exercise.instructions != nil, "\(entry.name)")
        }
        for program in Fixtures.allPrograms {
            let file = ProgramFile.read(program.path, library: library)
            #expect(file.result.diagnostics == [], "\(program.lastPathComponent): \(file.result.diagnostics)")
        }
    }

    /// The bundle reads the same without any library: same exercises, same safety notes.
    @Test func aBundleNeedsNoLibrary() throws {
        let shipped = ExerciseLibrary(shipped: Fixtures.packageRoot.appendingPathComponent("Programs/library").path)
        let path = Fixtures.program("hip-and-core-from-library.yaml").path
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let bundle = ProgramBundle.expand(bytes, library: shipped, path: path)
        let yaml = try #require(bundle.yaml)
        #expect(!yaml.contains("use:"))
        let alone = ProgramParser.parse(yaml)
        #expect(alone.diagnostics == [])
        func placeless(_ program: Program?) -> Program? {
            guard var program else { return nil }
            for i in program.exercises.indices { program.exercises[i].location = .start }
            return program
        }
        #expect(placeless(alone.program) == placeless(bundle.parsed.program))
        #expect((alone.program?.safety.count ?? 0) == 7)
    }
}
