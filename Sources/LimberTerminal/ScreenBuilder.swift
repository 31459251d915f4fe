import LimberBasics
import LimberLog
import LimberProgram
import LimberSession
import LimberTimeline

/// Turns the session's state into what the screen shows. Pure; all text from the program
/// passes through ``TextSanitizer`` so a program can't send escape codes to the terminal.
public enum ScreenBuilder {
    /// The start screen; `page` is the session's page when it takes more than one.
    public static func start(_ timeline: Timeline, audioNote: String?, page: Int = 0, progress: String? = nil) -> StartScreen {
        let p = timeline.program
        var needs: [String] = []
        for equipment in p.exercises.compactMap(\.equipment).map(clean) where !needs.contains(equipment) { needs.append(equipment) }
        return StartScreen(
            title: clean(p.title), author: p.author.map(clean), description: p.description.map(paragraphs),
            safety: p.safety.map(paragraphs), needs: needs,
            exercises: p.exercises.map { (clean($0.name), PlanRenderer.prescription($0, p.defaults)) },
            totalTime: DurationText.clock(timeline.totalSeconds), openSteps: timeline.openStepCount,
            audioNote: audioNote, page: page, progress: progress)
    }

    /// Where a session starting `today` stands in `schedule`, given the days the log shows earlier
    /// sessions starting on: "Session 2 of 2 today · 3 of 10 this week" ("Session 3 of 5 this
    /// week" with one a day); nil without a schedule. Only the sessions' starts are counted: the
    /// report judges which ones count.
    public static func progress(_ schedule: Schedule?, earlierStarts: [CalendarDate], today: CalendarDate) -> String? {
        guard let schedule else { return nil }
        let monday = today.weekStart
        let thisWeek = earlierStarts.filter { $0 >= monday && $0 <= today }.count + 1
        let todays = earlierStarts.filter { $0 == today }.count + 1
        let perWeek = schedule.sessionsPerWeek
        func of(_ n: Int, _ prescribed: Int, _ when: String) -> String {
            n <= prescribed ? "\(n) of \(prescribed) \(when)" : "\(n) \(when) (\(prescribed) prescribed)"
        }
        if schedule.perDay > 1 { return "Session " + of(todays, schedule.perDay, "today") + " · " + of(thisWeek, perWeek, "this week") }
        return "Session " + of(thisWeek, perWeek, "this week")
    }

    /// The session screen; `silent` when nothing can be heard (no device, or it failed).
    public static func session(_ s: Session, at now: Duration, warning: String?, silent: Bool = false) -> SessionScreen {
        let program = s.program
        let step = s.currentStep ?? s.timeline.steps.last!
        let exercise = program.exercises[step.exerciseIndex]
        var time = "0"
        var countsUp = false
        var into = now - s.stepStart
        if case .paused(let since) = s.phase { into = since - s.stepStart }
        if case .confirmingQuit(let since, _) = s.phase { into = since - s.stepStart }
        if let length = step.length {
            let left = Duration.seconds(length) - into
            time = format(max(0, left.secondsRoundedUp))
        } else {
            countsUp = true
            time = DurationText.clock(max(0, Int(into.components.seconds)))
        }
        var overlay: SessionScreen.Overlay?
        switch s.sheet {
        case .help?: overlay = .help
        case .instructions?: overlay = .instructions(sheet(exercise))
        case nil: break
        }
        if case .rating(let prompt) = s.phase {
            let about = prompt.exerciseIndex.map { clean(program.exercises[$0].name) + (prompt.set.map { " (set \($0))" } ?? "") }
            overlay = .rating(question: "How much discomfort did you feel during \(about ?? "this session")?",
                              note: prompt.note, editingNote: prompt.editingNote)
        }
        if s.phase == .stopNotice, let stop = s.lastStop {
            overlay = .stop(text: clean(stop.text), safety: stop.safety.map(paragraphs), endedSession: stop.endedSession)
        }
        if case .confirmingQuit = s.phase { overlay = .confirmQuit }
        let elapsedInStep = min(step.length ?? 0, max(0, Int(into.components.seconds)))
        return SessionScreen(
            title: clean(program.title), phase: phaseWord(step), phaseColor: color(step.kind),
            time: time, countsUp: countsUp, exercise: clean(exercise.name), detail: detail(step, exercise),
            instructions: exercise.instructions.map(clean), equipment: exercise.equipment.map(clean),
            next: next(after: s.stepIndex, in: s.timeline),
            elapsed: step.start + elapsedInStep, total: s.timeline.totalSeconds,
            paused: { if case .paused = s.phase { true } else { false } }(),
            muted: s.options.muted, sound: s.options.sound && !silent, volume: s.options.volume,
            notice: s.notice.map { clean($0.text) }, warning: warning, overlay: overlay, page: s.page)
    }

