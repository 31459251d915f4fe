import ArgumentParser
import LimberBasics
import LimberProgram

extension Limber {
    /// `limber bundle PROGRAM`: the program as one self-contained file to send to a patient.
    struct Bundle: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bundle", 
            abstract: "Write a program with its library exercises written out, as one file to send to a patient.",
            discussion: """
                Each 'use:' is replaced by the library exercise's keys with the program's overrides, and \
                the library's safety notes join the program's, so the file needs no library. Values stay \
                as written; comments are dropped. Cue sounds stay paths beside the program.
                """
        )

        @Argument(help: "The program file.", completion: .file(extensions: ["yaml", "yml"]))
        var file: String

        @Option(name: .long, help: ArgumentHelp("Write the bundle to this file (created private, 0600) instead of standard output.", valueName: "file.yaml"))
        var output: String?

        @OptionGroup var library: LibraryOptions

        func run() throws {
            let program = try ProgramInputs.usable(file, library: library.library)
            let expanded = ProgramBundle.expand(program.file.bytes, library: library.library, path: file)
            guard let yaml = expanded.yaml else { throw CommandFailure("can't write \(TextSanitizer.singleLine(file)) out as one file") }
            if let output {
                try OutputFile.write(yaml, to: output, inputs: [file])
                Console.err("limber: bundle written to \(TextSanitizer.singleLine(output))\n")
            } else {
                Console.out(yaml)
            }
        }
    }
}
