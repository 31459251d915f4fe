import LimberProgram
import Testing

@Suite("The voice: and say: keys")
struct VoiceKeysTests {
    /// A valid program's top, without exercises.
    static let header = DiagnosticTests.header

    @Test func voiceAndPromptsAreDecodedWithTheirPlaces() throws {
        let result = ProgramParser.parse(Self.header + """
            voice:
              language: de
              rate: 150
              speak: [names, halfway]
              counts: phases
            exercises:
              - name: Plank
                hold: 30s
                say:
                  - at: 15s
                    say: Ruhig atmen.
              - name: Bridge
                reps: 5
                tempo: 2-1-2
                say:
                  - { at: each_rep, say: Hoch. }

            """)
        #expect(result.diagnostics.isEmpty)
        let program = try #require(result.program)
        #expect(program.voice == VoiceSettings(language: "de", rate: 150, parts: [.names, .halfway], counts: .phases,
                                               languageLocation: SourceLocation(line: 7, column: 13)))
        #expect(program.exercises[0].prompts == [Prompt(text: "Ruhig atmen.", moment: .at(15), location: SourceLocation(line: 15, column: 9))])
        #expect(program.exercises[1].prompts.map(\.moment) == [.eachRep])
    }

    @Test func wrongValuesAreLocated() {
        let result = ProgramParser.parse(Self.header + """
            voice:
              rate: 900
              speak: [names, sounds]
            exercises:
              - name: Plank
                hold: 30s
                say:
                  - at: 40s
                    say: Too late.
                  - at: each_rep
                    say: No reps here.
                  - say: No time.

            """)
        let messages = result.diagnostics.map { "\($0.location) \($0.message)" }
        #expect(messages == [
            "7:9 'rate' must be a whole number from 80 to 450 words per minute, found 900",
            "8:18 'speak' must be one of names, sets, next, counts, halfway, found 'sounds'; did you mean 'counts'?",
            "13:13 'at' (40s) must fall within the exercise's 30s",
            "15:13 'at: each_rep' needs 'reps' with a 'tempo' (each rep is then timed)",
            "17:9 a prompt needs 'at' (15s or each_rep) and 'say'",
        ])
    }
}
