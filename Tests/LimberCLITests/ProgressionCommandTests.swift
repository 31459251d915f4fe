import Foundation
import LimberLog
import LimberLogStore
import LimberTestSupport
import Testing

/// Progression end to end: a log built by real `run` and `checkin` invocations over simulated
/// days (`LIMBER_TODAY`), `today` showing the doses, `run` playing them, `report` showing the steps.
@Suite("Progression, end to end", .serialized)
struct ProgressionCommandTests {
    /// One 1 s hold that steps +1 s a week up to 3 s, and back 1 s after a flare.
    static let program = """
        limber: 1
        title: Quick plank
        safety: [Stop if the pain is sharp.]
        schedule: { per_week: 3, start: 2026-11-02 }
        discomfort: { stop_at: 7 }
        defaults: { prepare: 0s, rest: 0s, rest_between_exercises: 0s }
        exercises:
          - name: Side plank
            hold: 1s
            progression: { hold: +1s, discomfort_at_most: 3, sessions: 1, max: 3s, down: 1s }

        """

    struct Workspace {
        let folder: URL
        var log: URL { folder.appendingPathComponent("log.jsonl") }

        init() throws {
            folder = try Fixtures.temporaryFolder()
            try ProgressionCommandTests.program.write(to: folder.appendingPathComponent("plank.yaml"), atomically: true, encoding: .utf8)
        }

        @discardableResult
        func limber(_ day: String, _ arguments: [String], status: Int32 = 0) throws -> CommandResult {
            // `report` reads the logs it is given; the others take --log.
            let result = try CommandRunner.limber(arguments + (arguments.first == "report" ? [] : ["--log", log.path]), in: folder,
                                                  environment: ["LIMBER_TODAY": day, "HOME": folder.path])
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            return result
        }

        func starts() throws -> [LogLine] {
            var lines: [LogLine] = []
            try LogReader(path: log.path).forEach { if case .event(let e) = $0, e.event.type == .sessionStart { lines.append(e) } }
            return lines
        }
    }

    @Test func threeSimulatedWeeksStepUpThenDownAfterAFlare() throws {
        let w = try Workspace()
        defer { try? FileManager.default.removeItem(at: w.folder) }
        let run = ["run", "--yes", "--no-prompt", "--no-sound", "plank.yaml"]
        // Week 1: as written.
        try w.limber("2026-11-02", ["checkin", "--pain", "2", "--stiffness", "3"])
        #expect(try w.limber("2026-11-02", ["today", "plank.yaml"]).stdout.contains("Side plank  1 × 1s hold, as prescribed"))
        try w.limber("2026-11-02", run)
        try w.limber("2026-11-03", ["checkin", "--pain", "2", "--stiffness", "3", "--note", "fine"])
        // Week 2: up, and the run plays it and says why.
        let today = try w.limber("2026-11-09", ["today", "plank.yaml"]).stdout
        #expect(today.contains("Side plank  1 × 2s hold, up from 1 × 1s hold"), "\(today)")
        #expect(today.contains("1 session last week with every set done at ≤ 3/10 and no pain-monitoring rule broken"))
        try w.limber("2026-11-09", ["checkin", "--pain", "1", "--stiffness", "2"])
        let played = try w.limber("2026-11-09", run).stdout
        #expect(played.contains("Side plank 1 × 2s hold, up from 1 × 1s hold:"), "\(played)")
        // The morning after: a flare.
        try w.limber("2026-11-10", ["checkin", "--pain", "4", "--stiffness", "4"])
        // Week 3: down, from the program without a name (the one last run).
        let json = try w.limber("2026-11-16", ["today", "--format", "json"]).stdout
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let exercise = try #require((parsed["exercises"] as? [[String: Any]])?.first)
        #expect(exercise["hold_seconds"] as? Int == 1)
        #expect(exercise["change"] as? String == "down")
        #expect(parsed["week"] as? Int == 3)
        #expect(parsed["simulated_date"] as? Bool == true)
        try w.limber("2026-11-16", run)

        // Each session start: on its simulated day, recording the dose it ran and why.
        let starts = try w.starts()
        #expect(starts.map { String($0.ts.prefix(10)) } == ["2026-11-02", "2026-11-09", "2026-11-16"])
        #expect(starts.map(\.event.simulatedDate) == ["2026-11-02", "2026-11-09", "2026-11-16"])
        #expect(starts.map { $0.event.planned?.exercises.first?.holdSeconds } == [1, 2, 1])
        #expect(starts.map { $0.event.progression?.exercises.first?.decision } == ["start", "up", "down"])
        #expect(starts[2].event.progression?.exercises.first?.reasons.first?.contains("next-morning pain 4/10 on 2026-11-10") == true)
        #expect(starts.map { $0.event.progression?.week } == [1, 2, 3])

        // The report shows the doses, the steps with their reasons, the verdicts and the check-ins.
        let report = try w.limber("2026-11-16", ["report", "--format", "json", w.log.path]).stdout
        let patient = try #require(((try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])?["patients"] as? [[String: Any]])?.first)
        let progression = try #require(patient["progression"] as? [String: Any])
        let doses = try #require(progression["doses"] as? [[String: Any]])
        #expect(doses.map { $0["dose"] as? String } == ["1 × 1s hold", "1 × 2s hold", "1 × 1s hold"])
        #expect(doses.map { $0["decision"] as? String } == ["start", "up", "down"])
        #expect((progression["weeks"] as? [[String: Any]])?.map { $0["verdict"] as? String } == ["held", "broken", "not_judged"])
        #expect((progression["checkins"] as? [[String: Any]])?.count == 2)
        let attention = try #require(patient["attention"] as? [String])
        #expect(attention.contains("Quick plank week 2 (from 2026-11-09): pain-monitoring rule broken — next-morning pain 4/10 on 2026-11-10, above 1/10 on 2026-11-09"))
        let text = try w.limber("2026-11-16", ["report", w.log.path]).stdout
        #expect(text.contains("    2026-11-16  Side plank: 1 × 1s hold (down)\n        · a pain-monitoring rule broke last week"), "\(text)")
        let csv = try w.limber("2026-11-16", ["report", "--format", "csv", w.log.path]).stdout
        #expect(csv.contains(",1 × 2s hold,up,1 session last week with every set done at ≤ 3/10 and no pain-monitoring rule broken\r\n"))
    }

