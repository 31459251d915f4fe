import ArgumentParser
import Foundation
import LimberBasics
import LimberProgram

extension Limber {
    /// `limber new [--from NAMES…] FILE`: a commented starter program.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "new", 
            abstract: "Write a commented starter program, optionally built from library exercises.",
            discussion: "The file must not exist yet. The starter validates clean; edit it, then run limber validate on it."
        )

        @Option(name: .long, help: ArgumentHelp("Library exercises to start from, in order, separated by commas (or --from repeated); see limber library.",
                                                valueName: "name,name…"))
        var from: [String] = []

        /// The library names, in order.
        var names: [String] { from.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty } }

        @Option(name: .long, help: "The program's title.")
        var title = "My home program"

        @Argument(help: "The program file to create.", completion: .file(extensions: ["yaml", "yml"]))
        var file: String

        @OptionGroup var library: LibraryOptions

        func run() throws {
            let library = library.library
            for name in names {
                // The same lookup `use:` does, so a typo is caught here with its suggestion.
                let probe = ProgramParser.parse(Array("limber: 1\ntitle: T\nexercises:\n  - use: \(JSONValue.string(name).rendered())\n".utf8),
                                                library: library, path: file)
                if let problem = probe.diagnostics.first(where: { $0.severity == .error }) {
                    throw CommandFailure(problem.message)
                }
            }
            let text = ProgramStarter.text(title: title, uses: names)
            let fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else {
                throw CommandFailure("can't create \(TextSanitizer.singleLine(file)): \(String(cString: strerror(errno)))"
                                     + (errno == EEXIST ? " (limber new never replaces a file)" : ""))
            }
            defer { close(fd) }
            if let failure = WriteAll.write(fd, text) {
                throw CommandFailure("can't write \(TextSanitizer.singleLine(file)): \(String(cString: strerror(failure)))")
            }
            Console.err("limber: wrote \(TextSanitizer.singleLine(file)); check it with: limber validate \(CalendarCommand.shellQuoted(file))\n")
        }
    }
}
