import LimberLog
import LimberProgram
import LimberSession
import LimberTimeline
import Testing

@Suite("The session state machine on a controllable clock")
struct SessionTests {
    static let header = """
        limber: 1
        title: Test
        safety: [Stop if pain is sharp.]
        schedule: { per_week: 3 }

        """

    /// Two holds: 5 s get ready, 2 sets of 10 s with 5 s rest; then 10 s between exercises.
    static let holds = header + """
        discomfort: { ask: never }
        defaults: { prepare: 5s, rest: 5s, rest_between_exercises: 10s, switch: 3s }
        exercises:
          - name: Plank
            sets: 2
            hold: 10s
          - name: Lunge
            sides: [left, right]
            hold: 10s
        """

    @Test func aWholeSessionEndsExactlyWhenItsPlanSays() {
        var d = SessionDriver(Self.holds)
        let total = d.session.timeline.totalSeconds
        #expect(total == 5 + 10 + 5 + 10 + 10 + 5 + 10 + 3 + 10)
        d.now = .seconds(1_000)
        d.begin()
        d.runUntilIdle()
        #expect(d.finished == .completed)
        #expect(d.session.finishedAt == .seconds(1_000 + total))
        #expect(d.setEvents.map { "\($0.exercise!) \($0.set!)/\($0.sets!) \($0.side?.rawValue ?? "-") \($0.status!) \($0.seconds!)s" } == [
            "Plank 1/2 - done 10.0s", "Plank 2/2 - done 10.0s", "Lunge 1/1 left done 10.0s", "Lunge 1/1 right done 10.0s",
        ])
        #expect(d.end?.status == "completed")
        #expect(d.end?.elapsedSeconds == Double(total))
        #expect(d.end?.setsDone == 4)
    }

    @Test func cuesAreQueuedAtTheirPlannedTimes() {
        var d = SessionDriver(Self.holds)
        d.begin()
        d.runUntilIdle()
        let planned = d.session.timeline.cues.map { "\($0.kind.rawValue)@\($0.at)" }
        let played = d.cues.map { "\($0.0.rawValue)@\($0.1.components.seconds)" }
        #expect(played == planned)
    }

    @Test func pauseShiftsEveryDeadlineByThePausedTime() {
        var d = SessionDriver(Self.holds)
        d.begin()
        d.wait(.seconds(8))          // 3 s into the first hold
        d.press(.space)
        #expect(d.session.phase == .paused(since: .seconds(8)))
        #expect(d.cancels == [.seconds(8)])
        d.wait(.seconds(60))         // nothing moves while paused
        #expect(d.setEvents.isEmpty)
        d.press(.space)
        d.runUntilIdle()
        #expect(d.session.finishedAt == .seconds(d.session.timeline.totalSeconds + 60))
        // The hold still lasted 10 s of work; the pause is not counted in it.
        #expect(d.setEvents.first?.seconds == 10)
        let pauses: [LogEventType] = d.logs.map(\.type).filter { $0 == .pause || $0 == .resume }
        #expect(pauses == [.pause, .resume])
        #expect(d.logs.first { $0.type == .resume }?.pausedSeconds == 60)
        // The cues after the pause came 60 s later than planned, none twice.
        let halfway = d.cues.filter { $0.0 == .halfway }.map(\.1)
        #expect(halfway == [.seconds(70), .seconds(85), .seconds(110), .seconds(123)])
    }

    @Test func skipEndsTheStepAndLogsTheSetAsSkipped() {
        var d = SessionDriver(Self.holds)
        d.begin()
        d.wait(.seconds(7))
        d.press(.char("n"))
        #expect(d.setEvents.map(\.status) == ["skipped"])
        #expect(d.session.currentStep?.kind == .rest)
        #expect(d.session.stepStart == .seconds(7))
        d.press(.right) // skip the rest too: rests are not logged
        #expect(d.setEvents.count == 1)
        #expect(d.session.currentStep?.kind == .hold)
        d.runUntilIdle()
        #expect(d.end?.setsSkipped == 1)
        #expect(d.end?.setsDone == 3)
        #expect(d.finished == .completed)
    }

    @Test func backRestartsTheStepOrGoesToThePreviousOneEarlyOn() {
        var d = SessionDriver(Self.holds)
        d.begin()
        d.wait(.seconds(12))                  // 7 s into the first hold (step 1)
        d.press(.char("b"))
        #expect(d.session.stepIndex == 1)
        #expect(d.session.stepStart == .seconds(12))
        #expect(d.session.deadline == .seconds(22))
        d.wait(.seconds(1))                   // within 2 s of the restart: back goes to get-ready
        d.press(.left)
        #expect(d.session.stepIndex == 0)
        #expect(d.session.deadline == .seconds(18))
    }

    static let reps = header + """
        discomfort: { ask: never }
        defaults: { prepare: 0s, rest: 5s, rest_between_exercises: 0s }
        exercises:
          - name: March
            sets: 2
            reps: 10
          - name: Bridge
            reps: 2
            tempo: 1-1-1
        """

    @Test func openStepsWaitForSpace() {
        var d = SessionDriver(Self.reps)
        d.begin()
        d.wait(.seconds(300))
        #expect(d.setEvents.isEmpty, "an open step never ends by itself")
        #expect(d.session.currentStep?.isOpen == true)
        d.press(.space)
        #expect(d.setEvents.last?.seconds == 300)
        #expect(d.setEvents.last?.reps == 10)
        #expect(d.setEvents.last?.plannedSeconds == nil)
        #expect(d.session.currentStep?.kind == .rest)
        d.wait(.seconds(5))
        d.press(.space)
        d.runUntilIdle()
        // The tempo set is one set event after all its phases.
        #expect(d.setEvents.map { "\($0.exercise!) \($0.set!)" } == ["March 1", "March 2", "Bridge 1"])
        #expect(d.setEvents.last?.seconds == 6)
        #expect(d.setEvents.last?.plannedSeconds == 6)
        #expect(d.finished == .completed)
    }

    @Test func skippingATempoPhaseSkipsTheWholeSet() {
        var d = SessionDriver(Self.reps)
        d.begin()
        d.press(.space)
        d.press(.char("n")) // skip rest
        d.press(.space)     // second March set done
        #expect(d.session.currentStep?.kind == .tempoUp)
        d.press(.char("n"))
        #expect(d.finished == .completed)
        #expect(d.setEvents.last?.status == "skipped")
        #expect(d.setEvents.last?.exercise == "Bridge")
    }

    static let rated = header + """
        discomfort: { ask: after_exercise, stop_at: 7, on_stop: end_session }
        defaults: { prepare: 0s, rest: 5s, rest_between_exercises: 5s }
        exercises:
          - name: Plank
            hold: 10s
          - name: Lunge
            hold: 10s
            discomfort: { stop_at: 5, on_stop: skip_exercise }
          - name: Rolling
            duration: 10s
        """

    @Test func ratingsAreAskedAndLogged() {
        var d = SessionDriver(Self.rated)
        d.begin()
        d.wait(.seconds(10))
        guard case .rating(let prompt) = d.session.phase else { Issue.record("not asking"); return }
        #expect(prompt.exerciseIndex == 0)
        d.wait(.seconds(30)) // the question waits
        d.press(.char("n"))
        for c in "knee ok" { d.press(c == " " ? .space : .char(c)) }
        d.press(.enter)
        d.press(.char("3"))
        let rating = d.logs.first { $0.type == .discomfort }
        #expect(rating?.rating == 3)
        #expect(rating?.note == "knee ok")
        #expect(rating?.exercise == "Plank")
        #expect(rating?.stopAt == 7)
        // The rest between exercises starts when the question is answered.
        #expect(d.session.stepStart == .seconds(40))
        d.wait(.seconds(15))
        d.press(.char("t")) // 10 on the Lunge: its own rule skips the exercise
        #expect(d.logs.last { $0.type == .discomfort }?.rating == 10)
        let stop = d.logs.first { $0.type == .stop }
        #expect(stop?.action == .skipExercise)
        #expect(stop?.stopAt == 5)
        #expect(d.session.phase == .stopNotice, "the session waits on the safety text")
        #expect(d.session.lastStop?.safety == ["Stop if pain is sharp."])
        #expect(d.session.lastStop?.text == "Discomfort 10 of 10 reached the stop level (5): Lunge is stopped for today.")
        d.wait(.seconds(60))
        #expect(d.session.phase == .stopNotice, "the clock is held meanwhile")
        d.press(.space)     // dismisses the notice: the next exercise starts now
        #expect(d.session.timeline.steps[d.session.stepIndex].exerciseIndex == 2)
        #expect(d.session.stepStart == .seconds(115))
        d.runUntilIdle()
        d.press(.enter)     // skips the last question
        #expect(d.finished == .stoppedForDiscomfort)
        #expect(d.logs.filter { $0.type == .discomfort }.count == 2)
    }

    @Test func aHighRatingEndsTheSessionWhenTheProgramSaysSo() {
        var d = SessionDriver(Self.rated)
        d.begin()
        d.wait(.seconds(10))
        d.press(.char("8"))
        #expect(d.finished == .stoppedForDiscomfort)
        let types: [LogEventType] = d.logs.map(\.type)
        #expect(types == [.sessionStart, .set, .discomfort, .stop, .sessionEnd])
        #expect(d.end?.status == "stopped_discomfort")
        #expect(d.session.phase == .stopNotice, "logged as ended, shown until read")
        #expect(d.session.lastStop?.text == "Discomfort 8 of 10 reached the stop level (7): the session has ended.")
        #expect(d.session.lastStop?.safety == ["Stop if pain is sharp."])
        d.press(.space)
        #expect(d.session.phase == .finished(.stoppedForDiscomfort))
        #expect(d.logs.count == types.count, "nothing more is logged")
    }

    @Test func noPromptsMeansNoQuestions() {
        var d = SessionDriver(Self.rated, options: SessionOptions(prompts: false))
        d.begin()
        d.runUntilIdle()
        #expect(d.finished == .completed)
        #expect(!d.logs.contains { $0.type == .discomfort })
    }

    @Test func quitAsksFirstAndInterruptDoesNot() {
        var d = SessionDriver(Self.holds)
        d.begin()
        d.wait(.seconds(6))
        d.press(.char("q"))
        guard case .confirmingQuit = d.session.phase else { Issue.record("no confirmation"); return }
        d.wait(.seconds(20))
        d.press(.char("n"))          // not quitting: carry on where we were
        #expect(d.session.phase == .running)
        #expect(d.session.deadline == .seconds(35))
        d.send(.interrupt)
        #expect(d.finished == .quit)
        #expect(d.end?.status == "quit")
    }

    @Test func sleepPausesInsteadOfSkippingAhead() {
        var d = SessionDriver(Self.holds)
        d.begin()
        d.wait(.seconds(7))
        d.send(.slept(.seconds(600)))
        #expect(d.session.phase == .paused(since: .seconds(7)))
        #expect(d.session.notice?.text == "The computer was asleep for 10 minutes; the session is paused. Press Space to go on.")
        d.press(.space)
        #expect(d.session.phase == .running)
        #expect(d.session.notice == nil)
    }

    @Test func theStartScreenBeginsOnSpaceOrEnterAndLogsTheStart() {
        for key in [Key.space, .enter] {
            var d = SessionDriver(Self.holds, origin: SessionOrigin(programPath: "/p/holds.yaml", programSHA256: "abc", limberVersion: "9.9"))
            #expect(d.session.phase == .ready)
            d.now = .seconds(3)
            d.press(key)
            #expect(d.session.phase == .running)
            #expect(d.session.startedAt == .seconds(3))
            let start = d.logs.first
            #expect(start?.type == .sessionStart)
            #expect(start?.program?.path == "/p/holds.yaml")
            #expect(start?.program?.sha256 == "abc")
            #expect(start?.limber == "9.9")
            #expect(start?.planned?.totalSeconds == d.session.timeline.totalSeconds)
            #expect(start?.planned?.exercises.map(\.name) == ["Plank", "Lunge"])
        }
    }

    @Test func leavingTheStartScreenLogsNothing() {
        for input in [SessionInput.key(.char("q")), .key(.ctrlC), .interrupt] {
            var d = SessionDriver(Self.holds)
            d.send(.key(.char("x")))
            d.send(.key(.escape))
            #expect(d.session.phase == .ready, "other keys wait; a lone Esc may be half an arrow key")
            d.send(input)
            #expect(d.session.phase == .leftAtStart, "\(input)")
            #expect(d.session.isFinished)
            #expect(d.logs.isEmpty, "\(input)")
            d.press(.space)
            #expect(d.session.phase == .leftAtStart, "nothing begins after leaving")
        }
    }

    /// Two sets asked after each; the whole session asked at the end with its own stop level.
    static let perSet = header + """
        discomfort: { ask: at_end, stop_at: 9 }
        defaults: { prepare: 0s, rest: 5s, rest_between_exercises: 0s }
        exercises:
          - name: Plank
            sets: 2
            hold: 10s
            discomfort: { ask: after_set, stop_at: 6, on_stop: skip_exercise }
          - name: Bridge
            hold: 10s
        """

    @Test func theQuestionComesFromTheStepAndCarriesItsStopRule() {
        var d = SessionDriver(Self.perSet)
        let asked = d.session.timeline.steps.compactMap(\.question)
        #expect(asked == [
            Question(exerciseIndex: 0, set: 1, stopAt: 6, onStop: .skipExercise),
            Question(exerciseIndex: 0, set: 2, stopAt: 6, onStop: .skipExercise),
            Question(exerciseIndex: nil, set: nil, stopAt: 9, onStop: .endSession),
        ])
        d.begin()
        d.wait(.seconds(10))
        guard case .rating(let prompt) = d.session.phase else { Issue.record("not asking"); return }
        #expect(prompt.exerciseIndex == 0 && prompt.set == 1)
        d.press(.char("6"))            // Plank's own stop level: the exercise is skipped
        #expect(d.logs.last { $0.type == .discomfort }?.set == 1)
        #expect(d.logs.last?.type == .stop)
        #expect(d.logs.last?.action == .skipExercise)
        d.press(.space)                // dismisses the notice
        #expect(d.session.currentStep?.exerciseIndex == 1)
        d.runUntilIdle()
        guard case .rating(let last) = d.session.phase else { Issue.record("no session question"); return }
        #expect(last.exerciseIndex == nil)
        d.press(.char("8"))            // below the session's 9
        #expect(d.finished == .stoppedForDiscomfort, "the skipped exercise still marks the session")
        #expect(d.logs.filter { $0.type == .stop }.count == 1)
    }

    @Test func aSkippedTempoSetIsOneRangeAndResumeQueuesTheHeldCuesOnce() {
        var d = SessionDriver(Self.reps)
        let tempo = d.session.timeline.steps.firstIndex { $0.kind.isTempoPhase }!
        let range = d.session.timeline.setRange(containing: tempo + 2)
        #expect(range == tempo..<tempo + 6, "two reps of up, hold, down")
        #expect(d.session.timeline.setRange(containing: 0) == 0..<1, "an open reps step is its own set")
        #expect(d.session.timeline.setRange(containing: 1) == nil, "a rest is in no set")
        d.begin()
        d.press(.space)
        d.press(.char("n"))
        d.press(.space)
        d.wait(.milliseconds(1_500))   // halfway into the first tempo step's successor
        d.press(.space)
        #expect(d.session.queuedCues.isEmpty, "a pause empties the queue")
        d.wait(.seconds(30))
        d.press(.space)
        #expect(d.session.queuedCues.map(\.at) == [.seconds(32)], "the next phase's cue, 30 s later")
        d.wait(.milliseconds(500))
        #expect(d.played.suffix(2) == [.tempoHold, .tempoDown], "each once")
        #expect(d.session.queuedCues.map(\.kind) == [.tempoUp], "the one after it")
    }

    @Test func volumeAndMuteKeys() {
        var d = SessionDriver(Self.holds, options: SessionOptions(volume: 50))
        d.begin()
        #expect(d.session.handleCopy(.key(.char("+"))).contains(.setVolume(60)))
        #expect(d.session.handleCopy(.key(.char("m"))).contains(.setMuted(true)))
    }

    @Test func displayWakesOncePerSecondAndAtTheDeadline() {
        var d = SessionDriver(Self.holds)
        d.begin()
        #expect(d.session.nextWakeup(after: .zero) == .seconds(1))
        #expect(d.session.nextWakeup(after: .milliseconds(4_300)) == .seconds(5))
        d.press(.space)
        #expect(d.session.nextWakeup(after: .zero) == nil, "nothing ticks while paused")
    }
}

extension Session {
    /// Applies an input to a copy, for checking effects without moving the test's session.
    func handleCopy(_ input: SessionInput) -> [SessionEffect] {
        var copy = self
        return copy.handle(input, at: .zero)
    }
}
