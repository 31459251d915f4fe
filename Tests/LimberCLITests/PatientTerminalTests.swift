import Foundation
import LimberTestSupport
import Testing

/// `limber run` in the terminals patients have (issue 12): TERM=dumb gets plain lines and still
/// takes keys; a C locale gets ASCII; with no terminal at all a counted set ends on its own.
@Suite("run in a dumb terminal, a C locale and no terminal", .serialized)
struct PatientTerminalTests {
    static let program = """
        limber: 1
        title: Counted
        safety: [Stop if pain is sharp.]
        schedule: { per_week: 3 }
        discomfort: { ask: never }
        defaults: { prepare: 0s, rest_between_exercises: 0s }
        exercises:
          - name: March
            reps: 1
          - name: Plank
            hold: 2s

        """

    func folder() throws -> URL {
        let folder = try Fixtures.temporaryFolder()
        try Self.program.write(to: folder.appendingPathComponent("counted.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test(.enabled(if: Tmux.isAvailable)) func termDumbGetsPlainLinesAndTakesKeys() throws {
        let folder = try folder()
        let binary = CommandRunner.limberBinary.path
        let tmux = try Tmux("TERM=dumb '\(binary)' run --no-sound --log log.jsonl counted.yaml; echo exit=$?; sleep 60", in: folder)
        let started = tmux.waitFor { $0.contains("until Space") }
        #expect(started.contains("safety: Stop if pain is sharp."), "\(started)")
        #expect(!started.contains("Press Space to begin"), "no full screen")
        tmux.send("Enter")                    // ends the counted set (keys come a line at a time)
        let end = tmux.waitFor { $0.contains("exit=") }
        #expect(end.contains("session completed"), "\(end)")
        #expect(end.contains("exit=0"))
    }

    @Test(.enabled(if: Tmux.isAvailable)) func aCLocaleGetsASCIIDigitsAndFrames() throws {
        let folder = try folder()
        let binary = CommandRunner.limberBinary.path
        let tmux = try Tmux("LANG=C LC_ALL=C '\(binary)' run --no-sound --log log.jsonl counted.yaml; echo exit=$?; sleep 60", in: folder)
        tmux.waitFor { $0.contains("Press Space to begin") }
        tmux.send("Space")
        let running = tmux.waitFor { $0.contains("REPS") }
        #expect(running.contains("##"), "big digits in #: \(running)")
        #expect(!running.contains("█") && !running.contains("─") && !running.contains("·"), "\(running)")
        #expect(running.contains("------"), "the rule in ASCII")
        tmux.send("Space")
        tmux.send("q")
        tmux.waitFor { $0.contains("Quit the session?") }
        tmux.send("y")
        #expect(tmux.waitFor { $0.contains("Press any key to exit") }.contains("Session quit - 0:"), "ASCII on the end screen too")
        tmux.send("x")
        let end = tmux.waitFor { $0.contains("exit=") }
        #expect(end.contains("session quit"), "the summary stays after q: \(end)")
    }

    @Test func withoutATerminalACountedSetEndsOnItsOwnAndWarningsStayForValidate() throws {
        let folder = try folder()
        try Self.program.replacingOccurrences(of: "schedule: { per_week: 3 }\n", with: "")
            .write(to: folder.appendingPathComponent("counted.yaml"), atomically: true, encoding: .utf8)
        let validate = try CommandRunner.limber(["validate", "counted.yaml"], in: folder)
        #expect(validate.stdout.contains("warning") || validate.stderr.contains("warning"), "the therapist is told")
        // setsid: no controlling terminal, so no keyboard at all.
        let result = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/setsid"),
                                           ["-w", CommandRunner.limberBinary.path, "run", "--no-sound", "--log", "log.jsonl", "counted.yaml"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.contains("no keyboard: a set of reps you count ends on its own after 3 s a rep"), "\(result.stdout)")
        #expect(result.stdout.contains("session completed"))
        #expect(!result.stderr.contains("warning"), "run shows errors only: \(result.stderr)")
    }
}
