import ArgumentParser
import LimberBasics
import LimberProgram
import LimberTimeline

extension Limber {
    /// `limber library [search WORDS…]`: the exercises programs can name with `use:`.
    struct Library: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "library", 
            abstract: "List the library exercises a program can name with 'use:', or search them.",
            discussion: "Folders: --library DIR, then $LIMBER_LIBRARY (colon-separated), then the shipped library.",
            subcommands: [List.self, Search.self],
            defaultSubcommand: List.self
        )

        /// The listing both subcommands print: name, default dose and summary, one exercise a
        /// row; a file with errors is listed as such (run `limber validate` on it).
        static func listing(_ entries: [LibraryListing]) -> String {
            var table = TextTable(ruleUnderFirstRow: true, wrapping: [2])
            table.append(["name", "default dose", "summary"])
            for entry in entries {
                let shown = TextSanitizer.singleLine(entry.name)
                if let exercise = entry.result.exercise {
                    table.append([shown, PlanRenderer.prescription(exercise.exercise, Defaults()),
                                  TextSanitizer.singleLine(exercise.summary ?? exercise.exercise.name)])
                } else {
                    table.append([shown, "—", "has errors: limber validate \(TextSanitizer.singleLine(entry.path))"])
                }
            }
            return table.rendered(width: Plan.terminalWidth())
        }
    }
}

extension Limber.Library {
    /// `limber library list`: every exercise.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every library exercise with its default dose and summary.")

        @OptionGroup var library: LibraryOptions

        func run() throws {
            let entries = library.library.catalog()
            guard !entries.isEmpty else { throw CommandFailure("no library exercises found; give a folder with --library") }
            Console.out(Limber.Library.listing(entries))
        }
    }

    /// `limber library search WORDS…`: the exercises whose text has every word.
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "search", 
            abstract: "List the library exercises whose name, summary, instructions or equipment contain every word.",
            discussion: "Exit code 1 when nothing matches.")

        @Argument(help: "Words to look for (any case).")
        var words: [String]

        @OptionGroup var library: LibraryOptions

        func validate() throws {
            if words.isEmpty { throw ValidationError("give at least one word to search for, e.g. limber library search bridge") }
        }

        func run() throws {
            let found = library.library.catalog().filter { $0.matches(words) }
            guard !found.isEmpty else { throw CommandFailure("no library exercise matches \(TextSanitizer.singleLine(words.joined(separator: " ")))") }
            Console.out(Limber.Library.listing(found))
        }
    }
}
