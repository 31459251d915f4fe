import ArgumentParser
import Foundation
import LimberBasics
import LimberHandout
import LimberProgram
import LimberTimeline

extension ClockTime: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension Limber {
    /// `limber calendar PROGRAM`: the schedule as an iCalendar file with reminders (named so as
    /// not to hide Foundation's `Calendar`).
    struct CalendarCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "Write the program's sessions as a calendar file (.ics) with a reminder before each.",
            discussion: """
                One weekly recurring event per session time on the training days, from the schedule's \
                start for its weeks, in your time zone ($TZ, else /etc/localtime). A program with no \
                'schedule: start' needs --start: the calendar never guesses the first day. For \
                'per_week: N' the N days are spread evenly from the start's weekday.
                """
        )

        @Argument(help: "The program file.", completion: .file(extensions: ["yaml", "yml"]))
        var file: String

        @Option(name: .long, help: ArgumentHelp("Session time HH:MM, once per session a day (default 07:30; for several a day, spread from 07:30 to 19:30).", valueName: "HH:MM"))
        var time: [ClockTime] = []

        @Option(name: .long, help: ArgumentHelp("First day YYYY-MM-DD, when the program has none or to move it.", valueName: "date"))
        var start: String?

        @Option(name: .long, help: ArgumentHelp("Minutes before each session for the reminder.", valueName: "minutes"))
        var remind = 10

        @Option(name: .long, help: ArgumentHelp("Write the calendar to this file (created private, 0600) instead of standard output.", valueName: "file.ics"))
        var output: String?

        @OptionGroup var library: LibraryOptions

        func validate() throws {
            if let start, CalendarDate(parsing: start) == nil { throw ValidationError("--start must be a date written YYYY-MM-DD, e.g. 2026-12-07") }
            if !(0...1440).contains(remind) { throw ValidationError("--remind must be from 0 to 1440 minutes") }
        }

        func run() throws {
            let program = try ProgramInputs.usable(file, library: library.library).program
            let calendar = CalendarFile(
                times: time.isEmpty ? ClockTime.defaults(sessionsPerDay: program.schedule?.perDay ?? 1) : time,
                start: start.flatMap(CalendarDate.init(parsing:)), reminderMinutes: remind,
                command: "limber run \(Self.shellQuoted(file))", zone: try Self.userZone(), now: Date())
            let text: String
            do {
                text = try calendar.render(TimelineCompiler.compile(program))
            } catch {
                throw CommandFailure("\(TextSanitizer.singleLine(file)): \(error.message)")
            }
            if let output {
                try OutputFile.write(text, to: output, inputs: [file])
                Console.err("limber: calendar written to \(TextSanitizer.singleLine(output))\n")
            } else {
                Console.out(text)
            }
        }

        /// The user's time zone: `TZ` (a tzdata name such as Europe/Berlin), else the zone
        /// /etc/localtime links to, else the system's.
        static func userZone(environment: [String: String] = ProcessEnvironment.values("TZ")) throws -> TimeZone {
            if let tz = environment["TZ"], !tz.isEmpty {
                let name = tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
                guard let zone = TimeZone(identifier: name) else {
                    throw CommandFailure("TZ=\(TextSanitizer.singleLine(tz)) is not a time zone this system knows (e.g. Europe/Berlin)")
                }
                return zone
            }
            if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/localtime"),
               let range = link.range(of: "zoneinfo/"), let zone = TimeZone(identifier: String(link[range.upperBound...])) {
                return zone
            }
            return TimeZone.current
        }

        /// `path` as a shell word: as is when it is plain, else in single quotes.
        static func shellQuoted(_ path: String) -> String {
            let plain = path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+".contains($0)) }
            return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
    }
}
