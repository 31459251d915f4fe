import LimberAudio
import LimberProgram

/// Program files as every command reads them.
enum ProgramFiles {
    /// Loads and checks a program, including that each cue sound it names decodes: a therapist
    /// hears about a broken WAV from `validate`, not from a patient's silent session.
    static func load(_ path: String) -> ProgramLoader.Loaded {
        ProgramLoader.load(path) { file in
            do {
                _ = try WAVReader.read(file: file)
                return nil
            } catch let error as WAVError {
                return error.problem
            } catch {
                return "\(error)"
            }
        }
    }
}
