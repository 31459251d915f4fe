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
        var library = ExerciseLibrary(explicit: explicit, environment: ProcessEnvironment.values("LIMBER_LIBRARY"), shipped: shipped())
        if let configured = UserSettings.lenient.library { library.folders.append(configured) }
        return library
    }

    /// The shipped library: the install prefix's `share/limber/programs/library`, else the
    /// `Programs/library` of the package the binary was built in.
    static func shipped() -> String? {
        InstallPaths.candidates(shared: "share/limber/programs/library", packaged: "Programs/library", binaryFolder: InstallPaths.binaryFolder())
            .first { FileManager.default.fileExists(atPath: $0 + "/glute-bridge.yaml") }
    }
}
