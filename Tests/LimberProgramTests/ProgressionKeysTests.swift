import LimberProgram
import Testing

/// The `progression`, `phases` and `weeks` keys: decoding and located errors.
@Suite("Progression keys")
struct ProgressionKeysTests {
    /// The top of a valid program, as the diagnostics tests use it.
    static let header = DiagnosticTests.header

    func errors(_ yaml: String) -> [String] {
        ProgramParser.parse(Self.header + yaml).diagnostics.filter { $0.severity == .error }.map { "\($0.location): \($0.message)" }
    }

    @Test func theIssueExampleDecodes() throws {
        let result = ProgramParser.parse(Self.header + """
            exercises:
              - name: Side plank
                hold: 20s
                progression:
                  hold: +5s
                  discomfort_at_most: 3
                  max: 45s
                  down: 5s
            """)
        #expect(result.diagnostics.isEmpty)
        let rule = try #require(result.program?.exercises.first?.progression)
        #expect(rule == ProgressionRule(parameter: .hold, step: 5, down: 5, max: 45, min: nil, sessions: 2,
                                        discomfortAtMost: 3, painLimit: 5, apply: .auto))
    }

    @Test func phasesAndWeeksDecode() throws {
        let result = ProgramParser.parse(Self.header + """
            exercises:
              - { name: Glute bridge, sets: 3, reps: 12, weeks: 1-3 }
              - { name: Single-leg bridge, reps: 8, weeks: 4- }
            phases:
              - name: Strength
                weeks: 2-3
                exercises:
                  glute bridge: { reps: 15, sets: 4 }
            """)
        #expect(result.diagnostics.isEmpty)
        let program = try #require(result.program)
        #expect(program.exercises.map(\.weeks) == [WeekRange(first: 1, last: 3), WeekRange(first: 4)])
        #expect(program.phases == [Phase(name: "Strength", weeks: WeekRange(first: 2, last: 3),
                                         changes: [PhaseChange(exercise: "Glute bridge", sets: 4, reps: 15)])])
    }

    @Test(arguments: [
        ("""
         exercises:
           - name: Plank
             hold: 20s
             progression: { hold: +5s, min: 40s, max: 30s }
         """, "9:36: the bounds are the wrong way round: 'min' (40s) is above 'max' (30s)"),
        ("""
         exercises:
           - name: Plank
             hold: 20s
             progression: { reps: +2, max: 12 }
         """, "9:26: this step can never apply: 'Plank' has no 'reps' to step (step the exercise's own 'hold', 'reps' or 'duration', or its 'sets')"),
        ("""
         exercises:
           - name: Plank
             hold: 20s
             progression: { hold: +5s, max: 10s }
         """, "9:36: 'max' (10s) is below where 'Plank' starts (20s): a step up could never apply"),
        ("""
         exercises:
           - name: Plank
             hold: 20s
             progression: { hold: +5s, min: 25s, max: 45s }
         """, "9:36: 'Plank' starts at 20s, below its 'min' of 25s"),
        ("""
         exercises:
           - name: Plank
             hold: 45s
             progression: { hold: +5s, max: 45s }
         """, "9:36: this step can never apply: 'Plank' already starts at the 'max' of 45s; raise 'max' or remove the progression"),
        ("""
         exercises:
           - name: Plank
             hold: 20s
             progression: { hold: +5s }
         """, "9:18: 'progression' needs 'max': the most it may step up to"),
        ("""
         exercises:
           - name: Plank
             hold: 20s
             progression: { hold: +5s, max: 45s, discomfort_at_most: 6 }
         """, "9:61: 'discomfort_at_most' (6) is above 'pain_limit' (5): a step up would need pain that breaks a rule"),
        ("""
         exercises:
           - { name: Glute bridge, reps: 12 }
         phases:
           - weeks: 3-
             exercises:
               Glute brigde: { reps: 15 }
         """, "11:7: no exercise is named 'Glute brigde'; did you mean 'Glute bridge'?"),
        ("""
         exercises:
           - { name: Glute bridge, reps: 12, weeks: 4-2 }
         """, "7:44: 'weeks' must be a week or weeks such as 3, 2-4 or 5- (from week 5 on), weeks 1 to 104 with the first not after the last, found '4-2'"),
        ("""
         exercises:
           - { name: Plank, hold: 30s }
         phases:
           - weeks: 2
             exercises:
               Plank: { reps: 15 }
         """, "11:22: 'reps' can't change in 'Plank', which is a hold exercise; give the phase the exercise's own kind of work (or a new exercise with 'weeks')"),
    ])
    func mistakesAreLocated(_ yaml: String, _ expected: String) {
        #expect(errors(yaml) == [expected])
    }
}
