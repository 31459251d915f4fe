import Foundation
import LimberTestSupport
import Testing

/// `limber calendar`, checked by independent tools: Python's icalendar parses the file and
/// recurring-ical-events expands it (scripts/check-calendar.py).
@Suite("limber calendar, parsed and expanded by icalendar")
struct CalendarCommandTests {
    struct Expansion: Decodable {
        var count: Int
        var starts: [String]
        var minutes: [Int]
        var alarms: [Int]
        var zones: [String]
    }

    /// Writes `program` (nil: the shipped example built from the library), makes its calendar in
    /// `zone` and expands it.
    static func expand(_ program: String?, zone: String = "Europe/Berlin", arguments: [String] = []) throws -> Expansion {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var path = Fixtures.program("hip-and-core-from-library.yaml").path
        if let program {
            path = folder.appendingPathComponent("p.yaml").path
            try program.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let ics = folder.appendingPathComponent("p.ics").path
        let made = try CommandRunner.limber(["calendar", path, "--output", ics] + arguments, environment: ["TZ": zone])
        try #require(made.status == 0, "limber calendar failed: \(made.stderr)")
        let checked = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Fixtures.packageRoot.appendingPathComponent("scripts/check-calendar.py").path, ics], in: folder)
        try #require(checked.status == 0, "check-calendar.py failed: \(checked.stderr)")
        return try JSONDecoder().decode(Expansion.self, from: Data(checked.stdout.utf8))
    }

    static func program(_ schedule: String, title: String = "T") -> String {
        "limber: 1\ntitle: \(title)\nsafety: [s]\nschedule: \(schedule)\ndiscomfort: { stop_at: 6 }\nexercises:\n  - { name: P, hold: 30s }\n"
    }

    @Test func threeDaysAWeekForSixWeeksIsEighteenSessions() throws {
        let expansion = try Self.expand(nil)
        #expect(expansion.count == 18)
        #expect(expansion.starts.first == "2026-12-07T07:30:00+01:00")
        #expect(expansion.alarms == [1] && expansion.zones == ["Europe/Berlin"])
        #expect(expansion.minutes.count == 1 && expansion.minutes[0] > 5, "DURATION is the session length")
    }

    @Test func fixedDaysFallOnThoseDays() throws {
        // From a Wednesday for two weeks: the 14 days from the start hold two Fridays and two Mondays.
        let expansion = try Self.expand(Self.program("{ days: [mon, fri], start: 2026-12-02, weeks: 2 }"), arguments: ["--time", "18:15"])
        #expect(expansion.starts == ["2026-12-04T18:15:00+01:00", "2026-12-07T18:15:00+01:00",
                                     "2026-12-11T18:15:00+01:00", "2026-12-14T18:15:00+01:00"])
    }

    @Test func twiceADayIsTwoEventsAndDoubleTheSessions() throws {
        let expansion = try Self.expand(Self.program("{ per_week: 2, per_day: 2, start: 2026-12-07, weeks: 3 }"))
        #expect(expansion.count == 12)
        #expect(expansion.alarms == [1, 1])
        #expect(expansion.starts.prefix(2) == ["2026-12-07T07:30:00+01:00", "2026-12-07T19:30:00+01:00"])
    }

    /// A program without a start date is refused with a clear line, never dated today; --start fills it in.
    @Test func noStartDateIsAnErrorUnlessGiven() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("p.yaml").path
        try Self.program("{ per_week: 3, weeks: 2 }").write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.limber(["calendar", path], environment: ["TZ": "UTC"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasSuffix("p.yaml: the program has no 'schedule: start' date: give the first day with --start YYYY-MM-DD\n"))
        #expect(refused.stdout.isEmpty)
        let given = try Self.expand(Self.program("{ per_week: 3, weeks: 2 }"), zone: "UTC", arguments: ["--start", "2027-01-04"])
        #expect(given.count == 6 && given.starts.first == "2027-01-04T07:30:00+00:00")
    }

    /// Across the change to summer time in Berlin (2027-03-28) every session stays at 07:30 local.
    @Test func sessionsKeepTheirLocalTimeAcrossDST() throws {
        let expansion = try Self.expand(Self.program("{ per_week: 7, start: 2027-03-22, weeks: 2 }", title: "Daily, stretch; calm"))
        #expect(expansion.count == 14)
        #expect(expansion.starts.allSatisfy { $0.contains("T07:30:00") })
        #expect(expansion.starts.filter { $0.hasSuffix("+01:00") }.count == 6, "22–27 March in winter time")
        #expect(expansion.starts.filter { $0.hasSuffix("+02:00") }.count == 8, "from 28 March in summer time")
    }
}
