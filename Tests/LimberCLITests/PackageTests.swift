import Foundation
import LimberTestSupport
import Testing

/// The Debian package `make deb` builds (`make test` builds it before `swift test`: SwiftPM holds
/// the build folder's lock while tests run, so a test can't build it), checked as a clinic would use it.
@Suite("the Debian package",
       .enabled(if: DebianPackage.hasTool("dpkg-deb"), "dpkg-deb is missing: not a Debian system"),
       .enabled(if: DebianPackage.file != nil, "no limber_VERSION_ARCH.deb in the package root: run `make deb` first (`make test` does)"))
struct PackageTests {
    @Test func controlFileNamesVersionArchitectureAndRealDependencies() throws {
        let deb = try #require(DebianPackage.file)
        let info = try DebianPackage.run("dpkg-deb", ["--info", deb.path])
        #expect(info.status == 0, "\(info.stderr)")
        let fields = Dictionary(info.stdout.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces)) : nil
        }, uniquingKeysWith: { first, _ in first })
        #expect(fields["Package"] == "limber")
        #expect(fields["Version"] == DebianPackage.version)
        #expect(fields["Architecture"] == DebianPackage.architecture)
        for field in ["Maintainer", "Installed-Size", "Section", "Priority", "Description"] {
            #expect(fields[field] != nil, "no \(field)")
        }
        let depends = try #require(fields["Depends"])
        #expect(depends.contains("libasound2"))
        #expect(depends.contains("libc6"))
        // Loaded with dlopen for the voice, so named by scripts/make-deb rather than dpkg-shlibdeps.
        #expect(depends.contains("libespeak-ng1"))
        // The release link's packed relocations (DT_RELR) need glibc 2.36 at run time.
        #expect(depends.contains("libc6 (>= 2.36)"))
        #expect(!depends.lowercased().contains("swift"))
    }

    @Test func contentsHoldBinarySoundsManPagesCompletionsAndDocs() throws {
        let deb = try #require(DebianPackage.file)
        let contents = try DebianPackage.run("dpkg-deb", ["--contents", deb.path])
        #expect(contents.status == 0, "\(contents.stderr)")
        let paths = Set(contents.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
        for path in ["./usr/bin/limber", "./usr/share/limber/sounds/start.wav", "./usr/share/limber/sounds/voice/done.wav",
                     "./usr/share/limber/programs/low-back-basics.yaml", "./usr/share/man/man1/limber.1.gz",
                     "./usr/share/limber/programs/library/glute-bridge.yaml", "./usr/share/limber/programs/hip-and-core-from-library.yaml",
                     "./usr/share/man/man5/limber-program.5.gz", "./usr/share/bash-completion/completions/limber",
                     "./usr/share/zsh/vendor-completions/_limber", "./usr/share/fish/vendor_completions.d/limber.fish",
                     "./usr/share/doc/limber/copyright", "./usr/share/doc/limber/changelog.gz"] {
            #expect(paths.contains(path), "\(path) missing")
        }
        #expect(!paths.contains { $0.contains("/opt/") || $0.hasSuffix(".so") })
    }

    @Test(.enabled(if: DebianPackage.hasTool("lintian"), "lintian is missing: scripts/install-deps --test installs it"))
    func lintianFindsNoErrors() throws {
        let deb = try #require(DebianPackage.file)
        let lintian = try DebianPackage.run("lintian", [deb.path])
        let errors = lintian.stdout.split(separator: "\n").filter { $0.hasPrefix("E:") }
        #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
        #expect(lintian.status == 0, "\(lintian.stdout)\(lintian.stderr)")
    }

    /// Unpacked into a throwaway root, the binary runs with no Swift toolchain on PATH or
    /// LD_LIBRARY_PATH and finds its sounds in the installed share folder, with no variable set.
    @Test func unpackedCopyRunsWithoutTheToolchain() throws {
        let root = try DebianPackage.unpacked()
        defer { try? FileManager.default.removeItem(at: root) }
        let limber = root.appendingPathComponent("usr/bin/limber")
        let program = root.appendingPathComponent("usr/share/limber/programs/low-back-basics.yaml").path

        let ldd = try DebianPackage.run("ldd", [limber.path])
        #expect(!ldd.stdout.contains("swift") && !ldd.stdout.contains("not found"), "\(ldd.stdout)")

        let version = try DebianPackage.runInstalled(limber, ["--version"], home: root)
        #expect(version.status == 0, "\(version.stderr)")
        #expect(version.stdout.hasPrefix("limber \(DebianPackage.version ?? "?") "))

        let validate = try DebianPackage.runInstalled(limber, ["validate", program], home: root)
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")

        let plan = try DebianPackage.runInstalled(limber, ["plan", program], home: root)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("Glute bridge"))

        let sounds = try DebianPackage.runInstalled(limber, ["sounds", "list"], home: root)
        #expect(sounds.status == 0)
        #expect(sounds.stderr.isEmpty, "\(sounds.stderr)")
        #expect(sounds.stdout.contains(root.appendingPathComponent("usr/share/limber/sounds/start.wav").path), "\(sounds.stdout)")
    }

    /// Every page renders without groff or man warnings, and limber(1) lists every option each
    /// command's --help does: the page is generated from the same definitions.
    @Test(.enabled(if: DebianPackage.hasTool("man"), "man is missing: scripts/install-deps --test installs man-db"))
    func manPagesRenderCleanlyAndMatchHelp() throws {
        let root = try DebianPackage.unpacked()
        defer { try? FileManager.default.removeItem(at: root) }
        var rendered: [String: String] = [:]
        for page in ["man1/limber.1.gz", "man5/limber-program.5.gz"] {
            let file = root.appendingPathComponent("usr/share/man").appendingPathComponent(page).path
            let man = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["man", "--warnings", "-l", file], in: root,
                                            environment: ["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat", "LANG": "C.UTF-8"])
            #expect(man.status == 0, "\(page): \(man.stderr)")
            #expect(man.stderr.isEmpty, "\(page): \(man.stderr)")
            rendered[page] = man.stdout
        }
        let manual = rendered["man1/limber.1.gz"] ?? ""
        for command in [["run"], ["validate"], ["plan"], ["schema"], ["log"], ["report"], ["sounds", "list"], ["sounds", "play"], ["sounds", "check"]] {
            let help = try CommandRunner.limber(command + ["--help"])
            let options = Set(help.stdout.matches(of: /--[a-z][a-z-]*/).map { String($0.output) })
            #expect(!options.isEmpty)
            for option in options { #expect(manual.contains(option), "limber \(command.joined(separator: " ")) \(option) not in limber(1)") }
        }
        #expect(rendered["man5/limber-program.5.gz"]?.contains("rest_between_exercises") == true)
    }
}

