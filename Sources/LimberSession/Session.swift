import LimberBasics
import LimberLog
import LimberProgram
import LimberTimeline

/// The guided session as a state machine over the compiled timeline.
///
/// Pure: it is told the time (monotonic, from an injected clock) with every call and answers
/// with effects. Deadlines are absolute: each step ends at the previous step's end plus its
/// length, plus any time spent paused, never "now + length", so a 30-minute session ends on
/// the millisecond its plan says (add pauses and open steps).
public struct Session: Sendable {
    /// Where the session is.
    public enum Phase: Sendable, Equatable {
        /// The start screen: title, safety notes, "Space to begin".
        case ready
        /// Left at the start screen (q, Esc, Ctrl-C or a signal): nothing began, nothing is logged.
        case leftAtStart
        case running
        case paused(since: Duration)
        /// The 0–10 question after an exercise (or a set, or the session).
        case rating(RatingPrompt)
        /// A stop rule fired: its notice and the author's safety text are shown whole (paged when
        /// long) and the clock is held until the patient has read them (``lastStop``).
        case stopNotice
        /// "Quit? y/n" — the session is held meanwhile.
        case confirmingQuit(pausedSince: Duration, wasPaused: Bool)
        case finished(SessionEndStatus)
    }

    /// The discomfort question being asked.
    public struct RatingPrompt: Sendable, Equatable {
        /// What is asked and what a high rating does, as the timeline resolved it.
        public var question: Question
        /// The exercise asked about; nil for the whole session (`ask: at_end`).
        public var exerciseIndex: Int? { question.exerciseIndex }
        public var set: Int? { question.set }
        /// True while the patient types a note.
        public var editingNote: Bool = false
        public var note: String = ""
        /// The step to start once answered (nil: the session ends).
        var resumeStep: Int?
    }

    /// What a stop rule said: shown while the session waits, and again at the end.
    public struct StopNotice: Sendable, Equatable {
        /// "Discomfort 8 of 10 reached the stop level (7): Plank is stopped for today."
        public var text: String
        /// The program's safety notes, each whole.
        public var safety: [String]
        /// True when the stop ended the session (`end_session`, or no exercise was left).
        public var endedSession: Bool
        /// The step to start once the notice is read.
        var resumeStep: Int?
    }

    /// A page of text over the session, which holds it (paused) while shown.
    public enum Sheet: Sendable, Equatable {
        /// The keys.
        case help
        /// The current exercise's full instructions, equipment and notes.
        case instructions
    }

    /// A message shown for a while ("skipped", the machine slept).
    public struct Notice: Sendable, Equatable {
        public var text: String
        /// Shown until this time, or until the next key when nil.
        public var until: Duration?
    }

    /// A cue queued to sound at a moment on the session clock.
    public struct QueuedCue: Sendable, Equatable {
        public var kind: CueKind
        public var at: Duration
        /// The exercise whose sounds it plays.
        var exercise: Int
    }

    public let timeline: Timeline
    /// Where the program came from, for the session-start event.
    public let origin: SessionOrigin
    public private(set) var options: SessionOptions
    public private(set) var phase: Phase = .ready
    public private(set) var stepIndex = 0
    /// When the current step started (moved forward by pauses).
    public private(set) var stepStart: Duration = .zero
    /// When the current step ends; nil for an open step.
    public private(set) var deadline: Duration?
    public private(set) var startedAt: Duration?
    public private(set) var pausedTotal: Duration = .zero
    public private(set) var notice: Notice?
    /// The last stop rule that fired, if any.
    public private(set) var lastStop: StopNotice?
    /// The exercises a `skip_exercise` stop skipped.
    public private(set) var exercisesStopped = 0
    /// The sheet shown over the session, if any.
    public private(set) var sheet: Sheet?
    /// The page shown of what is paged now (the start screen, a stop notice, a sheet).
    public private(set) var page = 0
    /// How many pages the screen needs for it at its size (the screen says; 1 without one).
    public private(set) var pageCount = 1
    public private(set) var setsDone = 0
    public private(set) var setsSkipped = 0
    /// Every rating given: exercise index (nil for the session) and rating.
    public private(set) var ratings: [(exercise: Int?, rating: Int)] = []
    public private(set) var finishedAt: Duration?

