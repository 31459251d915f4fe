import LimberAudio
import LimberProgram

/// Program files as commands read them: each cue sound decoded too.
enum ProgramInputs {
    /// Reads and checks a program, including that each cue sound it names decodes: a therapist
    /// hears about a broken WAV from `validate`, not from a patient's silent session.
    static func read(_ path: String) -> ProgramFile {
        readWithSounds(path).file
    }

    /// As ``read(_:)``, also keeping the decoded cue sounds by file (``ProgramFile/soundFile(_:programPath:)``),
    /// so `run` reads each WAV once.
    static func readWithSounds(_ path: String) -> (file: ProgramFile, sounds: [String: Sound]) {
        var sounds: [String: Sound] = [:]
        let file = ProgramFile.read(path) { soundPath in
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
}
