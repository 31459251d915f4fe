import LimberProgram
import Testing

@Suite("Diagnostics quote a bounded, harmless excerpt")
struct DiagnosticExcerptTests {
    @Test func aHugeLineIsQuotedAroundTheColumn() {
        let line = "    name: " + String(repeating: "x", count: 100_000)
        let diagnostic = Diagnostic.error("too long", at: SourceLocation(line: 1, column: 60_000))
        let text = DiagnosticRenderer().render(diagnostic, path: "p.yaml", source: SourceLines(line))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "p.yaml:1:60000: error: too long")
        #expect(lines[1] == "…" + String(repeating: "x", count: 160) + "…")
        #expect(lines[2] == String(repeating: " ", count: 81) + "^")
    }

    @Test func aLongLineCutAtTheEndKeepsItsStart() {
        let line = "title: " + String(repeating: "y", count: 300)
        let text = DiagnosticRenderer().render(.warning("w", at: SourceLocation(line: 1, column: 8)), path: "p.yaml", source: SourceLines(line))
        let lines = text.split(separator: "\n")
        #expect(lines[1] == "title: " + String(repeating: "y", count: 153) + "…")
        #expect(lines[2] == String(repeating: " ", count: 7) + "^")
    }

    @Test func aFileNameWithEscapesIsShownEscaped() {
        let text = DiagnosticRenderer().render(.error("e", at: .start), path: "a\u{1B}]2;x\u{7}\u{202E}.yaml", source: nil)
        #expect(text == "a\\u{1B}]2;x\\u{7}\\u{202E}.yaml:1:1: error: e\n")
    }
}

@Suite("Invisible and direction-changing characters in programs")
struct HiddenCharacterTests {
    @Test func aBidiOverrideInAnyTextIsAWarningAtItsPlace() {
        let yaml = "limber: 1\ntitle: \"Bridge \\u202E 31 %\"\nsafety: [Stop.]\nschedule: { per_week: 2 }\n"
            + "discomfort: { stop_at: 7 }\nexercises:\n  - name: \"P\\u2066x\"\n    hold: 1s\n  - name: \"👨‍👩‍👧 family\"\n    hold: 1s\n"
        let result = ProgramParser.parse(yaml)
        #expect(result.program != nil)
        #expect(result.diagnostics.map { "\($0.severity) \($0.location)" } == ["warning 2:8", "warning 7:11"])
        #expect(result.diagnostics.allSatisfy { $0.message.contains("invisible or direction-changing character U+2") })
    }
}
