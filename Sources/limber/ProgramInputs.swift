import ArgumentParser
import LimberAudio
import LimberBasics
import LimberProgram

/// Program files as commands read them: each cue sound decoded too, diagnostics on stderr.
enum ProgramInputs {
    /// Reads and checks a program, including that each cue sound it names decodes: a therapist
    /// hears about a broken WAV from `validate`, not from a patient's silent session.
    static func read(_ path: String, library: ExerciseLibrary) -> ProgramFile {
        readWithSounds(path, library: library).file
    }

    /// As ``read(_:)``, also keeping the decoded cue sounds by file (``ProgramFile/soundFile(_:programPath:)``),
    /// so `run` reads each WAV once.
    private static func readWithSounds(_ path: String, library: ExerciseLibrary) -> (file: ProgramFile, sounds: [String: Sound]) {
        var sounds: [String: Sound] = [:]
        let file = ProgramFile.read(path, library: library) { soundPath in
            do {
                sounds[soundPath] = try WAVReader.read(file: soundPath)
                return nil
            } catch let error as WAVError {
                return error.problem
            } catch {
                return "\(error)"
            }
        }
        return (file, sounds)
    }

    /// The program a command needs: its diagnostics go to stderr (warnings too, unless
    /// `errorsOnly`: warnings are for the therapist, not the patient at `run`), and a program
    /// with errors ends the command with exit code 1.
    static func usable(_ path: String, library: ExerciseLibrary, errorsOnly: Bool = false) throws
        -> (program: Program, file: ProgramFile, sounds: [String: Sound]) {
        let (file, sounds) = readWithSounds(path, library: library)
        var shown = file
        if errorsOnly { shown.result.diagnostics.removeAll { $0.severity != .error } }
        if !shown.result.diagnostics.isEmpty {
            Console.err(ValidationReport.diagnostics(shown, colored: Console.wantsColor(fd: 2)))
        }
        if file.result.exercise != nil {
            throw CommandFailure("\(TextSanitizer.singleLine(path)) is a library exercise, not a program: name it with 'use:' in a program")
        }
        guard let program = file.result.program else { throw ExitCode.problems }
        return (program, file, sounds)
    }
}
