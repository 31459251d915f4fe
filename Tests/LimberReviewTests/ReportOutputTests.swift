import Foundation
import LimberLog
import LimberProgram
import LimberReview
import Testing

@Suite("Report outputs")
struct ReportOutputTests {
    static func report(title: String = "Test program") -> PatientReport {
        var log = AdherenceTests.namedWeekdays()
        for i in log.lines.indices where log.lines[i].event.program != nil { log.lines[i].event.program?.title = title }
        let a = Adherence(sessions: log.summaries, since: day("2026-11-02"), until: day("2026-11-15"), today: day("2026-11-15"))
        return PatientReport(name: "anna", logPath: "/logs/anna.jsonl", adherence: a, problems: [])
    }

    @Test func textGolden() {
        #expect(ReportText(color: false).render(Self.report()) == """
            Adherence report · anna · 2026-11-02 to 2026-11-15
            Program: Test program (Mon, Wed, Fri, from 2026-11-02 for 2 weeks)

            Needs attention
              ! Safety stop on 2026-11-09: Plank rated 8 (stop at 7)
              ! 1 week below 80 % adherence: 2026-W45
              ! Under 80 % of prescribed sets done: Bridge (67 %)

            Sessions: 6 held · 5 of 6 prescribed done (83 %) · 1 safety stop

            Calendar  ■ done  ◧ partial  □ missed  · no session  (blank: outside the program or window)
                        Mo Tu We Th Fr Sa Su   done/prescribed
              2026-W45  ■  ·  ■  ·  □  ·  ·   2/3  67 %  below 80 %
              2026-W46  ■  ·  ◧  ·  ■  ■  ·   3/3  100 %  safety stop

            Exercises (dose: done/prescribed in the sessions held; discomfort 0–10)
              exercise   sets          reps  hold/time  discomfort  mean  last  max   trend
              Plank     11/12  92 %          5:30/6:00         ▂▇▃   4.3     3    8  steady
              Bridge     8/12  67 %  80/120                            —     —    —       —

            Ratings at or above the stop level
              2026-11-09 07:30  Plank: 8 (stop at 7)

            Session list
              date        time   program       status                  duration  done   max discomfort  notes
              2026-11-02  07:30  Test program  completed               5:10      100 %  —
              2026-11-04  07:30  Test program  completed               5:10      100 %  2
              2026-11-09  07:30  Test program  stopped for discomfort  5:10      25 %   8
              2026-11-11  07:30  Test program  quit                    5:10      50 %   —
              2026-11-13  07:30  Test program  completed               5:10      100 %  3
              2026-11-14  18:00  Test program  completed               5:10      100 %  —

            """)
    }

    @Test func jsonHasTheDocumentedStructure() throws {
        let data = Data(ReportData.json([Self.report()]).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((root["window"] as? [String: String])?["since"] == "2026-11-02")
        let patient = try #require((root["patients"] as? [[String: Any]])?.first)
        #expect(patient["name"] as? String == "anna")
        #expect(patient["adherence"] as? Double == 0.833)
        let weeks = try #require(patient["weeks"] as? [[String: Any]])
        #expect(weeks.map { $0["prescribed"] as? Int } == [3, 3])
        #expect(weeks.map { $0["done"] as? Int } == [2, 3])
        let exercises = try #require(patient["exercises"] as? [[String: Any]])
        let plank = try #require(exercises.first { $0["name"] as? String == "Plank" })
        let discomfort = try #require(plank["discomfort"] as? [String: Any])
        #expect(discomfort["mean"] as? Double == 4.333)
        #expect(discomfort["max"] as? Int == 8)
        #expect((patient["safety_stops"] as? [[String: Any]])?.count == 1)
        #expect((patient["sessions"] as? [[String: Any]])?.map { $0["status"] as? String } ==
                ["completed", "completed", "stopped_discomfort", "quit", "completed", "completed"])
    }

    @Test func csvReadsBackRowForRow() throws {
        let csv = ReportData.csv([Self.report(title: "Plank, \"core\" =SUM(A1)")])
        let rows = Self.parseCSV(csv)
        #expect(rows.first == ReportData.csvHeader)
        #expect(rows.count == 1 + 6 * 2) // six sessions, two exercises each
        let first = rows[1]
        #expect(first[0] == "anna")
        #expect(first[2] == "2026-11-02")
        #expect(first[4] == "Plank, \"core\" =SUM(A1)")
        #expect(first[6] == "Plank")
        #expect(first[7] == "2" && first[8] == "2")
        let stopped = rows.first { $0[5] == "stopped_discomfort" && $0[6] == "Plank" }
        #expect(stopped?[10] == "8")
        #expect(ReportData.csvHeader.count == rows[1].count)
    }

    @Test func htmlIsStandaloneAndEscapesEverythingFromTheLog() {
        let evil = "<script>alert(1)</script>"
        var report = Self.report(title: evil)
        report.name = "<img src=x onerror=alert(2)>"
        let html = ReportHTML.page([report], generated: "2026-11-15")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1,
                "no links out except the SVG namespace")
        #expect(html.contains("<svg"))
        #expect(html.contains("@page{size:A4"))
        #expect(html.contains("<title>2026-11-06 missed</title>"), "calendar cells say what they are, not only by colour")
    }

    /// RFC 4180 reader, small and strict enough for the test.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r\n" || c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else if c != "\r" { field.append(c) }
        }
        return rows
    }
}

@Suite("Logs from outside")
struct HostileLogTests {
    /// A log is outside input: its text must not reach a terminal or a page raw, and numbers
    /// no Limber writes must not bring the review down.
    @Test func controlCharactersAndImpossibleNumbersAreDisarmed() throws {
        var log = AdherenceTests.namedWeekdays()
        let evil = "Plank\u{1B}]0;owned\u{07}\u{9B}2J"
        for i in log.lines.indices {
            if log.lines[i].event.exercise != nil { log.lines[i].event.exercise = evil }
            log.lines[i].event.planned?.exercises[0].name = evil
            log.lines[i].event.planned?.exercises[0].sets = .max
            if log.lines[i].event.type == .sessionEnd { log.lines[i].event.elapsedSeconds = 1e308 }
        }
        var wild = LogEvent(type: .discomfort)
        wild.exercise = evil
        wild.rating = 1_000_000
        log.lines.append(LogLine(ts: "2026-11-04T08:00:00.000+01:00", session: "s1", event: wild))
        var collector = SessionCollector()
        for line in log.lines { collector.add(line) }
        #expect(collector.skippedLines == 1)
        let a = Adherence(sessions: collector.summaries, since: day("2026-11-02"), until: day("2026-11-15"), today: day("2026-11-15"))
        let reports = [PatientReport(name: "anna", logPath: "/logs/anna.jsonl", adherence: a, problems: collector.problems)]
        let outputs = [ReportText(color: false).render(reports, detail: true), ReportData.json(reports), ReportData.csv(reports),
                       ReportHTML.page(reports, generated: "2026-11-15"), LogListing.text(collector.summaries),
                       LogListing.csv(collector.summaries)]
        for output in outputs {
            #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{9B}" })
        }
        #expect(outputs[0].contains(#"Plank\u{1B}]0;owned\u{7}\u{9B}2J"#))
        #expect(collector.summaries.allSatisfy { $0.durationSeconds < 86_400 })
    }
}
