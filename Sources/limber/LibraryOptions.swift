import ArgumentParser
import Foundation
import LimberBasics
import LimberProgram

/// Where commands look up `use:` library exercises: `--library DIR` (repeatable), then
/// `LIMBER_LIBRARY`, then the user configuration's `library`, then the `library/` folder beside
/// the program, then the shipped library.
struct LibraryOptions: ParsableArguments {
    /// Clinic library folders searched before the others.
    @Option(name: .customLong("library"), help: Self.foldersHelp, completion: .directory)
    var folders: [String] = []

    static let foldersHelp = ArgumentHelp(
        "A folder of library exercises, searched first (repeatable; then $LIMBER_LIBRARY, the configuration's library, library/ beside the program, the shipped library).",
        valueName: "dir")

    /// The library these options name.
    var library: ExerciseLibrary { Self.library(explicit: folders) }

    /// `--library` folders (`explicit`), then `LIMBER_LIBRARY`, then the user configuration's `library`.
    static func library(explicit: [String]) -> ExerciseLibrary {
        var library = ExerciseLibrary(explicit: explicit, environment: ProcessEnvironment.values("LIMBER_LIBRARY"), shipped: shipped()?.path)
        if let configured = UserSettings.lenient.library { library.folders.append(configured) }
        return library
    }

    /// The shipped library: the install prefix's `share/limber/programs/library`, else the
    /// `Programs/library` of the package the binary was built in.
    static func shipped(executable: URL? = Bundle.main.executableURL) -> URL? {
        guard let bin = executable?.resolvingSymlinksInPath().deletingLastPathComponent() else { return nil }
        var candidates = [bin.deletingLastPathComponent().appendingPathComponent("share/limber/programs/library")]
        var folder = bin
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent("Programs/library"))
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("glute-bridge.yaml").path) }
    }
}
