import Foundation
import LimberTestSupport
import Testing

/// A command started with its standard descriptors closed must not write its own output into
/// the first file it opens (the log, a report).
@Suite("Closed standard descriptors")
struct StandardDescriptorTests {
    static let program = """
        limber: 1
        title: Closed streams
        defaults: { prepare: 1s, rest: 1s }
        exercises:
          - name: Plank
            sets: 2
            hold: 1s

        """

    @Test(arguments: [">&-", "2>&-", ">&- 2>&-", "<&- >&- 2>&-"])
    func closedOutputNeverReachesTheLog(_ redirection: String) throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = folder.appendingPathComponent("p.yaml")
        try Self.program.write(to: program, atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("log.jsonl")
        let command = "exec '\(CommandRunner.limberBinary.path)' run '\(program.path)' --no-sound --log '\(log.path)' \(redirection)"
        let result = try CommandRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4, "session start, two sets, session end: \(lines)")
        for line in lines {
            #expect(line.hasPrefix("{\""), "a line in the log that is not an event: \(line)")
        }
    }
}
