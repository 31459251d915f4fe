import Foundation
import LimberBasics
import LimberProgram
import LimberTimeline

/// A time of day written `HH:MM`, as `limber calendar --time 07:30` takes it.
public struct ClockTime: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Parses `7:30`, `07:30` or `19:05`.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(hour: h, minute: m)
    }

    public var description: String { (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)" }

    public static func < (a: ClockTime, b: ClockTime) -> Bool { (a.hour, a.minute) < (b.hour, b.minute) }

    /// The session times used when none are given: 07:30 for one session a day; for more, spread
    /// evenly from 07:30 to 19:30 (on the half hour).
    public static func defaults(sessionsPerDay n: Int) -> [ClockTime] {
        guard n > 1 else { return [ClockTime(hour: 7, minute: 30)!] }
        let step = 720 / (n - 1) / 30 * 30
        return (0..<n).map { i in
            let minutes = 7 * 60 + 30 + i * step
            return ClockTime(hour: minutes / 60, minute: minutes % 60)!
        }
    }
}

extension Timeline {
    /// Whole minutes a session takes, rounded up: the timed steps, plus each set the patient
    /// ends with a key counted at ``Timeline/secondsPerCountedRep`` a rep.
    public var sessionMinutes: Int {
        let open = steps.filter(\.isOpen).reduce(0) { $0 + ($1.reps ?? 1) * Timeline.secondsPerCountedRep }
        return max(1, (totalSeconds + open + 59) / 60)
    }
}

/// The program's schedule as an iCalendar file (RFC 5545) for the patient's calendar app: one
/// weekly recurring event per session time, on the training days, with a reminder.
///
/// Pure: the zone, the clock and the command text are given. Times are in the patient's zone
/// with a `VTIMEZONE` written out from the zone's own transitions (Foundation's `TimeZone`
/// over the system's tzdata), so every calendar app places them alike across a DST change.
public struct CalendarFile: Sendable {
    /// The session times of each training day, one per `per_day`.
    public var times: [ClockTime]
    /// The first day, when the program has no `schedule: start` (or to move it).
    public var start: CalendarDate?
    /// Minutes before each session the reminder goes off.
    public var reminderMinutes: Int
    /// The command that runs the program, shown in the event's description.
    public var command: String
    public var zone: TimeZone
    /// When the file is made (`DTSTAMP`).
    public var now: Date

    public init(times: [ClockTime], start: CalendarDate?, reminderMinutes: Int = 10, command: String, zone: TimeZone, now: Date) {
        self.times = times
        self.start = start
        self.reminderMinutes = reminderMinutes
        self.command = command
        self.zone = zone
        self.now = now
    }

    /// Why a program can't be put in a calendar, in words.
    public struct Problem: Error, Sendable {
        public var message: String
    }

    /// The weekdays of a week's sessions: the listed `days`, or for `per_week: N` N days spread
    /// evenly from the start's weekday (3 from a Monday: Mon, Wed, Fri).
    public static func trainingDays(_ schedule: Schedule, start: CalendarDate) -> [Weekday] {
        switch schedule.frequency {
        case .weekdays(let days): return days.sorted()
        case .perWeek(let n):
            return (0..<n).map { Weekday.allCases[(start.weekdayIndex + $0 * 7 / n) % 7] }.sorted()
        }
    }

