import Foundation
import LimberTestSupport
import Testing

/// File names are outside text: an escape sequence or a bidi override in one never reaches
/// the terminal raw, whichever command prints it.
@Suite("Hostile file names")
struct HostileFileNameTests {
    static let name = "evil\u{1B}]2;PWNED\u{7}\u{202E}gpj"

    @Test func everyCommandPrintsFileNamesEscaped() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = folder.appendingPathComponent(Self.name + ".yaml")
        try "limber: 1\ntitle: T\nexercises:\n  - name: P\n    hold: 1x\n".write(to: program, atomically: true, encoding: .utf8)
        let good = folder.appendingPathComponent(Self.name + "-ok.yaml")
        try "limber: 1\ntitle: T\nsafety: [Stop.]\nschedule: { per_week: 2 }\ndiscomfort: { stop_at: 7 }\nexercises:\n  - name: P\n    hold: 1s\n"
            .write(to: good, atomically: true, encoding: .utf8)
        let logs = folder.appendingPathComponent(Self.name + ".d")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        try "not a log line\n".write(to: logs.appendingPathComponent(Self.name + ".jsonl"), atomically: true, encoding: .utf8)
        let commands: [[String]] = [
            ["validate", program.path], ["validate", good.path], ["plan", program.path], ["run", program.path, "--no-sound"],
            ["report", logs.path], ["log", logs.path], ["report", logs.path, "--program", program.path],
        ]
        for command in commands {
            let result = try CommandRunner.limber(command, in: folder)
            let both = result.stdout + result.stderr
            #expect(!both.contains("\u{1B}") && !both.contains("\u{7}") && !both.contains("\u{202E}"), "\(command[0]): \(both.debugDescription)")
            #expect(both.contains("evil\\u{1B}]2;PWNED\\u{7}\\u{202E}gpj"), "\(command[0]): \(both.debugDescription)")
        }
    }

    @Test func aSessionIdWithEscapesIsShownEscapedInEveryFormat() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.jsonl")
        let id = "s\\u001b]2;PWNED\\u0007\\u202e"
        let lines = [
            #"{"v":1,"ts":"2026-11-02T07:00:00.000+00:00","session":"\#(id)","type":"session_start","program":{"title":"T","path":"/p","sha256":""},"planned":{"total_seconds":60,"open_steps":0,"exercises":[{"name":"P","kind":"hold","sets":1,"sides":[],"hold_seconds":30}]},"schedule":{"per_week":3,"per_day":1}}"#,
            #"{"v":1,"ts":"2026-11-02T07:01:00.000+00:00","session":"\#(id)","type":"set","exercise":"P","exercise_index":0,"set":1,"sets":1,"status":"done"}"#,
            #"{"v":1,"ts":"2026-11-02T07:02:00.000+00:00","session":"\#(id)","type":"session_end","status":"completed","elapsed_seconds":120}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
        for command in [["log"], ["log", "--format", "csv"], ["log", "--format", "json"], ["report", "--format", "csv"],
                        ["report", "--format", "json"], ["report", "--format", "html"], ["report"]] {
            let result = try CommandRunner.limber(command + [log.path, "--since", "2026-11-01", "--until", "2026-11-08"].filter { command[0] == "report" || !$0.hasPrefix("-") && !$0.hasPrefix("2026") }, in: folder)
            let both = result.stdout + result.stderr
            #expect(!both.contains("\u{1B}") && !both.contains("\u{7}") && !both.contains("\u{202E}"), "\(command): \(both.debugDescription)")
        }
    }
}
