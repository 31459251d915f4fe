import LimberBasics

/// The commented starter program `limber new` writes: every section with a sensible value and a
/// comment saying what it does, the editor's schema line first, and the exercises either taken
/// from the library by `use:` or one written out in full. It validates clean as written.
public enum ProgramStarter {
    /// The file's text; `uses` are library names already checked to exist (none: one inline exercise).
    public static func text(title: String, uses: [String]) -> String {
        let exercises = uses.isEmpty ? inlineExercise : uses.map { "  - use: \(quoted($0))\n" }.joined()
        return """
            # yaml-language-server: $schema=./limber-program.schema.json
            # A Limber program (format 1). Check it with: limber validate FILE
            # For editor help save the schema beside it: limber schema > limber-program.schema.json
            # Every key is explained in docs/program-format.md.
            limber: 1
            title: \(quoted(title))                  # shown at the start of every session
            author: Your name, your clinic
            description: >
              What the program is for, in a sentence or two.
            safety:                           # shown before every session and when a stop rule fires
              - Stop and contact your therapist if pain is sharp, spreads into an arm or a leg, or comes with numbness or tingling.
              - See your clinician if pain disturbs your sleep or persists.
            schedule:
              per_week: 3                     # any 3 days a week; or fixed days: days: [mon, wed, fri]
              weeks: 6
              # start: 2026-12-07             # the first day (limber calendar needs it)
            discomfort:
              ask: after_exercise             # after_set, after_exercise, at_end or never
              stop_at: 6                      # a 0-10 rating of 6 or more stops ...
              on_stop: skip_exercise          # ... this exercise (or end_session)
            exercises:
              # limber library lists the library's exercises; a key written under 'use' overrides
              # the library's, e.g. 'reps: 15' or 'hold: 20s'.

            """ + exercises
    }

    private static let inlineExercise = """
          - name: Glute bridge
            instructions: >
              On your back, knees bent, feet flat. Squeeze the buttocks and lift the hips until
              knees, hips and shoulders line up; lower slowly.
            equipment: mat
            sets: 2
            reps: 10
            tempo: 2-1-2                      # seconds up-hold-down of each rep

        """

    /// `text` as a YAML scalar: plain when it is a simple name, else double-quoted (JSON
    /// string syntax, which YAML reads the same).
    private static func quoted(_ text: String) -> String {
        let plain = text.first?.isLetter == true && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || " -_/.".contains($0)) }
        return plain && !text.hasSuffix(" ") ? text : JSONValue.string(text).rendered()
    }
}
