import ArgumentParser
import Foundation
import LimberBasics
import LimberLogStore
import LimberProgression

extension Limber {
    /// `limber today [PROGRAM]`: the patient's home screen.
    struct Today: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "today", 
            abstract: "Show today: whether a session is due, the week and phase, each exercise's dose and why it changed.",
            discussion: """
                Without PROGRAM, the program of the newest session in the log. The dose follows the \
                program's phases and progression rules and the log (sessions and check-ins): see \
                docs/progression.md. LIMBER_TODAY=YYYY-MM-DD sets the day (a testing and demonstration aid).
                """
        )

        @Argument(help: "The program file (default: the one last run).", completion: .file(extensions: ["yaml", "yml"]))
        var program: String?

        @Option(name: .long, help: ArgumentHelp("Log file (default: $XDG_DATA_HOME/limber/log.jsonl).", valueName: "file"))
        var log: String?

        @OptionGroup var output: OutputOptions

        @OptionGroup var library: LibraryOptions

        func run() throws {
            let logPath = try UserSettings.logPath(log)
            guard let file = program ?? ProgressionInputs.lastProgramPath(log: logPath) else {
                throw CommandFailure("no program given and none in the log yet: limber today PROGRAM")
            }
            let parsed = try ProgramInputs.usable(file, library: library.library, errorsOnly: true).program
            let evidence = try ProgressionInputs.evidence(log: logPath, programTitle: parsed.title)
            let view = TodayView(program: parsed, evidence: evidence, day: try TodayDate.date())
            let command = "limber run " + TextSanitizer.singleLine(file) + (log.map { " --log " + TextSanitizer.singleLine($0) } ?? "")
            switch output.format {
            case .text: Console.out(view.text(command: command))
            case .json: Console.out(view.json(command: command, simulated: try TodayDate.simulated() != nil).rendered() + "\n")
            }
        }
    }
}
