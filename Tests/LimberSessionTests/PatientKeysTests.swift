import LimberLog
import LimberProgram
import LimberSession
import LimberTimeline
import Testing

/// The keys a patient found wrong (issue 12): back across an exercise, Enter on an open set,
/// help that hid the countdown, `=` for volume; and open sets that end on their own without a keyboard.
@Suite("Patient keys on a controllable clock")
struct PatientKeysTests {
    /// Plank twice (asked after), then Lunge straight away: no rest, no get-ready between them.
    static let twoExercises = SessionTests.header + """
        discomfort: { ask: after_exercise, stop_at: 9 }
        defaults: { prepare: 0s, rest: 5s, rest_between_exercises: 0s }
        exercises:
          - name: Plank
            sets: 2
            hold: 10s
          - name: Lunge
            hold: 10s
        """

    @Test func backTwiceAtTheStartOfAnExerciseStaysInIt() {
        var d = SessionDriver(Self.twoExercises)
        d.begin()
        d.wait(.seconds(25))                 // both Plank sets done: the question
        d.press(.char("3"))
        #expect(d.session.currentStep?.exerciseIndex == 1)
        d.wait(.seconds(1))
        d.press(.char("b"))
        d.press(.char("b"))                  // within 2 s: the step before is Plank's, already done
        #expect(d.session.currentStep?.exerciseIndex == 1, "back doesn't cross into the exercise before")
        d.runUntilIdle()
        d.press(.enter)                      // skip Lunge's question
        #expect(d.setEvents.map { "\($0.exercise!) \($0.set!)" } == ["Plank 1", "Plank 2", "Lunge 1"])
        #expect(d.end?.setsDone == 3)
        #expect(d.logs.filter { $0.type == .discomfort }.count == 1, "Plank was asked about once")
    }

    @Test func enterEndsAnOpenSetLikeSpaceAndNeverPauses() {
        var d = SessionDriver(SessionTests.reps)
        d.begin()
        d.wait(.seconds(12))
        d.press(.enter)
        #expect(d.setEvents.last?.seconds == 12)
        #expect(d.session.currentStep?.kind == .rest)
        d.press(.enter)
        #expect(d.session.phase == .running, "Enter on a timed step does nothing")
    }

    @Test func helpPausesTheSessionUntilClosed() {
        var d = SessionDriver(SessionTests.holds)
        d.begin()
        d.wait(.seconds(7))
        d.press(.char("?"))
        #expect(d.session.sheet == .help)
        #expect(d.session.phase == .paused(since: .seconds(7)))
        d.wait(.seconds(60))
        #expect(d.setEvents.isEmpty, "nothing ran on behind the help")
        d.press(.char("x"))                  // any key closes it, and the session goes on
        #expect(d.session.sheet == nil && d.session.phase == .running)
        #expect(d.session.deadline == .seconds(15 + 60))
        #expect(d.logs.map(\.type).suffix(2) == [.pause, .resume])
        // Opened while paused, it leaves the session paused.
        d.press(.space)
        d.press(.char("?"))
        d.press(.char("x"))
        if case .paused = d.session.phase {} else { Issue.record("expected paused, got \(d.session.phase)") }
    }

    @Test func equalsRaisesTheVolumeLikePlus() {
        var d = SessionDriver(SessionTests.holds, options: SessionOptions(volume: 50))
        d.begin()
        #expect(d.session.handleCopy(.key(.char("="))).contains(.setVolume(60)))
    }

    @Test func withoutAKeyboardAnOpenSetEndsOnItsOwn() {
        var d = SessionDriver(SessionTests.reps, options: SessionOptions(prompts: false, secondsPerCountedRep: 3))
        d.begin()
        d.runUntilIdle()
        #expect(d.finished == .completed)
        #expect(d.setEvents.prefix(2).map(\.seconds) == [30, 30], "10 reps × 3 s")
        #expect(d.played.filter { $0 == .start }.count == 3, "each set's start cue once")
    }

    @Test func quittingFromAStopNoticeOfAnEndedSessionKeepsItsStatus() {
        var d = SessionDriver(SessionTests.rated)
        d.begin()
        d.wait(.seconds(10))
        d.press(.char("8"))
        d.press(.char("q"))
        d.press(.char("y"))
        #expect(d.session.phase == .finished(.stoppedForDiscomfort))
        #expect(d.logs.filter { $0.type == .sessionEnd }.count == 1)
        var e = SessionDriver(SessionTests.rated)
        e.begin()
        e.wait(.seconds(10))
        e.press(.char("8"))
        e.send(.interrupt)
        #expect(e.session.phase == .finished(.stoppedForDiscomfort))
        #expect(e.logs.filter { $0.type == .sessionEnd }.count == 1)
    }
}
