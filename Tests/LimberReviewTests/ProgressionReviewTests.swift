import LimberBasics
import LimberLog
import LimberReview
import Testing

/// Check-ins in the review: kept apart from sessions, summed up per week, judged by the model.
@Suite("Progression in the review")
struct ProgressionReviewTests {
    static func checkin(_ ts: String, pain: Int, stiffness: Int?, moment: String = "morning") -> LogLine {
        var e = LogEvent(type: .checkin)
        e.moment = moment
        e.pain = pain
        e.stiffness = stiffness
        return LogLine(ts: ts, session: "checkin-\(ts)", event: e)
    }

    @Test func checkInsAreNotSessions() {
        var log = LogBuilder(schedule: .init(perWeek: 3, days: nil, perDay: 1, start: "2026-11-02", weeks: nil))
        log.session("2026-11-02T18:00:00+01:00")
        var collector = SessionCollector()
        for line in log.lines + [Self.checkin("2026-11-03T07:30:00+01:00", pain: 2, stiffness: 3)] { collector.add(line) }
        #expect(collector.summaries.count == 1)
        #expect(collector.checkIns.count == 1)
    }

    @Test func checkInWeeksAndVerdicts() throws {
        var log = LogBuilder(schedule: .init(perWeek: 3, days: nil, perDay: 1, start: "2026-11-02", weeks: nil))
        log.session("2026-11-02T18:00:00+01:00")
        var collector = SessionCollector()
        for line in log.lines { collector.add(line) }
        var sessions = collector.summaries
        sessions[0].progression = .init(week: 1, phase: nil, exercises: [.init(name: "Plank", decision: "start", reasons: [])])
        let checkIns = [
            Self.checkin("2026-11-02T07:30:00+01:00", pain: 1, stiffness: 2),
            Self.checkin("2026-11-03T07:30:00+01:00", pain: 3, stiffness: 4),
            Self.checkin("2026-11-02T19:00:00+01:00", pain: 6, stiffness: nil, moment: "after_session"),
        ]
        let review = try #require(ProgressionReview(sessions: sessions, checkIns: checkIns, until: CalendarDate(parsing: "2026-11-04")!))
        let week = try #require(review.checkIns.first)
        #expect(review.checkIns.count == 1)
        #expect((week.monday, week.count, week.morningPain, week.morningStiffness, week.afterSessionMax)
                == (CalendarDate(parsing: "2026-11-02")!, 2, 2, 3, 6))
        #expect(review.verdicts.map(\.state) == ["broken"])
        #expect(review.verdicts[0].broken == ["pain after the session reached 6/10 on 2026-11-02, above 5/10",
                                              "next-morning pain 3/10 on 2026-11-03, above 1/10 on 2026-11-02"])
        #expect(review.attention.count == 1)
        #expect(review.doses.map(\.dose) == ["2 × 30s hold", "1 × 10"])
        #expect(ProgressionReview(sessions: [], checkIns: [], until: CalendarDate(parsing: "2026-11-04")!) == nil)
    }
}
