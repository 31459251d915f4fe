import LimberBasics

/// One key the program format allows, with the text editors show for it.
///
/// The decoder takes its list of allowed keys from here and the JSON Schema its properties; the
/// value ranges both check (and the review trusts a log within) are ``ProgramFields/Limits``.
public struct FieldSpec: Sendable {
    public let key: String
    public let summary: String
    public let schema: JSONValue

    init(_ key: String, _ summary: String, _ schema: JSONValue) {
        self.key = key
        self.summary = summary
        self.schema = schema
    }
}

/// The keys of each mapping in the format, in the order the docs present them.
public enum ProgramFields {
    /// The value ranges of the format, in one place: the decoder refuses values outside them,
    /// the schema states them, and the review drops or clamps log values outside them.
    public enum Limits {
        /// The 0–10 discomfort scale every rating is on.
        public static let rating = 0...10
        /// A stop level: 0 would stop at every rating.
        public static let stopAt = 1...10
        public static let perWeek = 1...7
        public static let perDay = 1...6
        public static let weeks = 1...104
        public static let sets = 1...100
        public static let reps = 1...1000
        /// How many sides an exercise lists.
        public static let sides = 1...2
        /// Seconds of each part of a rep's tempo.
        public static let tempoPart = 0...60
        public static let holdSeconds = 1...3600
        public static let durationSeconds = 1...7200
        public static let cueEverySeconds = 1...3600
        public static let prepareSeconds = 0...600
        public static let restSeconds = 0...3600
        public static let switchSeconds = 0...300
        /// How many media links an exercise lists.
        public static let media = 1...10
        /// The longest media link, in characters.
        public static let mediaLinkLength = 2000
        /// Speaking rate in words per minute (espeak-ng's own bounds).
        public static let voiceRate = 80...450
        /// The longest spoken prompt, in characters.
        public static let promptLength = 300
        /// Sessions a week a step up may ask for.
        public static let progressionSessions = 1...14
    }

    static let duration: JSONValue = .object([
        ("type", "string"),
        ("pattern", "^ *([0-9]+ *m( *[0-9]+ *s)?|[0-9]+ *s) *$"),
        ("description", "A duration such as 30s, 90s, 1m30s or 2m."),
    ])
    static let text: JSONValue = .object([("type", "string"), ("minLength", 1)])
    static let mediaLink: JSONValue = .object([("type", "string"), ("minLength", 1), ("maxLength", .int(Limits.mediaLinkLength))])

    static func whole(_ range: ClosedRange<Int>) -> JSONValue {
        .object([("type", "integer"), ("minimum", .int(range.lowerBound)), ("maximum", .int(range.upperBound))])
    }

    static func oneOf<E: RawRepresentable & CaseIterable>(_: E.Type) -> JSONValue where E.RawValue == String {
        .object([("type", "string"), ("enum", .array(E.allCases.map { .string($0.rawValue) }))])
    }

    public static let program: [FieldSpec] = [
        FieldSpec("limber", "Format version of this file; always 1 for now.", .object([("const", 1)])),
        FieldSpec("title", "The program's name, shown at the start of every session.", text),
        FieldSpec("author", "Who prescribed it: a therapist or a clinic.", text),
        FieldSpec("description", "What the program is for, in a few sentences.", text),
        FieldSpec("safety", "Stop rules and when to seek care, shown before each session and when a stop rule fires.",
                  .object([("oneOf", [.object([("type", "array"), ("items", text)]), text])])),
        FieldSpec("schedule", "How often to do the program: per_week or days, per_day, start, weeks.",
                  .object([("$ref", "#/$defs/schedule")])),
        FieldSpec("discomfort", "When to ask for a 0–10 discomfort rating and what a high rating does.",
                  .object([("$ref", "#/$defs/discomfort")])),
        FieldSpec("defaults", "Times that apply to every exercise unless it sets its own.",
                  .object([("$ref", "#/$defs/defaults")])),
        FieldSpec("exercises", "The exercises, in the order they are done.",
                  .object([("type", "array"), ("minItems", 1), ("items", .object([("$ref", "#/$defs/exercise")]))])),
        FieldSpec("phases", "Calendar phases: from some week on, named exercises get other parameters.",
                  .object([("type", "array"), ("minItems", 1), ("items", .object([("$ref", "#/$defs/phase")]))])),
        FieldSpec("voice", "How sessions speak: language, rate, speak, counts.", .object([("$ref", "#/$defs/voice")])),
    ]