    /// When the current set-side's work began and how much pause had accrued then.
    private var setStart: (at: Duration, paused: Duration)?
    /// The next step's first cues were already queued to sound at the current deadline.
    private var nextPrescheduled = false
    /// Cues queued and not yet due, in time order: the one list of what is still to sound.
    public private(set) var queuedCues: [QueuedCue] = []
    /// The cues a pause took off the queue, put back (shifted by the pause) on resume.
    private var heldCues: [QueuedCue] = []
    /// The session was already paused when the sheet opened (closing it leaves it paused).
    private var sheetOverPause = false
    /// The phase to go back to when the patient doesn't quit after all (a question, a stop notice).
    private var beforeQuit: Phase?

    public init(timeline: Timeline, options: SessionOptions = SessionOptions(), origin: SessionOrigin = SessionOrigin()) {
        self.timeline = timeline
        self.options = options
        self.origin = origin
    }

    public var program: Program { timeline.program }
    public var currentStep: Step? { timeline.steps.indices.contains(stepIndex) ? timeline.steps[stepIndex] : nil }
    /// True once the session is over, or was left at the start screen.
    public var isFinished: Bool {
        switch phase {
        case .finished, .leftAtStart: true
        default: false
        }
    }

    // MARK: Starting

    /// Leaves the start screen: the session starts now (logged) and so does the first step.
    public mutating func begin(at now: Duration) -> [SessionEffect] {
        guard phase == .ready else { return [] }
        startedAt = now
        phase = .running
        let effects: [SessionEffect] = [.begin(at: now), .log(startEvent())]
        guard !timeline.steps.isEmpty else { return effects + finish(.completed, at: now) }
        return effects + enter(0, at: now, prescheduled: false)
    }

    /// Takes the cues whose time has come off the queue, in order (for the plain lines and the bell).
    public mutating func dueCues(through now: Duration) -> [CueKind] {
        let due = queuedCues.prefix { $0.at <= now }
        queuedCues.removeFirst(due.count)
        return due.map(\.kind)
    }

    // MARK: Time

    /// Moves the session to `now`: every step whose deadline has passed ends, at its deadline.
    public mutating func advance(to now: Duration) -> [SessionEffect] {
        var effects: [SessionEffect] = []
        if let n = notice, let until = n.until, until <= now { notice = nil }
        while phase == .running, let end = deadline, end <= now {
            effects += completeStep(at: end, skipped: false)
        }
        return effects
    }

    /// The next moment something changes on its own (a step ends, the countdown shows a new
    /// second, a notice expires, a cue is due); nil when only a key can change anything.
    public func nextWakeup(after now: Duration) -> Duration? {
        var candidates: [Duration] = []
        if let until = notice?.until { candidates.append(until) }
        if let cue = queuedCues.first(where: { $0.at > now }) { candidates.append(cue.at) }
        switch phase {
        case .running:
            if let end = deadline {
                candidates.append(end)
                // The display shows whole seconds left: it changes each time a second passes.
                let left = end - now
                let whole = Duration.seconds(left.components.seconds)
                candidates.append(left == whole ? now + .seconds(1) : now + (left - whole))
            } else {
                // An open step counts up: next whole second since it started.
                let elapsed = now - stepStart
                candidates.append(stepStart + .seconds(elapsed.components.seconds + 1))
            }
        default:
            break
        }
        return candidates.filter { $0 > now }.min()
    }

    // MARK: Input

