import ArgumentParser
import LimberProgram

extension Limber {
    /// `limber schema`: the JSON Schema of the program format, for editors.
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "schema", 
            abstract: "Print the JSON Schema of the program format (for yaml-language-server and other editors).",
            discussion: """
                Save it and point your editor at it, or add this first line to a program:
                # yaml-language-server: $schema=./limber-program.schema.json
                """
        )

        func run() throws {
            Console.out(ProgramSchema.text)
        }
    }
}
