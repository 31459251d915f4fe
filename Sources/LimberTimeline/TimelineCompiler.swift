import LimberBasics
import LimberProgram

/// Compiles a ``Program`` into a ``Timeline``.
///
/// The order: for each exercise a get-ready, then each set (each side in turn, with a switch
/// between sides), a rest between sets, and a rest between exercises. Cue placement rules are
/// documented in docs/program-format.md ("Cues").
public enum TimelineCompiler {
    /// Countdown ticks come in the last three seconds of steps at least this long.
    static let countdownMinimum = 4
    /// Holds and bouts at least this long get a halfway cue.
    static let halfwayMinimum = 10

    public static func compile(_ program: Program) -> Timeline { compile(program, halvesFrom: halvesFrom) }

    /// ``compile(_:)``, in two halves from `halvesFrom` exercises on (the tests' cuts).
    static func compile(_ program: Program, halvesFrom: Int) -> Timeline {
        let count = program.exercises.count
        let halves = count >= max(2, halvesFrom)
        // Each list is made once with room for all its items, and filled in place (steps and cues
        // hold no references): in two halves at once, each exercise's steps depending only on it
        // and where it starts, the second half is compiled from a start of 0 into the room after
        // the first half's, then moved down to follow the first. (Compiled into lists of their
        // own and joined, the second half's pages were paged in twice: ~3.5 µs a page.)
        let first = most(program, 0..<(halves ? count / 2 : count))
        let second = halves ? most(program, count / 2..<count) : (steps: 0, cues: 0)
        var builder = Builder(steps: Room(), cues: Room())
        var cues: [Cue] = []
        let steps = [Step](unsafeUninitializedCapacity: first.steps + second.steps) { stepRoom, stepCount in
            cues = [Cue](unsafeUninitializedCapacity: first.cues + second.cues) { cueRoom, cueCount in
                builder = Builder(steps: Room(stepRoom, 0..<first.steps), cues: Room(cueRoom, 0..<first.cues))
                if halves {
                    let later = Builder(steps: Room(stepRoom, first.steps..<first.steps + second.steps),
                                        cues: Room(cueRoom, first.cues..<first.cues + second.cues))
                    var compiled: Builder
                    (builder, compiled) = Alongside.both({ [builder] in fill(builder, program, 0..<count / 2) },
                                                         { fill(later, program, count / 2..<count) })
                    builder.append(compiled)
                } else {
                    builder = fill(builder, program, 0..<count)
                }
                if let last = builder.steps.last {
                    if program.discomfort.ask == .atEnd {
                        // The whole session's question: its own stop level, and a stop ends the session.
                        let rule = program.exercises[last.exerciseIndex].discomfortRule(program.discomfort)
                        builder.ask(Question(exerciseIndex: nil, set: rule.ask == .afterSet ? last.set : nil,
                                             stopAt: program.discomfort.stopAt, onStop: .endSession))
                    }
                    builder.addEndCue(.sessionDone)
                }
                cueCount = builder.cues.count
            }
            stepCount = builder.steps.count
        }
        return Timeline(program: program, steps: steps, cues: cues, totalSeconds: builder.clock, openStepCount: builder.openSoFar)
    }

    /// The fewest exercises compiled in two halves at once (``Alongside``; one compiles in ~7 µs).
    static let halvesFrom = 64

    /// At least as many steps and cues as the exercises at `range` make (their lists' room: an
    /// overestimate costs only address space, as untouched room is never paged in).
    static func most(_ program: Program, _ range: Range<Int>) -> (steps: Int, cues: Int) {
        var steps = 1, cues = 1
        for e in range {
            let exercise = program.exercises[e]
            let (work, workCues) = switch exercise.work {
            // The opening two, a halfway, the intervals and a countdown.
            case .hold(let seconds), .duration(let seconds): (1, 6 + (exercise.cueEvery.map { seconds / max(1, $0) } ?? 0))
            case .reps(_, nil): (1, 2)
            case .reps(let count, _?): (3 * count, 2 + 3 * count)
            }
            let sides = max(1, exercise.sides.count)
            // A rest before, a get-ready; per side a switch and the work; a rest after each set.
            steps += 2 + exercise.sets * (sides * (1 + work) + 1)
            // Four a rest, get-ready or switch; an exercise's and the session's end.
            cues += 8 + exercise.sets * (sides * (4 + workCues) + 4) + 2
        }
        return (steps, cues)
    }

