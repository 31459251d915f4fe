@testable import LimberProgram
import Testing

/// A long list of exercises is decoded in two halves at once: the program and the diagnostics
/// (sorted by place, as every caller shows them) are what decoding one by one gives, wherever
/// the list is cut, with errors, warnings and repeated names on both sides of the cut.
@Suite("Decoding in two halves")
struct DecodingInTwoTests {
    static let kinds = [
        "sides: [left, right]\n    sets: 3\n    hold: 30s\n    rest: 15s",
        "sets: 3\n    reps: 12\n    tempo: 2-2-2",
        "reps: 10\n    say: [{ text: Breathe, at: each_rep }]",
        "duration: 60s\n    cue_every: 15s",
        "sets: 0\n    hold: 5s",                            // error: sets out of range
        "reps: 8\n    colour: blue",                        // error: unknown key
        "hold: 3 minutes",                                  // error: not a duration
        "sets: 25\n    hold: 5s\n    rest: 2s",             // warning: many sets
        "sides: [left]\n    switch: 5s\n    reps: 5",       // warning: switch without two sides
        "reps: 5\n    discomfort: { ask: after_set, stop_at: 4 }",
    ]

    /// A program of `count` exercises; some names repeat one from much earlier (in another case),
    /// some hold an invisible character (a warning at the name), some are not text.
    static func yaml(_ count: Int, seed: Int) -> String {
        var yaml = "limber: 1\ntitle: Long\nsafety: [Stop on sharp pain.]\ndiscomfort: { ask: after_exercise, stop_at: 7 }\nexercises:\n"
        for i in 0..<count {
            var name = "Exercise \(i)"
            if i % 17 == 16 { name = "EXERCISE \((i * 5 + seed) % count)" }
            if i % 23 == 5 { name = "Zero\u{200B}width \(i)" }
            if i % 29 == 7 { name = "[1, 2]" }
            if i % 31 == 30 { name = "Exercise \(i - 1)" }
            yaml += "  - name: \(name)\n    \(kinds[(i + seed) % kinds.count])\n"
            if i % 37 == 36 { yaml += "  - just text\n" }
        }
        return yaml + "phases:\n  - { weeks: 1-2, exercises: [Exercise 1, Nowhere] }\n"
    }

    static func decoded(_ yaml: String, inTwo: Bool, from: Int) throws -> (Program?, [Diagnostic]) {
        let root = try #require(try YAMLCompose.root(yaml))
        let decoder = ProgramTreeDecoder()
        decoder.decodesInTwo = inTwo
        decoder.halvesFrom = from
        let program = decoder.program(root)
        return (program, decoder.diagnostics.sorted(by: DiagnosticRenderer.order))
    }

    @Test(arguments: 0..<4)
    func halvesDecodeAsOneByOne(seed: Int) throws {
        for count in [2, 3, 9, 40, 151] {
            let yaml = Self.yaml(count, seed: seed)
            let (program, diagnostics) = try Self.decoded(yaml, inTwo: false, from: 0)
            #expect(diagnostics.contains { $0.message.contains("is used twice") } || count < 40)
            #expect(diagnostics.contains { $0.severity == .warning } || count < 9)
            let (split, splitDiagnostics) = try Self.decoded(yaml, inTwo: true, from: 2)
            #expect(split == program)
            #expect(splitDiagnostics == diagnostics, "\(count) exercises")
        }
        // Errors only: the program is nil both ways; without errors it is the same program.
        let clean = Self.yaml(120, seed: seed).replacingOccurrences(of: "sets: 0", with: "sets: 1")
        #expect(try Self.decoded(clean, inTwo: true, from: 2).1 == Self.decoded(clean, inTwo: false, from: 0).1)
    }

    /// The parser lets the halves run only when no node can be shared and no library is read.
    @Test func halvesOnlyWithoutAnchorsEscapesOrUse() {
        #expect(!ProgramParser.sharesNodesOrUsesLibrary(Self.yaml(50, seed: 0)))
        for text in ["a: &x 1", "a: \"\\u0075se\"", "- use: bridge", "name: useful", "u", "us", "xuse"] {
            #expect(ProgramParser.sharesNodesOrUsesLibrary(Self.yaml(5, seed: 0) + text) == (text != "u" && text != "us"), "\(text)")
        }
        #expect(!ProgramParser.sharesNodesOrUsesLibrary(""))
    }
}
