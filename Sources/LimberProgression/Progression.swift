import LimberBasics
import LimberProgram

/// The pain-monitoring model applied to a program and its log: for a given day, the dose in
/// force for every exercise and why. A pure function of the program, the evidence and the day,
/// with no state of its own; decisions are made at the start of each program week from the week
/// before (docs/progression.md).
public enum Progression {
    /// The plan for `day`. `start` is the first day of week 1: the schedule's `start`, else the
    /// day of the program's first session in the log, else `day` itself.
    public static func plan(_ program: Program, evidence: Evidence, on day: CalendarDate) -> DayPlan {
        let start = program.schedule?.start ?? evidence.sessions.first?.date ?? day
        let week = weekNumber(of: day, start: start)
        var adjust = [Int](repeating: 0, count: program.exercises.count)
        var doses = program.exercises.indices.map { i in
            Dose(exercise: inForce(program, i, week: 1, adjust: 0), inSession: program.exercises[i].weeks?.contains(1) ?? true,
                 change: .start, reasons: ["week 1: the dose as prescribed"])
        }
        let limits = Dictionary(program.exercises.map { ($0.name, $0.progression?.painLimit ?? ProgressionRule.modelLimit) },
                                uniquingKeysWith: { a, _ in a })
        let reviews = Self.reviews(evidence, start: start, weeks: week - 1, limits: limits)
        var steps: [StepRecord] = []
        if week >= 2 {
            for w in 2...week {
                let review = reviews[w - 2]
                for i in program.exercises.indices {
                    let previous = inForce(program, i, week: w - 1, adjust: adjust[i])
                    var dose = decide(program, i, week: w, adjust: &adjust[i], review: review, previous: previous)
                    if let step = dose.step(week: w, day: start.adding(days: 7 * (w - 1)), from: previous) { steps.append(step) }
                    dose.previous = previous
                    doses[i] = dose
                }
            }
        }
        var dosed = program
        dosed.exercises = doses.filter(\.inSession).map(\.exercise)
        let phase = program.phases.last { $0.weeks.contains(week) }
        return DayPlan(day: day, start: start, week: week, phase: phase, doses: doses, program: dosed, weeks: reviews, steps: steps)
    }

    /// Weeks 1 to `weeks` from `start` reviewed by the model's rules (`limits`: in-session pain
    /// limits by exercise name, else 5/10): what the decisions and the report's verdicts read.
    public static func reviews(_ evidence: Evidence, start: CalendarDate, weeks: Int, limits: [String: Int] = [:]) -> [WeekReview] {
        var reviews: [WeekReview] = []
        for w in stride(from: 1, through: weeks, by: 1) {
            reviews.append(WeekReview(week: w, first: start.adding(days: 7 * (w - 1)), limits: limits, evidence: evidence,
                                      previous: reviews.last))
        }
        return reviews
    }

    /// The session of `week` by the calendar alone (phases and each exercise's `weeks`), before
    /// any step up or down: what `limber plan --week N` shows.
    public static func scheduled(_ program: Program, week: Int) -> Program {
        var p = program
        p.exercises = program.exercises.indices.filter { program.exercises[$0].weeks?.contains(week) ?? true }
            .map { inForce(program, $0, week: week, adjust: 0) }
        return p
    }

    /// The 1-based program week `day` falls in (week 1 for a day before the start).
    public static func weekNumber(of day: CalendarDate, start: CalendarDate) -> Int {
        max(0, day.daysSinceEpoch - start.daysSinceEpoch) / 7 + 1
    }

    /// Exercise `i` as written, with the phases of `week` over it (later phases win).
    static func phased(_ program: Program, _ i: Int, week: Int) -> Exercise {
        var e = program.exercises[i]
        for phase in program.phases where phase.weeks.contains(week) {
            for change in phase.changes where change.exercise == e.name { e = change.applied(to: e) }
        }
        return e
    }

