import Foundation
import LimberAudio
import LimberBasics
import LimberLog
import LimberRun
import LimberSession
import LimberTerminal
import Testing

/// The real runner loop, in-process, on a test clock: no terminal, no device, no file, no sleeps.
@Suite("The session runner on a test clock")
struct SessionRunnerTests {
    /// 1 s get ready, two 2 s Plank holds with 1 s rest, 1 s rest, then 1 s Lunge on each side.
    static let tiny = """
        limber: 1
        title: Tiny
        safety: [Stop if pain is sharp.]
        discomfort: { ask: after_exercise, stop_at: 7 }
        defaults: { prepare: 1s, rest: 1s, rest_between_exercises: 1s, switch: 1s }
        exercises:
          - name: Plank
            sets: 2
            hold: 2s
          - name: Lunge
            sides: [left, right]
            hold: 1s
            prepare: 0s

        """

    static let plainLines = [
        "Tiny — 0:10 planned",
        "safety: Stop if pain is sharp.",
        "step 1/8 GET READY · 0:01 · Plank · 2 sets",
        "cue get_ready",
        "step 2/8 HOLD · 0:02 · Plank · Set 1 of 2",
        "cue start",
        "set done · Plank · set 1 of 2 · logged",
        "step 3/8 REST · 0:01 · Plank · after set 1 of 2",
        "cue rest",
        "step 4/8 HOLD · 0:02 · Plank · Set 2 of 2",
        "cue start",
        "cue last_set",
        "set done · Plank · set 2 of 2 · logged",
        "step 5/8 REST · 0:01 · Lunge · next exercise",
        "cue exercise_done",
        "cue rest",
        "step 6/8 HOLD · 0:01 · Lunge · left side",
        "cue start",
        "set done · Lunge · set 1 of 1 · left side · logged",
        "step 7/8 SWITCH SIDES · 0:01 · Lunge · right side",
        "cue switch_sides",
        "step 8/8 HOLD · 0:01 · Lunge · right side",
        "cue start",
        "set done · Lunge · set 1 of 1 · right side · logged",
        "cue session_done",
        "session completed · 0:10 · sets done 4",
        "log: /memory/log.jsonl",
    ]

    @Test func aWholeShortSessionLogsInOrderAndPrintsPlainLines() {
        let h = RunHarness(Self.tiny)
        let player = RecordingPlayer()
        let outcome = h.run(audio: player)
        #expect(outcome.exitCode == 0)
        #expect(h.log.types == [.sessionStart, .set, .set, .set, .set, .sessionEnd])
        #expect(h.log.saved.first?.event.program?.path == "/p/test.yaml")
        #expect(h.log.saved.last?.event.endStatus == .completed)
        #expect(h.log.saved.last?.event.elapsedSeconds == 10)
        #expect(Set(h.log.saved.map(\.session)) == ["s1"])
        #expect(h.lines == Self.plainLines)
        #expect(h.printed.first == "[12:00:00] Tiny — 0:10 planned")
        #expect(h.printed.last == "[12:00:11] log: /memory/log.jsonl", "stamped after the closing cue rang out")
        // Every planned cue was queued once, at its time; the stream started before the first.
        #expect(player.origin == .zero && player.started && player.stopped)
        #expect(player.scheduled.map { "\($0.kind.rawValue)@\($0.at)" } == h.timeline.cues.map { "\($0.kind.rawValue)@\(Duration.seconds($0.at))" })
        #expect(h.input.now == .milliseconds(11_200), "the closing cue rang out for 1.2 s")
        #expect(!h.input.ranDry)
    }

    @Test func aSetLineIsPrintedOnlyOnceTheLogHoldsTheSet() {
        let h = RunHarness(Self.tiny)
        var savedWhenSaid: [Int] = []
        let log = h.log
        let setup = RunSetup(timeline: h.timeline, origin: SessionOrigin(), options: SessionOptions(prompts: false),
                             skipStartScreen: true, bell: false, color: false, cueBanks: [])
        let runner = SessionRunner(setup: setup, audio: nil, log: log, display: nil, input: h.input, inbox: h.inbox,
                                   writeLine: { line in if line.contains("set done") { savedWhenSaid.append(log.saved.filter { $0.event.type == .set }.count) } })
        _ = runner.run()
        #expect(savedWhenSaid == [1, 2, 3, 4])
    }

