import ArgumentParser
import LimberBasics
import LimberHandout
import LimberProgram
import LimberTimeline

extension PaperSize: ExpressibleByArgument {}

extension Limber {
    /// `limber handout PROGRAM`: the printable page the patient takes home.
    struct Handout: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "handout", 
            abstract: "Write a printable handout of a program: one standalone HTML page to print or send.",
            discussion: """
                Title and author, the schedule in words, the safety notes in a box, each exercise with \
                its instructions, equipment and dose, the session length, and a paper log with one row \
                per prescribed session. No scripts and no network: open it in a browser and print it.
                """
        )

        @Argument(help: "The program file.", completion: .file(extensions: ["yaml", "yml"]))
        var file: String

        @Option(name: .long, help: ArgumentHelp("Write the handout to this file (created private, 0600) instead of standard output.", valueName: "file.html"))
        var output: String?

        @Option(name: .long, help: "Paper: auto (the printer's), a4 or letter.")
        var paper: PaperSize = .auto

        @OptionGroup var library: LibraryOptions

        func run() throws {
            let program = try ProgramInputs.usable(file, library: library.library).program
            let page = LimberHandout.Handout.page(TimelineCompiler.compile(program),
                                                  runCommand: "limber run \(CalendarCommand.shellQuoted(file))", paper: paper)
            if let output {
                try OutputFile.write(page, to: output, inputs: [file])
                Console.err("limber: handout written to \(TextSanitizer.singleLine(output))\n")
            } else {
                Console.out(page)
            }
        }
    }
}
