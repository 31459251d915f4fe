import ArgumentParser
import LimberProgram
import LimberTimeline

extension Limber {
    /// `limber plan FILE`: the compiled timeline and total time.
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the session a program makes: every step, its start, length and cues, and the total time."
        )

        @Argument(help: "The program file.", completion: .file(extensions: ["yaml", "yml"]))
        var file: String

        @OptionGroup var output: OutputOptions

        func run() throws {
            let timeline = TimelineCompiler.compile(try ProgramInputs.usable(file).program)
            switch output.format {
            case .text: Console.out(PlanRenderer.text(timeline))
            case .json: PlanRenderer.json(timeline, write: Console.out)
            }
        }
    }
}