    public static let voice: [FieldSpec] = [
        FieldSpec("language", "An espeak-ng voice or language, e.g. en, de, en-gb (default en).", text),
        FieldSpec("rate", "Speaking rate in words per minute (default 175).", whole(Limits.voiceRate)),
        FieldSpec("speak", "What the voice says of its own accord (default all): names, sets, next, counts, halfway.",
                  .object([("type", "array"), ("uniqueItems", true), ("items", oneOf(VoiceSettings.Part.self))])),
        FieldSpec("counts", "How reps with a tempo are counted: numbers (default) or phases (up, hold, down).",
                  oneOf(VoiceSettings.Counts.self)),
    ]

    public static let prompt: [FieldSpec] = [
        FieldSpec("at", "When in each set: a time into a hold or duration (15s), or each_rep.",
                  .object([("oneOf", [duration, .object([("const", "each_rep")])])])),
        FieldSpec("say", "What is said, in the program's language.",
                  .object([("type", "string"), ("minLength", 1), ("maxLength", .int(Limits.promptLength))])),
    ]

    static let weekdayNames: [JSONValue] = Weekday.allCases.flatMap { day in
        [JSONValue.string(day.short), .string(day.rawValue)]
    }

    public static let schedule: [FieldSpec] = [
        FieldSpec("per_week", "Training days per week (any days); use this or days.", whole(Limits.perWeek)),
        FieldSpec("days", "The weekdays to train on, e.g. [mon, wed, fri]; use this or per_week.",
                  .object([("type", "array"), ("minItems", 1), ("uniqueItems", true),
                           ("items", .object([("enum", .array(weekdayNames))]))])),
        FieldSpec("per_day", "Sessions on each training day (default 1).", whole(Limits.perDay)),
        FieldSpec("start", "First day of the program, YYYY-MM-DD.", .object([("type", "string"), ("format", "date")])),
        FieldSpec("weeks", "How many weeks the program runs.", whole(Limits.weeks)),
    ]

    public static let discomfort: [FieldSpec] = [
        FieldSpec("ask", "When to ask for a rating: after_set, after_exercise (default), at_end or never.",
                  oneOf(DiscomfortRule.Ask.self)),
        FieldSpec("stop_at", "A rating at or above this (1–10) stops: see on_stop.", whole(Limits.stopAt)),
        FieldSpec("on_stop", "What a stop does: end_session (default) or skip_exercise.",
                  oneOf(StopAction.self)),
    ]

    public static let defaults: [FieldSpec] = [
        FieldSpec("prepare", "Get-ready time before each exercise (default 5s).", duration),
        FieldSpec("rest", "Rest between sets (default 30s).", duration),
        FieldSpec("rest_between_exercises", "Rest after an exercise before the next one (default 30s).", duration),
        FieldSpec("switch", "Time to change sides (default 5s).", duration),
    ]

    public static let exercise: [FieldSpec] = [
        FieldSpec("name", "The exercise's name.", text),
        FieldSpec("instructions", "How to do it, shown during the exercise.", text),
        FieldSpec("notes", "Notes from the therapist to the patient, shown with the instructions.", text),
        FieldSpec("equipment", "What is needed, e.g. a mat or a tennis ball.", text),
        FieldSpec("media", "An image or video of the exercise, or a list: http(s) URLs or paths relative to the program file. Shown, never opened.",
                  .object([("oneOf", [
                      .object([("type", "array"), ("minItems", .int(Limits.media.lowerBound)), ("maxItems", .int(Limits.media.upperBound)),
                               ("items", mediaLink)]),
                      mediaLink,
                  ])])),
        FieldSpec("sides", "[left, right] to do each set on both sides in that order, [left] for one side, or both.",
                  .object([("oneOf", [
                      .object([("type", "array"), ("minItems", .int(Limits.sides.lowerBound)), ("maxItems", .int(Limits.sides.upperBound)),
                               ("uniqueItems", true), ("items", oneOf(Side.self))]),
                      .object([("const", "both")]),
                  ])])),
        FieldSpec("sets", "How many sets (default 1).", whole(Limits.sets)),
        FieldSpec("reps", "Repetitions per set; with tempo each rep is cued, without it a key ends the set.",
                  whole(Limits.reps)),
        FieldSpec("tempo", "Seconds up-hold-down of one rep, e.g. 2-1-2 (needs reps).",
                  .object([("type", "string"), ("pattern", "^ *[0-9]+ *- *[0-9]+ *- *[0-9]+ *$")])),
        FieldSpec("hold", "Hold each set for this long (stretches, planks).", duration),
        FieldSpec("duration", "Keep going for this long (rolling, mobility).", duration),
        FieldSpec("cue_every", "An interval tick this often during a hold or duration.", duration),
        FieldSpec("rest", "Rest between sets of this exercise.", duration),
        FieldSpec("prepare", "Get-ready time before this exercise.", duration),
        FieldSpec("switch", "Time to change sides in this exercise.", duration),
        FieldSpec("discomfort", "This exercise's own discomfort rule (keys as in the program's).",
                  .object([("$ref", "#/$defs/discomfort")])),
        FieldSpec("sounds", "Custom cue sounds: cue name → WAV path relative to the program file.",
                  .object([("type", "object"), ("additionalProperties", false),
                           ("properties", .object(CueKind.allCases.map {
                               ($0.rawValue, .object([("type", "string"), ("pattern", "\\.[wW][aA][vV]$"),
                                                      ("description", .string("Sound for: \($0.summary)."))]))
                           }))])),
        FieldSpec("weeks", "The weeks this exercise is in the session: 3, 2-4 or 5- (from week 5 on); default every week.", weekRange),
        FieldSpec("progression", "How the dose steps up and down with the pain-monitoring model (docs/progression.md).",
                  .object([("$ref", "#/$defs/progression")])),
        FieldSpec("say", "The therapist's spoken prompts: a list of {at, say}.",
                  .object([("type", "array"), ("minItems", 1), ("items", .object([("$ref", "#/$defs/prompt")]))])),
        FieldSpec("use", "A library exercise to start from, e.g. glute-bridge; the keys written beside it override the library's.",
                  .object([("type", "string"), ("minLength", 1)])),
    ]

