import ArgumentParser
import Foundation
import LimberAudio
import LimberBasics
import LimberSpeech

/// The `limber` command: configuration only; each subcommand lives in its own file.
@main
struct Limber: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "limber",
        abstract: "Guided home-exercise programs in the terminal.",
        discussion: """
            Therapists write programs as YAML files; patients follow them with big countdowns and \
            audio cues; reviewers read the adherence log. Exit codes: 0 ok, 1 problems found, 2 usage error.
            """,
        version: "limber \(version) (libasound \(ALSALibrary.version))",
        subcommands: [Run.self, Validate.self, Plan.self, Schema.self, Sounds.self, Log.self, Report.self, Checkin.self, Today.self,
                      Library.self, Handout.self, CalendarCommand.self, New.self, Bundle.self, Export.self, Config.self]
    )

    /// Runs the command, mapping ArgumentParser's usage errors to exit code 2.
    static func main() {
        // The session's speech worker is this binary under another name (LimberSpeech).
        if CommandLine.arguments.first == SpeechWorker.name { SpeechWorker.serve() }
        StandardDescriptors.ensureOpen()
        // A file grown past its size limit becomes an error on that write, reported below,
        // instead of a silent death.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
            // The session's own output is progress, not its result: the log is.
            if let failure = Console.outputFailure, !(command is Run) {
                Console.err("limber: can't write the output: \(String(cString: strerror(failure)))\n")
                Foundation.exit(ExitCode.problems.rawValue)
            }
        } catch let failure as CommandFailure {
            Console.err("limber: \(failure.message)\n")
            Foundation.exit(ExitCode.problems.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitCode.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

extension ExitCode {
    /// Problems were found (a program with errors, a failing check).
    static let problems = ExitCode(1)
    /// The command line itself was wrong.
    static let usage = ExitCode(2)
}
