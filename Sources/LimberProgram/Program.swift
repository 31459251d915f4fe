import LimberBasics

/// A home-exercise program as a therapist prescribed it: format version 1.
///
/// Values are as written; defaults that depend on the program (rests, get-ready time) are
/// resolved by ``Exercise`` accessors so the timeline never has to know the fallbacks.
public struct Program: Sendable, Equatable {
    /// The format version the file declared (`limber: 1`).
    public var formatVersion: Int
    public var title: String
    public var author: String?
    public var description: String?
    /// Stop rules and when to seek care, in the author's words. Shown, never invented.
    public var safety: [String]
    public var schedule: Schedule?
    public var discomfort: DiscomfortRule
    public var defaults: Defaults
    public var exercises: [Exercise]
    /// How sessions speak (`voice:`); nil when the program doesn't say.
    public var voice: VoiceSettings?
    /// Calendar phases, in the order written (a later phase wins for the same week).
    public var phases: [Phase] = []

    public init(
        formatVersion: Int = Program.currentFormatVersion, title: String, author: String? = nil,
        description: String? = nil, safety: [String] = [], schedule: Schedule? = nil,
        discomfort: DiscomfortRule = DiscomfortRule(), defaults: Defaults = Defaults(),
        exercises: [Exercise], voice: VoiceSettings? = nil
    ) {
        self.formatVersion = formatVersion
        self.title = title
        self.author = author
        self.description = description
        self.safety = safety
        self.schedule = schedule
        self.discomfort = discomfort
        self.defaults = defaults
        self.exercises = exercises
        self.voice = voice
    }

    /// The newest format version this build reads.
    public static let currentFormatVersion = 1
}

/// How often the program is meant to be done.
public struct Schedule: Sendable, Equatable {
    public enum Frequency: Sendable, Equatable {
        /// Any N days a week.
        case perWeek(Int)
        /// These weekdays.
        case weekdays([Weekday])
    }

    public var frequency: Frequency
    /// Sessions on each scheduled day.
    public var perDay: Int
    /// First day of the program, if the author set one.
    public var start: CalendarDate?
    /// How many weeks the program lasts, if the author set it.
    public var weeks: Int?

    public init(frequency: Frequency, perDay: Int = 1, start: CalendarDate? = nil, weeks: Int? = nil) {
        self.frequency = frequency
        self.perDay = perDay
        self.start = start
        self.weeks = weeks
    }

    /// Sessions prescribed in a full week.
    public var sessionsPerWeek: Int {
        switch frequency {
        case .perWeek(let n): n * perDay
        case .weekdays(let days): days.count * perDay
        }
    }

    /// How often, as `limber plan` and every report say it: "Mon, Wed, Fri" or "3 days a week",
    /// then ", 2× a day".
    public var frequencyWords: String {
        var text: String
        switch frequency {
        case .perWeek(let n): text = "\(n) day\(n == 1 ? "" : "s") a week"
        case .weekdays(let days): text = Set(days).sorted().map { $0.short.capitalized }.joined(separator: ", ")
        }
        if perDay > 1 { text += ", \(perDay)× a day" }
        return text
    }

    /// The whole prescription in one phrase, as `limber plan` and every report say it:
    /// "Mon, Wed, Fri, from 2026-11-02 for 2 weeks".
    public var words: String {
        frequencyWords + (start.map { ", from \($0)" } ?? "") + (weeks.map { " for \($0) week\($0 == 1 ? "" : "s")" } ?? "")
    }
}

/// When to ask for a discomfort rating and what a high rating does.
public struct DiscomfortRule: Sendable, Equatable {
    /// The moment the 0–10 question is asked.
    public enum Ask: String, Sendable, CaseIterable {
        case afterSet = "after_set"
        case afterExercise = "after_exercise"
        case atEnd = "at_end"
        case never
    }

    /// What happens when a rating reaches ``stopAt``.
    public var ask: Ask
    /// A rating at or above this (0–10 scale) triggers ``onStop``; nil means ratings never stop.
    public var stopAt: Int?
    public var onStop: StopAction

    public init(ask: Ask = .afterExercise, stopAt: Int? = nil, onStop: StopAction = .endSession) {
        self.ask = ask
        self.stopAt = stopAt
        self.onStop = onStop
    }

    /// The valid range of the numeric rating scale.
    public static let scale = 0...10
}

/// Program-wide defaults for the times an exercise does not set itself (all in seconds).
public struct Defaults: Sendable, Equatable {
    /// "Get ready" before each exercise.
    public var prepare: Int
    /// Rest between sets.
    public var rest: Int
    /// Rest after one exercise before the next one's get-ready.
    public var restBetweenExercises: Int
    /// Pause to change sides.
    public var switchSides: Int

    public init(prepare: Int = 5, rest: Int = 30, restBetweenExercises: Int = 30, switchSides: Int = 5) {
        self.prepare = prepare
        self.rest = rest
        self.restBetweenExercises = restBetweenExercises
        self.switchSides = switchSides
    }
}

/// Up, hold and down seconds of one repetition, written `2-1-2`.
public struct Tempo: Sendable, Equatable, CustomStringConvertible {
    public var up: Int
    public var hold: Int
    public var down: Int

    public init(up: Int, hold: Int, down: Int) {
        self.up = up
        self.hold = hold
        self.down = down
    }

    /// Seconds one repetition takes.
    public var seconds: Int { up + hold + down }

    public var description: String { "\(up)-\(hold)-\(down)" }
}