    /// The keys a library exercise file has besides an exercise's (which it may all use but `sounds`).
    public static let libraryExercise: [FieldSpec] = [
        FieldSpec("limber_exercise", "Marks a library exercise file; always 1 for now.", .object([("const", 1)])),
        FieldSpec("summary", "One line saying what the exercise is, shown by limber library.", text),
        FieldSpec("safety", "Stop rules for this exercise; added to the safety notes of every program that uses it.",
                  .object([("oneOf", [.object([("type", "array"), ("items", text)]), text])])),
    ]

    static let weekRange: JSONValue = .object([
        ("oneOf", [whole(Limits.weeks), .object([("type", "string"), ("pattern", "^ *[0-9]+ *(- *([0-9]+)?)? *$")])]),
    ])

    /// A step: "+5s" for a hold or duration, "+2" for reps or sets.
    static let step: JSONValue = .object([
        ("oneOf", [.object([("type", "integer"), ("minimum", 1)]),
                   .object([("type", "string"), ("pattern", "^ *\\+? *([0-9]+ *m( *[0-9]+ *s)?|[0-9]+ *s|[0-9]+) *$")])]),
    ])
    /// A bound: a duration for a hold or duration, a whole number for reps or sets.
    static let bound: JSONValue = .object([("oneOf", [.object([("type", "integer"), ("minimum", 1)]), duration])])

    public static let phase: [FieldSpec] = [
        FieldSpec("name", "The phase's name, shown with the week, e.g. Strength.", text),
        FieldSpec("weeks", "The weeks of the phase: 3, 2-4 or 5- (from week 5 on).", weekRange),
        FieldSpec("exercises", "Exercise name → the parameters that change in this phase (sets, reps, hold, duration, tempo, rest, sides).",
                  .object([("type", "object"), ("additionalProperties", .object([("$ref", "#/$defs/phase_change")]))])),
    ]

    /// The keys one exercise's entry in a phase may change.
    public static let phaseChange: [FieldSpec] = exercise.filter { ["sets", "reps", "tempo", "hold", "duration", "rest", "sides"].contains($0.key) }

    public static let progression: [FieldSpec] = [
        FieldSpec("hold", "Step the hold up by this much, e.g. +5s.", step),
        FieldSpec("duration", "Step the duration up by this much, e.g. +30s.", step),
        FieldSpec("reps", "Step the reps up by this many, e.g. +2.", step),
        FieldSpec("sets", "Step the sets up by this many, e.g. +1.", step),
        FieldSpec("max", "Never above this (a duration for hold/duration, a number for reps/sets).", bound),
        FieldSpec("min", "Never below this (default: the value the exercise prescribes).", bound),
        FieldSpec("down", "Drop back this much when a pain-monitoring rule breaks; without it the dose is held.", step),
        FieldSpec("sessions", "Sessions in a week done with every set and discomfort within discomfort_at_most before a step up (default 2).",
                  whole(Limits.progressionSessions)),
        FieldSpec("discomfort_at_most", "The highest in-session rating that still counts toward a step up (default 2).", whole(Limits.rating)),
        FieldSpec("pain_limit", "In-session pain above this breaks a rule (default 5, the model's limit).", whole(Limits.rating)),
        FieldSpec("apply", "auto (default) applies a step up; suggest only tells the patient to check with the therapist.",
                  oneOf(ProgressionRule.Apply.self)),
    ]
}
