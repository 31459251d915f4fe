@testable import LimberProgram
import Testing
import Yams

/// A long program's YAML composed in two parts is the whole text's tree — every node's kind,
/// string, style, tag and mark — or the join is refused; wherever the text is cut, including
/// cuts the finder would never choose (inside block scalars, open quotes and flow lists, before
/// list entries that are not the exercises'), and on texts built to confuse a cut.
@Suite("Composing in two parts")
struct ComposeInTwoTests {
    /// Texts that a cut could get wrong, each after a plain program's start.
    static let tricky: [String] = [
        // Entries with comments, blank lines, block and multi-line scalars, flow lists over lines.
        "exercises:\n  - name: A\n    reps: 5\n\n  # - name: commented\n  - name: B\n    notes: |\n      - not an entry\n    - still text?\n  - name: C\n    instructions: a plain\n      scalar over\n  - lines\n  - name: D\n    sides: [left,\n  - right]\n  - name: E\n    say: \"open\n  - quote\"\n  - name: F\n    reps: 3\n",
        // Entries at column 0 (an indentless list), then more top-level keys.
        "exercises:\n- name: A\n  reps: 5\n- name: B\n  hold: 10s\n- name: C\n  reps: 2\nphases:\n- weeks: 1-2\n",
        // A top-level block scalar whose lines look like entries, before and after the list.
        "notes: |\n  - name: fake\n  - name: fake too\nexercises:\n  - name: A\n    reps: 5\n  - name: B\n    reps: 6\nmore: |\n  - name: fake\n",
        // A key of the first part repeated after the list, and the list's key repeated.
        "exercises:\n  - name: A\n    reps: 5\n  - name: B\n    reps: 6\ntitle: Again\n",
        "exercises:\n  - name: A\n    reps: 5\n  - name: B\n    reps: 6\nexercises:\n  - name: C\n",
        // An anchor in one part, its alias in the other; then a second document.
        "exercises:\n  - &a\n    name: A\n    reps: 5\n  - name: B\n    reps: 6\n  - *a\n---\nlimber: 1\n",
        // Wide characters and tabs before the cut; a quoted key; CRLF line ends.
        "\"exercises\":\n  - name: 足首の運動 🦶\n    reps: 5\n  - name: B\t\n    reps: 6\n  - name: C\n",
        "exercises:\r\n  - name: A\r\n    reps: 5\r\n  - name: B\r\n    reps: 6\r\n  - name: C\r\n",
        // Nested lists at the entries' column inside an entry; an entry that is a list.
        "exercises:\n  - name: A\n    sides:\n    - left\n    - right\n  - - nested\n    - list\n  - name: B\n",
        // The last entry's own list at a deeper column, then a top-level key: a cut inside that
        // list composes in both parts, and only the list's column tells it is not an entry.
        "exercises:\n  - name: A\n    reps: 5\n  - name: B\n    sides:\n    - left\n    - right\nphases:\n  - weeks: 1-2\n",
        // The list in flow style; a document indented as a whole.
        "exercises: [\n  {name: A, reps: 5},\n  {name: B, reps: 6}\n  ]\n",
        "  exercises:\n    - name: A\n      reps: 5\n    - name: B\n      reps: 6\n",
        // A whole document indented, with its list's entries at the key's column.
        "#whole\n  limber: 1\n  exercises:\n  - name: A\n  - name: B\n  - name: C\n  phases: x\n",
    ]

    static let start = "limber: 1\ntitle: Tricky\nsafety: [Stop on sharp pain.]\n"

