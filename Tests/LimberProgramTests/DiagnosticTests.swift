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
              - name: Plank
                instructions: &straight Keep a straight line from head to heels.
                hold: 30s
                rest: *short
              - name: Side plank
                instructions: *straight
                hold: 20s
                rest: *short
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.program?.exercises.count == 2)
        #expect(result.program?.exercises[1].rest == 15)
        #expect(result.program?.exercises[1].instructions == "Keep a straight line from head to heels.")
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

    // MARK: Therapist-facing messages (issue 12)

    @Test func duplicateExerciseNamesAreAnErrorAtTheSecond() {
        #expect(rendered(Self.header + """
            exercises:
              - name: Side plank
                hold: 20s
              - name: Bridge
                reps: 10
              - name: ' side PLANK '
                hold: 30s
            """) == """
            p.yaml:11:11: error: exercise name 'side PLANK' is used twice (first at line 7); reports would merge them — give each exercise its own name
              - name: ' side PLANK '
                      ^

            """)
    }

    @Test func aDateThatIsNotOnTheCalendarIsToldSo() {
        func start(_ date: String) -> String {
            rendered("limber: 1\ntitle: T\nsafety: [x]\nschedule: { per_week: 3, start: \(date) }\n"
                     + "discomfort: { stop_at: 7 }\nexercises: [{ name: P, hold: 30s }]\n")
        }
        #expect(start("2026-02-30") == """
            p.yaml:4:33: error: 2026-02-30 is not a day of the calendar: February 2026 has 28 days
            schedule: { per_week: 3, start: 2026-02-30 }
                                            ^

            """)
        #expect(start("2026-04-31").contains("error: 2026-04-31 is not a day of the calendar: April 2026 has 30 days\n"))
        #expect(start("2026-13-01").contains("error: 2026-13-01 is not a day of the calendar: there is no month 13 (months go from 01 to 12)\n"))
        #expect(start("2026-2-3").contains("error: 'start' must be a date written YYYY-MM-DD, found '2026-2-3'; did you mean 2026-02-03?\n"))
        #expect(start("next monday").contains("error: 'start' must be a date written YYYY-MM-DD, e.g. 2026-12-01, found 'next monday'\n"))
        #expect(start("2028-02-29") == "", "a leap day is a day")
    }

    @Test(arguments: [
        ("30 sec", "30s"), ("30 secs", "30s"), ("30 seconds", "30s"), ("5 min", "5m"), ("5 mins", "5m"),
        ("2 minutes", "2m"), ("1.5m", "1m30s"), ("1,5 min", "1m30s"), ("90sec", "90s"), ("1 min 30 s", "1m30s"),
        ("30S", "30s"), ("45", "45s"),
    ])
    func durationsWrittenInWordsGetTheRightSpelling(_ written: String, _ meant: String) {
        #expect(rendered(Self.header + "exercises:\n  - name: P\n    hold: \(written)\n") == """
            p.yaml:8:11: error: 'hold' must be a duration such as 30s, 1m30s or 2m, found '\(written)'; did you mean \(meant)?
                hold: \(written)
                      ^

            """)
    }

    @Test func durationsWithNoLikelyMeaningGetNoGuess() {
        for written in ["thirty", "0.5s", "1.33 min", "5 min 3 min", "30 parsecs"] {
            let out = rendered(Self.header + "exercises:\n  - name: P\n    hold: \(written)\n")
            #expect(out.contains("found '\(written)'\n"), "\(written): \(out)")
        }
    }

    @Test func anUnclosedQuoteIsReportedWhereItOpens() {
        #expect(rendered("limber: 1\ntitle: \"Back care\nsafety: [Stop on sharp pain.]\nexercises:\n  - name: P\n    hold: 30s\n") == """
            p.yaml:2:8: error: YAML syntax: the quote (") opened here is never closed; end the text with another "
            title: "Back care
                   ^

            """)
        #expect(rendered(Self.header + "exercises:\n  - name: P\n    instructions: 'Don''t arch\n    hold: 30s\n") == """
            p.yaml:8:19: error: YAML syntax: the quote (') opened here is never closed; end the text with another ' (an apostrophe inside '…' is written twice: 'don''t')
                instructions: 'Don''t arch
                              ^

            """)
    }

    @Test func aMisspeltRequiredKeyIsOneMessage() {
        #expect(rendered("""
            limbr: 1
            titel: Back care
            safety: [Stop on sharp pain.]
            schedule: { per_week: 3 }
            discomfort: { stop_at: 7 }
            exercise:
              - nmae: Plank
                hodl: 30s
            """) == """
            p.yaml:1:1: error: unknown key 'limbr' in the program; did you mean 'limber'?
            limbr: 1
            ^
            p.yaml:2:1: error: unknown key 'titel' in the program; did you mean 'title'?
            titel: Back care
            ^
            p.yaml:6:1: error: unknown key 'exercise' in the program; did you mean 'exercises'?
            exercise:
            ^

            """)
        #expect(rendered(Self.header + "exercises:\n  - nmae: Plank\n    hodl: 30s\n") == """
            p.yaml:7:5: error: unknown key 'nmae' in an exercise; did you mean 'name'?
              - nmae: Plank
                ^
            p.yaml:8:5: error: unknown key 'hodl' in an exercise; did you mean 'hold'?
                hodl: 30s
                ^

            """)
    }

    @Test func unrelatedWordsGetNoSuggestionButTyposDo() {
        let out = rendered(Self.header + """
            video: intro.mp4
            exercises:
              - name: P
                hold: 30s
                colour: red
                sets:: 3
                repss: 3
                video: bridge.mp4
            """)
        #expect(out.contains("p.yaml:6:1: error: unknown key 'video' in the program\n"))
        #expect(out.contains("p.yaml:10:5: error: unknown key 'colour' in an exercise\n"))
        #expect(out.contains("p.yaml:11:5: error: unknown key 'sets:' in an exercise; did you mean 'sets'?\n"))
        #expect(out.contains("p.yaml:12:5: error: unknown key 'repss' in an exercise; did you mean 'reps'?\n"))
        #expect(out.contains("p.yaml:13:5: error: unknown key 'video' in an exercise; did you mean 'media'?\n"))
    }

    @Test func mediaLinksAreURLsOrPathsInsideTheFolder() {
        let out = rendered(Self.header + """
            exercises:
              - name: P
                hold: 30s
                media:
                  - images/plank.png
                  - https://example.org/plank.mp4
                  - /home/me/plank.png
                  - ../../plank.png
                  - file:///etc/passwd
                  - javascript:alert(1)
                  - https://
                  - https://example.org/a plank.mp4
              - name: Q
                hold: 30s
                media:
                  - "images/\\u0007bell.png"
                  - "images/\\u202Eplank.png"
                  - \(String(repeating: "a", count: 2001))
            """)
        #expect(out.contains("p.yaml:12:9: error: a media path must be relative to the program's folder, found '/home/me/plank.png'\n"))
        #expect(out.contains("p.yaml:13:9: error: the media path '../../plank.png' leaves the program's folder; keep images and videos beside the program\n"))
        #expect(out.contains("p.yaml:14:9: error: a media link must be an http or https URL or a path in the program's folder, found a 'file:' link\n"))
        #expect(out.contains("p.yaml:15:9: error: a media link must be an http or https URL or a path in the program's folder, found a 'javascript:' link\n"))
        #expect(out.contains("p.yaml:16:9: error: a media URL must name a site, like https://example.org/bridge.mp4, found 'https://'\n"))
        #expect(out.contains("p.yaml:17:9: error: a media URL can't contain spaces (write them as %20), found 'https://example.org/a plank.mp4'\n"))
        #expect(out.contains("p.yaml:21:9: error: 'media' contains the control character U+7, which can't be shown safely\n"))
        #expect(out.contains("p.yaml:22:9: warning: 'media' contains the invisible or direction-changing character U+202E"))
        #expect(out.contains("p.yaml:23:9: error: 'media' is 2001 characters long; at most 2000 are allowed\n"))
        #expect(!out.contains(":10:") && !out.contains(":11:"), "a relative path and an https URL are fine")
        let many = rendered(Self.header + "exercises:\n  - name: P\n    hold: 30s\n    media: [" + (1...11).map { "m\($0).png" }.joined(separator: ", ") + "]\n")
        #expect(many.contains("p.yaml:9:12: error: 'media' lists 11 links; at most 10 are allowed\n"))
    }
}