    /// What the `i` key shows about `exercise`.
    static func sheet(_ exercise: Exercise) -> SessionScreen.ExerciseSheet {
        SessionScreen.ExerciseSheet(
            name: clean(exercise.name), instructions: exercise.instructions.map(paragraphs),
            equipment: exercise.equipment.map(clean), notes: exercise.notes.map(paragraphs), media: exercise.media.map(clean))
    }

    public static func end(_ s: Session, at now: Duration, logPath: String, unsaved: String?, progress: String? = nil) -> EndScreen {
        let program = s.program
        let status: SessionEndStatus = if case .finished(let st) = s.phase { st } else { .quit }
        let taken = s.startedAt.map { Int((now - $0).components.seconds) } ?? 0
        let ratings = s.ratings.map { r in
            (r.exercise.map { clean(program.exercises[$0].name) } ?? "Session") + ": \(r.rating)"
        }
        // A stop that skipped exercises of a session that then ran to its end: completed, with them.
        var words = status.words
        let ranToEnd = status == .stoppedForDiscomfort && s.lastStop?.endedSession == false
        if ranToEnd {
            let n = s.exercisesStopped
            words = "completed, with \(n) exercise\(n == 1 ? "" : "s") stopped for discomfort"
        }
        let stop = status == .stoppedForDiscomfort ? s.lastStop : nil
        return EndScreen(
            title: clean(program.title), status: words, completed: status == .completed || ranToEnd,
            timeTaken: DurationText.clock(taken),
            setsDone: s.setsDone, setsSkipped: s.setsSkipped, ratings: ratings,
            safety: stop?.safety.map(paragraphs) ?? [], notice: stop.map { clean($0.text) },
            logPath: clean(logPath), unsaved: unsaved, progress: progress)
    }

    // MARK: Pieces

    /// The phase as the screen shows it: GET READY, HOLD, REST…
    public static func phaseWord(_ step: Step) -> String {
        switch step.kind {
        case .getReady: "GET READY"
        case .hold: "HOLD"
        case .work: "WORK"
        case .reps: "REPS · Space when done"
        case .tempoUp: "UP"
        case .tempoHold: "HOLD"
        case .tempoDown: "DOWN"
        case .rest: "REST"
        case .switchSides: "SWITCH SIDES"
        }
    }

    static func color(_ kind: StepKind) -> Styled.Color {
        switch kind {
        case .getReady: .yellow
        case .hold, .work, .reps: .green
        case .tempoUp, .tempoHold, .tempoDown: .cyan
        case .rest: .blue
        case .switchSides: .magenta
        }
    }

    /// "Set 2 of 3 · left side · rep 4 of 12".
    public static func detail(_ step: Step, _ exercise: Exercise) -> String {
        var parts: [String] = []
        if step.kind == .getReady, exercise.sets > 1 { parts.append("\(exercise.sets) sets") }
        if step.sets > 1, step.kind != .rest { parts.append("Set \(step.set) of \(step.sets)") }
        if step.kind == .rest, step.sets > 1 { parts.append("after set \(step.set) of \(step.sets)") }
        if let side = step.side { parts.append("\(side.rawValue) side") }
        if let rep = step.rep, let reps = step.reps { parts.append("rep \(rep) of \(reps)") }
        else if step.kind == .reps, let reps = step.reps { parts.append("\(reps) reps") }
        if step.betweenExercises { parts.append("next exercise") }
        return parts.joined(separator: " · ")
    }

    static func next(after index: Int, in timeline: Timeline) -> String? {
        // Skip the remaining phases of a tempo rep sequence: say what comes after the set.
        let i = timeline.steps[index].kind.isTempoPhase ? timeline.setRange(containing: index)?.upperBound ?? index + 1 : index + 1
        guard i < timeline.steps.count else { return "Next: the end" }
        let step = timeline.steps[i]
        let name = clean(timeline.program.exercises[step.exerciseIndex].name)
        let length = step.length.map { " " + DurationText.clock($0) } ?? ""
        switch step.kind {
        case .rest: return "Next: rest\(length)" + (step.betweenExercises ? ", then \(name)" : "")
        case .getReady: return "Next: \(name)"
        case .switchSides: return "Next: switch to the \(step.side?.rawValue ?? "other") side"
        default:
            var text = "Next: \(name)"
            if step.sets > 1 { text += ", set \(step.set) of \(step.sets)" }
            if let side = step.side { text += ", \(side.rawValue) side" }
            return text
        }
    }

    /// Seconds below a minute as "45", longer as "1:30".
    static func format(_ seconds: Int) -> String {
        seconds < 60 ? String(seconds) : DurationText.clock(seconds)
    }

    static func clean(_ text: String) -> String { TextSanitizer.singleLine(text) }

    /// Longer text made harmless with its line breaks kept, for text shown whole (wrapped).
    static func paragraphs(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { clean(String($0)) }.joined(separator: "\n")
    }
}