    /// Exercise `i` in `week` with `adjust` added to its stepped parameter, kept within bounds.
    static func inForce(_ program: Program, _ i: Int, week: Int, adjust: Int) -> Exercise {
        let e = phased(program, i, week: week)
        guard let rule = e.progression, let base = e.value(of: rule.parameter) else { return e }
        return e.with(rule.parameter, clamp(base + adjust, rule, written: program.exercises[i]))
    }

    /// `value` within the rule's bounds; the floor is `min`, else the value the program writes.
    static func clamp(_ value: Int, _ rule: ProgressionRule, written: Exercise) -> Int {
        let floor = Swift.min(rule.min ?? written.value(of: rule.parameter) ?? value, rule.max)
        return Swift.min(Swift.max(value, floor), rule.max)
    }

    /// The decision for exercise `i` at the start of `week`, from the review of the week before.
    private static func decide(_ program: Program, _ i: Int, week: Int, adjust: inout Int, review: WeekReview,
                               previous: Exercise) -> Dose {
        let written = program.exercises[i]
        let inSession = written.weeks?.contains(week) ?? true
        let phased = Self.phased(program, i, week: week)
        let phaseNote = phased == Self.phased(program, i, week: week - 1) ? nil
            : program.phases.last { $0.weeks.contains(week) }.map { "\($0.words) starts" } ?? "the phase of week \(week - 1) ended"
        func dose(_ change: Dose.Change, _ reasons: [String]) -> Dose {
            let e = inForce(program, i, week: week, adjust: adjust)
            let shown = change == .held && e != previous && phaseNote != nil ? Dose.Change.phase : change
            return Dose(exercise: e, inSession: inSession, change: shown, reasons: (phaseNote.map { [$0] } ?? []) + reasons)
        }
        guard let rule = written.progression, let base = phased.value(of: rule.parameter) else {
            return dose(.held, [])
        }
        guard written.weeks?.contains(week - 1) ?? true else { return dose(.held, ["not in the session last week"]) }
        let name = written.name
        let before = clamp(base + adjust, rule, written: written)
        let broken = review.broken(for: name, limit: rule.painLimit)
        let notJudged = review.notJudged.map { "\($0) (neither a pass nor a fail)" }
        if !broken.isEmpty {
            guard let down = rule.down else {
                return dose(.held, ["a pain-monitoring rule broke last week and no step down is written: " + broken.joined(separator: "; ")])
            }
            adjust = clamp(base + adjust - down, rule, written: written) - base
            if base + adjust == before {
                return dose(.held, ["a pain-monitoring rule broke last week (" + broken.joined(separator: "; ") + "); already at the minimum"])
            }
            return dose(.down, ["a pain-monitoring rule broke last week: " + broken.joined(separator: "; ")])
        }
        let qualifying = review.sessions.filter { s in
            guard let x = s.exercises[name] else { return false }
            return x.allSetsDone && (x.maxRating ?? 0) <= rule.discomfortAtMost
        }
        let bar = "every set done at ≤ \(rule.discomfortAtMost)/10"
        guard qualifying.count >= rule.sessions else {
            return dose(.held, ["\(qualifying.count) of the \(rule.sessions) session\(rule.sessions == 1 ? "" : "s") needed last week with \(bar)"])
        }
        let evidence = "\(qualifying.count) session\(qualifying.count == 1 ? "" : "s") last week with \(bar) and no pain-monitoring rule broken"
        let target = clamp(base + adjust + rule.step, rule, written: written)
        if target == before { return dose(.held, [evidence, "at the maximum of \(rule.parameter.amount(rule.max))"] + notJudged) }
        if rule.apply == .suggest {
            return dose(.suggested, [evidence, "your therapist's rule says you may progress to \(rule.parameter.amount(target)); check with them"] + notJudged)
        }
        adjust = target - base
        return dose(.up, [evidence] + notJudged)
    }
}

