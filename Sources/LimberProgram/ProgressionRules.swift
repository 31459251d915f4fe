import LimberBasics

/// The weeks of a program something applies to, counted from week 1: `3`, `2-4`, or `5-` (from
/// week 5 on).
public struct WeekRange: Sendable, Equatable, CustomStringConvertible {
    public var first: Int
    /// The last week, or nil for "from `first` on".
    public var last: Int?

    public init(first: Int, last: Int? = nil) {
        self.first = first
        self.last = last
    }

    /// Whether week `week` (1-based) is in the range.
    public func contains(_ week: Int) -> Bool { week >= first && (last.map { week <= $0 } ?? true) }

    /// As written in a program: "3", "2-4", "5-".
    public var description: String {
        guard let last else { return "\(first)-" }
        return last == first ? "\(first)" : "\(first)-\(last)"
    }

    /// Reads "3", "2-4", "5-" (spaces allowed); nil when not one of these or the weeks run backwards.
    public init?(parsing text: String) {
        let s = text.filter { $0 != " " }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let first = Int(parts[0]), first >= 1 else { return nil }
        if parts.count == 1 {
            self.init(first: first, last: first)
        } else if parts[1].isEmpty {
            self.init(first: first, last: nil)
        } else {
            guard let last = Int(parts[1]), last >= first else { return nil }
            self.init(first: first, last: last)
        }
    }
}

/// A calendar phase: from some week on, named exercises get other parameters (3 × 15 instead of
/// 3 × 12). Which exercises are in the session at all is each exercise's own `weeks`.
public struct Phase: Sendable, Equatable {
    public var name: String?
    public var weeks: WeekRange
    /// The changes, by exercise, in the order written.
    public var changes: [PhaseChange]

    public init(name: String? = nil, weeks: WeekRange, changes: [PhaseChange]) {
        self.name = name
        self.weeks = weeks
        self.changes = changes
    }

    /// "phase 'Strength' (weeks 3-)" or "weeks 3-4", as reasons say it.
    public var words: String {
        let span = weeks.last == weeks.first ? "week \(weeks)" : "weeks \(weeks)"
        return name.map { "phase '\(TextSanitizer.singleLine($0))' (\(span))" } ?? "the phase of \(span)"
    }
}

/// What a phase changes in one exercise; nil fields keep the exercise's own value.
public struct PhaseChange: Sendable, Equatable {
    public var exercise: String
    public var sets: Int?
    public var reps: Int?
    public var hold: Int?
    public var duration: Int?
    public var tempo: Tempo?
    public var rest: Int?
    public var sides: [Side]?

    public init(exercise: String, sets: Int? = nil, reps: Int? = nil, hold: Int? = nil, duration: Int? = nil,
                tempo: Tempo? = nil, rest: Int? = nil, sides: [Side]? = nil) {
        self.exercise = exercise
        self.sets = sets
        self.reps = reps
        self.hold = hold
        self.duration = duration
        self.tempo = tempo
        self.rest = rest
        self.sides = sides
    }

    /// The exercise with this phase's values in place of its own.
    public func applied(to e: Exercise) -> Exercise {
        var e = e
        if let sets { e.sets = sets }
        if let rest { e.rest = rest }
        if let sides { e.sides = sides }
        switch e.work {
        case .hold: if let hold { e.work = .hold(seconds: hold) }
        case .duration: if let duration { e.work = .duration(seconds: duration) }
        case .reps(let n, let t): e.work = .reps(count: reps ?? n, tempo: tempo ?? t)
        }
        return e
    }
}

/// One exercise's criteria-based progression: the step, its bounds, when it steps up and how
/// far it drops back when a pain-monitoring rule breaks. Decided once a week (docs/progression.md).
public struct ProgressionRule: Sendable, Equatable {
    /// The parameter that steps.
    public enum Parameter: String, Sendable, CaseIterable {
        case hold, reps, sets, duration

        /// How an amount of this parameter reads: "5 s", "2 reps", "1 set".
        public func amount(_ n: Int) -> String {
            switch self {
            case .hold, .duration: DurationText.format(n)
            case .reps: "\(n) rep\(n == 1 ? "" : "s")"
            case .sets: "\(n) set\(n == 1 ? "" : "s")"
            }
        }
    }

    /// Whether a step up is applied or only suggested to the patient.
    public enum Apply: String, Sendable, CaseIterable {
        case auto
        case suggest
    }

    public var parameter: Parameter
    /// The step up, a positive amount.
    public var step: Int
    /// The drop after a broken rule; nil: hold instead.
    public var down: Int?
    /// Never above this.
    public var max: Int
    /// Never below this; nil: the value the program prescribes.
    public var min: Int?
    /// Sessions in a week that must meet the bar for a step up.
    public var sessions: Int
    /// The highest in-session discomfort rating that still counts toward a step up.
    public var discomfortAtMost: Int
    /// The in-session pain limit of the model: a rating above it breaks a rule.
    public var painLimit: Int
    public var apply: Apply

    public init(parameter: Parameter, step: Int, down: Int? = nil, max: Int, min: Int? = nil, sessions: Int = 2,
                discomfortAtMost: Int = 2, painLimit: Int = ProgressionRule.modelLimit, apply: Apply = .auto) {
        self.parameter = parameter
        self.step = step
        self.down = down
        self.max = max
        self.min = min
        self.sessions = sessions
        self.discomfortAtMost = discomfortAtMost
        self.painLimit = painLimit
        self.apply = apply
    }

    /// The pain-monitoring model's limit for pain during and after exercise (0–10).
    public static let modelLimit = 5
}

extension Program {
    /// Whether the program changes over time (phases, weeks or a progression): then every
    /// session start records the decision it ran with.
    public var progresses: Bool {
        !phases.isEmpty || exercises.contains { $0.progression != nil || $0.weeks != nil }
    }
}