/// A WAV file named in the program for one cue, with where it was named.
public struct SoundReference: Sendable, Equatable {
    /// As written: relative to the program file's folder.
    public var path: String
    public var location: SourceLocation

    public init(path: String, location: SourceLocation) {
        self.path = path
        self.location = location
    }
}

/// One prescribed exercise.
public struct Exercise: Sendable, Equatable {
    /// What one set asks for; the kind follows from which field the author wrote.
    public enum Work: Sendable, Equatable {
        /// Hold a position (stretches, planks).
        case hold(seconds: Int)
        /// Repetitions; with a tempo each phase is cued, without one the patient ends the set with a key.
        case reps(count: Int, tempo: Tempo?)
        /// Keep going for a time (rolling, mobility).
        case duration(seconds: Int)
    }

    public var name: String
    public var instructions: String?
    /// Notes from the therapist to the patient, shown with the instructions.
    public var notes: String?
    public var equipment: String?
    /// Links to an image or video of the exercise, as written: http(s) URLs or paths relative to
    /// the program's folder. Shown, never fetched or opened.
    public var media: [String]
    /// Sides in the order they are done; empty when the exercise has no sides.
    public var sides: [Side]
    public var sets: Int
    public var work: Work
    /// Interval between tick cues during a hold or a duration.
    public var cueEvery: Int?
    /// Rest between sets; nil takes the program default.
    public var rest: Int?
    /// Get-ready time; nil takes the program default.
    public var prepare: Int?
    /// Time to change sides; nil takes the program default.
    public var switchSides: Int?
    /// This exercise's own rule, already merged over the program's.
    public var discomfort: DiscomfortRule?
    /// Custom cue sounds by cue.
    public var sounds: [CueKind: SoundReference]
    /// Where the exercise starts in the file.
    public var location: SourceLocation
    /// The therapist's spoken prompts (`say:`).
    public var prompts: [Prompt] = []
    /// The weeks the exercise is in the session; nil: every week.
    public var weeks: WeekRange?
    /// How the dose steps with the body's response; nil: it stays as written.
    public var progression: ProgressionRule?

    public init(
        name: String, instructions: String? = nil, notes: String? = nil, equipment: String? = nil,
        media: [String] = [], sides: [Side] = [],
        sets: Int = 1, work: Work, cueEvery: Int? = nil, rest: Int? = nil, prepare: Int? = nil,
        switchSides: Int? = nil, discomfort: DiscomfortRule? = nil, sounds: [CueKind: SoundReference] = [:],
        location: SourceLocation = .start
    ) {
        self.name = name
        self.instructions = instructions
        self.notes = notes
        self.equipment = equipment
        self.media = media
        self.sides = sides
        self.sets = sets
        self.work = work
        self.cueEvery = cueEvery
        self.rest = rest
        self.prepare = prepare
        self.switchSides = switchSides
        self.discomfort = discomfort
        self.sounds = sounds
        self.location = location
    }

    /// Rest between sets, with the program default applied.
    public func restSeconds(_ defaults: Defaults) -> Int { rest ?? defaults.rest }
    /// Get-ready time, with the program default applied.
    public func prepareSeconds(_ defaults: Defaults) -> Int { prepare ?? defaults.prepare }
    /// Side-change time, with the program default applied.
    public func switchSeconds(_ defaults: Defaults) -> Int { switchSides ?? defaults.switchSides }
    /// The rule in force for this exercise.
    public func discomfortRule(_ program: DiscomfortRule) -> DiscomfortRule { discomfort ?? program }
}

/// How a session speaks: the program's `voice:` key. Without one, sessions speak English
/// with everything on.
public struct VoiceSettings: Sendable, Equatable {
    /// What the voice says of its own accord (the therapist's `say:` prompts are always said).
    public enum Part: String, Sendable, CaseIterable {
        /// The exercise's name and dose as it begins, and what comes next in a rest.
        case names
        /// "Set 2 of 3", "Last set", the side.
        case sets
        /// "Next: …" in a rest.
        case next
        /// The rep count (or up / hold / down) of reps with a tempo.
        case counts
        /// "Halfway" in a hold or timed bout.
        case halfway
    }

    /// How reps with a tempo are counted aloud.
    public enum Counts: String, Sendable, CaseIterable {
        /// The rep number at each rep's start.
        case numbers
        /// "up", "hold", "down" at each phase.
        case phases
    }

    /// An espeak-ng voice or language ("en", "de", "en-gb").
    public var language: String
    /// Words per minute; nil for the engine's default.
    public var rate: Int?
    public var parts: Set<Part>
    public var counts: Counts
    /// Where `language` was written, for `validate`'s check against the installed voices.
    public var languageLocation: SourceLocation?

    public init(language: String = "en", rate: Int? = nil, parts: Set<Part> = Set(Part.allCases),
                counts: Counts = .numbers, languageLocation: SourceLocation? = nil) {
        self.language = language
        self.rate = rate
        self.parts = parts
        self.counts = counts
        self.languageLocation = languageLocation
    }
}

/// A therapist's own coaching line in an exercise: `say:`.
public struct Prompt: Sendable, Equatable {
    /// When in each set it is said.
    public enum Moment: Sendable, Equatable {
        /// Seconds into a hold or timed bout.
        case at(Int)
        /// At the start of every rep (reps with a tempo).
        case eachRep
    }

    public var text: String
    public var moment: Moment
    public var location: SourceLocation

    public init(text: String, moment: Moment, location: SourceLocation = .start) {
        self.text = text
        self.moment = moment
        self.location = location
    }
}
