import Foundation
import LimberBasics
import LimberLog
import LimberProgram
import LimberProgression
import LimberTestSupport
import Testing

/// docs/progression.md's worked example: its program, its three weeks of check-ins and sessions,
/// and what `limber today` says, read from the document itself.
@Suite("The worked example of docs/progression.md")
struct WorkedExampleTests {
    /// The fenced blocks after "## Worked example": the program, the log in words, the results,
    /// the full screen.
    static func blocks() throws -> [String] {
        let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/progression.md"), encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Worked example").last)
        let parts = section.components(separatedBy: "```")
        // Odd parts are inside fences: drop the language word on the first line.
        return stride(from: 1, to: parts.count, by: 2).map { parts[$0].drop { $0 != "\n" }.dropFirst().description }
    }

    /// "2026-11-02 morning pain 2 stiffness 3" and "2026-11-02 session sets 6 rated 2" as log lines.
    static func lines(_ text: String, program: Program) throws -> [LogLine] {
        var lines: [LogLine] = []
        for (n, row) in text.split(separator: "\n").enumerated() {
            let w = row.split(separator: " ").map(String.init)
            let day = try #require(CalendarDate(parsing: w[0]))
            if w[1] == "morning" {
                lines.append(Log.morning(day, pain: Int(w[3])!, stiffness: Int(w[5])!))
            } else {
                let name = program.exercises[0].name
                lines += Log.session(program, on: day, id: "s\(n)", ratings: [name: Int(w[5])!], done: [name: Int(w[3])!])
            }
        }
        return lines
    }

    @Test func theDocumentsNumbersAreWhatLimberComputes() throws {
        let blocks = try Self.blocks()
        #expect(blocks.count == 4)
        let program = try program(blocks[0])
        let evidence = Evidence(lines: try Self.lines(blocks[1], program: program), programTitle: program.title)
        for expected in blocks[2].split(separator: "\n") {
            let day = try #require(CalendarDate(parsing: String(expected.prefix(10))))
            let view = TodayView(program: program, evidence: evidence, day: day)
            let dose = view.plan.doses[0]
            #expect("\(day) week \(view.plan.week): \(dose.exercise.name) \(dose.exercise.doseWords), \(TodayView.changeWords(dose))"
                    == String(expected))
        }
        let screen = TodayView(program: program, evidence: evidence, day: Log.day("2026-11-23"))
        #expect(screen.text(command: "limber run side-plank.yaml") == blocks[3])
    }
}