    public mutating func handle(_ input: SessionInput, at now: Duration) -> [SessionEffect] {
        var effects = advance(to: now)
        switch input {
        case .interrupt:
            effects += quitNow(at: now)
        case .resized:
            break
        case .slept(let duration):
            effects += pause(at: now, saying: "The computer was asleep for \(Self.words(duration))")
        case .stopped(let duration):
            effects += pause(at: now, saying: "Limber was stopped for \(Self.words(duration))")
        case .logBusy(let duration):
            effects += pause(at: now, saying: "The log has been busy for \(Self.words(duration))")
        case .key(let key):
            effects += handle(key, at: now)
        }
        return effects
    }

    private mutating func handle(_ key: Key, at now: Duration) -> [SessionEffect] {
        if key == .ctrlC { return quitNow(at: now) }
        if sheet != nil {
            if turnPage(key) { return [] }
            sheet = nil
            return sheetOverPause ? [] : resume(at: now)
        }
        if notice?.until == nil, notice != nil, phase != .ready {
            // A notice that waits for a key takes the first one (except in the prompts below).
            if case .running = phase { notice = nil; return [] }
            if case .paused = phase, key != .space { notice = nil; return [] }
        }
        switch phase {
        case .ready:
            // A lone Esc does nothing here: it may be an arrow key cut in two by a slow link.
            if key == .char("q") { return quitNow(at: now) }
            if turnPage(key) || key == .up { return [] }
            if key == .space || key == .enter { return begin(at: now) }
            return []
        case .finished, .leftAtStart:
            return []
        case .rating(let prompt):
            return handleRating(key, prompt, at: now)
        case .stopNotice:
            if turnPage(key) || key == .up { return [] }
            if key == .char("q") {
                beforeQuit = phase
                phase = .confirmingQuit(pausedSince: now, wasPaused: true)
                return []
            }
            return dismissStop(at: now)
        case .confirmingQuit(let since, let wasPaused):
            if key == .char("y") || key == .char("Y") {
                if lastStop?.endedSession == true, beforeQuit == .stopNotice { return endAfterStop() }
                return finish(.quit, at: now)
            }
            if let back = beforeQuit {
                beforeQuit = nil
                phase = back
                return []
            }
            phase = .paused(since: since)
            return wasPaused ? [] : resume(at: now)
        case .running, .paused:
            return handleControl(key, at: now)
        }
    }

    private mutating func handleControl(_ key: Key, at now: Duration) -> [SessionEffect] {
        switch key {
        case .space:
            if case .paused = phase {
                notice = nil
                return resume(at: now)
            }
            if currentStep?.isOpen == true { return completeStep(at: now, skipped: false) }
            return pause(at: now)
        case .enter:
            // Enter ends a set of reps the patient counts, as Space does; it never pauses.
            if phase == .running, currentStep?.isOpen == true { return completeStep(at: now, skipped: false) }
            return []
        case .char("p"):
            if case .paused = phase { return resume(at: now) }
            return pause(at: now)
        case .char("n"), .right:
            return skip(at: now)
        case .char("b"), .left:
            return back(at: now)
        case .char("q"):
            let wasPaused: Bool
            let since: Duration
            var effects: [SessionEffect] = []
            if case .paused(let s) = phase {
                wasPaused = true
                since = s
            } else {
                wasPaused = false
                since = now
                effects += pause(at: now)
            }
            phase = .confirmingQuit(pausedSince: since, wasPaused: wasPaused)
            return effects
        case .char("m"):
            options.muted.toggle()
            return [.setMuted(options.muted)]
        case .char("+"), .char("="), .up:
            options.volume = min(100, options.volume + 10)
            return [.setVolume(options.volume)]
        case .char("-"), .char("_"), .down:
            options.volume = max(0, options.volume - 10)
            return [.setVolume(options.volume)]
        case .char("?"), .char("h"):
            return open(.help, at: now)
        case .char("i"):
            return open(.instructions, at: now)
        default:
            return []
        }
    }

    // MARK: Steps

