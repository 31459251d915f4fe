import Foundation
import LimberBasics
import LimberLog
import LimberRun
import LimberSession
import LimberTerminal
import Testing

/// The patient's walkthrough through the real loop on a test clock (issue 12): plain mode that
/// finishes and prints the safety notes, a stop that waits on its text, a summary after q.
@Suite("The patient's session through the runner")
struct PatientRunTests {
    /// A set of reps the patient counts, with no tempo.
    static let counted = """
        limber: 1
        title: Counted
        safety: [Stop if pain is sharp., Seek care for numbness or weakness in a leg.]
        discomfort: { ask: after_exercise, stop_at: 7, on_stop: skip_exercise }
        defaults: { prepare: 0s, rest: 2s, rest_between_exercises: 0s }
        exercises:
          - name: March
            sets: 2
            reps: 4
          - name: Plank
            hold: 2s

        """

    func run(_ h: RunHarness, options: SessionOptions, display: Display? = nil) -> RunOutcome {
        let setup = RunSetup(timeline: h.timeline, origin: SessionOrigin(), options: options, skipStartScreen: true,
                             bell: false, color: false, cueBanks: [])
        let runner = SessionRunner(setup: setup, audio: nil, log: h.log, display: display, input: h.input, inbox: h.inbox,
                                   sessionID: "s1", writeLine: { h.printed.append($0) })
        return runner.run()
    }

    @Test func plainModeWithoutAKeyboardFinishesAndSaysHow() {
        let h = RunHarness(Self.counted)
        let outcome = run(h, options: SessionOptions(prompts: false, secondsPerCountedRep: 3))
        #expect(outcome.exitCode == 0)
        #expect(!h.input.ranDry, "it never waits for a key nobody can press")
        #expect(h.log.saved.last?.event.endStatus == .completed)
        #expect(Array(h.lines.prefix(4)) == [
            "Counted — 0:04 planned",
            "safety: Stop if pain is sharp.",
            "safety: Seek care for numbness or weakness in a leg.",
            "no keyboard: a set of reps you count ends on its own after 3 s a rep",
        ])
        #expect(h.lines.contains("step 1/4 REPS · Space when done · ~0:12 (4 reps × 3 s, ends on its own) · March · Set 1 of 2 · 4 reps"))
        #expect(h.input.now == .seconds(12 + 2 + 12 + 2))
    }

    @Test func plainModeStopShowsTheSafetyNotesAndWaitsForAKey() {
        let h = RunHarness(Self.counted, script: [
            (.seconds(1), .key(.space)), (.seconds(2), .key(.char("n"))), (.seconds(3), .key(.space)),
            (.seconds(4), .key(.char("8"))),   // March: 8 reaches 7, the exercise is stopped
            (.seconds(30), .key(.space)),      // read
        ])
        _ = run(h, options: SessionOptions(prompts: true))
        let stop = h.lines.firstIndex { $0.hasPrefix("stop · ") }
        #expect(stop != nil)
        if let stop {
            #expect(Array(h.lines[stop...].prefix(4)) == [
                "stop · Discomfort 8 of 10 reached the stop level (7): March is stopped for today.",
                "safety: Stop if pain is sharp.",
                "safety: Seek care for numbness or weakness in a leg.",
                "press any key to go on",
            ])
        }
        let plank = h.log.saved.first { $0.event.type == .set && $0.event.exercise == "Plank" }
        #expect(plank?.event.seconds == 2)
        #expect(h.printed.contains { $0.hasPrefix("[12:00:30] step 4/4 HOLD") }, "the next exercise began once the notice was read: \(h.printed)")
    }

    @Test func quittingWithQLeavesTheSummaryInTheTerminal() {
        let h = RunHarness(Self.counted, script: [
            (.seconds(1), .key(.char("q"))), (.seconds(2), .key(.char("y"))), (.seconds(3), .key(.space)),
        ])
        let display = RecordingDisplay()
        _ = run(h, options: SessionOptions(prompts: true), display: display)
        #expect(display.restored)
        #expect(h.lines == ["session quit · 0:02 · sets done 0", "log: /memory/log.jsonl"])
    }

    @Test func aSkipStopThatLetTheRestRunSaysCompletedOnTheEndScreen() {
        let h = RunHarness(Self.counted, script: [
            (.seconds(1), .key(.space)), (.seconds(2), .key(.char("n"))), (.seconds(3), .key(.space)),
            (.seconds(4), .key(.char("8"))), (.seconds(5), .key(.space)),
            (.seconds(8), .key(.enter)),       // Plank's question, skipped
            (.seconds(20), .key(.space)),      // leave the end screen
        ])
        let display = RecordingDisplay()
        _ = run(h, options: SessionOptions(prompts: true), display: display)
        #expect(display.lastFrame.contains("Session completed, with 1 exercise stopped for discomfort"))
        #expect(h.log.saved.last?.event.endStatus == .stoppedForDiscomfort, "the log keeps the safety stop")
        #expect(h.lines.contains("safety: Stop if pain is sharp."), "the summary after the screen repeats the notes")
    }
}
