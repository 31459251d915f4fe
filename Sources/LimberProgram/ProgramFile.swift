import Foundation

/// A program file as read from disk: its path as the user wrote it, what parsing it produced and
/// its bytes. The one place in this target that touches the file system (reading at most
/// ``SourceLimits/maxBytes``, checking the cue sound files it names and that its media files
/// exist); everything else works on bytes.
public struct ProgramFile: Sendable {
    public var path: String
    public var result: ParseResult
    /// The file's bytes as read (empty when it couldn't be read), for its checksum.
    public var bytes: [UInt8] = []

    /// The file a program's cue sound path names: relative to the program's folder.
    public static func soundFile(_ relative: String, programPath: String) -> String {
        URL(fileURLWithPath: programPath).deletingLastPathComponent().appendingPathComponent(relative).path
    }

    /// Reads and parses `path`; a file that can't be read becomes a diagnostic, never a throw.
    /// `checkSound` looks inside each cue sound file the program names (the audio layer decodes
    /// it) and returns why it can't be played, or nil; this target only checks where it is.
    /// `use:` references are looked up in `library` (by default only the `library/` beside the program).
    public static func read(_ path: String, library: ExerciseLibrary = ExerciseLibrary(), checkSound: ((String) -> String?)? = nil) -> ProgramFile {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return failure(path, "no such file")
        }
        if isDirectory.boolValue { return failure(path, "this is a folder, not a program file") }
        let bytes: [UInt8]
        switch readBounded(path, limit: SourceLimits.maxBytes) {
        case .failure(let problem): return failure(path, problem)
        case .success(let read): bytes = read
        }
        var result = ProgramParser.parse(bytes, library: library, path: path)
        if let program = result.program {
            let folder = url.deletingLastPathComponent()
            for exercise in program.exercises {
                for (_, sound) in exercise.sounds.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    if let problem = soundFileProblem(sound.path, folder: folder)
                        ?? checkSound?(soundFile(sound.path, programPath: path)).map({ "the cue sound '\(sound.path)' can't be played: \($0)" }) {
                        result.diagnostics.append(.error(problem, at: sound.location))
                    }
                }
                for link in exercise.media where !MediaLink.isURL(link)
                    && !FileManager.default.fileExists(atPath: folder.appendingPathComponent(link).path) {
                    result.diagnostics.append(.warning(
                        "the media file '\(link)' does not exist next to the program; the patient won't find it", at: exercise.location))
                }
            }
            if result.diagnostics.hasErrors { result.program = nil }
            result.diagnostics.sort(by: DiagnosticRenderer.order)
        }
        return ProgramFile(path: path, result: result, bytes: bytes)
    }

    /// Reads at most `limit` bytes (one more tells that the file is too big), so a huge file or
    /// an endless device like /dev/zero is refused without filling memory.
    static func readBounded(_ path: String, limit: Int) -> Result<[UInt8], LoadProblem> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(LoadProblem("can't read the file: \(String(cString: strerror(errno)))"))
        }
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        do {
            while bytes.count <= limit, let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                bytes.append(contentsOf: chunk)
            }
        } catch {
            return .failure(LoadProblem("can't read the file: \((error as NSError).localizedDescription)"))
        }
        guard bytes.count <= limit else {
            return .failure(LoadProblem("the file is larger than \(SourceLimits.megabytes(limit)); a program may be at most that — is this the right file?"))
        }
        return .success(bytes)
    }

    /// Why a file could not be read, in words.
    struct LoadProblem: Error {
        var message: String
        init(_ message: String) { self.message = message }
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
        // A pipe or device would block or never end; a folder can't be played.
        var info = stat()
        guard stat(realFile, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return "the cue sound '\(relative)' is not a regular file"
        }
        return nil
    }

    private static func failure(_ path: String, _ problem: LoadProblem) -> ProgramFile {
        failure(path, problem.message)
    }

    private static func failure(_ path: String, _ message: String) -> ProgramFile {
        ProgramFile(path: path, result: ParseResult(program: nil, diagnostics: [.error(message, at: .start)], text: nil))
    }
}
