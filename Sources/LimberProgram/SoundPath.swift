/// Rules for custom cue sound paths written in a program: relative, inside the program's
/// folder, and a WAV file. Checked lexically here; the loader checks the file itself.
public enum SoundPath {
    /// Why `path` can't be used, or nil when it can.
    public static func problem(with path: String) -> String? {
        if path.hasPrefix("/") || path.hasPrefix("~") || path.contains("\\") {
            return "a cue sound must be a path relative to the program's folder, found '\(path)'"
        }
        guard path.lowercased().hasSuffix(".wav") else {
            return "a cue sound must be a .wav file, found '\(path)'"
        }
        var depth = 0
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": depth -= 1
            default: depth += 1
            }
            if depth < 0 { return "the cue sound '\(path)' leaves the program's folder; keep sounds beside the program" }
        }
        return nil
    }
}
