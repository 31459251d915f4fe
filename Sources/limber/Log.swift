import ArgumentParser
import LimberReview

extension Limber {
    /// `limber log [LOG…]`: the sessions in a log, one line each.
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the sessions in a log, one line each: when, program, status, duration, share done, highest discomfort.",
            discussion: "Several logs are merged by time. The default log is $XDG_DATA_HOME/limber/log.jsonl."
        )

        @Argument(help: "Log files, or folders of *.jsonl logs.", completion: .file(extensions: ["jsonl"]))
        var logs: [String] = []

        @Option(name: .long, help: "Output format: text, json or csv.")
        var format: ListFormat = .text

        enum ListFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

        func run() throws {
            var sessions: [SessionSummary] = []
            for file in try LogInputs.files(logs) {
                let collector = try LogInputs.read(file)
                sessions += collector.summaries
                for problem in collector.problems { Console.err("limber: \(problem)\n") }
            }
            sessions.sort { ($0.start, $0.id) < ($1.start, $1.id) }
            switch format {
            case .text: Console.out(LogListing.text(sessions))
            case .json: Console.out(LogListing.json(sessions))
            case .csv: Console.out(LogListing.csv(sessions))
            }
        }
    }
}
