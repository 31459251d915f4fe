import Foundation
import LimberBasics
import LimberTestSupport
import Testing

@Suite("limber plan, schema and --version, as a user runs them")
struct PlanAndSchemaCommandTests {
    @Test func planOfTheDefaultProgram() throws {
        let result = try CommandRunner.limber(["plan", "Programs/low-back-basics.yaml"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("Low back basics\n"))
        for exercise in ["Half-kneeling psoas lunge stretch", "Glute bridge", "Front plank", "Side plank", "Plantar-fascia foot rolling"] {
            #expect(result.stdout.contains(exercise))
        }
        #expect(result.stdout.contains("  Total "))
    }

    @Test func planJSONMatchesTheTextTotal() throws {
        let json = try CommandRunner.limber(["plan", "--format", "json", "Programs/low-back-basics.yaml"])
        #expect(json.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let total = try #require(root["total_seconds"] as? Int)
        let cues = try #require(root["cues"] as? [[String: Any]])
        let tones = cues.filter { $0["cue"] as? String != "speech" }
        #expect(tones.allSatisfy { $0["at"] is Int && $0["cue"] is String && $0["exercise"] is String })
        // The voice's phrases among them, in time order: {at, cue: "speech", text, seconds}.
        let phrases = cues.filter { $0["cue"] as? String == "speech" }
        #expect(phrases.contains { $0["text"] as? String == "Keep breathing. Tuck the pelvis under." })
        #expect(phrases.allSatisfy { $0["at"] is Double && $0["seconds"] is Double && $0["text"] is String })
        let times = cues.compactMap { ($0["at"] as? NSNumber)?.doubleValue }
        #expect(times.count == cues.count && times == times.sorted())
        let text = try CommandRunner.limber(["plan", "Programs/low-back-basics.yaml"]).stdout
        let m = total / 60, s = total % 60
        #expect(text.contains("Total") && text.contains("\(m):\(s < 10 ? "0" : "")\(s)\n"))
    }

    @Test func planJSONOfAWeekNamesTheWeek() throws {
        let week = try CommandRunner.limber(["plan", "--week", "3", "--format", "json", "Programs/core-planks.yaml"])
        #expect(week.status == 0)
        #expect(week.stdout.hasPrefix("{\n  \"title\": \"Planks for trunk endurance\",\n  \"week\": 3,\n  \"total_seconds\": "))
        let plain = try CommandRunner.limber(["plan", "--format", "json", "Programs/core-planks.yaml"])
        #expect(!plain.stdout.contains("\"week\""))
    }

    /// On a terminal the table fits its width; piped, it is exactly what a file or script gets.
    @Test func planFitsTheTerminalAndIsUnwrappedWhenPiped() throws {
        let program = "Programs/low-back-basics.yaml"
        let plain = try CommandRunner.limber(["plan", program]).stdout
        #expect(plain.split(separator: "\n").contains { $0.displayWidth > 100 }, "the unwrapped plan is wider than 80 columns")
        #expect(plain.contains("  5. Plantar-fascia foot rolling — 1m, left then right\n     Discomfort asked after each exercise; 6+ skips the exercise\n"),
                "the exercise's own stop rule is shown under it")

        let terminal = try CommandRunner.limberOnTerminal(["plan", program], environment: ["COLUMNS": "80"])
        #expect(terminal.status == 0)
        let lines = terminal.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
        #expect(lines.count > plain.split(separator: "\n").count, "rows wrapped")
        for line in lines {
            #expect(line.displayWidth <= 80, "\(line.displayWidth) columns: \(line)")
        }

        let piped = try CommandRunner.limberOnTerminal(["plan", program], environment: ["COLUMNS": "80"], pipeOutput: true)
        #expect(piped.stdout.replacingOccurrences(of: "\r\n", with: "\n") == plain)
    }

    @Test func planOfABrokenProgramPrintsDiagnosticsAndExitsOne() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "limber: 1\ntitle: T\nexercises:\n  - name: X\n".write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.limber(["plan", "b.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("b.yaml:4:5: error: 'X' needs one of 'reps', 'hold' or 'duration'"))
    }

    @Test func versionNamesLibasound() throws {
        let result = try CommandRunner.limber(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.range(of: #"^limber \d+\.\d+\.\d+ \(libasound \d+\.\d+\.\d+\)\n$"#, options: .regularExpression) != nil)
    }

    @Test func committedSchemaIsCurrent() throws {
        let result = try CommandRunner.limber(["schema"])
        #expect(result.status == 0)
        let committed = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/limber-program.schema.json"), encoding: .utf8)
        #expect(result.stdout == committed, "run: limber schema > docs/limber-program.schema.json")
    }

    /// The schema, checked by Python's jsonschema: every shipped program passes, broken ones fail.
    @Test func schemaAgreesWithAnIndependentValidator() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let schema = folder.appendingPathComponent("schema.json")
        try CommandRunner.limber(["schema"]).stdout.write(to: schema, atomically: true, encoding: .utf8)
        let invalid: [String: String] = [
            "stop-at-12.yaml": "limber: 1\ntitle: T\ndiscomfort: { stop_at: 12 }\nexercises: [{ name: P, hold: 30s }]\n",
            "unknown-key.yaml": "limber: 1\ntitle: T\nexercises: [{ name: P, hodl: 30s }]\n",
            "two-kinds.yaml": "limber: 1\ntitle: T\nexercises: [{ name: P, hold: 30s, reps: 3 }]\n",
            "no-title.yaml": "limber: 1\nexercises: [{ name: P, hold: 30s }]\n",
            "bad-duration.yaml": "limber: 1\ntitle: T\nexercises: [{ name: P, hold: thirty }]\n",
        ]
        for (name, text) in invalid {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let programs = Fixtures.allPrograms.map(\.path)
        let result = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Fixtures.packageRoot.appendingPathComponent("scripts/check-schema.py").path, schema.path]
                + programs + invalid.keys.sorted().map { folder.appendingPathComponent($0).path },
            in: folder)
        try #require(result.status == 0, "check-schema.py failed: \(result.stderr)")
        let verdicts = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String]])
        for program in programs {
            #expect(verdicts[program] == [], "\(program): \(verdicts[program] ?? [])")
        }
        for name in invalid.keys {
            #expect(verdicts[folder.appendingPathComponent(name).path]?.isEmpty == false, "\(name) passed the schema")
        }
    }
}
