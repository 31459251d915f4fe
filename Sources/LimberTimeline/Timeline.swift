import LimberBasics
import LimberProgram

/// What a step asks of the patient.
public enum StepKind: String, Sendable, Codable, CaseIterable {
    /// Get into position before an exercise.
    case getReady = "get_ready"
    /// Hold a position for the step's length.
    case hold
    /// Keep going for the step's length (a timed bout).
    case work
    /// A set of reps without tempo: open until the patient presses Space.
    case reps
    case tempoUp = "tempo_up"
    case tempoHold = "tempo_hold"
    case tempoDown = "tempo_down"
    case rest
    case switchSides = "switch_sides"

    /// The phase as one or two words, as the plan shows it (the screen has its own capitals).
    public var phase: String {
        switch self {
        case .getReady: "Get ready"
        case .hold: "Hold"
        case .work: "Work"
        case .reps: "Reps"
        case .tempoUp: "Up"
        case .tempoHold: "Hold"
        case .tempoDown: "Down"
        case .rest: "Rest"
        case .switchSides: "Switch sides"
        }
    }

    /// True for the phases of one tempo rep.
    public var isTempoPhase: Bool { self == .tempoUp || self == .tempoHold || self == .tempoDown }

    /// True for the steps a set is made of; false for get-ready, rests and side switches.
    public var isWork: Bool {
        switch self {
        case .hold, .work, .reps, .tempoUp, .tempoHold, .tempoDown: true
        case .getReady, .rest, .switchSides: false
        }
    }
}

/// The discomfort question asked as a step ends: about what, and what a high rating does.
/// Resolved once by the compiler from the program's and the exercise's rules.
public struct Question: Sendable, Equatable {
    /// The exercise asked about; nil for the whole session (`ask: at_end`).
    public var exerciseIndex: Int?
    /// The set asked about when the rule asks after each set.
    public var set: Int?
    /// A rating at or above this stops (``onStop``); nil when ratings never stop.
    public var stopAt: Int?
    /// What a rating at ``stopAt`` stops: always the session for the session's question.
    public var onStop: StopAction

    public init(exerciseIndex: Int?, set: Int?, stopAt: Int?, onStop: StopAction) {
        self.exerciseIndex = exerciseIndex
        self.set = set
        self.stopAt = stopAt
        self.onStop = onStop
    }
}

/// An audio cue at a moment of the session.
public struct Cue: Sendable, Equatable {
    // Stored in this order (the one-byte fields last): 32 bytes a cue, not 40.
    /// Seconds from the session start, with open steps counted as taking no time.
    public var at: Int
    /// The step the cue belongs to.
    public var stepIndex: Int
    /// Seconds into that step.
    public var offset: Int
    public var kind: CueKind
    /// True when the cue fires as the step ends (for an open step: when the patient ends it).
    public var atEnd: Bool
}

/// One entry of the compiled session. Plain data with no reference of its own (its cues are
/// its timeline's, at ``cueRange``), kept in 80 bytes: a long plan's steps are copied and joined
/// as bytes, and each page of them is paid for (~3.5 µs a page fault).
///
/// Counts bounded by the steps a plan can hold in memory (indices, sets, reps, cue positions)
/// are stored in 32 bits (``Narrow``); seconds, lengths and open rep counts in full, nil as a
/// value no step has (``Sentinel``).
public struct Step: Sendable, Equatable {
    /// Seconds from the session start, open steps counted as taking no time.
    public var start: Int
    /// Seconds the step lasts; nil when it lasts until the patient presses Space.
    @Sentinel<Int> public var length: Int?
    @Sentinel<Int> public var reps: Int?
    @Narrow public var index: Int
    /// The exercise the step belongs to (for a rest between exercises: the one coming next).
    @Narrow public var exerciseIndex: Int
    /// 1-based set number and the number of sets (0 for steps outside the sets).
    @Narrow public var set: Int
    @Narrow public var sets: Int
    /// How many open steps come before this one (their time adds to ``start`` at run time).
    @Narrow public var openStepsBefore: Int
    @Narrow private var cueStart: Int
    @Narrow private var cueEnd: Int
    /// 1-based rep (with ``reps``, the reps per set), for tempo phases and open rep steps.
    @Sentinel<Int32> public var rep: Int?
    /// ``question``'s parts, when `asksDiscomfort`.
    @Sentinel<Int32> private var questionExercise: Int?
    @Sentinel<Int32> private var questionSet: Int?
    @Sentinel<Int32> private var questionStopAt: Int?
    private var questionOnStop: StopAction
    /// Whether the program asks for a discomfort rating when this step ends.
    public private(set) var asksDiscomfort: Bool
    public var kind: StepKind
    /// True for the rest after one exercise and before the next one's get-ready.
    public var betweenExercises: Bool
    public var side: Side?

    init(index: Int, exerciseIndex: Int, set: Int, sets: Int, start: Int, openStepsBefore: Int, cueRange: Range<Int>,
         rep: Int?, reps: Int?, length: Int?, kind: StepKind, betweenExercises: Bool, side: Side?) {
        self.start = start
        self.length = length
        self.reps = reps
        self.index = index
        self.exerciseIndex = exerciseIndex
        self.set = set
        self.sets = sets
        self.openStepsBefore = openStepsBefore
        cueStart = cueRange.lowerBound
        cueEnd = cueRange.upperBound
        self.rep = rep
        questionExercise = nil
        questionSet = nil
        questionStopAt = nil
        questionOnStop = .endSession
        asksDiscomfort = false
        self.kind = kind
        self.betweenExercises = betweenExercises
        self.side = side
    }

