import ArgumentParser
import LimberProgram

extension Limber {
    /// `limber validate FILE…`: every problem in each program, with its place.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "validate", 
            abstract: "Check programs and report every problem as file:line:column.",
            discussion: "Exit code 0 when no file has errors (warnings allowed), 1 when any has."
        )

        @Argument(help: "Program files to check.", completion: .file(extensions: ["yaml", "yml"]))
        var files: [String]

        @OptionGroup var output: OutputOptions
        @OptionGroup var library: LibraryOptions

        func run() throws {
            let loaded = files.map { ProgramInputs.read($0, library: library.library) }.map(VoiceValidation.checked)
            switch output.format {
            case .json:
                Console.out(ValidationReport.json(loaded))
            case .text:
                Console.out(ValidationReport.text(loaded, colored: Console.wantsColor(fd: 1)))
            }
            if loaded.contains(where: { $0.result.diagnostics.hasErrors }) { throw ExitCode.problems }
        }
    }
}