    /// Starts step `index` at `t`, queueing its cues (and the next step's first cues when it
    /// will follow on its own).
    private mutating func enter(_ index: Int, at t: Duration, prescheduled: Bool) -> [SessionEffect] {
        stepIndex = index
        stepStart = t
        heldCues = []
        let step = timeline.steps[index]
        deadline = step.length.map { t + .seconds($0) }
        if step.isOpen, let perRep = options.secondsPerCountedRep, let reps = step.reps {
            deadline = t + .seconds(reps * perRep)
        }
        if timeline.setRange(containing: index)?.first == index {
            setStart = (t, pausedTotal)
        }
        var cues: [QueuedCue] = []
        for cue in timeline.cues(of: step) where !(prescheduled && cue.offset == 0 && !cue.atEnd) {
            if cue.atEnd {
                // An open step's end cues sound as it ends (``completeStep``), even when timed.
                if !step.isOpen, let end = deadline { cues.append(QueuedCue(kind: cue.kind, at: end, exercise: step.exerciseIndex)) }
            } else {
                cues.append(QueuedCue(kind: cue.kind, at: t + .seconds(cue.offset), exercise: step.exerciseIndex))
            }
        }
        return queue(cues) + prescheduleNext()
    }

    /// Queues the next step's opening cues at the current deadline, so they sound on time
    /// rather than a buffer late — unless something (a question, an open step) comes between.
    private mutating func prescheduleNext() -> [SessionEffect] {
        nextPrescheduled = false
        guard let end = deadline, let step = currentStep, !step.isOpen, !(step.asksDiscomfort && options.prompts),
              timeline.steps.indices.contains(stepIndex + 1) else { return [] }
        let next = timeline.steps[stepIndex + 1]
        nextPrescheduled = true
        return queue(timeline.cues(of: next).filter { $0.offset == 0 && !$0.atEnd }.map { QueuedCue(kind: $0.kind, at: end, exercise: next.exerciseIndex) })
    }

    /// Adds `cues` to the queue and asks for them to be played, each with its exercise's sounds.
    private mutating func queue(_ cues: [QueuedCue]) -> [SessionEffect] {
        var effects: [SessionEffect] = []
        var sounds: Int?
        for cue in cues {
            if cue.exercise != sounds {
                sounds = cue.exercise
                effects.append(.sounds(exercise: cue.exercise))
            }
            effects.append(.cue(cue.kind, at: cue.at))
        }
        queuedCues.append(contentsOf: cues)
        queuedCues.sort { $0.at < $1.at }
        return effects
    }

    /// Forgets the queued cues from `from` on.
    private mutating func cancelCues(from: Duration) -> SessionEffect {
        queuedCues.removeAll { $0.at >= from }
        return .cancelCues(from: from)
    }

    /// Ends the current step at `t` (its deadline, or now for an open step or a skip) and
    /// moves on.
    private mutating func completeStep(at t: Duration, skipped: Bool) -> [SessionEffect] {
        guard let step = currentStep else { return [] }
        var effects: [SessionEffect] = []
        if !skipped, step.isOpen {
            // An open step's end cues (exercise done, session done) sound as it is ended.
            effects += queue(timeline.cues(of: step).filter(\.atEnd).map { QueuedCue(kind: $0.kind, at: t, exercise: step.exerciseIndex) })
        }
        let set = timeline.setRange(containing: stepIndex)
        if let set, set.last == stepIndex || skipped {
            effects.append(.log(setEvent(step, set, at: t, skipped: skipped)))
        }
        let prescheduled = nextPrescheduled && !skipped && !step.isOpen
        let next = skipped ? set?.upperBound ?? stepIndex + 1 : stepIndex + 1
        // A skipped set still gets the question its last step would have asked.
        if let question = timeline.steps[next - 1].question, options.prompts {
            phase = .rating(RatingPrompt(question: question, resumeStep: next < timeline.steps.count ? next : nil))
            deadline = nil
            return effects
        }
        guard next < timeline.steps.count else { return effects + finish(completionStatus, at: t, ranToEnd: true) }
        return effects + enter(next, at: t, prescheduled: prescheduled)
    }

    /// How a session that ran to its end ended: completed, unless a stop rule skipped an exercise.
    private var completionStatus: SessionEndStatus { stoppedForDiscomfort ? .stoppedForDiscomfort : .completed }

