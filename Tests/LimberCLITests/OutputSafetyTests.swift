import Foundation
import LimberTestSupport
import Testing

/// Output that can't be written is an error (exit 1, one line), and `--output` never destroys
/// what was there: not an input log, not any Limber log, not the old file on a failed write.
@Suite("Output errors and --output safety")
struct OutputSafetyTests {
    struct Workspace {
        let folder: URL
        var log: URL { folder.appendingPathComponent("log.jsonl") }

        init() throws {
            folder = try Fixtures.temporaryFolder()
            let program = folder.appendingPathComponent("p.yaml")
            try "limber: 1\ntitle: Output test\nschedule: { per_week: 3 }\ndefaults: { prepare: 1s }\nexercises:\n  - name: Plank\n    hold: 1s\n"
                .write(to: program, atomically: true, encoding: .utf8)
            let run = try CommandRunner.limber(["run", program.path, "--no-sound", "--log", log.path])
            #expect(run.status == 0, "\(run.stderr)")
        }

        func sh(_ command: String) throws -> CommandResult {
            try CommandRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: folder)
        }
    }

    static var limber: String { "'\(CommandRunner.limberBinary.path)'" }

    @Test(arguments: ["schema", "plan Programs/low-back-basics.yaml", "validate Programs/low-back-basics.yaml"])
    func aFullOrClosedStdoutIsAnError(_ command: String) throws {
        let root = Fixtures.packageRoot.path
        for redirect in [">/dev/full", ">&-"] {
            let result = try CommandRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "exec \(Self.limber) \(command) \(redirect)"], in: Fixtures.packageRoot)
            #expect(result.status == 1, "\(command) \(redirect) in \(root)")
            #expect(result.stderr.hasPrefix("limber: can't write the output: "), "\(result.stderr)")
            #expect(!result.stderr.contains("Usage"))
        }
    }

    @Test func reportAndLogToAFullStdoutAreErrors() throws {
        let w = try Workspace()
        for command in ["report log.jsonl", "log log.jsonl", "report log.jsonl --format html"] {
            let result = try w.sh("exec \(Self.limber) \(command) >/dev/full")
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("limber: can't write the output: No space left on device"), "\(result.stderr)")
        }
    }

    @Test func theReportIsNeverWrittenOverALog() throws {
        let w = try Workspace()
        let before = try Data(contentsOf: w.log)
        let overInput = try CommandRunner.limber(["report", w.log.path, "--output", w.log.path])
        #expect(overInput.status == 1)
        #expect(overInput.stderr.contains("it is one of the logs being read"), "\(overInput.stderr)")
        let copy = w.folder.appendingPathComponent("copy.jsonl")
        try before.write(to: copy)
        let overLog = try CommandRunner.limber(["report", w.log.path, "--output", copy.path])
        #expect(overLog.status == 1)
        #expect(overLog.stderr.contains("it is a Limber log"), "\(overLog.stderr)")
        #expect(try Data(contentsOf: w.log) == before)
        #expect(try Data(contentsOf: copy) == before)
    }

    @Test func aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws {
        let w = try Workspace()
        let out = w.folder.appendingPathComponent("report.html")
        try "the old report".write(to: out, atomically: true, encoding: .utf8)
        // A file size limit of 1 KiB: the HTML report can't be written whole.
        let result = try w.sh("ulimit -f 1; exec \(Self.limber) report log.jsonl --format html --output report.html")
        #expect(result.status == 1)
        #expect(result.stderr.contains("can't write report.html: File too large; nothing was changed"), "\(result.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8) == "the old report")
        let left = try FileManager.default.contentsOfDirectory(atPath: w.folder.path).filter { $0.contains(".limber-") }
        #expect(left.isEmpty, "temporary files left: \(left)")
        // And when it can be written, it replaces the old one, private to the user.
        let ok = try w.sh("exec \(Self.limber) report log.jsonl --format html --output report.html")
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let mode = try FileManager.default.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aMissingLogIsOneClearLineNotAUsageMessage() throws {
        let result = try CommandRunner.limber(["report", "/nonexistent/log.jsonl"])
        #expect(result.status == 1)
        #expect(result.stderr == "limber: no log at /nonexistent/log.jsonl\n")
        let log = try CommandRunner.limber(["log", "/nonexistent/folder/"])
        #expect(log.status == 1)
        #expect(!log.stderr.contains("Usage"))
    }
}
