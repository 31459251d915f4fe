import Foundation
import LimberBasics
import LimberLog
import LimberProgram
import LimberReview
import Testing

func day(_ s: String) -> CalendarDate { CalendarDate(parsing: s)! }

@Suite("Adherence maths on hand-built logs")
struct AdherenceTests {
    /// Mon/Wed/Fri from Monday 2026-11-02 for 2 weeks (to Sunday 11-15): 6 sessions prescribed.
    static func namedWeekdays() -> LogBuilder {
        var log = LogBuilder(schedule: .init(perWeek: nil, days: ["mon", "wed", "fri"], perDay: 1, start: "2026-11-02", weeks: 2))
        log.session("2026-11-02T07:30:00+01:00")                                   // Mon: done
        log.session("2026-11-04T07:30:00+01:00", ratings: [("Plank", 2)])          // Wed: done
        //                                                                             Fri 6: missed
        log.session("2026-11-09T07:30:00+01:00", sets: 1, ratings: [("Plank", 8)], stop: ("Plank", 8),
                    end: "stopped_discomfort")                                     // Mon: safety stop, counts
        log.session("2026-11-11T07:30:00+01:00", sets: 2, end: "quit")             // Wed: 2 of 4 sets: partial
        log.session("2026-11-13T07:30:00+01:00", ratings: [("Plank", 3)])          // Fri: done
        log.session("2026-11-14T18:00:00+01:00")                                   // Sat: extra, done
        return log
    }

