import Foundation
import LimberLog
import LimberTestSupport
import Testing

/// `limber log` and `limber report` on logs written to disk, as a therapist runs them.
@Suite("limber log and report, as a user runs them")
struct ReviewCommandTests {
    static func session(_ id: String, _ ts: String, title: String = "Planks", status: String? = "completed", rating: Int? = nil,
                        note: String? = nil, schedule: Bool = true, patient: String? = nil) -> String {
        var lines: [String] = []
        var start = LogEvent(type: .sessionStart)
        start.program = .init(title: title, path: "/p.yaml", sha256: "abc")
        start.planned = .init(totalSeconds: 60, openSteps: 0, exercises: [.init(name: "Front plank", kind: "hold", sets: 2, sides: [], holdSeconds: 30)])
        start.schedule = schedule ? .init(perWeek: 3, days: nil, perDay: 1, start: "2026-11-02", weeks: 4) : nil
        start.discomfortRule = .init(ask: "after_exercise", stopAt: 7, onStop: "end_session")
        start.patient = patient
        lines.append(String(decoding: LogLine(ts: ts, session: id, event: start).encoded(), as: UTF8.self))
        for set in 1...2 {
            var e = LogEvent(type: .set)
            e.exercise = "Front plank"
            e.set = set
            e.status = "done"
            lines.append(String(decoding: LogLine(ts: ts, session: id, event: e).encoded(), as: UTF8.self))
        }
        if let rating {
            var e = LogEvent(type: .discomfort)
            e.exercise = "Front plank"
            e.rating = rating
            e.stopAt = 7
            e.note = note
            lines.append(String(decoding: LogLine(ts: ts, session: id, event: e).encoded(), as: UTF8.self))
        }
        if let status {
            var e = LogEvent(type: .sessionEnd)
            e.status = status
            e.elapsedSeconds = 75
            lines.append(String(decoding: LogLine(ts: ts, session: id, event: e).encoded(), as: UTF8.self))
        }
        return lines.joined()
    }