/// The built package and the tools to inspect it.
enum DebianPackage {
    /// `limber_VERSION_ARCH.deb` in the package root, for the version the built binary reports.
    static var file: URL? {
        guard let version, let architecture else { return nil }
        let url = Fixtures.packageRoot.appendingPathComponent("limber_\(version)_\(architecture).deb")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The version from `limber --version` ("limber 0.1.0 (libasound 1.2.8)").
    static var version: String? {
        guard let result = try? CommandRunner.limber(["--version"]), result.status == 0 else { return nil }
        return result.stdout.split(separator: " ").dropFirst().first.map(String.init)
    }

    static var architecture: String? {
        guard hasTool("dpkg"), let result = try? run("dpkg", ["--print-architecture"]), result.status == 0 else { return nil }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func hasTool(_ name: String) -> Bool {
        ["/usr/bin", "/bin", "/usr/sbin", "/sbin"].contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    /// Runs a system tool by name, found on the PATH.
    static func run(_ tool: String, _ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [tool] + arguments, in: Fixtures.packageRoot)
    }

    /// The package extracted with `dpkg -x` into a fresh folder, removed by the caller.
    static func unpacked() throws -> URL {
        let deb = try #require(file)
        let root = try Fixtures.temporaryFolder()
        let result = try run("dpkg", ["-x", deb.path, root.path])
        #expect(result.status == 0, "\(result.stderr)")
        return root
    }

    /// Runs the unpacked binary as on a machine without Swift: system PATH, no library path, no
    /// sounds variable, outside the source tree.
    static func runInstalled(_ limber: URL, _ arguments: [String], home: URL) throws -> CommandResult {
        try CommandRunner.run(limber, arguments, in: home, environment: [
            "PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": "", "LIMBER_SOUNDS": "", "HOME": home.path, "XDG_DATA_HOME": "",
        ])
    }
}