    /// Where the step's cues are in its timeline's ``Timeline/cues`` (``Timeline/cues(of:)``).
    public var cueRange: Range<Int> {
        get { cueStart..<cueEnd }
        set {
            cueStart = newValue.lowerBound
            cueEnd = newValue.upperBound
        }
    }

    /// The discomfort question asked when this step ends, if the program asks one here.
    public var question: Question? {
        get {
            guard asksDiscomfort else { return nil }
            return Question(exerciseIndex: questionExercise, set: questionSet, stopAt: questionStopAt, onStop: questionOnStop)
        }
        set {
            asksDiscomfort = newValue != nil
            questionExercise = newValue?.exerciseIndex
            questionSet = newValue?.set
            questionStopAt = newValue?.stopAt
            questionOnStop = newValue?.onStop ?? .endSession
        }
    }

    /// True when the step lasts until the patient ends it.
    public var isOpen: Bool { length == nil }
}

/// A ``Step``'s count kept in 32 bits: one bounded by the steps a plan can hold in memory
/// (a count past 32 bits stops the program rather than being cut).
@propertyWrapper
public struct Narrow: Sendable, Equatable {
    private var stored: Int32

    public init(wrappedValue: Int) { stored = Int32(wrappedValue) }

    public var wrappedValue: Int {
        get { Int(stored) }
        set { stored = Int32(newValue) }
    }
}

/// A ``Step``'s optional number kept in `Stored`, nil as `Stored.min` (a value no step has):
/// no byte of its own for nil, nor padding after it.
@propertyWrapper
public struct Sentinel<Stored: FixedWidthInteger & Sendable>: Sendable, Equatable {
    private var stored: Stored

    public init(wrappedValue: Int?) { stored = wrappedValue.map { Stored($0) } ?? .min }

    public var wrappedValue: Int? {
        get { stored == .min ? nil : Int(stored) }
        set { stored = newValue.map { Stored($0) } ?? .min }
    }
}

/// A program compiled to the flat list of steps and cues that `plan` prints and `run` plays.
///
/// Pure data: tested without a clock.
public struct Timeline: Sendable, Equatable {
    public var program: Program
    public internal(set) var steps: [Step]
    /// Every cue in time order, step by step (one list: a list per step was half the steps' memory).
    public internal(set) var cues: [Cue]

    /// The cues of `step` (one of these steps), in time order.
    public func cues(of step: Step) -> ArraySlice<Cue> { cues[step.cueRange] }

    /// Seconds of all timed steps (open steps not included): counted as the steps were compiled.
    public internal(set) var totalSeconds: Int

    /// Steps that last until the patient presses Space: counted as the steps were compiled.
    public internal(set) var openStepCount: Int

    /// Seconds per rep after which a set of reps the patient counts ends on its own when no
    /// keyboard could end it (`limber run` in a script, without a terminal).
    public static let secondsPerCountedRep = 3

    /// The steps that make up the set (one side of it) that step `index` belongs to: all the
    /// phases of its tempo reps, or the one hold, bout or reps step. Nil for a step outside the
    /// sets (get-ready, rest, switch sides).
    public func setRange(containing index: Int) -> Range<Int>? {
        let step = steps[index]
        guard step.kind.isWork else { return nil }
        func sameSet(_ other: Step) -> Bool {
            other.kind.isWork && other.exerciseIndex == step.exerciseIndex && other.set == step.set && other.side == step.side
        }
        var first = index, end = index + 1
        while first > 0, sameSet(steps[first - 1]) { first -= 1 }
        while end < steps.count, sameSet(steps[end]) { end += 1 }
        return first..<end
    }

    /// Timed seconds and open steps of one exercise's own steps (its rests between sets
    /// included, the rest before it not).
    public struct ExerciseTotal: Sendable, Equatable {
        public var seconds: Int
        public var openSteps: Int

        public init(seconds: Int, openSteps: Int) {
            self.seconds = seconds
            self.openSteps = openSteps
        }
    }

    /// ``ExerciseTotal`` of every exercise, by exercise index, in one pass over the steps.
    public var exerciseTotals: [ExerciseTotal] { totals().exercises }

    /// Timed seconds of the rests between exercises.
    public var secondsBetweenExercises: Int { totals().between }

    /// ``exerciseTotals`` and ``secondsBetweenExercises`` in one pass over the steps.
    func totals() -> (exercises: [ExerciseTotal], between: Int) {
        var totals = [ExerciseTotal](repeating: ExerciseTotal(seconds: 0, openSteps: 0), count: program.exercises.count)
        var between = 0
        for i in steps.indices {
            let length = steps[i].length
            if steps[i].betweenExercises {
                between += length ?? 0
            } else {
                totals[steps[i].exerciseIndex].seconds += length ?? 0
                if length == nil { totals[steps[i].exerciseIndex].openSteps += 1 }
            }
        }
        return (totals, between)
    }
}

extension Alongside {
    /// The fewest steps a plan is split at (its speech, its table, its JSON lists): under
    /// this, a thread's start costs more than half the work saves.
    static let minimumSteps = 2_000
}