    func folder() throws -> URL {
        let folder = try Fixtures.temporaryFolder()
        try (Self.session("a1", "2026-11-02T08:00:00.000+01:00", rating: 2)
             + Self.session("a2", "2026-11-04T08:00:00.000+01:00", rating: 3)
             + Self.session("a3", "2026-11-06T08:00:00.000+01:00", status: nil)
             + #"{"v":1,"ts":"2026-11-07T08:00:00.000+01:00","session":"a4","type":"session_st"#)
            .write(to: folder.appendingPathComponent("anna.jsonl"), atomically: true, encoding: .utf8)
        try (Self.session("b1", "2026-11-03T19:00:00.000+01:00", title: "<b>Bridges</b>", rating: 6))
            .write(to: folder.appendingPathComponent("ben.jsonl"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func logListsSessionsAndReportsATornLastLine() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        let result = try CommandRunner.limber(["log", "anna.jsonl", "ben.jsonl"], in: f)
        #expect(result.status == 0)
        #expect(result.stdout == """
            date        time   program         status       duration  done   max discomfort  notes
            2026-11-02  08:00  Planks          completed    1:15      100 %  2
            2026-11-03  19:00  <b>Bridges</b>  completed    1:15      100 %  6
            2026-11-04  08:00  Planks          completed    1:15      100 %  3
            2026-11-06  08:00  Planks          interrupted  0:00      100 %  —

            """)
        #expect(result.stderr == "limber: anna.jsonl:14: incomplete line (cut off); line skipped\n")
        let json = try CommandRunner.limber(["log", "--format", "json", "anna.jsonl"], in: f)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.map { $0["status"] as? String } == ["completed", "completed", "interrupted"])
        let csv = try CommandRunner.limber(["log", "--format", "csv", "ben.jsonl"], in: f)
        #expect(csv.stdout.hasPrefix("session,date,time,program,status,duration_seconds,share_done,max_discomfort,notes\r\nb1,2026-11-03,19:00,<b>Bridges</b>,completed,75,1.000,6,\r\n"))
    }

    @Test func reportOfAFolderSummarisesEachPatient() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        let result = try CommandRunner.limber(["report", ".", "--since", "2026-11-02", "--until", "2026-11-08"], in: f)
        #expect(result.status == 0)
        // Anna: 3 a week from 11-02 → 3 prescribed, 2 completed + 1 interrupted with every set done → 3.
        // Ben: 1 of 3.
        #expect(result.stdout.contains("  anna     100 %      3         2026-11-06"))
        #expect(result.stdout.contains("  ben      33 %       1         2026-11-03"))
        #expect(result.stdout.contains("Add --detail"))
        let detail = try CommandRunner.limber(["report", ".", "--since", "2026-11-02", "--until", "2026-11-08", "--detail"], in: f)
        #expect(detail.stdout.contains("Adherence report · ben"))
        #expect(detail.stdout.contains("2026-W45  ·  ■  ·  ·  ·  ·  ·   1/3  33 %  below 80 %"))
    }

    /// `plan` and the text and HTML reports say a prescription in the same words; `--program`
    /// judges a log that records no schedule, its title going with its schedule; a broken
    /// `--program` gets its diagnostics and exit code 1, as `plan` does.
    @Test func planAndReportWordThePrescriptionAlike() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        try (Self.session("o1", "2026-11-02T08:00:00.000+01:00", schedule: false))
            .write(to: f.appendingPathComponent("old.jsonl"), atomically: true, encoding: .utf8)
        try """
            limber: 1
            title: Twice on two days
            safety: [Stop on sharp pain.]
            schedule: { days: [thu, mon], per_day: 2, start: 2026-11-02, weeks: 1 }
            discomfort: { stop_at: 7 }
            exercises: [{ name: Front plank, hold: 30s }]
            """.write(to: f.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let words = "Mon, Thu, 2× a day, from 2026-11-02 for 1 week"
        let plan = try CommandRunner.limber(["plan", "p.yaml"], in: f)
        #expect(plan.stdout.contains("\n\(words) · discomfort"))
        let report = ["report", "--program", "p.yaml", "--since", "2026-11-02", "--until", "2026-11-08", "old.jsonl"]
        let text = try CommandRunner.limber(report, in: f)
        #expect(text.status == 0)
        #expect(text.stdout.contains("Program: Twice on two days (\(words))\n"))
        #expect(text.stderr.isEmpty)
        // A log that records its schedule is judged against it; --program is said to be unused.
        let recorded = try CommandRunner.limber(["report", "--program", "p.yaml", "--since", "2026-11-02", "--until", "2026-11-08", "anna.jsonl"], in: f)
        #expect(recorded.stdout.contains("Program: Planks (3 days a week, from 2026-11-02 for 4 weeks)\n"))
        #expect(recorded.stderr.hasSuffix("limber: note: anna.jsonl records the schedule of every session in the window; --program is not used for it\n"))
        let html = try CommandRunner.limber(report + ["--format", "html"], in: f)
        #expect(html.stdout.contains("Prescribed: \(words)<"))

        try "limber: 1\n".write(to: f.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let broken = try CommandRunner.limber(["report", "--program", "broken.yaml", "anna.jsonl"], in: f)
        #expect(broken.status == 1)
        #expect(broken.stdout.isEmpty)
        #expect(broken.stderr.contains("broken.yaml:1:1: error: missing 'title'"))
    }

    @Test func reportFormatsAndPrivateOutputFile() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        let json = try CommandRunner.limber(["report", "anna.jsonl", "--since", "2026-11-02", "--until", "2026-11-08", "--format", "json"], in: f)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let patient = try #require((root["patients"] as? [[String: Any]])?.first)
        #expect(patient["adherence"] as? Double == 1)
        let html = try CommandRunner.limber(["report", "ben.jsonl", "--since", "2026-11-02", "--until", "2026-11-08",
                                             "--format", "html", "--output", "ben.html"], in: f)
        #expect(html.status == 0)
        #expect(html.stderr == "limber: report written to ben.html\n")
        let path = f.appendingPathComponent("ben.html").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("&lt;b&gt;Bridges&lt;/b&gt;"))
        #expect(!text.contains("<b>Bridges"))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    }

    /// `limber log --since/--until` lists the sessions of those days (parsed as `report` does).
    @Test func logTakesADateWindow() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        let result = try CommandRunner.limber(["log", "--since", "2026-11-03", "--until", "2026-11-05", "anna.jsonl", "ben.jsonl"], in: f)
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(10)) } == ["2026-11-03", "2026-11-04"])
        let since = try CommandRunner.limber(["log", "--since", "2026-11-05", "anna.jsonl"], in: f)
        #expect(since.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(10)) } == ["2026-11-06"])
        #expect(try CommandRunner.limber(["log", "--until", "2026-11-31"], in: f).status == 2)
    }

    /// `-` reads a log from standard input, for `report` and `log` alike.
    @Test func aDashReadsStandardInput() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        let log = Data(try String(contentsOf: f.appendingPathComponent("ben.jsonl"), encoding: .utf8).utf8)
        let listed = try CommandRunner.run(CommandRunner.limberBinary, ["log", "-"], in: f, input: log)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("2026-11-03  19:00  <b>Bridges</b>"))
        let report = try CommandRunner.run(CommandRunner.limberBinary, ["report", "-", "--since", "2026-11-02", "--until", "2026-11-08"], in: f, input: log)
        #expect(report.status == 0)
        #expect(report.stdout.hasPrefix("Adherence report · stdin · 2026-11-02 to 2026-11-08\n"))
    }

    /// Notes reach `limber log` and every report format (see LimberReviewTests for the detail).
    @Test func notesReachTheLogListingAndTheReport() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        try (Self.session("c1", "2026-11-03T08:00:00.000+01:00", rating: 8, note: "tingling into right calf"))
            .write(to: f.appendingPathComponent("cara.jsonl"), atomically: true, encoding: .utf8)
        let listed = try CommandRunner.limber(["log", "cara.jsonl"], in: f)
        #expect(listed.stdout.contains("100 %  8               tingling into right calf\n"))
        let report = try CommandRunner.limber(["report", "cara.jsonl", "--since", "2026-11-02", "--until", "2026-11-08"], in: f)
        #expect(report.stdout.contains("! Note with rating 8 on 2026-11-03, Front plank: 'tingling into right calf'\n"))
        #expect(report.stdout.contains("Patient notes\n  2026-11-03 08:00  Front plank (rating 8): tingling into right calf\n"))
    }

    /// A folder's subfolders are named in one note; a garbage line is not called cut off; a
    /// rating off the scale names its line.
    @Test func whatIsSkippedIsSaidPlainly() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        try FileManager.default.createDirectory(at: f.appendingPathComponent("archive"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: f.appendingPathComponent("2025"), withIntermediateDirectories: true)
        let folder = try CommandRunner.limber(["log", "."], in: f)
        #expect(folder.stderr.hasPrefix("limber: note: subfolders of . not read: 2025, archive (name them to read their logs)\n"))
        let bad = Self.session("d1", "2026-11-03T08:00:00.000+01:00").replacingOccurrences(of: #""type":"set""#, with: #""type":"set","rating":12,"type2":"x""#)
        try ("garbage\n" + bad + #"{"exercise":"Front plank","rating":12,"session":"d1","ts":"2026-11-03T08:00:01.000+01:00","type":"discomfort","v":1}"# + "\n")
            .write(to: f.appendingPathComponent("dan.jsonl"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.limber(["log", "dan.jsonl"], in: f)
        #expect(result.stderr.contains("limber: dan.jsonl:1: not a log line; line skipped\n"))
        #expect(result.stderr.contains("limber: dan.jsonl:3: a 'set' event with values no Limber writes (a rating outside 0–10?) was skipped\n"))
        #expect(result.stderr.contains("limber: dan.jsonl:6: a 'discomfort' event with values no Limber writes (a rating outside 0–10?) was skipped\n"))
    }

    @Test func helpSaysWhatProgramIsFor() throws {
        let help = try CommandRunner.limber(["report", "--help"])
        #expect(help.stdout.contains("judged against the program it ran"))
        #expect(help.stdout.contains("--program only stands in for logs that record no schedule"))
    }

    /// A bad date is a usage error (2); a missing log is not (1: see OutputSafetyTests).
    @Test func badDatesAreUsageErrors() throws {
        #expect(try CommandRunner.limber(["report", "--since", "yesterday"]).status == 2)
    }

    /// The HTML report drawn by headless Chromium: the PNG exists and is not blank.
    @Test(.enabled(if: ReviewCommandTests.chromium != nil, "chromium is not installed (make test installs it)"))
    func htmlReportRendersInChromium() throws {
        let f = try folder()
        defer { try? FileManager.default.removeItem(at: f) }
        _ = try CommandRunner.limber(["report", ".", "--detail", "--since", "2026-11-02", "--until", "2026-11-08",
                                      "--format", "html", "--output", "report.html"], in: f)
        let result = try CommandRunner.run(URL(fileURLWithPath: "/bin/sh"),
            [Fixtures.packageRoot.appendingPathComponent("scripts/check-html-report").path, "report.html", "report.png"], in: f)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("non-blank"))
    }

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