    /// The steps of the exercises at `range`, as if the session started with the first of them,
    /// added to `builder` (empty, its rooms made with ``most(_:_:)`` of these exercises).
    private static func fill(_ builder: Builder, _ program: Program, _ range: Range<Int>) -> Builder {
        var builder = builder
        let lastExercise = program.exercises.count - 1
        for e in range {
            let exercise = program.exercises[e]
            let defaults = program.defaults
            if e > 0, defaults.restBetweenExercises > 0 {
                builder.add(.rest, exercise: e, between: true, length: defaults.restBetweenExercises) { len, cues in
                    cues.append((.rest, 0))
                    countdown(len, into: &cues)
                }
            }
            let prepare = exercise.prepareSeconds(defaults)
            if prepare > 0 {
                builder.add(.getReady, exercise: e, length: prepare) { len, cues in
                    cues.append((.getReady, 0))
                    countdown(len, into: &cues)
                }
            }
            let rule = exercise.discomfortRule(program.discomfort)
            let sides: [Side?] = exercise.sides.isEmpty ? [nil] : exercise.sides.map { $0 }
            for set in 1...exercise.sets {
                for (s, side) in sides.enumerated() {
                    if s > 0, exercise.switchSeconds(defaults) > 0 {
                        builder.add(.switchSides, exercise: e, set: set, sets: exercise.sets, side: side,
                                    length: exercise.switchSeconds(defaults)) { len, cues in
                            cues.append((.switchSides, 0))
                            countdown(len, into: &cues)
                        }
                    }
                    let opening: [CueKind] = set == exercise.sets && exercise.sets > 1 && s == 0 ? [.start, .lastSet] : [.start]
                    addWork(exercise, e, set: set, side: side, opening: opening, into: &builder)
                    if s == sides.count - 1 {
                        let lastSet = set == exercise.sets
                        // An exercise's own `at_end` means "when this exercise ends" unless the whole
                        // program asks at the end.
                        let afterExercise = rule.ask == .afterExercise || (rule.ask == .atEnd && program.discomfort.ask != .atEnd)
                        if rule.ask == .afterSet || (lastSet && afterExercise) {
                            builder.ask(Question(exerciseIndex: e, set: rule.ask == .afterSet ? set : nil,
                                                 stopAt: rule.stopAt, onStop: rule.onStop))
                        }
                        if lastSet, e < lastExercise { builder.addEndCue(.exerciseDone) }
                    }
                }
                let rest = exercise.restSeconds(defaults)
                if set < exercise.sets, rest > 0 {
                    builder.add(.rest, exercise: e, set: set, sets: exercise.sets, length: rest) { len, cues in
                        cues.append((.rest, 0))
                        countdown(len, into: &cues)
                    }
                }
            }
        }
        return builder
    }

    private static func addWork(_ exercise: Exercise, _ e: Int, set: Int, side: Side?, opening: [CueKind],
                                into builder: inout Builder) {
        let sets = exercise.sets
        switch exercise.work {
        case .hold(let seconds), .duration(let seconds):
            let kind: StepKind = if case .hold = exercise.work { .hold } else { .work }
            builder.add(kind, exercise: e, set: set, sets: sets, side: side, length: seconds) { len, cues in
                for kind in opening { cues.append((kind, 0)) }
                let half = len >= halfwayMinimum ? len / 2 : nil
                if let half { cues.append((.halfway, half)) }
                let countdownFrom = len - 3
                if let every = exercise.cueEvery {
                    for t in stride(from: every, to: len, by: every) where t != half && t < countdownFrom {
                        cues.append((.interval, t))
                    }
                }
                countdown(len, into: &cues)
            }
        case .reps(let count, nil):
            builder.add(.reps, exercise: e, set: set, sets: sets, side: side, rep: nil, reps: count, length: nil) { _, cues in
                for kind in opening { cues.append((kind, 0)) }
            }
        case .reps(let count, let tempo?):
            let phases: [(StepKind, CueKind, Int)] = [
                (.tempoUp, .tempoUp, tempo.up), (.tempoHold, .tempoHold, tempo.hold), (.tempoDown, .tempoDown, tempo.down),
            ].filter { $0.2 > 0 }
            for rep in 1...count {
                var first = rep == 1
                for (kind, cue, seconds) in phases {
                    let extra = first ? opening : []
                    builder.add(kind, exercise: e, set: set, sets: sets, side: side, rep: rep, reps: count, length: seconds) { _, cues in
                        for kind in extra { cues.append((kind, 0)) }
                        cues.append((cue, 0))
                    }
                    first = false
                }
            }
        }
    }

    /// The 3-2-1 ticks in the last three seconds of a step long enough to have them.
    static func countdown(_ length: Int, into cues: inout [(CueKind, Int)]) {
        guard length >= countdownMinimum else { return }
        cues.append((.countdown, length - 3))
        cues.append((.countdown, length - 2))
        cues.append((.countdown, length - 1))
    }