    @Test func pauseAndResumeOnTheScreen() {
        let h = RunHarness(Self.tiny, script: [
            (.zero, .key(.space)),                 // begin
            (.milliseconds(1_500), .key(.space)),  // pause half-way through the first hold
            (.milliseconds(31_500), .key(.space)), // resume 30 s later
            (.seconds(100), .key(.char("x"))),     // leave the end screen
        ])
        let player = RecordingPlayer()
        let display = RecordingDisplay()
        let outcome = h.run(audio: player, display: display, skipStartScreen: false)
        #expect(outcome.exitCode == 0)
        #expect(h.printed.isEmpty, "full-screen mode prints nothing")
        #expect(h.log.types == [.sessionStart, .pause, .resume, .set, .set, .set, .set, .sessionEnd])
        #expect(h.log.saved[2].event.pausedSeconds == 30)
        #expect(h.log.saved.last?.event.elapsedSeconds == 40)
        #expect(h.log.saved.last?.event.pausedSeconds == 30)
        #expect(display.frames.contains { $0.joined().contains("PAUSED") })
        #expect(display.frames.first?.joined().contains("Press Space to begin") == true)
        #expect(display.lastFrame.contains("Press any key to exit"))
        #expect(display.entered && display.restored)
        // The cues after the pause sound 30 s late, each once.
        let starts = player.scheduled.filter { $0.kind == .start }.map(\.at)
        #expect(starts == [.seconds(1), .seconds(34), .seconds(37), .seconds(39)])
        #expect(player.cancels == [.milliseconds(1_500)])
    }

    @Test func aDiscomfortStopEndsTheSessionAndShowsTheSafetyText() {
        let h = RunHarness(Self.tiny, script: [
            (.seconds(7), .key(.char("8"))),       // asked after Plank (at 6 s): 8 reaches stop_at 7
            (.seconds(30), .key(.enter)),          // the safety text is read
            (.seconds(60), .key(.enter)),          // leave the end screen
        ])
        let player = RecordingPlayer()
        let display = RecordingDisplay()
        let outcome = h.run(audio: player, display: display, prompts: true)
        #expect(outcome.exitCode == 0)
        #expect(h.log.types == [.sessionStart, .set, .set, .discomfort, .stop, .sessionEnd])
        #expect(h.log.saved[4].event.action == .endSession)
        #expect(h.log.saved.last?.event.endStatus == .stoppedForDiscomfort)
        #expect(display.frames.contains { $0.joined().contains("How much discomfort did you feel during Plank?") })
        #expect(display.lastFrame.contains("Session stopped for discomfort"))
        #expect(display.frames.contains { $0.joined().contains("Press any key for the summary") }, "the stop notice waited")
        #expect(display.lastFrame.contains("the session has ended.") && display.lastFrame.contains("• Stop if pain is sharp."), "the safety text")
        #expect(player.cancels.last == .seconds(7))
        #expect(h.input.now == .seconds(60), "nothing rings out after a stop")
    }

    @Test func aLogThatCannotBeWrittenKeepsEveryEventAndSaysSoOnce() {
        let h = RunHarness(Self.tiny)
        h.log.failure = "can't write to /memory/log.jsonl: No space left on device"
        let outcome = h.run()
        #expect(outcome.exitCode == 0)
        #expect(h.log.saved.isEmpty)
        #expect(h.log.pending.map(\.event.type) == [.sessionStart, .set, .set, .set, .set, .sessionEnd])
        let notices = h.lines.filter { $0.hasPrefix("log: can't") }
        #expect(notices == ["log: can't write to /memory/log.jsonl: No space left on device; events are kept in memory"])
        #expect(h.lines[2] == notices[0], "said as the session starts")
        #expect(h.lines.filter { $0.hasPrefix("set done") }.allSatisfy { $0.hasSuffix("· not yet saved") })
        #expect(h.lines.last == "6 events could not be saved (can't write to /memory/log.jsonl: No space left on device); they are printed to stderr as JSON lines so they can be kept.")
    }

