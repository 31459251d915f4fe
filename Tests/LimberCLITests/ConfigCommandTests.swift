import Foundation
import LimberTestSupport
import Testing

/// The user configuration, as commands read it from $XDG_CONFIG_HOME/limber/config.yaml.
@Suite("limber config and the settings commands take from it")
struct ConfigCommandTests {
    static func home(_ config: String) throws -> (URL, [String: String]) {
        let dir = try Fixtures.temporaryFolder()
        let folder = dir.appendingPathComponent("config/limber")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try config.write(to: folder.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        return (dir, ["XDG_CONFIG_HOME": dir.appendingPathComponent("config").path, "XDG_DATA_HOME": dir.appendingPathComponent("data").path])
    }

    @Test func configShowsEachSettingAndWhereItCameFrom() throws {
        let (dir, env) = try Self.home("patient: p-3\nvolume: 70\nvoice: off\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CommandRunner.limber(["config"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        let file = env["XDG_CONFIG_HOME"]! + "/limber/config.yaml"
        #expect(rows.contains(["patient", "p-3", file + ":1"]))
        #expect(rows.contains(["volume", "70", file + ":2"]))
        #expect(rows.contains(["voice", "off", file + ":3"]))
        #expect(rows.contains(["device", "default", "default"]))
        #expect(rows.contains(["library", "—", "not", "set"]))
    }

    @Test func aBrokenConfigIsALocatedErrorForTheCommandsThatReadIt() throws {
        let (dir, env) = try Self.home("patient: p-3\npatinet: p-4\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        for command in [["config"], ["report"], ["run", "p.yaml"]] {
            let result = try CommandRunner.limber(command, in: dir, environment: env)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("config.yaml:2:1: error: unknown setting 'patinet'; did you mean 'patient'?"), "\(command): \(result.stderr)")
        }
        // Naming the log means the file is not needed.
        try ReviewCommandTests.session("a", "2026-11-02T07:30:00.000+01:00").write(to: dir.appendingPathComponent("a.jsonl"), atomically: true, encoding: .utf8)
        #expect(try CommandRunner.limber(["log", "a.jsonl"], in: dir, environment: env).status == 0)
    }

    /// The configuration's patient and log are used by `run`; `--patient` wins over it; `report`
    /// and `log` read the configured log when none is named.
    @Test func runTakesThePatientAndLogFromTheConfigAndTheCommandLineWins() throws {
        let (dir, env) = try Self.home("patient: p-from-file\nlog: my.jsonl\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "limber: 1\ntitle: Config test\ndefaults: { prepare: 1s }\nexercises:\n  - name: Plank\n    hold: 1s\n"
            .write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        #expect(try CommandRunner.limber(["run", "p.yaml", "--no-sound"], in: dir, environment: env).status == 0)
        #expect(try CommandRunner.limber(["run", "p.yaml", "--no-sound", "--patient", "p-flag"], in: dir, environment: env).status == 0)
        let log = dir.appendingPathComponent("config/limber/my.jsonl")
        let starts = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").filter { $0.contains("session_start") }
        #expect(starts.count == 2)
        #expect(starts[0].contains("\"patient\":\"p-from-file\""))
        #expect(starts[1].contains("\"patient\":\"p-flag\""))
        let listed = try CommandRunner.limber(["log", "--format", "json"], in: dir, environment: env)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.components(separatedBy: "\"program\": \"Config test\"").count == 3)
    }

    /// The configuration's `voice` and `library` are used by the commands that speak and read
    /// programs; `--voice` and `--library` win over them.
    @Test func voiceAndLibraryComeFromTheConfigAndTheCommandLineWins() throws {
        let dir = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let clinic = dir.appendingPathComponent("clinic")
        try FileManager.default.createDirectory(at: clinic, withIntermediateDirectories: true)
        try "limber_exercise: 1\nname: Knee slide\nsummary: Sliding the heel.\nsets: 2\nreps: 8\n"
            .write(to: clinic.appendingPathComponent("knee-slide.yaml"), atomically: true, encoding: .utf8)
        let (home, env) = try Self.home("voice: off\nlibrary: \(clinic.path)\n")
        defer { try? FileManager.default.removeItem(at: home) }
        try "limber: 1\ntitle: Config test\nexercises:\n  - use: knee-slide\n"
            .write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)

        let quiet = try CommandRunner.limber(["plan", "p.yaml", "--format", "json"], in: dir, environment: env)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stdout.contains("Knee slide"))
        #expect(!quiet.stdout.contains("\"speech\""))
        let spoken = try CommandRunner.limber(["plan", "p.yaml", "--format", "json", "--voice", "on"], in: dir, environment: env)
        #expect(spoken.stdout.contains("\"speech\""))

        // Without the configuration the clinic's exercise is not found.
        let bare = try CommandRunner.limber(["validate", "p.yaml"], in: dir, environment: ["XDG_CONFIG_HOME": dir.appendingPathComponent("none").path])
        #expect(bare.status == 1)
        #expect(bare.stdout.contains("knee-slide") || bare.stderr.contains("knee-slide"))
    }
}
