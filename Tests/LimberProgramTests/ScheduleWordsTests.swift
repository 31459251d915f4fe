import LimberBasics
import LimberProgram
import Testing

/// The one phrase `limber plan` and every report use for a schedule.
@Suite("Schedule words")
struct ScheduleWordsTests {
    @Test func weekdaysInWeekOrderThenPerDayStartAndWeeks() {
        let schedule = Schedule(frequency: .weekdays([.thursday, .monday, .thursday]), perDay: 2,
                                start: CalendarDate(year: 2026, month: 12, day: 1), weeks: 1)
        #expect(schedule.frequencyWords == "Mon, Thu, 2× a day")
        #expect(schedule.words == "Mon, Thu, 2× a day, from 2026-12-01 for 1 week")
    }

    @Test func daysAWeekWithoutDates() {
        #expect(Schedule(frequency: .perWeek(1)).words == "1 day a week")
        #expect(Schedule(frequency: .perWeek(5), weeks: 6).words == "5 days a week for 6 weeks")
    }
}