    /// The whole `.ics` text, lines ending CRLF and folded at 75 octets.
    public func render(_ timeline: Timeline) throws(Problem) -> String {
        let program = timeline.program
        guard let schedule = program.schedule else {
            throw Problem(message: "the program has no 'schedule', so there are no sessions to put in a calendar")
        }
        guard let start = start ?? schedule.start else {
            throw Problem(message: "the program has no 'schedule: start' date: give the first day with --start YYYY-MM-DD")
        }
        guard times.count == schedule.perDay else {
            throw Problem(message: "the program has \(schedule.perDay) session\(schedule.perDay == 1 ? "" : "s") a day: give --time \(schedule.perDay == 1 ? "once" : "\(schedule.perDay) times"), e.g. "
                + ClockTime.defaults(sessionsPerDay: schedule.perDay).map { "--time \($0)" }.joined(separator: " "))
        }
        let days = Self.trainingDays(schedule, start: start)
        let firstDay = (0..<7).map { start.adding(days: $0) }.first { days.contains($0.weekday) }!
        let end = schedule.weeks.map { start.adding(days: 7 * $0) }
        let until = end.map { Self.utcStamp(local($0, ClockTime(hour: 0, minute: 0)!).addingTimeInterval(-1)) }

        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Limber//limber calendar//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
        lines += timezone(from: local(start, ClockTime(hour: 0, minute: 0)!),
                          to: local(end ?? start.adding(days: 7 * ProgramFields.Limits.weeks.upperBound), ClockTime(hour: 0, minute: 0)!))
        let byDay = days.map { String($0.short.uppercased().prefix(2)) }.joined(separator: ",")
        var description = ["\(program.title): \(timeline.program.exercises.count) exercise\(program.exercises.count == 1 ? "" : "s"), about \(timeline.sessionMinutes) min.",
                           "Schedule: \(schedule.words).", "Run it: \(command)"]
        if case .perWeek = schedule.frequency {
            description.append("Any \(days.count) days a week will do: these are suggested days, move a session if another day suits you better.")
        }
        for (index, time) in times.sorted().enumerated() {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(start)-\(time.description.replacingOccurrences(of: ":", with: ""))-\(index + 1)-\(Self.slug(program.title))@limber",
                "DTSTAMP:\(Self.utcStamp(now))",
                "DTSTART;TZID=\(zone.identifier):\(Self.localStamp(firstDay, time))",
                "DURATION:PT\(timeline.sessionMinutes)M",
                "RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=\(byDay)" + (until.map { ";UNTIL=\($0)" } ?? ""),
                "SUMMARY:\(Self.escaped(program.title))",
                "DESCRIPTION:\(Self.escaped(description.joined(separator: "\n")))",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:\(Self.escaped("Time for: \(program.title)"))",
                "TRIGGER:-PT\(reminderMinutes)M",
                "END:VALARM",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.folded).joined(separator: "\r\n") + "\r\n"
    }

    /// The instant a wall-clock time on `date` is in the zone.
    private func local(_ date: CalendarDate, _ time: ClockTime) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute))!
    }

    /// The zone's `VTIMEZONE`: the offset in force a year before `from`, then each transition
    /// up to `to`, each as its own dated observance.
    private func timezone(from: Date, to: Date) -> [String] {
        let windowStart = from.addingTimeInterval(-366 * 86_400)
        var lines = ["BEGIN:VTIMEZONE", "TZID:\(zone.identifier)"]
        func observance(at instant: Date, fromOffset: Int, dtstart: String) {
            let kind = zone.isDaylightSavingTime(for: instant) ? "DAYLIGHT" : "STANDARD"
            lines += ["BEGIN:\(kind)", "DTSTART:\(dtstart)", "TZOFFSETFROM:\(Self.offset(fromOffset))",
                      "TZOFFSETTO:\(Self.offset(zone.secondsFromGMT(for: instant)))",
                      "TZNAME:\(Self.escaped(zone.abbreviation(for: instant) ?? zone.identifier))", "END:\(kind)"]
        }
        let initial = zone.secondsFromGMT(for: windowStart)
        observance(at: windowStart, fromOffset: initial, dtstart: "19700101T000000")
        var cursor = windowStart
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next <= to {
            let before = zone.secondsFromGMT(for: next.addingTimeInterval(-1))
            observance(at: next, fromOffset: before, dtstart: Self.utcFormat(next.addingTimeInterval(TimeInterval(before)), suffix: ""))
            cursor = next
        }
        lines.append("END:VTIMEZONE")
        return lines
    }

    private static func localStamp(_ date: CalendarDate, _ time: ClockTime) -> String {
        date.description.replacingOccurrences(of: "-", with: "") + "T" + time.description.replacingOccurrences(of: ":", with: "") + "00"
    }

    private static func utcStamp(_ date: Date) -> String { utcFormat(date, suffix: "Z") }

    /// `date` as `YYYYMMDDTHHMMSS` in UTC, then `suffix`.
    private static func utcFormat(_ date: Date, suffix: String) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = CalendarDate(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
        let inDay = seconds - day.daysSinceEpoch * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return day.description.replacingOccurrences(of: "-", with: "") + "T" + two(inDay / 3600) + two(inDay / 60 % 60) + two(inDay % 60) + suffix
    }

    /// `+0100`, `-0430`.
    private static func offset(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        let hh = minutes / 60, mm = minutes % 60
        return (seconds < 0 ? "-" : "+") + (hh < 10 ? "0" : "") + "\(hh)" + (mm < 10 ? "0" : "") + "\(mm)"
    }

    /// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newline.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.unicodeScalars.append(TextSanitizer.isControl(scalar) && scalar != "\t" ? " " : scalar)
            }
        }
        return out
    }

    /// A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence.
    static func folded(_ line: String) -> String {
        var out = "", count = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if count + size > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(scalar)
            count += size
        }
        return out
    }

    /// The title's letters and digits, lowercased and joined by hyphens, for a stable UID.
    private static func slug(_ title: String) -> String {
        let words = title.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return words.isEmpty ? "program" : words.joined(separator: "-")
    }
}
