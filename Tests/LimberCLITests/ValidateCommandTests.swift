import Foundation
import LimberTestSupport
import Testing

@Suite("limber validate, as a user runs it")
struct ValidateCommandTests {
    @Test func shippedProgramsAreClean() throws {
        let files = Fixtures.allPrograms.map { "Programs/" + $0.lastPathComponent }
        let result = try CommandRunner.limber(["validate"] + files)
        #expect(result.status == 0)
        #expect(result.stdout == "\(files.count) programs: ok\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func brokenProgramShowsEveryProblemAndExitsOne() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            limber: 1
            title: Broken
            safety: [Stop on sharp pain.]
            schedule: { per_week: 3 }
            discomfort: { stop_at: 12 }
            exercises:
              - name: Plank
                hodl: 30s
              - name: Bridge
                reps: 12
                hold: 30s
            """.write(to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.limber(["validate", "broken.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout == """
            broken.yaml:5:24: error: 'stop_at' must be a whole number from 1 to 10 on the 0–10 discomfort scale, found 12
            discomfort: { stop_at: 12 }
                                   ^
            broken.yaml:8:5: error: unknown key 'hodl' in an exercise; did you mean 'hold'?
                hodl: 30s
                ^
            broken.yaml:11:11: error: 'reps' and 'hold' can't be combined: an exercise is either reps, a hold or a duration
                hold: 30s
                      ^
            3 errors, 0 warnings (1 of 1 file unusable)

            """)

        let json = try CommandRunner.limber(["validate", "--format", "json", "broken.yaml"], in: folder)
        #expect(json.status == 1)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 3)
        let first = try #require(items.first)
        #expect(first["file"] as? String == "broken.yaml")
        #expect(first["line"] as? Int == 5)
        #expect(first["column"] as? Int == 24)
        #expect(first["severity"] as? String == "error")
        #expect((first["message"] as? String)?.hasPrefix("'stop_at' must be") == true)
    }

    @Test func mixOfGoodMissingAndBinaryFiles() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0x00, 0x01, 0x02, 0xFF]).write(to: folder.appendingPathComponent("garbage.yaml"))
        let good = Fixtures.program("core-planks.yaml").path
        let result = try CommandRunner.limber(["validate", good, "missing.yaml", "garbage.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.contains("missing.yaml:1:1: error: no such file"))
        #expect(result.stdout.contains("garbage.yaml:1:1: error: the file contains the control character U+0000"))
        #expect(result.stdout.hasSuffix("2 errors, 0 warnings (2 of 3 files unusable)\n"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func warningsAloneExitZero() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "limber: 1\ntitle: T\nexercises:\n  - name: Plank\n    hold: 30s\n"
            .write(to: folder.appendingPathComponent("w.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.limber(["validate", "w.yaml"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("0 errors, 3 warnings\n"))
    }

    @Test func usageErrorsExitTwo() throws {
        let none = try CommandRunner.limber(["validate"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("Missing expected argument"))
        let unknown = try CommandRunner.limber(["validate", "--frobnicate", "x.yaml"])
        #expect(unknown.status == 2)
        let badFormat = try CommandRunner.limber(["validate", "--format", "xml", "x.yaml"])
        #expect(badFormat.status == 2)
        let noCommand = try CommandRunner.limber(["frobnicate"])
        #expect(noCommand.status == 2)
    }

    /// Colour on a terminal, and not when NO_COLOR is set, TERM is dumb or the output is piped;
    /// diagnostics on stderr follow stderr's terminal even when stdout is piped.
    @Test func colourOnlyWhenAsked() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "limber: 1\n".write(to: folder.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let escape = "\u{1B}["
        let wanted = ["NO_COLOR": "", "TERM": "xterm-256color"]

        let terminal = try CommandRunner.limberOnTerminal(["validate", "c.yaml"], in: folder, environment: wanted)
        #expect(terminal.status == 1)
        #expect(terminal.stdout.contains("error") && terminal.stdout.contains(escape))

        for unwanted in [["NO_COLOR": "1", "TERM": "xterm-256color"], ["NO_COLOR": "", "TERM": "dumb"]] {
            let plain = try CommandRunner.limberOnTerminal(["validate", "c.yaml"], in: folder, environment: unwanted)
            #expect(plain.status == 1)
            #expect(plain.stdout.contains("error") && !plain.stdout.contains(escape), "\(unwanted)")
        }

        let piped = try CommandRunner.limberOnTerminal(["validate", "c.yaml"], in: folder, environment: wanted, pipeOutput: true)
        #expect(piped.stdout.contains("error") && !piped.stdout.contains(escape))
        let toFile = try CommandRunner.limber(["validate", "c.yaml"], in: folder, environment: wanted)
        #expect(toFile.stdout.contains("error") && !toFile.stdout.contains(escape))

        let planPiped = try CommandRunner.limberOnTerminal(["plan", "c.yaml"], in: folder, environment: wanted, pipeOutput: true)
        #expect(planPiped.stdout.contains("error") && planPiped.stdout.contains(escape))
    }
}