    /// Room for `count` values at a pointer, filled in order: part of an array being made (the
    /// values are plain data with no references). It holds no memory of its own: it is used only
    /// while the array's initialiser runs, and the two halves' rooms never overlap, so each may
    /// be filled on a thread of its own.
    struct Room<Value>: @unchecked Sendable {
        private let base: UnsafeMutablePointer<Value>?
        private var capacity: Int
        private(set) var count = 0

        init() {
            base = nil
            capacity = 0
        }

        /// The room at `range` of `buffer`.
        init(_ buffer: UnsafeMutableBufferPointer<Value>, _ range: Range<Int>) {
            precondition(range.upperBound <= buffer.count, "room within the array")
            base = buffer.baseAddress.map { $0 + range.lowerBound }
            capacity = range.count
        }

        mutating func append(_ value: Value) {
            precondition(count < capacity, "a list's room is an upper bound of its values")
            (base! + count).initialize(to: value)
            count += 1
        }

        subscript(i: Int) -> Value {
            get { base![i] }
            set { base![i] = newValue }
        }

        var last: Value? { count > 0 ? self[count - 1] : nil }

        /// Adds `later`'s values after these, moving them down, and takes over its room: `later`'s
        /// room must be the one right after this one's.
        mutating func append(_ later: Room) {
            precondition(later.count == 0 || later.base == base! + capacity, "the room right after")
            if later.count > 0 { (base! + count).moveInitialize(from: later.base!, count: later.count) }
            count += later.count
            capacity += later.capacity
        }
    }

    /// Appends steps, keeping offsets and open-step counts.
    private struct Builder: Sendable {
        var steps: Room<Step>
        var cues: Room<Cue>
        var clock = 0
        var openSoFar = 0
        /// The cue list a step's closure fills, reused from step to step.
        private var offsets: [(CueKind, Int)] = []

        init(steps: Room<Step>, cues: Room<Cue>) {
            self.steps = steps
            self.cues = cues
        }

        /// Adds a step; `cues` appends its cues (kind, seconds into the step) given its length.
        mutating func add(
            _ kind: StepKind, exercise: Int, between: Bool = false, set: Int = 0, sets: Int = 0, side: Side? = nil,
            rep: Int? = nil, reps: Int? = nil, length: Int?, cues: (Int, inout [(CueKind, Int)]) -> Void
        ) {
            let index = steps.count
            offsets.removeAll(keepingCapacity: true)
            cues(length ?? 0, &offsets)
            // In time order, ties as listed (most lists already are: sorting them is then skipped).
            if offsets.indices.dropFirst().contains(where: { offsets[$0 - 1].1 > offsets[$0].1 }) {
                offsets = offsets.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element)
            }
            let first = self.cues.count
            for (cue, offset) in offsets {
                self.cues.append(Cue(at: clock + offset, stepIndex: index, offset: offset, kind: cue, atEnd: false))
            }
            steps.append(Step(index: index, exerciseIndex: exercise, set: set, sets: sets, start: clock,
                              openStepsBefore: openSoFar, cueRange: first..<self.cues.count, rep: rep, reps: reps,
                              length: length, kind: kind, betweenExercises: between, side: side))
            clock += length ?? 0
            if length == nil { openSoFar += 1 }
        }

        /// Adds the steps of `later`, compiled as if they started the session in the room after
        /// these, after these (moved down over the room's unused end).
        mutating func append(_ later: Builder) {
            let base = steps.count, cueBase = cues.count
            steps.append(later.steps)
            cues.append(later.cues)
            for i in base..<steps.count {
                steps[i].index += base
                steps[i].start += clock
                steps[i].openStepsBefore += openSoFar
                steps[i].cueRange = steps[i].cueRange.lowerBound + cueBase..<steps[i].cueRange.upperBound + cueBase
            }
            for c in cueBase..<cues.count {
                cues[c].at += clock
                cues[c].stepIndex += base
            }
            clock += later.clock
            openSoFar += later.openSoFar
        }

        /// Adds a cue at the end of the last step (the last step's cues are the list's last).
        mutating func addEndCue(_ kind: CueKind) {
            guard let step = steps.last else { return }
            let last = steps.count - 1
            let offset = step.length ?? 0
            cues.append(Cue(at: step.start + offset, stepIndex: last, offset: offset, kind: kind, atEnd: true))
            steps[last].cueRange = step.cueRange.lowerBound..<cues.count
        }

        /// The last step added ends with `question`.
        mutating func ask(_ question: Question) {
            guard steps.count > 0 else { return }
            steps[steps.count - 1].question = question
        }
    }
}
