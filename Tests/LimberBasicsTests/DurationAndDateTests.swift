import LimberBasics
import Testing

@Suite("Durations and calendar dates")
struct DurationAndDateTests {
    @Test func durationConversions() {
        let d = Duration.seconds(2) + .milliseconds(500) + .nanoseconds(1)
        #expect(d.loggedSeconds == 2.5)
        #expect(d.millisecondsRoundedUp == 2501)
        #expect(d.secondsRoundedUp == 3)
        #expect(d.nanoseconds == 2_500_000_001)
        #expect(Duration.seconds(3).secondsRoundedUp == 3)
        #expect(Duration.milliseconds(1500).inSeconds == 1.5)
    }

    @Test func clockAndDurationText() {
        #expect(DurationText.clock(45) == "0:45")
        #expect(DurationText.clock(3723) == "1:02:03")
        #expect(DurationText.seconds("1m30s") == 90)
        #expect(DurationText.format(90) == "1m30s")
    }

    @Test func calendarMaths() {
        let date = CalendarDate(year: 2026, month: 12, day: 31)!
        #expect(CalendarDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        #expect(date.adding(days: 1).description == "2027-01-01")
        #expect(date.isoWeekLabel == "2026-W53")
        #expect(date.weekday == .thursday)
        #expect(CalendarDate(parsing: "2026-02-29") == nil)
    }
}
