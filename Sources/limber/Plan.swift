import ArgumentParser
import Foundation
import LimberBasics
import LimberProgram
import LimberProgression
import LimberTimeline
#if canImport(Glibc)
import Glibc
#endif

extension Limber {
    /// `limber plan FILE`: the compiled timeline and total time.
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "plan", 
            abstract: "Show the session a program makes: every step, its start, length and cues, and the total time.",
            discussion: "On a terminal the table is fitted to its width; piped or redirected, rows are never wrapped."
        )

        @Argument(help: "The program file.", completion: .file(extensions: ["yaml", "yml"]))
        var file: String

        @OptionGroup var output: OutputOptions
        @OptionGroup var library: LibraryOptions

        /// With the voice on (the default), the plan shows what is said.
        @OptionGroup var voice: VoiceOptions

        @Option(name: .long, help: ArgumentHelp("Show the session of this program week (its phases and exercises), before any step up or down.",
                                                valueName: "N"))
        var week: Int?

        func validate() throws {
            if let week, !ProgramFields.Limits.weeks.contains(week) { throw ValidationError("--week must be from 1 to 104, found \(week)") }
        }

        func run() throws {
            var program = voice.applied(to: try ProgramInputs.usable(file, library: library.library).program)
            if let week {
                if output.format == .text {
                    Console.out("Week \(week)" + (program.phases.last { $0.weeks.contains(week) }.map { ", \($0.words)" } ?? "") + "\n")
                }
                program = Progression.scheduled(program, week: week)
                guard !program.exercises.isEmpty else { throw CommandFailure("no exercise of this program is in week \(week)") }
            }
            let timeline = TimelineCompiler.compile(program)
            let speech = voice.speaks ? SpeechPlanner.plan(timeline) : nil
            let out = ByteOutput(fd: STDOUT_FILENO, chunk: 1 << 20)
            switch output.format {
            case .text: PlanRenderer.text(timeline, width: Self.terminalWidth(), speech: speech, to: out)
            case .json: PlanRenderer.json(timeline, speech: speech, week: week, to: out)
            }
            if let failure = out.flush(), Console.outputFailure == nil { Console.outputFailure = failure }
            // Left for the exit to reclaim (as compilers leave their trees): freeing a long plan's
            // steps, cues and phrases one by one took ~5 ms at 2,000 exercises, just before exiting.
            _ = Unmanaged.passRetained(Leftover(timeline, speech))
        }

        /// What `run` leaves allocated when it returns, the command's last step.
        private final class Leftover {
            let kept: (Timeline, SpeechPlan?)
            init(_ timeline: Timeline, _ speech: SpeechPlan?) { kept = (timeline, speech) }
        }

        /// The width of the terminal stdout is, or nil when stdout is a pipe or a file: the
        /// terminal's own answer, else `$COLUMNS`, else 80.
        static func terminalWidth() -> Int? {
            guard isatty(STDOUT_FILENO) == 1 else { return nil }
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
            if let columns = ProcessEnvironment.value("COLUMNS").flatMap({ Int($0) }), columns > 0 { return columns }
            return 80
        }
    }
}
