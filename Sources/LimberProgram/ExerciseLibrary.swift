import Foundation

/// Where `use: NAME` looks for library exercises, and reading them.
///
/// A library is a folder of YAML files, one exercise each, named by the file (`glute-bridge.yaml`
/// is `use: glute-bridge`; `clinic/knee-slide.yaml` is `use: clinic/knee-slide`). The search order
/// is the folders given with `--library`, then those in `LIMBER_LIBRARY` (colon-separated), then
/// the `library/` folder beside the program, then the shipped library. A name never leaves the
/// folder it is found in, not even through a symbolic link.
public struct ExerciseLibrary: Sendable, Equatable {
    /// Folders named on the command line and in `LIMBER_LIBRARY`, in that order.
    public var folders: [String]
    /// The library shipped with Limber, searched last.
    public var shipped: String?

    public init(folders: [String] = [], shipped: String? = nil) {
        self.folders = folders
        self.shipped = shipped
    }

    /// The library for a command: `--library` folders, then `LIMBER_LIBRARY`, then `shipped`.
    public init(explicit: [String], environment: [String: String], shipped: String?) {
        let fromEnvironment = (environment["LIMBER_LIBRARY"] ?? "").split(separator: ":").map(String.init)
        self.init(folders: explicit + fromEnvironment, shipped: shipped)
    }

    /// This library with the folder holding `path` searched after the given folders.
    public func adding(folderOf path: String) -> ExerciseLibrary {
        let folder = (path as NSString).deletingLastPathComponent
        return ExerciseLibrary(folders: folders + [folder.isEmpty ? "." : folder], shipped: shipped)
    }

    /// The longest chain of library exercises using one another.
    static let maxDepth = 8

    /// The file extension of a library exercise.
    static let fileExtension = "yaml"

    /// The folders searched for a program at `programPath` (nil: a program with no file), in order.
    public func searchFolders(programPath: String?) -> [String] {
        var result = folders
        if let programPath {
            result.append(Self.joined((programPath as NSString).deletingLastPathComponent, "library"))
        }
        if let shipped { result.append(shipped) }
        var seen: Set<String> = []
        return result.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
    }

    /// The file `reference` names, or why it can't be used: a name that leaves its folder, or
    /// one found nowhere (with the nearest existing name).
    func locate(_ reference: String, programPath: String?) -> Result<String, LibraryProblem> {
        let name = reference.hasSuffix(".\(Self.fileExtension)") ? String(reference.dropLast(Self.fileExtension.count + 1)) : reference
        if RelativePath.isAbsolute(name) || RelativePath.leavesFolder(name) || name.split(separator: "/").isEmpty {
            return .failure(LibraryProblem(
                "'use' must name a library exercise such as glute-bridge, or a path inside a library folder; '\(reference)' leaves the library's folders"))
        }
        let folders = searchFolders(programPath: programPath)
        for folder in folders {
            let file = Self.joined(folder, name + "." + Self.fileExtension)
            guard FileManager.default.fileExists(atPath: file) else { continue }
            let realFolder = URL(fileURLWithPath: folder).resolvingSymlinksInPath().standardizedFileURL.path
            let realFile = URL(fileURLWithPath: file).resolvingSymlinksInPath().standardizedFileURL.path
            guard realFile.hasPrefix(realFolder.hasSuffix("/") ? realFolder : realFolder + "/") else {
                return .failure(LibraryProblem("the library exercise '\(reference)' is a link that leads out of its library folder \(folder)"))
            }
            return .success(file)
        }
        let hint = Suggestions.hint(for: name, in: names(programPath: programPath))
        let searched = folders.isEmpty ? "no library folder was found" : "searched " + folders.joined(separator: ", ")
        return .failure(LibraryProblem("no library exercise '\(reference)'\(hint) (\(searched))"))
    }

    /// `name` inside `folder`, kept as written (relative stays relative, for messages).
    static func joined(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Every exercise name in the library folders, without duplicates: the first folder wins.
    public func names(programPath: String? = nil) -> [String] {
        entries(programPath: programPath).map(\.name)
    }

    /// Every exercise file in the library folders (names with their file), in name order; a
    /// name in an earlier folder hides the same name in a later one.
    public func entries(programPath: String? = nil) -> [(name: String, path: String)] {
        var found: [String: String] = [:]
        for folder in searchFolders(programPath: programPath).reversed() {
            let root = URL(fileURLWithPath: folder).standardizedFileURL
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == Self.fileExtension {
                let relative = url.standardizedFileURL.path.dropFirst(root.path.count + 1)
                found[String(relative.dropLast(Self.fileExtension.count + 1))] = url.path
            }
        }
        return found.sorted { $0.key < $1.key }.map { (name: $0.key, path: $0.value) }
    }

    /// Reads a library file's bytes (bounded like a program), or says why it can't.
    func read(_ path: String) -> Result<[UInt8], LibraryProblem> {
        ProgramFile.readBounded(path, limit: SourceLimits.maxBytes).mapError { LibraryProblem($0.message) }
    }
}

/// Why a `use:` reference can't be followed, in words.
struct LibraryProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// One exercise of a library as `limber library` lists it: its name, its file and what reading it found.
public struct LibraryListing: Sendable {
    public var name: String
    public var path: String
    /// The exercise's parse: ``ParseResult/exercise`` when it is usable, else its diagnostics.
    public var result: ParseResult

    /// Whether every word appears (ignoring case) in the name, title, summary, instructions or equipment.
    public func matches(_ words: [String]) -> Bool {
        let entry = result.exercise
        let haystack = [name, entry?.exercise.name, entry?.summary, entry?.exercise.instructions, entry?.exercise.equipment]
            .compactMap { $0 }.joined(separator: " ").lowercased()
        return words.allSatisfy { haystack.contains($0.lowercased()) }
    }
}

extension ExerciseLibrary {
    /// Every exercise in the library folders, read and checked, in name order.
    public func catalog(programPath: String? = nil) -> [LibraryListing] {
        entries(programPath: programPath).map { entry in
            LibraryListing(name: entry.name, path: entry.path, result: ProgramFile.read(entry.path, library: self).result)
        }
    }
}
