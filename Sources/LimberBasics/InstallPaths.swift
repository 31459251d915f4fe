#if canImport(Glibc)
import Glibc
#endif

/// Where files shipped with Limber are looked for beside the running binary: the install
/// prefix's `share/…` folder, then the package the binary was built in (a development build is
/// `<package>/.build/<triple>/<config>/limber`). Plain path strings and realpath(3): Foundation's
/// `Bundle.main` and URL walk cost ~0.8M instructions, a protocol-conformance scan among them,
/// before every session's first frame.
public enum InstallPaths {
    /// The folder of `executable` (the running binary by default) with every symlink resolved,
    /// or nil when it can't be resolved.
    public static func binaryFolder(executable: String = "/proc/self/exe") -> String? {
        guard let resolved = realpath(executable, nil) else { return nil }
        defer { free(resolved) }
        return parent(String(cString: resolved))
    }

    /// `<bin>/../<shared>`, then `<ancestor>/<packaged>` for each of the four folders above
    /// `binaryFolder`; none without a binary folder.
    public static func candidates(shared: String, packaged: String, binaryFolder: String?) -> [String] {
        guard let binaryFolder else { return [] }
        var result = [join(parent(binaryFolder), shared)]
        var folder = binaryFolder
        for _ in 0..<4 {
            folder = parent(folder)
            result.append(join(folder, packaged))
        }
        return result
    }

    /// The folder holding `path` ("/" for "/" itself), as URL's deletingLastPathComponent has it
    /// for an absolute path without a trailing slash.
    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// `name` inside `folder`.
    static func join(_ folder: String, _ name: String) -> String {
        folder == "/" ? "/" + name : folder + "/" + name
    }
}