    @Test func aDeviceFailingMidSessionIsSaidOnceAndTheSessionGoesOnSilently() {
        let h = RunHarness(Self.tiny)
        let engine = AudioEngine(sink: DyingCard(failAfterWrites: 5), bank: .synthesised(), time: { .zero }, notice: h.inbox.post)
        h.input.onTick = { engine.pump(until: $0) }
        let outcome = h.run(audio: PumpedEngine(engine))
        #expect(outcome.exitCode == 0)
        #expect(engine.isSilent)
        #expect(h.log.types == [.sessionStart, .set, .set, .set, .set, .sessionEnd])
        let notice = "limber: the sound device \"dying\" stopped working (Input/output error); continuing without sound"
        #expect(h.lines.filter { $0.contains("sound device") } == [notice])
        #expect(h.printed.allSatisfy { $0.range(of: #"^\[\d\d:\d\d:\d\d\] "#, options: .regularExpression) != nil })
        // Apart from the notice, the lines are those of a session with sound.
        #expect(h.lines.filter { $0 != notice } == Self.plainLines)
    }

    @Test func aMissingDeviceIsOneTimestampedLineAfterTheHeader() {
        let h = RunHarness(Self.tiny)
        let notice = AudioOutput.noDeviceNotice(device: "nosuchdevice", reason: "No such file or directory")
        h.inbox.post(notice)
        _ = h.run(audio: PumpedEngine(AudioEngine(sink: nil, bank: .synthesised(), time: { .zero }, notice: h.inbox.post)))
        #expect(h.lines.prefix(2) == ["Tiny — 0:10 planned", notice])
        #expect(h.lines.filter { $0.contains("sound device") }.count == 1)
    }

    @Test func leavingTheStartScreenLogsNothing() {
        for (key, exit) in [(Key.char("q"), Int32(0)), (.ctrlC, 130)] {
            let h = RunHarness(Self.tiny, script: [(.seconds(5), .key(.char("x"))), (.seconds(9), .key(key))])
            let display = RecordingDisplay()
            let outcome = h.run(audio: RecordingPlayer(), display: display, skipStartScreen: false)
            #expect(outcome.exitCode == exit, "\(key)")
            #expect(h.log.saved.isEmpty && h.log.pending.isEmpty, "\(key)")
            #expect(h.printed.isEmpty)
            #expect(display.frames.allSatisfy { $0.joined().contains("Press Space to begin") })
            #expect(display.restored)
        }
    }

    @Test func aSignalEndsTheSessionAsQuitWithItsExitCode() {
        let h = RunHarness(Self.tiny, script: [(.milliseconds(4_500), .signal(SIGTERM))])
        let player = RecordingPlayer()
        let outcome = h.run(audio: player)
        #expect(outcome.exitCode == 128 + SIGTERM)
        #expect(h.log.types == [.sessionStart, .set, .sessionEnd])
        #expect(h.log.saved.last?.event.endStatus == .quit)
        #expect(h.lines.suffix(2) == ["session quit · 0:04 · sets done 1", "log: /memory/log.jsonl"])
        #expect(player.scheduled.allSatisfy { $0.at < .milliseconds(4_500) }, "what was queued is silenced")
        #expect(h.input.now == .milliseconds(4_500), "no ring-out after a quit")
    }

    @Test func eachExerciseCuesWithItsOwnSounds() {
        let h = RunHarness(Self.tiny)
        var plank = CueBank.synthesised()
        plank.override(.start, with: plank.entry(.countdown).tone, source: "plank-start.wav")
        let player = RecordingPlayer()
        _ = h.run(audio: player, banks: [plank, .synthesised()])
        // Plank's sounds for its cues; the rest before Lunge and Lunge's cues use Lunge's.
        let switches = player.banks.enumerated().filter { $0.offset == 0 || player.banks[$0.offset - 1] != $0.element }.map(\.element)
        #expect(switches == ["plank-start.wav", "synthesised"])
    }

    @Test func aSuspendPausesTheSession() {
        let h = RunHarness(Self.tiny, script: [
            (.milliseconds(2_500), .resized), (.seconds(10), .key(.space)), (.seconds(100), .key(.char("x"))),
        ])
        h.input.onTick = { [unowned input = h.input] now in
            if now == .milliseconds(2_500) { input.bootOffset = .seconds(600) }
        }
        let display = RecordingDisplay()
        _ = h.run(display: display)
        #expect(h.log.types == [.sessionStart, .pause, .resume, .set, .set, .set, .set, .sessionEnd])
        #expect(h.log.saved[2].event.pausedSeconds == 7.5)
        #expect(display.frames.contains { $0.joined().contains("The computer was asleep for 10 minutes") })
        #expect(!h.input.ranDry)
    }
}