    private mutating func skip(at now: Duration) -> [SessionEffect] {
        guard let step = currentStep else { return [] }
        var effects: [SessionEffect] = [cancelCues(from: now)]
        if case .paused(let since) = phase {
            pausedTotal += now - since
            phase = .running
        }
        notice = Notice(text: "Skipped", until: now + .seconds(2))
        if step.kind.isWork {
            setsSkipped += 1
            effects += completeStep(at: now, skipped: true)
        } else {
            nextPrescheduled = false
            effects += completeStep(at: now, skipped: false)
        }
        return effects
    }

    private mutating func back(at now: Duration) -> [SessionEffect] {
        guard let step = currentStep else { return [] }
        var effects: [SessionEffect] = [cancelCues(from: now)]
        if case .paused(let since) = phase {
            pausedTotal += now - since
            phase = .running
        }
        var target = step.kind.isTempoPhase ? firstStepOfSet(stepIndex) : stepIndex
        let startOfTarget = target == stepIndex ? stepStart : (setStart?.at ?? stepStart)
        // Back stays within the exercise: the one before is logged and its question answered.
        if now - startOfTarget < .seconds(2), target > 0, timeline.steps[target - 1].exerciseIndex == step.exerciseIndex {
            target = timeline.steps[target - 1].kind.isTempoPhase ? firstStepOfSet(target - 1) : target - 1
        }
        effects += enter(target, at: now, prescheduled: false)
        return effects
    }

    private mutating func pause(at now: Duration) -> [SessionEffect] {
        guard phase == .running else { return [] }
        phase = .paused(since: now)
        heldCues = queuedCues.filter { $0.at >= now }
        return [cancelCues(from: now), .log(LogEvent(type: .pause))]
    }

    /// Pauses a running session for a reason outside it, shown until a key is pressed.
    private mutating func pause(at now: Duration, saying why: String) -> [SessionEffect] {
        guard phase == .running else { return [] }
        notice = Notice(text: "\(why); the session is paused. Press Space to go on.", until: nil)
        return pause(at: now)
    }

    private mutating func resume(at now: Duration) -> [SessionEffect] {
        guard case .paused(let since) = phase else { return [] }
        let held = now - since
        phase = .running
        pausedTotal += held
        stepStart += held
        deadline = deadline.map { $0 + held }
        var event = LogEvent(type: .resume)
        event.pausedSeconds = held.loggedSeconds
        // The cues the pause held back come back, as late as the pause was long.
        let back = heldCues.map { QueuedCue(kind: $0.kind, at: $0.at + held, exercise: $0.exercise) }
        heldCues = []
        return [.log(event)] + queue(back)
    }

    // MARK: Discomfort

    private mutating func handleRating(_ key: Key, _ prompt: RatingPrompt, at now: Duration) -> [SessionEffect] {
        var prompt = prompt
        if prompt.editingNote {
            switch key {
            case .enter: prompt.editingNote = false
            case .escape:
                prompt.editingNote = false
                prompt.note = ""
            case .backspace: if !prompt.note.isEmpty { prompt.note.removeLast() }
            case .space: if prompt.note.count < 200 { prompt.note.append(" ") }
            case .char(let c): if prompt.note.count < 200, !c.isNewline { prompt.note.append(c) }
            default: break
            }
            phase = .rating(prompt)
            return []
        }
        switch key {
        case .char(let c) where c.isASCII && c.isNumber:
            return answer(Int(String(c))!, prompt, at: now)
        case .char("t"), .char("T"):
            return answer(10, prompt, at: now)
        case .char("n"), .char("N"):
            prompt.editingNote = true
            phase = .rating(prompt)
            return []
        case .enter:
            phase = .running
            return continueAfterRating(prompt, at: now)
        case .char("q"):
            // Coming back from the question re-asks it.
            beforeQuit = .rating(prompt)
            phase = .confirmingQuit(pausedSince: now, wasPaused: true)
            return []
        default:
            return []
        }
    }

