import LimberAudio
import LimberProgram

/// Program files as every command reads them.
enum ProgramFiles {
    /// Loads and checks a program, including that each cue sound it names decodes: a therapist
    /// hears about a broken WAV from `validate`, not from a patient's silent session.
    static func load(_ path: String) -> ProgramLoader.Loaded {
        loadWithSounds(path).loaded
    }

    /// As ``load(_:)``, also keeping the decoded cue sounds by file (``ProgramLoader/soundFile(_:programPath:)``),
    /// so `run` reads each WAV once.
    static func loadWithSounds(_ path: String) -> (loaded: ProgramLoader.Loaded, sounds: [String: Sound]) {
        var sounds: [String: Sound] = [:]
        let loaded = ProgramLoader.load(path) { file in
            do {
                sounds[file] = try WAVReader.read(file: file)
                return nil
            } catch let error as WAVError {
                return error.problem
            } catch {
                return "\(error)"
            }
        }
        return (loaded, sounds)
    }
}
