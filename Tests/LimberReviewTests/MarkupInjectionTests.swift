import LimberBasics
import LimberLog
import LimberTestSupport
import Testing
@testable import LimberReview

/// Outside text on the HTML report never becomes markup: whatever a log's names, titles, notes and
/// progression records hold (a `<` fused with a combining or prepended mark, ZWJ sequences, bidi
/// controls, entities), the page's tags are exactly those of the same report with plain text.
@Suite("HTML report: no markup from a log")
struct MarkupInjectionTests {
    /// The report (with its progression section and charts) for a log whose every text is `text`.
    static func page(_ text: String) throws -> String {
        var log = LogBuilder(schedule: .init(perWeek: nil, days: ["mon", "wed", "fri"], perDay: 1, start: "2026-11-02", weeks: 2))
        log.session("2026-11-02T07:30:00+01:00", ratings: [("Plank", 2)], notes: ["Plank": "n"])
        log.session("2026-11-04T07:30:00+01:00", ratings: [("Plank", 8), ("Bridge", 3)], notes: ["Plank": "n", "Bridge": "n"], stop: ("Plank", 8),
                    end: "stopped_discomfort")
        log.session("2026-11-06T07:30:00+01:00", ratings: [("Plank", 5)], notes: ["Plank": "n"])
        let names = ["Plank": text + "1", "Bridge": text + "2"]
        for i in log.lines.indices {
            if let name = log.lines[i].event.exercise { log.lines[i].event.exercise = names[name] }
            if log.lines[i].event.note != nil { log.lines[i].event.note = text }
            if log.lines[i].event.program != nil { log.lines[i].event.program?.title = text }
            if var planned = log.lines[i].event.planned {
                for e in planned.exercises.indices { planned.exercises[e].name = names[planned.exercises[e].name]! }
                log.lines[i].event.planned = planned
            }
        }
        var sessions = log.summaries
        for (i, decision) in ["start", text, "hold"].enumerated() {
            sessions[i].progression = .init(week: 1, phase: text, exercises: [.init(name: text + "1", decision: decision, reasons: [text, text])])
        }
        let until = try #require(CalendarDate(parsing: "2026-11-15"))
        let a = Adherence(sessions: sessions, since: try #require(CalendarDate(parsing: "2026-11-02")), until: until, today: until)
        var report = PatientReport(name: text, logPath: "/logs/\(text).jsonl", adherence: a, problems: [])
        report.progression = ProgressionReview(sessions: sessions, checkIns: [], until: until)
        #expect(report.progression != nil)
        return ReportHTML.page([report, report], generated: "2026-11-15")
    }

    @Test func outsideTextNeverOpensATag() throws {
        #expect(try MarkupProbe.forged(seed: 41) { try Self.page($0) } == nil)
    }
}