    private mutating func answer(_ rating: Int, _ prompt: RatingPrompt, at now: Duration) -> [SessionEffect] {
        ratings.append((prompt.exerciseIndex, rating))
        let question = prompt.question
        var event = LogEvent(type: .discomfort)
        if let index = prompt.exerciseIndex {
            event.exercise = program.exercises[index].name
            event.exerciseIndex = index
        }
        event.set = prompt.set
        event.rating = rating
        event.note = prompt.note.isEmpty ? nil : prompt.note
        event.stopAt = question.stopAt
        var effects: [SessionEffect] = [.log(event)]
        phase = .running
        if let stopAt = question.stopAt, rating >= stopAt {
            var stop = LogEvent(type: .stop)
            stop.reason = "discomfort"
            stop.exercise = event.exercise
            stop.exerciseIndex = event.exerciseIndex
            stop.rating = rating
            stop.stopAt = stopAt
            stop.action = question.onStop
            effects.append(.log(stop))
            let reached = "Discomfort \(rating) of 10 reached the stop level (\(stopAt)): "
            let nextExercise = timeline.steps.firstIndex { $0.exerciseIndex > (prompt.exerciseIndex ?? 0) }
            var shown = StopNotice(text: reached + "the session has ended.", safety: program.safety, endedSession: true)
            if question.onStop == .skipExercise {
                shown.text = reached + "\(event.exercise ?? "this exercise") is stopped for today."
                stoppedForDiscomfort = true
                exercisesStopped += 1
                shown.resumeStep = nextExercise
                shown.endedSession = nextExercise == nil
            }
            lastStop = shown
            // The session waits, its clock held, until the patient has read the notice; a stop
            // that ends the session is logged as ending now.
            if shown.endedSession { effects += finish(.stoppedForDiscomfort, at: now) }
            phase = .stopNotice
            page = 0
            deadline = nil
            return effects
        }
        return effects + continueAfterRating(prompt, at: now)
    }

    private var stoppedForDiscomfort = false

    /// The patient has read the stop notice: the next exercise begins, or the end screen shows.
    private mutating func dismissStop(at now: Duration) -> [SessionEffect] {
        guard let stop = lastStop else { return [] }
        if stop.endedSession { return endAfterStop() }
        guard let resume = stop.resumeStep else { return [] }
        phase = .running
        return enter(resume, at: now, prescheduled: false)
    }

    /// Leaves the notice of a stop that already ended (and logged the end of) the session.
    private mutating func endAfterStop() -> [SessionEffect] {
        phase = .finished(.stoppedForDiscomfort)
        return []
    }

    // MARK: Pages and sheets

    /// The screen's page count for what is paged now; the page shown stays within it.
    public mutating func setPageCount(_ count: Int) {
        pageCount = max(1, count)
        page = min(page, pageCount - 1)
    }

    /// Space or ↓ shows the next page, ↑ the one before; true when the key turned a page.
    private mutating func turnPage(_ key: Key) -> Bool {
        if key == .up, page > 0 {
            page -= 1
            return true
        }
        if key == .space || key == .down, page < pageCount - 1 {
            page += 1
            return true
        }
        return false
    }

    /// Shows `sheet` over the session, which holds still until it is closed.
    private mutating func open(_ sheet: Sheet, at now: Duration) -> [SessionEffect] {
        self.sheet = sheet
        page = 0
        pageCount = 1
        if case .paused = phase {
            sheetOverPause = true
            return []
        }
        sheetOverPause = false
        return pause(at: now)
    }

    private mutating func continueAfterRating(_ prompt: RatingPrompt, at now: Duration) -> [SessionEffect] {
        guard let next = prompt.resumeStep else { return finish(completionStatus, at: now, ranToEnd: true) }
        return enter(next, at: now, prescheduled: false)
    }

    // MARK: Ending

