import Foundation
import LimberBasics
import LimberTerminal
import LimberTestSupport
import Testing

/// Compares rendered screens with the golden text files in Golden/ (re-recorded on purpose with
/// LIMBER_RECORD_GOLDEN=1), after checking each fits its size and has no escape codes.
enum GoldenScreen {
    static func compare(_ lines: [String], _ name: String, columns: Int, rows: Int) throws {
        #expect(lines.count == rows)
        for line in lines { #expect(line.displayWidth <= columns, "\(name) \(columns)x\(rows): '\(line)' is too wide") }
        #expect(!lines.joined().contains("\u{1B}"), "escape codes without colour")
        let text = lines.map { $0.trimmingTrailingSpaces() }.joined(separator: "\n") + "\n"
        let file = Fixtures.packageRoot.appendingPathComponent("Tests/LimberTerminalTests/Golden/\(name)-\(columns)x\(rows).txt")
        if ProcessInfo.processInfo.environment["LIMBER_RECORD_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(text == golden, "\(name) at \(columns)x\(rows) differs from \(file.lastPathComponent)")
    }
}