    /// Every line that starts with some spaces and `- `, as a cut at that column.
    static func everyCut(_ text: String) -> [ComposeInTwo.Cut] {
        var cuts: [ComposeInTwo.Cut] = []
        var offset = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let spaces = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(spaces)
            if index >= 2, rest.hasPrefix("- ") || rest == "-" || rest == "-\r" {
                cuts.append(ComposeInTwo.Cut(offset: offset, line: index + 1, column: spaces))
            }
            offset += line.utf8.count + 1
        }
        return cuts
    }

    static func same(_ a: Node, _ b: Node) -> Bool { ComposeInTwo.sameTree(a, b) }

    /// At every cut: refused, or the whole text's tree (which then composes without error).
    static func checkEveryCut(_ text: String) -> (joined: Int, refused: Int) {
        let whole = try? YAMLCompose.root(text)
        var counts = (joined: 0, refused: 0)
        for cut in everyCut(text) {
            guard let joined = ComposeInTwo.root(text, at: cut) else { counts.refused += 1; continue }
            counts.joined += 1
            guard let whole else {
                Issue.record("joined at line \(cut.line) column \(cut.column), but the whole text fails: \(text)")
                continue
            }
            let alike = same(joined, whole)
            #expect(alike, "cut at line \(cut.line) column \(cut.column) of:\n\(text)")
        }
        return counts
    }

    @Test(arguments: 0..<3)
    func longProgramsJoinAsWhole(seed: Int) throws {
        let text = DecodingInTwoTests.yaml(120, seed: seed)
        let counts = Self.checkEveryCut(text)
        #expect(counts.joined >= 120, "every entry of the exercises list is a clean cut")
        // The finder's own cut, from the middle, is one of them.
        let cut = try #require(ComposeInTwo.cut(text))
        #expect(cut.offset >= text.utf8.count / 2)
        let joined = try #require(ComposeInTwo.root(text, at: cut))
        #expect(Self.same(joined, try #require(try YAMLCompose.root(text))))
    }

    @Test(arguments: tricky.indices)
    func trickyTextsJoinAsWholeOrNot(index: Int) throws {
        let text = Self.tricky[index].hasPrefix("#whole") ? Self.tricky[index] : Self.start + Self.tricky[index]
        _ = Self.checkEveryCut(text)
        // The finder, from every line on.
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let cut = ComposeInTwo.cut(text, from: offset), let joined = ComposeInTwo.root(text, at: cut) {
                let alike = Self.same(joined, try #require(try YAMLCompose.root(text)))
                #expect(alike, "finder's cut at line \(cut.line)")
            }
            offset += line.utf8.count + 1
        }
    }

    /// The fuzzer's property, walking the cuts itself, holds on every tricky text.
    @Test func fuzzPropertyWalksEveryCut() {
        for tricky in Self.tricky where !tricky.hasPrefix("#whole") {
            #expect(ComposeInTwo.joinBreaking(Self.start + tricky, limit: 64) == nil)
        }
        #expect(ComposeInTwo.joinBreaking(DecodingInTwoTests.yaml(40, seed: 1), limit: 64) == nil)
    }

    @Test func refusals() throws {
        let text = DecodingInTwoTests.yaml(120, seed: 0)
        // Keys found in both parts, or the list's key again: refused, so the whole text says why.
        for extra in ["title: Again\n", "exercises: []\n", "limber: 2\n"] {
            let doubled = text + extra
            let cut = try #require(ComposeInTwo.cut(doubled))
            let refused = ComposeInTwo.root(doubled, at: cut) == nil
            #expect(refused, "\(extra)")
        }
        // Line breaks a newline count would miss: no cut at all.
        for odd in ["\r", "\u{85}", "\u{2028}", "\u{2029}"] {
            #expect(ComposeInTwo.cut("title: a\(odd)b\n" + text) == nil)
        }
        // No top-level list of exercises in block style: no cut.
        #expect(ComposeInTwo.cut(text.replacingOccurrences(of: "exercises:\n", with: "exercises: \n  # list\n")) != nil)
        #expect(ComposeInTwo.cut(text.replacingOccurrences(of: "exercises:\n", with: "exercises: # list\n")) == nil)
        #expect(ComposeInTwo.cut(text.replacingOccurrences(of: "exercises:\n", with: "  exercises:\n")) == nil)
    }

    /// Through the parser: the same program and diagnostics as composing whole, errors included.
    @Test func parserResultsMatch() throws {
        for seed in 0..<2 {
            let text = DecodingInTwoTests.yaml(600, seed: seed)
            #expect(text.utf8.count >= ComposeInTwo.minimumBytes)
            let result = ProgramParser.parse(text)
            let root = try #require(try YAMLCompose.root(text))
            let decoder = ProgramTreeDecoder()
            let program = decoder.program(root)
            #expect(result.diagnostics == decoder.diagnostics.sorted(by: DiagnosticRenderer.order))
            #expect(result.program == (decoder.diagnostics.hasErrors ? nil : program))
        }
    }
}
