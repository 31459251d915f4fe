import ArgumentParser
import Foundation
import LimberBasics
import LimberProgram
import LimberReview

extension Limber {
    /// `limber report [LOG…]`: adherence and discomfort, for one patient or a folder of them.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report", 
            abstract: "Adherence and discomfort from logs: sessions done against prescribed, dose per exercise, discomfort trends.",
            discussion: """
                Each log is one patient (a folder of *.jsonl logs gives one row per patient, and each \
                patient's detail with --detail); logs whose sessions record the same patient id are \
                merged into one patient, each session counted once; `-` reads a log from standard input. Each session is \
                judged against the program it ran, as its log recorded it; --program only stands in for \
                logs that record no schedule. The definitions are in docs/adherence.md.
                """
        )

        @Argument(help: "Log files, folders of *.jsonl logs, or - for standard input (default: your own log).", completion: .file(extensions: ["jsonl"]))
        var logs: [String] = []

        @OptionGroup(title: "Window (default: the 6 weeks up to today)")
        var window: DateWindowOptions

        @Option(name: .long, help: ArgumentHelp("Judge the sessions whose log records no schedule (logs from before schedules were logged) against this program; each session is otherwise judged against the program it ran.", valueName: "file"))
        var program: String?

        @OptionGroup var library: LibraryOptions

        @Flag(name: .long, help: "With several logs, each patient's full report after the summary.")
        var detail = false

        @Option(name: .long, help: "Output format: text, json, csv or html.")
        var format: ReportFormat = .text

        @Option(name: .long, help: ArgumentHelp("Write the report to this file (created private, 0600).", valueName: "file"))
        var output: String?

        enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv, html }

        func run() throws {
            let today = try Self.today()
            let window = try window.window(defaultUntil: today) { $0.adding(days: -41) }

            var fallback: ProgramPrescription?
            if let program {
                let parsed = try ProgramInputs.usable(program, library: library.library).program
                guard let schedule = parsed.schedule else { throw CommandFailure("\(TextSanitizer.singleLine(program)) has no schedule to judge against") }
                fallback = ProgramPrescription(title: parsed.title, prescription: Prescription(schedule))
            }

            var reports: [PatientReport] = []
            let files = try LogInputs.files(logs)
            var duplicates = LogInputs.Duplicates()
            for patient in LogInputs.patients(files) {
                var collector = try LogInputs.read(patient, window: window, duplicates: &duplicates)
                for problem in collector.problems { Console.err("limber: \(problem)\n") }
                let adherence = Adherence(history: collector.finish(), since: window.lowerBound, until: window.upperBound,
                                          prescription: fallback, today: today)
                if let fallback, !adherence.periods.contains(where: { $0.program == fallback }) {
                    let shown = patient.id == nil ? LogInputs.displayName(patient.files[0]) : LogInputs.name(patient)
                    Console.err("limber: note: \(shown) records the schedule of every session in the window; --program is not used for it\n")
                }
                var report = PatientReport(name: LogInputs.name(patient), logPath: patient.files[0], adherence: adherence, problems: collector.problems)
                report.patient = patient
                report.progression = ProgressionReview(sessions: adherence.sessions.progressing, checkIns: collector.checkIns.filter {
                    CalendarDate(parsing: String($0.ts.prefix(10))).map(window.contains) ?? false
                }, until: window.upperBound)
                reports.append(report)
            }
            duplicates.note()

            if format == .text, output == nil {
                // Written as it is made: a long window's session list is never held whole.
                ReportText(color: Console.wantsColor(fd: 1)).write(reports, detail: detail) { Console.out($0) }
                return
            }
            guard let output else {
                let out = ByteOutput(fd: 1)
                write(reports, today: today, to: out)
                if let failure = out.flush(), Console.outputFailure == nil { Console.outputFailure = failure }
                return
            }
            try OutputFile.write(to: output, inputs: files) { write(reports, today: today, to: $0) }
            Console.err("limber: report written to \(TextSanitizer.singleLine(output))\n")
        }

        /// The report in `format` (text without colour), appended to `out` as it is made.
        private func write(_ reports: [PatientReport], today: CalendarDate, to out: ByteOutput) {
            switch format {
            case .text: ReportText(color: false).write(reports, detail: detail) { out.append($0) }
            case .json: ReportData.writeJSON(reports, to: out)
            case .csv: ReportData.writeCSV(reports, to: out)
            case .html: ReportHTML.write(reports, generated: today.description, to: out)
            }
        }

        /// Today's date (`LIMBER_TODAY` when set).
        static func today() throws -> CalendarDate { try TodayDate.date() }
    }
}
