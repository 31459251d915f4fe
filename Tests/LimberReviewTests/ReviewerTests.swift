import Foundation
import LimberBasics
import LimberLog
import LimberProgram
import LimberReview
import Testing

@Suite("What a reviewer needs: notes, the program each session ran, the session list")
struct ReviewerTests {
    static func report(_ log: LogBuilder, since: String = "2026-11-02", until: String = "2026-11-15") -> PatientReport {
        let a = Adherence(sessions: log.summaries, since: day(since), until: day(until), today: day(until))
        return PatientReport(name: "anna", logPath: "/logs/anna.jsonl", adherence: a, problems: [])
    }

    static func json(_ r: PatientReport) throws -> [String: Any] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(ReportData.json([r]).utf8)) as? [String: Any])
        return try #require((root["patients"] as? [[String: Any]])?.first)
    }

    static var threeAWeek: LogBuilder { LogBuilder(schedule: .init(perWeek: 3, days: nil, perDay: 1, start: "2026-11-02", weeks: 2)) }

    @Test func notesReachEveryFormatAndOneAtTheStopLevelNeedsAttention() throws {
        var log = Self.threeAWeek
        log.session("2026-11-03T07:30:00+01:00", ratings: [("Bridge", 8)], notes: ["Bridge": "tingling into right calf"])
        log.session("2026-11-05T07:30:00+01:00", ratings: [("Plank", 2)], notes: ["Plank": "fine, a bit stiff"])
        let r = Self.report(log)
        let attention = r.adherence.attention
        #expect(attention.contains("Note with rating 8 on 2026-11-03, Bridge: 'tingling into right calf'"))
        #expect(!attention.contains { $0.contains("a bit stiff") })

        let text = ReportText(color: false).render(r)
        #expect(text.contains("""
            Patient notes
              2026-11-03 07:30  Bridge (rating 8): tingling into right calf
              2026-11-05 07:30  Plank (rating 2): fine, a bit stiff

            """))

        let patient = try Self.json(r)
        let notes = try #require(patient["notes"] as? [[String: Any]])
        #expect(notes.map { $0["note"] as? String } == ["tingling into right calf", "fine, a bit stiff"])
        #expect(notes.first?["exercise"] as? String == "Bridge" && notes.first?["rating"] as? Int == 8 && notes.first?["date"] as? String == "2026-11-03")
        let sessions = try #require(patient["sessions"] as? [[String: Any]])
        #expect((sessions.first?["notes"] as? [[String: Any]])?.first?["note"] as? String == "tingling into right calf")

        let rows = ReportOutputTests.parseCSV(ReportData.csv([r]))
        let column = try #require(rows.first?.firstIndex(of: "notes"))
        #expect(rows.dropFirst().map { $0[column] } == ["", "Bridge (rating 8): tingling into right calf", "Plank (rating 2): fine, a bit stiff", ""])

        let html = ReportHTML.page([r], generated: "2026-11-15")
        #expect(html.contains("<h3>Patient notes</h3>"))
        #expect(html.contains("<td>tingling into right calf</td>"), "a visible, printable table cell, not only a tooltip")

        let sessionsOnly = log.summaries
        #expect(LogListing.text(sessionsOnly).contains("  tingling into right calf\n"))
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(LogListing.json(sessionsOnly).utf8)) as? [[String: Any]])
        #expect((listed[1]["notes"] as? [[String: Any]])?.first?["note"] as? String == "fine, a bit stiff")
        #expect(LogListing.csv(sessionsOnly).contains(",Bridge (rating 8): tingling into right calf\r\n"))
    }

    /// A program change in the window: each week is judged against the program of the last
    /// session started before its end, and the header shows the programs by period.
    @Test func eachWeekIsJudgedAgainstTheProgramInForce() throws {
        var log = LogBuilder(schedule: .init(perWeek: 5, days: nil, perDay: 1, start: "2026-10-26", weeks: nil))
        for d in ["02", "03", "04", "05", "06"] { log.session("2026-11-\(d)T07:30:00+01:00", title: "Low back basics") }
        log.schedule = .init(perWeek: nil, days: ["mon", "wed", "fri"], perDay: 1, start: "2026-11-09", weeks: nil)
        for d in ["09", "11"] { log.session("2026-11-\(d)T07:30:00+01:00", title: "Core planks") }
        let r = Self.report(log)
        let a = r.adherence
        #expect(a.weeks.map(\.prescribed) == [5, 3])
        #expect(a.weeks.map(\.done) == [5, 2])
        #expect(a.days.first { $0.date == day("2026-11-13") }?.state == .missed)
        #expect(a.days.first { $0.date == day("2026-11-07") }?.state == .open, "no missed days under a 5-days-a-week program")
        let text = ReportText(color: false).render(r)
        #expect(text.contains("""
            Programs in this window:
              2026-11-02 – 2026-11-08: Low back basics, 5 days a week
              from 2026-11-09: Core planks, Mon, Wed, Fri

            """), "\(text)")
        let programs = try #require(try Self.json(r)["programs"] as? [[String: Any]])
        #expect(programs.map { $0["title"] as? String } == ["Low back basics", "Core planks"])
        #expect(programs.map { $0["from"] as? String } == ["2026-11-02", "2026-11-09"])
        #expect(ReportHTML.page([r], generated: "2026-11-15").contains("<li>from 2026-11-09: Core planks, Mon, Wed, Fri</li>"))
    }

    /// The program in force when the window opens is the last one run before it, kept by the
    /// bounded collector as well as by a report over every session.
    @Test func theProgramRunBeforeTheWindowJudgesItUntilItChanges() {
        var log = LogBuilder(schedule: .init(perWeek: 5, days: nil, perDay: 1, start: "2026-10-26", weeks: nil))
        for d in ["02", "03", "04"] { log.session("2026-11-\(d)T07:30:00+01:00", title: "Low back basics") }
        log.schedule = .init(perWeek: nil, days: ["mon", "wed", "fri"], perDay: 1, start: "2026-11-16", weeks: nil)
        log.session("2026-11-18T07:30:00+01:00", title: "Core planks")
        let window = day("2026-11-09")...day("2026-11-22")
        var bounded = SessionCollector(window: window)
        for line in log.lines { bounded.add(line) }
        for a in [Adherence(sessions: log.summaries, since: window.lowerBound, until: window.upperBound, today: window.upperBound),
                  Adherence(history: bounded.history, since: window.lowerBound, until: window.upperBound, today: window.upperBound)] {
            #expect(a.weeks.map(\.prescribed) == [5, 3])
            #expect(a.weeks.map(\.done) == [0, 1])
            #expect(a.periods.map(\.from) == [day("2026-11-09"), day("2026-11-18")])
            #expect(a.periods.map(\.program.title) == ["Low back basics", "Core planks"])
        }
    }

    @Test func anEmptyWindowStillNamesTheProgram() {
        var log = Self.threeAWeek
        log.session("2026-11-03T07:30:00+01:00")
        let r = Self.report(log, since: "2026-12-01", until: "2026-12-14")
        let text = ReportText(color: false).render(r)
        #expect(text.contains("Program: Test program (3 days a week, from 2026-11-02 for 2 weeks)\n"), "\(text)")
        #expect(text.contains("Session list\n  No sessions in this window.\n"))
    }

    @Test func theHTMLListsSessionsAndTellsOneOfTwoApart() {
        var log = LogBuilder(schedule: .init(perWeek: nil, days: ["mon", "wed"], perDay: 2, start: "2026-11-02", weeks: 2))
        log.session("2026-11-02T07:30:00+01:00")
        log.session("2026-11-04T07:30:00+01:00")
        log.session("2026-11-04T18:30:00+01:00")
        let html = ReportHTML.page([Self.report(log)], generated: "2026-11-15")
        #expect(html.contains("<title>2026-11-02 1 of 2 sessions done, 1 session(s)</title>"))
        #expect(html.contains(">1/2</text>"))
        #expect(html.contains("<title>2026-11-04 done, 2 session(s)</title>"))
        #expect(html.contains("<h3>Session list</h3>"))
        #expect(html.contains("<td class=\"nowrap\">2026-11-04</td>") && html.contains("<td>18:30</td>"))
        var second = Self.report(log)
        second.name = "ben"
        let summary = ReportHTML.page([Self.report(log), second], generated: "2026-11-15")
        #expect(summary.contains("<td class=\"nowrap\">2026-11-04</td>"), "the Last session column keeps its date on one line")
        #expect(summary.contains(".nowrap{white-space:nowrap}"))
        #expect(summary.contains("<bdi>ben</bdi>"), "names in their own direction")
        #expect(html.contains("<bdi>Plank</bdi>"))
        // The text calendar too: Monday shows 1 (of 2), Wednesday done.
        let text = ReportText(color: false).render(Self.report(log))
        #expect(text.contains("1: one session done of the day's 2 or more"))
        #expect(text.contains("  2026-W45  1  ·  ■  ·"), "\(text)")
    }

    /// Ratings sit at their dates across the window, not one step apart by their order.
    @Test func discomfortChartsUseATimeAxis() throws {
        var log = Self.threeAWeek
        for (d, rating) in [("02", 2), ("03", 3), ("13", 4)] { log.session("2026-11-\(d)T07:30:00+01:00", ratings: [("Plank", rating)]) }
        let html = ReportHTML.page([Self.report(log)], generated: "2026-11-15")
        let xs = html.components(separatedBy: "<circle cx=\"").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        // 14 days over 510 pixels from x = 30: 07:30 on day 0, 1 and 11.
        #expect(xs == [41, 78, 442])
    }

    @Test func anOutOfRangeRatingNamesItsLine() {
        var e = LogEvent(type: .discomfort)
        e.exercise = "Plank"
        e.rating = 12
        var c = SessionCollector()
        c.add(LogLine(ts: "2026-11-02T07:30:00+01:00", session: "s1", event: e), at: "anna.jsonl:7")
        #expect(c.problems == ["anna.jsonl:7: a 'discomfort' event with values no Limber writes (a rating outside 0–10?) was skipped"])
    }

    /// Memory follows the window, not the log: sessions outside it, ended or interrupted, are
    /// folded away as they are read, and the report is the same as one over every session.
    @Test func theCollectorRetainsOnlyTheWindowsSessions() {
        var log = Self.threeAWeek
        let first = day("2026-11-02").daysSinceEpoch - 2000
        for n in 0..<2000 {
            let date = CalendarDate(daysSinceEpoch: first + n)
            log.session("\(date)T07:30:00+01:00", sets: n % 10 == 0 ? 1 : 4, end: n % 10 == 0 ? nil : "completed")
        }
        log.session("2026-11-03T07:30:00+01:00")
        log.session("2026-11-05T07:30:00+01:00", end: nil)
        log.session("2026-11-06T07:30:00+01:00")
        let window = day("2026-11-02")...day("2026-11-15")
        var c = SessionCollector(window: window)
        var most = 0
        for line in log.lines {
            c.add(line)
            most = max(most, c.retainedSessions)
        }
        #expect(most <= 64 + 3, "at most the open sessions checked in one sweep, plus the window's")
        #expect(c.history.sessions.count == 3)
        let bounded = Adherence(history: c.history, since: window.lowerBound, until: window.upperBound, today: window.upperBound)
        let whole = Adherence(sessions: log.summaries, since: window.lowerBound, until: window.upperBound, today: window.upperBound)
        #expect(bounded.days == whole.days)
        #expect(bounded.weeks == whole.weeks)
        #expect(bounded.periods == whole.periods)
        #expect(bounded.sessions.map(\.id) == whole.sessions.map(\.id))
        #expect(bounded.prescription?.start == day("2026-11-02"))
    }
}

extension ReviewerTests {
    /// Lines of a session whose start was lost name no program: they make no program change.
    @Test func aFragmentOfASessionIsNoProgramChange() {
        var log = Self.threeAWeek
        log.session("2026-11-02T07:30:00+01:00")
        log.session("2026-11-04T07:30:00+01:00")
        log.lines.removeAll { $0.session == "s2" && $0.event.type == .sessionStart }
        log.session("2026-11-06T07:30:00+01:00")
        let a = Self.report(log).adherence
        #expect(a.sessions.count == 3)
        #expect(a.periods.map(\.program.title) == ["Test program"])
    }
}