    @Test func namedWeekdaysPartialSessionsSafetyStopsAndExtras() {
        let a = Adherence(sessions: Self.namedWeekdays().summaries, since: day("2026-11-02"), until: day("2026-11-15"), today: day("2026-11-15"))
        // Week 45: 3 prescribed (Mon, Wed, Fri), 2 done (Fri missed) → 2/3.
        // Week 46: 3 prescribed; Mon (safety stop counts), Fri and Sat count, Wed is partial → 3, capped at 3 → 3/3.
        #expect(a.weeks.map(\.label) == ["2026-W45", "2026-W46"])
        #expect(a.weeks.map(\.prescribed) == [3, 3])
        #expect(a.weeks.map(\.done) == [2, 3])
        #expect(a.weeks.map(\.adherent) == [false, true])
        #expect(a.weeks[1].safetyStops == 1)
        #expect(a.prescribed == 6)
        #expect(a.done == 5)
        #expect(a.fraction == 5.0 / 6.0)
        let states = a.days.map { "\($0.date.day):\($0.state.rawValue)" }
        #expect(states == ["2:done", "3:open", "4:done", "5:open", "6:missed", "7:open", "8:open",
                           "9:done", "10:open", "11:partial", "12:open", "13:done", "14:done", "15:open"])
        // Dose over the 6 sessions held: 6 × 4 sets prescribed; done 4+4+1+2+4+4 = 19.
        // Plank: 12 prescribed, 2+2+1+2+2+2 = 11 done; Bridge: 12 prescribed, 2+2+0+0+2+2 = 8 done.
        #expect(a.dose.map(\.setsPrescribed) == [12, 12])
        #expect(a.dose.map(\.setsDone) == [11, 8])
        #expect(a.dose[0].holdSecondsPrescribed == 12 * 30)
        #expect(a.dose[0].holdSecondsDone == 11 * 30)
        #expect(a.dose[1].repsPrescribed == 120)
        #expect(a.dose[1].repsDone == 80)
        // Discomfort on the Plank: 2, 8, 3 → mean 13/3, last 3, max 8; the 8 is at the stop level.
        let plank = a.discomfort.first { $0.name == "Plank" }!
        #expect(plank.ratings.map(\.rating) == [2, 8, 3])
        #expect(plank.mean == 13.0 / 3.0)
        #expect(plank.last == 3)
        #expect(plank.max == 8)
        #expect(plank.flagged.map(\.rating) == [8])
        #expect(a.stops.count == 1)
        #expect(a.attention.first == "Safety stop on 2026-11-09: Plank rated 8 (stop at 7)")
        #expect(a.attention.contains("1 week below 80 % adherence: 2026-W45"))
        #expect(a.attention.contains("Under 80 % of prescribed sets done: Bridge (67 %)"))
    }

    @Test func perWeekSchedulesProrateTheirPartialWeeks() {
        // 5 days a week from Thursday 2026-11-05 for 1 week (to Wednesday 11-11):
        // W45 has Thu–Sun (4 days) → 5 × 4/7 = 2.86 → 3; W46 has Mon–Wed (3 days) → 5 × 3/7 = 2.14 → 2.
        var log = LogBuilder(schedule: .init(perWeek: 5, days: nil, perDay: 1, start: "2026-11-05", weeks: 1))
        for d in ["05", "06", "07", "09", "10"] { log.session("2026-11-\(d)T08:00:00+01:00") }
        let a = Adherence(sessions: log.summaries, since: day("2026-11-02"), until: day("2026-11-15"), today: day("2026-11-15"))
        #expect(a.weeks.map(\.prescribed) == [3, 2])
        #expect(a.weeks.map(\.done) == [3, 2])
        #expect(a.fraction == 1)
        // Before the start and after the end: outside the program, not missed.
        #expect(a.days.first?.state == .outside)
        #expect(a.days.last?.state == .outside)
        #expect(a.days.first { $0.date == day("2026-11-08") }?.state == .open)
    }

    @Test func twiceADayCountsAtMostTwoSessionsADay() {
        var log = LogBuilder(schedule: .init(perWeek: nil, days: ["mon"], perDay: 2, start: "2026-11-02", weeks: 1))
        log.session("2026-11-02T07:00:00+01:00")
        log.session("2026-11-02T12:00:00+01:00")
        log.session("2026-11-02T19:00:00+01:00")
        let a = Adherence(sessions: log.summaries, since: day("2026-11-02"), until: day("2026-11-08"), today: day("2026-11-08"))
        #expect(a.weeks.map(\.prescribed) == [2])
        #expect(a.weeks.map(\.done) == [2])
        #expect(a.days.first?.sessions == 3)
    }

    @Test func sessionsAcrossMidnightAndADSTChangeKeepTheirLocalDay() {
        // Europe's clocks go forward on 2026-03-29: +01:00 before 02:00, +02:00 after.
        var log = LogBuilder(schedule: .init(perWeek: 7, days: nil, perDay: 1, start: "2026-03-23", weeks: 1))
        log.session("2026-03-28T23:50:00+01:00")   // Saturday, ends after midnight: counts for Saturday
        log.session("2026-03-29T00:30:00+01:00")   // Sunday, before the change
        log.session("2026-03-29T03:30:00+02:00")   // Sunday, after the change (one hour later in UTC than 01:30+01:00)
        let s = log.summaries
        #expect(s.map { $0.start.date.description } == ["2026-03-28", "2026-03-29", "2026-03-29"])
        #expect(s[2].start.instant - s[1].start.instant == 2 * 3600)
        let a = Adherence(sessions: s, since: day("2026-03-23"), until: day("2026-03-29"), today: day("2026-03-29"))
        // 7 a day-week, 7 prescribed; Saturday 1, Sunday 2 capped at 1 → 2 done.
        #expect(a.weeks.map(\.prescribed) == [7])
        #expect(a.weeks.map(\.done) == [2])
    }

    @Test func interruptedSessionsCountOnlyWithMostOfTheWorkDone() {
        var log = LogBuilder(schedule: .init(perWeek: 3, days: nil, perDay: 1, start: "2026-11-02", weeks: 1))
        log.session("2026-11-02T08:00:00+01:00", sets: 4, end: nil)   // killed after all 4 sets: counts
        log.session("2026-11-03T08:00:00+01:00", sets: 3, end: nil)   // 3 of 4 = 75 %: partial
        let s = log.summaries
        #expect(s.map(\.outcome) == [.interrupted, .interrupted])
        #expect(s.map(\.counts) == [true, false])
        let a = Adherence(sessions: s, since: day("2026-11-02"), until: day("2026-11-08"), today: day("2026-11-08"))
        #expect(a.weeks.map(\.done) == [1])
        #expect(a.attention.contains("2 sessions interrupted (no end recorded)"))
    }

    @Test(arguments: [
        ([2, 2, 3, 4, 5, 6], Trend.rising),     // fitted change +4.3
        ([5, 5, 4, 5, 5], Trend.steady),
        ([6, 5, 3, 2], Trend.falling),          // fitted change -4.2
        ([3, 4, 5], Trend.rising),              // fitted change exactly +2: rising
        ([4, 9], Trend.tooFew),
    ])
    func trends(values: [Int], expected: Trend) {
        let d = ExerciseDiscomfort(name: "x", ratings: values.map {
            RatingRecord(exercise: "x", rating: $0, time: LogTime("2026-11-02T08:00:00Z")!, stopAt: 7, note: nil)
        })
        #expect(d.trend == expected)
    }

    @Test func noScheduleMeansNoAdherenceJudgement() {
        var log = LogBuilder(schedule: .init(perWeek: nil, days: nil, perDay: 1, start: nil, weeks: nil))
        log.session("2026-11-02T08:00:00+01:00")
        let a = Adherence(sessions: log.summaries, since: day("2026-11-02"), until: day("2026-11-08"), today: day("2026-11-08"))
        #expect(a.prescription == nil)
        #expect(a.fraction == nil)
        #expect(a.days.first?.state == .done)
    }

    /// `--program` stands in only for sessions whose log records no schedule, and then its
    /// title goes with its schedule (never the log's title with the file's schedule).
    @Test func aProgramFileJudgesOnlySessionsThatRecordNoSchedule() {
        let every = ProgramPrescription(title: "Every day", prescription: Prescription(frequency: .perWeek(7), perDay: 1, start: day("2026-11-02"), weeks: 2))
        let recorded = Adherence(sessions: Self.namedWeekdays().summaries, since: day("2026-11-02"), until: day("2026-11-15"), prescription: every, today: day("2026-11-15"))
        #expect(recorded.prescribed == 6)
        #expect(recorded.program?.title == "Test program")
        var log = Self.namedWeekdays()
        for i in log.lines.indices { log.lines[i].event.schedule = nil }
        let unrecorded = Adherence(sessions: log.summaries, since: day("2026-11-02"), until: day("2026-11-15"), prescription: every, today: day("2026-11-15"))
        #expect(unrecorded.prescribed == 14)
        #expect(unrecorded.done == 5)
        #expect(unrecorded.program == every)
        #expect(unrecorded.periods.count == 1)
    }

    @Test func isoWeeksAndCalendarArithmetic() {
        #expect(day("2026-01-01").isoWeekLabel == "2026-W01")
        #expect(day("2027-01-01").isoWeekLabel == "2026-W53")
        #expect(day("2026-11-27").weekday == .friday)
        #expect(day("2026-11-27").weekStart == day("2026-11-23"))
        #expect(CalendarDate(daysSinceEpoch: day("2024-02-29").daysSinceEpoch) == day("2024-02-29"))
        #expect(LogTime("2026-11-02T07:30:05.250+01:00")?.instant == 1_793_601_005.25)
        #expect(LogTime("garbage") == nil)
    }
}
