import Foundation
import LimberBasics
import LimberLog

/// The day every command takes as "today": the local date, or `LIMBER_TODAY=YYYY-MM-DD` when it
/// is set — a testing and demonstration aid that lets a week of sessions and check-ins be played
/// in minutes. Log timestamps then fall on that day (same time of day) and each session start
/// records that the date was simulated.
enum TodayDate {
    static let variable = "LIMBER_TODAY"

    /// The simulated day, or nil when `LIMBER_TODAY` is not set; a value that is not a date is a
    /// failure rather than a silent real date.
    static func simulated() throws -> CalendarDate? {
        guard let text = ProcessEnvironment.value(variable), !text.isEmpty else { return nil }
        guard let day = CalendarDate(parsing: text) else {
            throw CommandFailure("\(variable) must be a date written YYYY-MM-DD, found '\(TextSanitizer.singleLine(String(text.prefix(40))))'")
        }
        return day
    }

    /// Today's date, simulated or local.
    static func date() throws -> CalendarDate {
        try simulated() ?? local(Date())
    }

    /// Seconds to add to the real clock so that its timestamps fall on the simulated day (0
    /// without one).
    static func shift() throws -> TimeInterval {
        guard let day = try simulated() else { return 0 }
        return TimeInterval(day.daysSinceEpoch - local(Date()).daysSinceEpoch) * 86_400
    }

    /// The clock's time, moved onto the simulated day.
    static func now() throws -> Date { Date().addingTimeInterval(try shift()) }

    /// The local calendar date of `date`, as the log's timestamps write it.
    static func local(_ date: Date) -> CalendarDate {
        CalendarDate(parsing: String(LogLine.timestamp(date).prefix(10)))!
    }
}
