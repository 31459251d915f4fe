import LimberProgram
import Testing

/// Whole rendered messages, caret included, as `limber validate` prints them.
@Suite("Diagnostics with their place")
struct DiagnosticTests {
    func rendered(_ yaml: String) -> String {
        let result = ProgramParser.parse(yaml)
        return DiagnosticRenderer().render(result.diagnostics, path: "p.yaml", source: result.text.map(SourceLines.init))
    }

    func rendered(bytes: [UInt8]) -> String {
        let result = ProgramParser.parse(bytes)
        return DiagnosticRenderer().render(result.diagnostics, path: "p.yaml", source: result.text.map(SourceLines.init))
    }

    static let header = """
        limber: 1
        title: T
        safety: [Stop on sharp pain.]
        schedule: { per_week: 3 }
        discomfort: { stop_at: 7 }

        """

    @Test func everyMeaningErrorIsReportedWithItsPlace() {
        let yaml = """
            limber: 1
            title: Broken
            safety: [Stop on sharp pain.]
            schedule: { per_week: 5 }
            discomfort: { ask: after_exercises, stop_at: 12 }
            exercises:
              - name: Plank
                hodl: 30s
              - name: Bridge
                reps: 12
                hold: 30s
                duration: 1m
              - hold: -5s
              - name: Stretch
                hold: 30
            """
        #expect(rendered(yaml) == """
            p.yaml:5:20: error: 'ask' must be one of after_set, after_exercise, at_end, never, found 'after_exercises'; did you mean 'after_exercise'?
            discomfort: { ask: after_exercises, stop_at: 12 }
                               ^
            p.yaml:5:46: error: 'stop_at' must be a whole number from 1 to 10 on the 0–10 discomfort scale, found 12
            discomfort: { ask: after_exercises, stop_at: 12 }
                                                         ^
            p.yaml:7:5: error: 'Plank' needs one of 'reps', 'hold' or 'duration'
              - name: Plank
                ^
            p.yaml:8:5: error: unknown key 'hodl' in an exercise; did you mean 'hold'?
                hodl: 30s
                ^
            p.yaml:11:11: error: 'reps', 'hold' and 'duration' can't be combined: an exercise is either reps, a hold or a duration
                hold: 30s
                      ^
            p.yaml:13:5: error: this exercise has no 'name'
              - hold: -5s
                ^
            p.yaml:13:11: error: 'hold' must be a duration such as 30s, 1m30s or 2m, found '-5s'; a duration can't be negative
              - hold: -5s
                      ^
            p.yaml:15:11: error: 'hold' must be a duration such as 30s, 1m30s or 2m, found '30'; did you mean 30s?
                hold: 30
                      ^

            """)
    }

    @Test func missingEssentialsAndWarningsForMissingSafetyText() {
        #expect(rendered("author: Somebody\n") == """
            p.yaml:1:1: error: missing 'limber: 1' (the format version) at the top of the program
            author: Somebody
            ^
            p.yaml:1:1: error: missing 'title': every program needs a title
            author: Somebody
            ^
            p.yaml:1:1: error: missing 'exercises': a program needs at least one exercise
            author: Somebody
            ^
            p.yaml:1:1: warning: no 'safety' notes: patients should be told when to stop and when to seek care
            author: Somebody
            ^
            p.yaml:1:1: warning: no 'schedule': without one, limber report can't judge whether sessions were done as prescribed
            author: Somebody
            ^
            p.yaml:1:1: warning: no 'discomfort: stop_at': ratings will be recorded but will never stop a session
            author: Somebody
            ^

            """)
    }

    @Test func suspiciousValuesAreWarnings() {
        let result = ProgramParser.parse(Self.header + """
            exercises:
              - name: Plank
                sets: 25
                hold: 6m
                rest: 0s
            """)
        #expect(result.program != nil, "warnings must not make a program unusable")
        #expect(result.diagnostics.map(\.message) == [
            "25 sets is unusually many (over 20); check the prescription",
            "a hold of 6m is over 5 minutes; check the prescription",
            "no rest between the 25 sets of a hold: is that intended?",
        ])
        #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test func newerFormatVersion() {
        #expect(rendered("limber: 2\ntitle: T\nexercises: []\nfuture_key: 1\n") == """
            p.yaml:1:9: error: this program is written for Limber format 2; this Limber reads format 1 — update Limber
            limber: 2
                    ^

            """)
    }

    @Test(arguments: ["\r\n", "\r", "\u{85}", "\u{2028}"])
    func sourceLinesEndWhereYAMLSaysTheyDo(_ ending: String) {
        let text = ["limber: 1", "title: T", "exercises:", "  - name: A", "    sets: zz"].joined(separator: ending) + ending
        let result = ProgramParser.parse(text)
        let sets = result.diagnostics.first { $0.message.contains("'sets'") }
        #expect(sets?.location == SourceLocation(line: 5, column: 11))
        #expect(SourceLines(text).line(5) == "    sets: zz")
        let rendered = DiagnosticRenderer().render(result.diagnostics, path: "p.yaml", source: SourceLines(text))
        #expect(rendered.contains("p.yaml:5:11: error: 'sets' must be a whole number from 1 to 100, found 'zz'\n    sets: zz\n          ^"))
    }

    @Test func tabsInIndentation() {
        #expect(rendered("limber: 1\ntitle: x\nexercises:\n\t- name: a\n") == """
            p.yaml:4:1: error: YAML syntax: a tab can't be used for indentation; indent with spaces
            \t- name: a
            ^

            """)
    }

    @Test func duplicateKeyPointsAtTheSecondOne() {
        #expect(rendered("limber: 1\ntitle: x\ntitle: y\nexercises: []\n") == """
            p.yaml:3:1: error: duplicate key 'title': it is already set on line 2
            title: y
            ^

            """)
    }

    @Test func syntaxErrorsKeepLibyamlsPlace() {
        #expect(rendered("limber: 1\ntitle: [unclosed\nexercises: []\n").hasPrefix("p.yaml:3:"))
        #expect(rendered("limber: 1\ntitle: a: b\n").hasPrefix("""
            p.yaml:2:9: error: YAML syntax: mapping values are not allowed in this context
            """))
    }

    @Test func emptyAndNonMappingFiles() {
        #expect(rendered("") == "p.yaml:1:1: error: the file is empty; a program starts with 'limber: 1' and a 'title'\n")
        #expect(rendered("# only a comment\n").contains("the file is empty"))
        #expect(rendered("- a\n- b\n") == """
            p.yaml:1:1: error: expected the program to be a mapping of 'key: value' lines, found a list
            - a
            ^

            """)
        #expect(rendered("just text\n").contains("found 'just text'"))
    }

    @Test func invalidUTF8AndBinaryGarbage() {
        #expect(rendered(bytes: Array("limber: 1\ntitle: caf".utf8) + [0xE9, 0x0A]) ==
                "p.yaml:2:11: error: the file is not valid UTF-8 text (byte 0xE9 at offset 20); save it as UTF-8\n")
        #expect(rendered(bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00]) ==
                "p.yaml:1:1: error: the file contains the control character U+007F, which a program can't hold — is it a binary file?\n")
        #expect(rendered(bytes: [0xFF, 0xFE, 0x6C, 0x00]) == "p.yaml:1:1: error: the file is UTF-16 text; save it as UTF-8\n")
    }

    @Test func escapeSequencesInTextAreRefused() {
        let out = rendered(Self.header + "exercises:\n  - name: \"Plank\\e]0;pwned\\a\"\n    hold: 30s\n")
        #expect(out.contains("'name' contains the control character U+1B, which can't be shown safely"))
        #expect(!out.contains("\u{1B}"))
    }

    @Test func hugeFileIsRefusedBeforeParsing() {
        let big = [UInt8](repeating: UInt8(ascii: "#"), count: 50 * 1024 * 1024)
        #expect(rendered(bytes: big) == "p.yaml:1:1: error: the file is 50.0 MB; a program may be at most 1.0 MB — is this the right file?\n")
    }

    @Test func deepNestingIsRefused() {
        let deep = "a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        #expect(rendered(deep).hasPrefix("p.yaml:1:68: error: the file nests lists and mappings more than 64 deep"))
        var indented = "a:\n"
        for depth in 1...200 { indented += String(repeating: "  ", count: depth) + "k\(depth):\n" }
        #expect(rendered(indented).contains("error: the file is indented more than 64 levels deep"))
    }

    @Test func billionLaughsIsRefused() {
        var lines = ["limber: 1", "title: lol", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
            previous = name
        }
        lines.append("exercises: *j")
        #expect(rendered(lines.joined(separator: "\n")).hasPrefix(
            "p.yaml:6:16: error: too many aliases (*name): a program may use at most 20"))
    }

    @Test func aliasesAsKeysAreRefused() {
        #expect(rendered("a: &a [x, x]\n*a : 1\n").hasPrefix("p.yaml:2:1: error: an alias can't be used as a key"))
        #expect(rendered("a: &a [x, x]\nb: {[*a, *a]: 1}\n").contains("error: a list or mapping can't be used as a key"))
        #expect(rendered("? [a]\n: 1\n").contains("error: complex keys ('? ') are not supported"))
    }

    @Test func aFewAliasesAreFine() {
        let result = ProgramParser.parse("""
            limber: 1
            title: Anchors
            safety: [Stop on sharp pain.]
            schedule: { per_week: 3 }
            discomfort: { stop_at: 7 }
            defaults: { rest: &short 15s }
            exercises:
              - &plank
                name: Plank
                hold: 30s
                rest: *short
              - *plank
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.program?.exercises.count == 2)
        #expect(result.program?.exercises[1].rest == 15)
    }

    @Test func textWithStarsAndQuotesIsNotMistakenForAliases() {
        var yaml = Self.header + "exercises:\n"
        for i in 1...30 {
            yaml += "  - name: 'Plank * \(i)'\n    instructions: |\n      * keep the back flat\n      * breathe\n    hold: 30s\n"
        }
        let result = ProgramParser.parse(yaml)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.first.map { "\($0.location) \($0.message)" } ?? "")")
    }

    @Test func numbersTooLarge() {
        let out = rendered(Self.header + """
            exercises:
              - name: a
                sets: 99999999999999999999999999
                hold: 9999999999999999999999s
            """)
        #expect(out.contains("p.yaml:8:11: error: 'sets' must be a whole number from 1 to 100, found '99999999999999999999999999'"))
        #expect(out.contains("p.yaml:9:11: error: 'hold' must be a duration such as 30s, 1m30s or 2m, found '9999999999999999999999s'"))
    }

    @Test func soundPathsStayInsideTheProgramFolder() {
        let out = rendered(Self.header + """
            exercises:
              - name: a
                hold: 30s
                sounds:
                  start: ../../etc/passwd.wav
                  rest: /usr/share/sounds/x.wav
                  halfway: cue.mp3
                  tick: t.wav
            """)
        #expect(out.contains("p.yaml:10:14: error: the cue sound '../../etc/passwd.wav' leaves the program's folder"))
        #expect(out.contains("p.yaml:11:13: error: a cue sound must be a path relative to the program's folder, found '/usr/share/sounds/x.wav'"))
        #expect(out.contains("p.yaml:12:16: error: a cue sound must be a .wav file, found 'cue.mp3'"))
        #expect(out.contains("p.yaml:13:7: error: unknown cue 'tick' in 'sounds'"))
    }

    @Test func combinationRules() {
        let out = rendered(Self.header + """
            exercises:
              - name: a
                hold: 30s
                tempo: 2-1-2
              - name: b
                reps: 10
                cue_every: 5s
              - name: c
                duration: 30s
                cue_every: 1m
              - name: d
                reps: 5
                tempo: 2-x-2
              - name: e
                hold: 10s
                sides: [left, left]
            """)
        #expect(out.contains("p.yaml:9:12: error: 'tempo' only applies to 'reps'"))
        #expect(out.contains("p.yaml:12:16: error: 'cue_every' applies to a 'hold' or a 'duration', not to 'reps'"))
        #expect(out.contains("p.yaml:15:16: error: 'cue_every' (1m) must be shorter than the exercise's 30s"))
        #expect(out.contains("p.yaml:18:12: error: 'tempo' must be three whole seconds up-hold-down, like 2-1-2, found '2-x-2'"))
        #expect(out.contains("p.yaml:21:19: error: 'left' is listed twice in 'sides'"))
    }
}
