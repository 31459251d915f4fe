import ArgumentParser
import Foundation
import LimberBasics
import LimberProgram
import LimberReview

extension Limber {
    /// `limber report [LOG…]`: adherence and discomfort, for one patient or a folder of them.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adherence and discomfort from logs: sessions done against prescribed, dose per exercise, discomfort trends.",
            discussion: """
                Each log is one patient (a folder of *.jsonl logs gives one row per patient, and each \
                patient's detail with --detail). The definitions are in docs/adherence.md.
                """
        )

        @Argument(help: "Log files, or folders of *.jsonl logs (default: your own log).", completion: .file(extensions: ["jsonl"]))
        var logs: [String] = []

        @Option(name: .long, help: ArgumentHelp("First day of the window (default: 6 weeks before --until).", valueName: "YYYY-MM-DD"))
        var since: String?

        @Option(name: .long, help: ArgumentHelp("Last day of the window (default: today).", valueName: "YYYY-MM-DD"))
        var until: String?

        @Option(name: .long, help: ArgumentHelp("Judge against this program's schedule instead of the one recorded in the log.", valueName: "file"))
        var program: String?

        @Flag(name: .long, help: "With several logs, each patient's full report after the summary.")
        var detail = false

        @Option(name: .long, help: "Output format: text, json, csv or html.")
        var format: ReportFormat = .text

        @Option(name: .long, help: ArgumentHelp("Write the report to this file (created private, 0600).", valueName: "file"))
        var output: String?

        enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv, html }

        func validate() throws {
            if let since, CalendarDate(parsing: since) == nil { throw ValidationError("--since must be a date written YYYY-MM-DD, not '\(since)'.") }
            if let until, CalendarDate(parsing: until) == nil { throw ValidationError("--until must be a date written YYYY-MM-DD, not '\(until)'.") }
        }

        func run() throws {
            let today = Self.today()
            let end = until.flatMap(CalendarDate.init(parsing:)) ?? today
            let start = since.flatMap(CalendarDate.init(parsing:)) ?? end.adding(days: -41)
            guard start <= end else { throw ValidationError("--since (\(start)) is after --until (\(end)).") }

            var prescription: Prescription?
            if let program {
                let parsed = try ProgramInputs.usable(program).program
                guard let schedule = parsed.schedule else { throw CommandFailure("\(TextSanitizer.singleLine(program)) has no schedule to judge against") }
                prescription = Prescription(schedule)
            }

            var reports: [PatientReport] = []
            let files = try LogInputs.files(logs)
            for file in files {
                let collector = try LogInputs.read(file)
                for problem in collector.problems { Console.err("limber: \(problem)\n") }
                let adherence = Adherence(sessions: collector.summaries, since: start, until: end, prescription: prescription, today: today)
                reports.append(PatientReport(name: LogInputs.patientName(file), logPath: file, adherence: adherence, problems: collector.problems))
            }

            let text: String
            switch format {
            case .text: text = ReportText(color: output == nil && Console.wantsColor(fd: 1)).render(reports, detail: detail)
            case .json: text = ReportData.json(reports)
            case .csv: text = ReportData.csv(reports)
            case .html: text = ReportHTML.page(reports, generated: today.description)
            }
            if let output {
                try OutputFile.write(text, to: output, inputs: files)
                Console.err("limber: report written to \(TextSanitizer.singleLine(output))\n")
            } else {
                Console.out(text)
            }
        }

        /// Today's local date.
        static func today() -> CalendarDate {
            let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
            return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        }
    }
}
