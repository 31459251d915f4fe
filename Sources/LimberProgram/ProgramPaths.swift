/// Rules for custom cue sound paths written in a program: relative, inside the program's
/// folder, and a WAV file. Checked lexically here; the loader checks the file itself.
public enum SoundPath {
    /// Why `path` can't be used, or nil when it can.
    public static func problem(with path: String) -> String? {
        if RelativePath.isAbsolute(path) {
            return "a cue sound must be a path relative to the program's folder, found '\(path)'"
        }
        guard path.lowercased().hasSuffix(".wav") else {
            return "a cue sound must be a .wav file, found '\(path)'"
        }
        if RelativePath.leavesFolder(path) {
            return "the cue sound '\(path)' leaves the program's folder; keep sounds beside the program"
        }
        return nil
    }
}

/// Rules for an exercise's `media` links: an http or https URL, or a path inside the program's
/// folder. Limber only shows them; it never fetches or opens what they name.
public enum MediaLink {
    /// Whether `link` is a web address rather than a path.
    public static func isURL(_ link: String) -> Bool {
        scheme(of: link).map { ["http", "https"].contains($0.lowercased()) } ?? false
    }

    /// Why `link` can't be used, or nil when it can.
    public static func problem(with link: String) -> String? {
        if let scheme = scheme(of: link) {
            guard isURL(link) else {
                return "a media link must be an http or https URL or a path in the program's folder, found a '\(scheme):' link"
            }
            let rest = link.drop { $0 != ":" }.dropFirst()
            guard rest.hasPrefix("//"), rest.dropFirst(2).first.map({ $0 != "/" }) == true else {
                return "a media URL must name a site, like https://example.org/bridge.mp4, found '\(link)'"
            }
            if link.contains(where: \.isWhitespace) {
                return "a media URL can't contain spaces (write them as %20), found '\(link)'"
            }
            return nil
        }
        if RelativePath.isAbsolute(link) {
            return "a media path must be relative to the program's folder, found '\(link)'"
        }
        if RelativePath.leavesFolder(link) {
            return "the media path '\(link)' leaves the program's folder; keep images and videos beside the program"
        }
        return nil
    }

    /// The URL scheme (`https` in `https://…`), or nil for a path: letters, digits, `+`, `-`, `.`
    /// before the first `:`, starting with a letter, with no `/` before it.
    private static func scheme(of link: String) -> String? {
        guard let colon = link.firstIndex(of: ":") else { return nil }
        let scheme = link[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return String(scheme)
    }
}

/// Lexical checks on a path written in a program, relative to the program's folder.
enum RelativePath {
    /// An absolute, home-relative or Windows-style path.
    static func isAbsolute(_ path: String) -> Bool {
        path.hasPrefix("/") || path.hasPrefix("~") || path.contains("\\")
    }

    /// Whether `..` components take the path above the folder it starts in.
    static func leavesFolder(_ path: String) -> Bool {
        var depth = 0
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": depth -= 1
            default: depth += 1
            }
            if depth < 0 { return true }
        }
        return false
    }
}