/// The plan for one day: the week, the phase, each exercise's dose and why, the weeks reviewed
/// and every step taken so far.
public struct DayPlan: Sendable, Equatable {
    public var day: CalendarDate
    /// The first day of week 1.
    public var start: CalendarDate
    public var week: Int
    /// The last phase written that covers this week.
    public var phase: Phase?
    /// Every exercise of the program, in order, whether in today's session or not.
    public var doses: [Dose]
    /// The program with today's exercises at today's dose: what `run` plays.
    public var program: Program
    /// The weeks before this one, reviewed.
    public var weeks: [WeekReview]
    /// Every change of dose so far, oldest first.
    public var steps: [StepRecord]
}

/// One exercise's dose for a day and the decision behind it.
public struct Dose: Sendable, Equatable {
    public enum Change: String, Sendable, CaseIterable {
        /// Week 1: as written.
        case start
        /// Unchanged.
        case held
        case up
        case down
        /// A step up the therapist left to be confirmed: the dose is unchanged.
        case suggested
        /// Changed by the calendar.
        case phase
    }

    public var exercise: Exercise
    public var inSession: Bool
    public var change: Change
    public var reasons: [String]
    /// Last week's dose, when there was a last week.
    public var previous: Exercise?

    public init(exercise: Exercise, inSession: Bool, change: Change, reasons: [String], previous: Exercise? = nil) {
        self.exercise = exercise
        self.inSession = inSession
        self.change = change
        self.reasons = reasons
        self.previous = previous
    }

    /// A dose in a few characters, as every screen and report says it: "3 × 12", "3 × 25s hold",
    /// "2 × 1m" (the first of reps, hold, duration given).
    public static func words(sets: Int, reps: Int? = nil, hold: Int? = nil, duration: Int? = nil) -> String {
        if let reps { return "\(sets) × \(reps)" }
        if let hold { return "\(sets) × \(DurationText.format(hold)) hold" }
        if let duration { return "\(sets) × \(DurationText.format(duration))" }
        return "\(sets) × ?"
    }

    /// The step this decision records, if the dose changed.
    func step(week: Int, day: CalendarDate, from previous: Exercise) -> StepRecord? {
        guard change == .suggested || exercise != previous else { return nil }
        return StepRecord(week: week, day: day, exercise: exercise.name, change: change,
                          from: previous.doseWords, to: exercise.doseWords, reasons: reasons)
    }
}

/// A change of dose: when, which exercise, from what to what, and why.
public struct StepRecord: Sendable, Equatable {
    public var week: Int
    /// The first day of that week.
    public var day: CalendarDate
    public var exercise: String
    public var change: Dose.Change
    public var from: String
    public var to: String
    public var reasons: [String]
}

extension Exercise {
    /// The value of a stepped parameter; nil when the exercise has no such parameter.
    public func value(of parameter: ProgressionRule.Parameter) -> Int? {
        switch (parameter, work) {
        case (.sets, _): sets
        case (.hold, .hold(let s)), (.duration, .duration(let s)): s
        case (.reps, .reps(let n, _)): n
        default: nil
        }
    }

    /// The exercise with a stepped parameter set to `value`.
    func with(_ parameter: ProgressionRule.Parameter, _ value: Int) -> Exercise {
        var e = self
        switch (parameter, work) {
        case (.sets, _): e.sets = value
        case (.hold, .hold): e.work = .hold(seconds: value)
        case (.duration, .duration): e.work = .duration(seconds: value)
        case (.reps, .reps(_, let t)): e.work = .reps(count: value, tempo: t)
        default: break
        }
        return e
    }

    /// The dose in a few characters: "3 × 12", "3 × 25s hold", "2 × 1m".
    public var doseWords: String {
        switch work {
        case .reps(let n, _): Dose.words(sets: sets, reps: n)
        case .hold(let s): Dose.words(sets: sets, hold: s)
        case .duration(let s): Dose.words(sets: sets, duration: s)
        }
    }
}