    @Test(.enabled(if: Tmux.isAvailable)) func aTerminalSessionAsksThePainAfterIt() throws {
        let w = try Workspace()
        defer { try? FileManager.default.removeItem(at: w.folder) }
        let binary = CommandRunner.limberBinary.path
        let tmux = try Tmux("LIMBER_TODAY=2026-11-02 '\(binary)' run --no-sound --log log.jsonl plank.yaml; echo exit=$?; sleep 60", in: w.folder)
        #expect(tmux.waitFor { $0.contains("Press Space to begin") }.contains("Week 1"))
        tmux.send("Space")
        _ = tmux.waitFor { $0.contains("0–9") }
        tmux.send("2")                        // the in-session rating
        _ = tmux.waitFor { $0.contains("Press any key to exit") }
        tmux.send("x")
        _ = tmux.waitFor { $0.contains("after the session") }
        tmux.send("3", "Enter")
        #expect(tmux.waitFor { $0.contains("exit=") }.contains("Logged: pain 3/10 after the session."))
        var moments: [String?] = []
        try LogReader(path: w.log.path).forEach { if case .event(let e) = $0, e.event.type == .checkin { moments.append(e.event.moment) } }
        #expect(moments == ["after_session"])
    }

    @Test func checkinRefusesWhatItCannotLog() throws {
        let w = try Workspace()
        defer { try? FileManager.default.removeItem(at: w.folder) }
        #expect(try w.limber("2026-11-02", ["checkin", "--pain", "11", "--stiffness", "2"], status: 2).stderr.contains("--pain must be from 0 to 10, found 11"))
        #expect(try w.limber("2026-11-02", ["checkin", "--pain", "3"], status: 2).stderr.contains("no terminal to ask on"))
        #expect(try w.limber("2026-11-02", ["checkin", "--after-session", "--pain", "3", "--stiffness", "1"], status: 2)
            .stderr.contains("--stiffness is for the morning check-in"))
        let bad = try CommandRunner.limber(["checkin", "--pain", "1", "--stiffness", "1", "--log", w.log.path], in: w.folder,
                                           environment: ["LIMBER_TODAY": "2026-13-01"])
        #expect(bad.status == 1)
        #expect(bad.stderr == "limber: LIMBER_TODAY must be a date written YYYY-MM-DD, found '2026-13-01'\n")
        #expect(!FileManager.default.fileExists(atPath: w.log.path))
        try w.limber("2026-11-02", ["checkin", "--after-session", "--pain", "3"])
        let attributes = try FileManager.default.attributesOfItem(atPath: w.log.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
