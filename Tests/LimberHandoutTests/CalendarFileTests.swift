import Foundation
import LimberBasics
import LimberHandout
import LimberProgram
import LimberTimeline
import Testing

@Suite("Calendar file: the text itself")
struct CalendarFileTests {
    static func timeline(_ schedule: String, title: String = "T") throws -> Timeline {
        let yaml = "limber: 1\ntitle: \(title)\nsafety: [s]\nschedule: \(schedule)\ndiscomfort: { stop_at: 6 }\nexercises:\n  - { name: P, sets: 2, reps: 10 }\n"
        return TimelineCompiler.compile(try #require(ProgramParser.parse(yaml).program))
    }

    static func file(times: [ClockTime] = [ClockTime(hour: 7, minute: 30)!], start: CalendarDate? = nil) -> CalendarFile {
        CalendarFile(times: times, start: start, command: "limber run p.yaml", zone: TimeZone(identifier: "UTC")!,
                     now: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test func perWeekDaysAreSpreadFromTheStart() {
        let monday = CalendarDate(year: 2026, month: 12, day: 7)!
        func days(_ n: Int, _ start: CalendarDate = monday) -> [String] {
            CalendarFile.trainingDays(Schedule(frequency: .perWeek(n)), start: start).map(\.short)
        }
        #expect(days(3) == ["mon", "wed", "fri"])
        #expect(days(2) == ["mon", "thu"])
        #expect(days(7).count == 7)
        #expect(days(3, monday.adding(days: 5)) == ["mon", "wed", "sat"], "from a Saturday: Sat, Mon, Wed")
    }

    @Test func linesAreCRLFFoldedAndTextIsEscaped() throws {
        let text = try Self.file().render(Self.timeline("{ per_week: 3, start: 2026-12-07, weeks: 6 }",
                                                        title: "\"Back, hips; and \\\\ more — a long title to fold the line\""))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.contains("SUMMARY:Back\\, hips\\; and \\\\ more"))
        #expect(text.contains("RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=MO,WE,FR;UNTIL=20270117T235959Z\r\n"))
        #expect(text.contains("DURATION:PT2M\r\n"), "2 × 10 counted reps at 3 s, the rest and the get-ready: 1m35s, rounded up")
    }

    @Test func sessionTimesMustMatchPerDay() throws {
        #expect(throws: CalendarFile.Problem.self) {
            try Self.file().render(Self.timeline("{ per_week: 3, per_day: 2, start: 2026-12-07 }"))
        }
        #expect(ClockTime.defaults(sessionsPerDay: 2).map(\.description) == ["07:30", "19:30"])
        #expect(ClockTime.defaults(sessionsPerDay: 3).map(\.description) == ["07:30", "13:30", "19:30"])
        #expect(ClockTime(parsing: "24:00") == nil && ClockTime(parsing: "7:5") == nil && ClockTime(parsing: "7:05") != nil)
    }
}
