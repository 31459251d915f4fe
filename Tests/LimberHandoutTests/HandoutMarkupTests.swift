import LimberHandout
import LimberProgram
import LimberTestSupport
import LimberTimeline
import Testing

/// Outside text on the handout never becomes markup: whatever a program's texts and the command
/// line hold (a `<` fused with a combining or prepended mark, ZWJ sequences, bidi controls,
/// entities), the page's tags are exactly those of the same program with plain text.
@Suite("Handout: no markup from a program")
struct HandoutMarkupTests {
    /// `text` as a YAML double-quoted scalar, every character outside printable ASCII as `\U`.
    static func quoted(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { s in
            (0x20..<0x7F).contains(s.value) && s != "\"" && s != "\\" ? String(s) : "\\U" + String(repeating: "0", count: 8 - String(s.value, radix: 16).count) + String(s.value, radix: 16)
        }.joined() + "\""
    }

    static func page(_ text: String) throws -> String {
        let t = quoted(text), n = quoted(text + "1")
        let yaml = """
            limber: 1
            title: \(t)
            author: \(t)
            description: \(t)
            safety: [\(t), \(t)]
            schedule: { per_week: 2, weeks: 2 }
            discomfort: { stop_at: 6 }
            exercises:
              - name: \(n)
                instructions: \(t)
                notes: \(t)
                equipment: \(t)
                media: [\(t)]
                reps: 10
                progression: { reps: +2, max: 14, down: 2 }
            phases:
              - name: \(t)
                weeks: 2
                exercises:
                  \(n): { reps: 12 }

            """
        let program = try #require(ProgramParser.parse(yaml).program, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        return Handout.page(TimelineCompiler.compile(program), runCommand: "limber run \(text).yaml")
    }

    @Test func outsideTextNeverOpensATag() throws {
        #expect(try MarkupProbe.forged(seed: 42) { try Self.page($0) } == nil)
    }
}
