import ArgumentParser
import LimberBasics
import LimberReview

extension Limber {
    /// `limber log [LOG…]`: the sessions in a log, one line each.
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "log", 
            abstract: "List the sessions in a log, one line each: when, program, status, duration, share done, highest discomfort, notes.",
            discussion: "Several logs are merged by time; `-` reads a log from standard input. The default log is $XDG_DATA_HOME/limber/log.jsonl."
        )

        @Argument(help: "Log files, folders of *.jsonl logs, or - for standard input.", completion: .file(extensions: ["jsonl"]))
        var logs: [String] = []

        @OptionGroup(title: "Dates (default: every session)")
        var window: DateWindowOptions

        @Option(name: .long, help: "Output format: text, json or csv.")
        var format: ListFormat = .text

        enum ListFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

        func run() throws {
            // Only the sessions of the dates asked for are kept, as a report keeps its window's.
            let dates = window.isSet ? try window.window(defaultUntil: Self.lastDay) { _ in Self.firstDay } : nil
            var sessions: [SessionSummary] = []
            var duplicates = LogInputs.Duplicates()
            for patient in LogInputs.patients(try LogInputs.files(logs)) {
                let collector = try LogInputs.read(patient, window: dates, duplicates: &duplicates)
                sessions += collector.summaries
                for problem in collector.problems { Console.err("limber: \(problem)\n") }
            }
            duplicates.note()
            sessions.sort { ($0.start, $0.id) < ($1.start, $1.id) }
            switch format {
            case .text: Console.out(LogListing.text(sessions))
            case .json: Console.out(LogListing.json(sessions))
            case .csv: Console.out(LogListing.csv(sessions))
            }
        }

        /// The open ends of a window given only one date.
        static let firstDay = CalendarDate(year: 1900, month: 1, day: 1)!
        static let lastDay = CalendarDate(year: 9999, month: 12, day: 31)!
    }
}
