import Foundation
@testable import LimberBasics
import Testing

/// `InstallPaths` against the Foundation walk it replaced (Bundle.main's URL, symlinks resolved,
/// `deletingLastPathComponent` and `appendingPathComponent`).
@Suite struct InstallPathsTests {
    /// The old walk, as LibraryOptions and SoundsLocator did it.
    static func urlCandidates(shared: String, packaged: String, executable: URL) -> [String] {
        let bin = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [bin.deletingLastPathComponent().appendingPathComponent(shared)]
        var folder = bin
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent(packaged))
        }
        return candidates.map(\.path)
    }

    @Test func candidatesMatchTheURLWalkAtEveryDepth() {
        var generator = SystemRandomNumberGenerator()
        let names = ["usr", "bin", "a b", "x.y", "é", ".build", "release", "x86_64-unknown-linux-gnu", "limber"]
        var paths = ["/limber", "/no-such-folder/limber", "/no-such-folder/bin/limber", "/no-such-folder/main/.build/release/limber"]
        for _ in 0..<200 {
            let depth = Int.random(in: 1...8, using: &generator)
            paths.append("/no-such-folder/" + (0..<depth).map { _ in names.randomElement(using: &generator)! }.joined(separator: "/"))
        }
        for path in paths {
            // Paths that don't exist: resolvingSymlinksInPath leaves them as they are.
            let folder = InstallPaths.parent(path)
            for (shared, packaged) in [("share/limber/sounds", "Sounds"), ("share/limber/programs/library", "Programs/library")] {
                #expect(InstallPaths.candidates(shared: shared, packaged: packaged, binaryFolder: folder)
                        == Self.urlCandidates(shared: shared, packaged: packaged, executable: URL(fileURLWithPath: path)), "\(path)")
            }
        }
        #expect(InstallPaths.candidates(shared: "s", packaged: "p", binaryFolder: nil).isEmpty)
    }

    @Test func theBinaryFolderIsBundleMainsWithSymlinksResolved() throws {
        let bundle = try #require(Bundle.main.executableURL)
        #expect(InstallPaths.binaryFolder() == bundle.resolvingSymlinksInPath().deletingLastPathComponent().path)

        // Through a symlinked folder and a symlinked file.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("install-paths-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let real = root.appendingPathComponent("real/bin")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try Data().write(to: real.appendingPathComponent("limber"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("linked"), withDestinationURL: root.appendingPathComponent("real"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("linked/bin/alias"), withDestinationURL: real.appendingPathComponent("limber"))
        let viaLinks = root.appendingPathComponent("linked/bin/alias")
        #expect(InstallPaths.binaryFolder(executable: viaLinks.path) == viaLinks.resolvingSymlinksInPath().deletingLastPathComponent().path)
        #expect(InstallPaths.binaryFolder(executable: root.appendingPathComponent("missing").path) == nil)
    }
}