    /// Ends at once (Ctrl-C, a signal), logged as quit; at the start screen nothing began, so
    /// nothing is logged.
    private mutating func quitNow(at now: Duration) -> [SessionEffect] {
        guard phase != .ready else {
            phase = .leftAtStart
            return []
        }
        if lastStop?.endedSession == true, phase == .stopNotice || beforeQuit == .stopNotice { return endAfterStop() }
        return finish(.quit, at: now)
    }

    private mutating func finish(_ status: SessionEndStatus, at now: Duration, ranToEnd: Bool = false) -> [SessionEffect] {
        if isFinished { return [] }
        // Ending early silences what was queued; running to the end keeps the closing cue.
        var effects: [SessionEffect] = ranToEnd ? [] : [cancelCues(from: now)]
        heldCues = []
        var held = pausedTotal
        if case .paused(let since) = phase { held += now - since }
        if case .confirmingQuit(let since, _) = phase { held += now - since }
        phase = .finished(status)
        finishedAt = now
        var end = LogEvent(type: .sessionEnd)
        end.endStatus = status
        end.elapsedSeconds = startedAt.map { (now - $0).loggedSeconds } ?? 0
        end.pausedSeconds = held.loggedSeconds
        end.setsDone = setsDone
        end.setsSkipped = setsSkipped
        effects.append(.log(end))
        effects.append(.finish(status))
        return effects
    }

    // MARK: Log events

    /// The first step of the set step `i` belongs to (`i` itself outside the sets).
    private func firstStepOfSet(_ i: Int) -> Int { timeline.setRange(containing: i)?.first ?? i }

    /// The `session_start` event: the program, what it plans, its schedule and stop rule.
    private func startEvent() -> LogEvent {
        var event = LogEvent(type: .sessionStart)
        event.program = .init(title: program.title, path: origin.programPath, sha256: origin.programSHA256)
        let planned = program.exercises.map(LogEvent.PlannedExercise.init)
        event.planned = .init(totalSeconds: timeline.totalSeconds, openSteps: timeline.openStepCount, exercises: planned)
        if let s = program.schedule {
            switch s.frequency {
            case .perWeek(let n):
                event.schedule = .init(perWeek: n, days: nil, perDay: s.perDay, start: s.start?.description, weeks: s.weeks)
            case .weekdays(let days):
                event.schedule = .init(perWeek: nil, days: days.map(\.short), perDay: s.perDay, start: s.start?.description, weeks: s.weeks)
            }
        }
        let rule = program.discomfort
        event.discomfortRule = .init(ask: rule.ask.rawValue, stopAt: rule.stopAt, onStop: rule.onStop.rawValue)
        event.limber = origin.limberVersion
        event.progression = origin.progression
        event.simulatedDate = origin.simulatedDate
        event.patient = origin.patient
        return event
    }

    /// The `set` event for the set `range` (of which `step` is the current step).
    private mutating func setEvent(_ step: Step, _ range: Range<Int>, at t: Duration, skipped: Bool) -> LogEvent {
        let exercise = program.exercises[step.exerciseIndex]
        var event = LogEvent(type: .set)
        event.exercise = exercise.name
        event.exerciseIndex = step.exerciseIndex
        event.set = step.set
        event.sets = step.sets
        event.side = step.side
        event.setStatus = skipped ? .skipped : .done
        if case .reps(let n, _) = exercise.work { event.reps = n }
        if let start = setStart {
            event.seconds = (t - start.at - (pausedTotal - start.paused)).loggedSeconds
        }
        let planned = timeline.steps[range].compactMap(\.length)
        if !step.isOpen { event.plannedSeconds = planned.reduce(0, +) }
        if !skipped { setsDone += 1 }
        return event
    }

    // MARK: Helpers

    static func words(_ d: Duration) -> String {
        let s = Int(d.components.seconds)
        if s < 60 { return "\(s) seconds" }
        if s < 3600 { return "\(s / 60) minute\(s / 60 == 1 ? "" : "s")" }
        return "\(s / 3600) h \((s % 3600) / 60) min"
    }
}
