import ArgumentParser
import Foundation
import LimberBasics
import LimberLog
import LimberLogStore
import LimberProgram
#if canImport(Glibc)
import Glibc
#endif

extension Limber {
    /// `limber checkin`: the next-morning check-in (pain now, morning stiffness) or the pain right
    /// after a session, logged for the pain-monitoring model.
    struct Checkin: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checkin", 
            abstract: "Log the next-morning check-in: pain now and morning stiffness, 0–10.",
            discussion: """
                On a terminal it asks; in scripts give --pain and --stiffness. --after-session logs \
                the pain right after a session instead (no stiffness). The progression rules read \
                these: next-morning pain must not be above the morning before a session, and must \
                not rise from week to week (docs/progression.md). LIMBER_TODAY=YYYY-MM-DD puts the \
                check-in on that day (a testing and demonstration aid).
                """
        )

        @Option(name: .long, help: ArgumentHelp("Pain now, 0 (none) to 10 (worst imaginable).", valueName: "0-10"))
        var pain: Int?

        @Option(name: .long, help: ArgumentHelp("Morning stiffness, 0 (none) to 10.", valueName: "0-10"))
        var stiffness: Int?

        @Option(name: .long, help: ArgumentHelp("A note for your therapist.", valueName: "text"))
        var note: String?

        @Flag(name: .customLong("after-session"), help: "Log the pain right after a session (asked when the model needs it).")
        var afterSession = false

        @Option(name: .long, help: ArgumentHelp("Log file (default: $XDG_DATA_HOME/limber/log.jsonl).", valueName: "file"))
        var log: String?

        static let scale = ProgramFields.Limits.rating

        func validate() throws {
            for (name, value) in [("--pain", pain), ("--stiffness", stiffness)] {
                if let value, !Self.scale.contains(value) { throw ValidationError("\(name) must be from 0 to 10, found \(value)") }
            }
            if afterSession, stiffness != nil { throw ValidationError("--stiffness is for the morning check-in, not --after-session") }
            if let note, note.count > 1000 { throw ValidationError("--note is \(note.count) characters long; at most 1000 are allowed") }
        }

        func run() throws {
            let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
            var event = LogEvent(type: .checkin)
            event.moment = afterSession ? "after_session" : "morning"
            event.pain = try pain ?? ask(afterSession ? "Pain right after the session" : "Pain now", interactive)
            if !afterSession { event.stiffness = try stiffness ?? ask("Morning stiffness", interactive) }
            event.note = note.map(\.trimmedForLog).flatMap { $0.isEmpty ? nil : $0 }
            let line = try Self.append(event, log: log)
            var said = "Logged: pain \(event.pain!)/10"
            if let s = event.stiffness { said += ", stiffness \(s)/10" }
            Console.out(said + (afterSession ? " after the session" : " this morning") + " (\(line.ts.prefix(10))).\n")
        }

        /// Logs a check-in as its own line (a session id of its own), durably; the day is
        /// `LIMBER_TODAY`'s when set.
        static func append(_ event: LogEvent, log: String?) throws -> LogLine {
            let line = LogLine(ts: LogLine.timestamp(try TodayDate.now()), session: "checkin-" + UUID().uuidString.lowercased(), event: event)
            let logPath = try UserSettings.logPath(log)
            let store = LogStore(path: logPath)
            guard store.append(line) else {
                throw CommandFailure("can't write to \(TextSanitizer.singleLine(logPath)): \(store.lastError ?? "unknown error")")
            }
            return line
        }

        /// After a session of a program that progresses: asks on the terminal for the pain right
        /// after it (the model's after-session rule) and logs it; Enter alone skips.
        static func askAfterSession(log: String?) throws {
            while true {
                Console.out("Pain right now, after the session (0 none – 10 worst; Enter to skip): ")
                guard let answer = readLine()?.trimmingCharacters(in: .whitespaces), !answer.isEmpty else { return }
                if let n = Int(answer), scale.contains(n) {
                    var event = LogEvent(type: .checkin)
                    event.moment = "after_session"
                    event.pain = n
                    _ = try append(event, log: log)
                    Console.out("Logged: pain \(n)/10 after the session.\n")
                    return
                }
                Console.out("Please type a whole number from 0 to 10, or press Enter to skip.\n")
            }
        }

        /// Asks one 0–10 question on the terminal until it gets an answer; without a terminal the
        /// value must come from the command line.
        private func ask(_ question: String, _ interactive: Bool) throws -> Int {
            guard interactive else {
                throw ValidationError("no terminal to ask on: give --pain N" + (afterSession ? "" : " --stiffness N"))
            }
            while true {
                Console.out("\(question) (0 none – 10 worst): ")
                guard let answer = readLine() else { throw ExitCode.problems }
                if let n = Int(answer.trimmingCharacters(in: .whitespaces)), Self.scale.contains(n) { return n }
                Console.out("Please type a whole number from 0 to 10.\n")
            }
        }
    }
}

extension String {
    /// The text with control characters made visible and outer spaces removed, for a log note.
    var trimmedForLog: String { TextSanitizer.singleLine(trimmingCharacters(in: .whitespacesAndNewlines)) }
}
