import Foundation

/// Reads a program file and checks the files it names. The one place in this target that
/// touches the file system; everything else works on bytes.
public enum ProgramLoader {
    /// What loading a file produced, with the path as the user wrote it.
    public struct Loaded: Sendable {
        public var path: String
        public var result: ParseResult
    }

    /// Reads and parses `path`; a file that can't be read becomes a diagnostic, never a throw.
    public static func load(_ path: String) -> Loaded {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return failure(path, "no such file")
        }
        if isDirectory.boolValue { return failure(path, "this is a folder, not a program file") }
        // Refuse huge files without reading them all.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int, size > SourceLimits.maxBytes {
            return failure(path, "the file is \(SourceLimits.megabytes(size)); a program may be at most \(SourceLimits.megabytes(SourceLimits.maxBytes)) — is this the right file?")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return failure(path, "can't read the file: \((error as NSError).localizedDescription)")
        }
        var result = ProgramParser.parse([UInt8](data))
        if let program = result.program {
            let folder = url.deletingLastPathComponent()
            for exercise in program.exercises {
                for (_, sound) in exercise.sounds.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    if let problem = soundFileProblem(sound.path, folder: folder) {
                        result.diagnostics.append(.error(problem, at: sound.location))
                    }
                }
            }
            if result.diagnostics.hasErrors { result.program = nil }
            result.diagnostics.sort(by: DiagnosticRenderer.order)
        }
        return Loaded(path: path, result: result)
    }

    /// Why the WAV at `relative` (already checked lexically) can't be used, or nil.
    static func soundFileProblem(_ relative: String, folder: URL) -> String? {
        let file = folder.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: file.path) else {
            return "the cue sound '\(relative)' does not exist next to the program"
        }
        let realFolder = folder.resolvingSymlinksInPath().standardizedFileURL.path
        let realFile = file.resolvingSymlinksInPath().standardizedFileURL.path
        guard realFile.hasPrefix(realFolder.hasSuffix("/") ? realFolder : realFolder + "/") else {
            return "the cue sound '\(relative)' is a link that leads out of the program's folder"
        }
        return nil
    }

    private static func failure(_ path: String, _ message: String) -> Loaded {
        Loaded(path: path, result: ParseResult(program: nil, diagnostics: [.error(message, at: .start)], text: nil))
    }
}
