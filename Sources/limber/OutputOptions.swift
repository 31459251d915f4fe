import ArgumentParser

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Options shared by commands that print a result for people or for tools.
struct OutputOptions: ParsableArguments {
    /// `text` for people, `json` for tools and scripts.
    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text
}
