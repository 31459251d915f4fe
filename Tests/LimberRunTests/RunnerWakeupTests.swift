import LimberAudio
import LimberBasics
import LimberRun
import LimberSession
import LimberSpeech
import LimberTerminal
import LimberTimeline
import Testing

/// How often the loop wakes, and what the screen shows before the sound is open, on the test clock.
@Suite("The runner's wake-ups and first frame")
struct RunnerWakeupTests {
    /// 5 s get ready, two 10 s holds with a 5 s rest: 30 s, every cue on a whole second.
    static let steady = """
        limber: 1
        title: Steady
        discomfort: { ask: never }
        defaults: { prepare: 5s, rest: 5s }
        exercises:
          - name: Plank
            sets: 2
            hold: 10s

        """

    /// On the screen the loop wakes once per displayed second and no more: each wake-up is a
    /// new whole second of the session (the cues fall on them), and the frames drawn are one
    /// per second.
    @Test func theScreenWakesOncePerDisplayedSecond() {
        let h = RunHarness(Self.steady, script: [(.seconds(60), .key(.char("x")))])
        let display = RecordingDisplay()
        let outcome = h.run(audio: RecordingPlayer(), display: display)
        #expect(outcome.exitCode == 0)
        let during = h.input.waits.compactMap { $0 }.filter { $0 <= .seconds(30) }
        #expect(during == (1...30).map { Duration.seconds($0) }, "one wake-up per second, on the second")
        #expect(h.input.waits.count == 31, "30 seconds, then the end screen waits for a key")
        #expect(display.frames.count == 31)
    }

    /// The sound opens after the first frame is drawn; with `--yes` that frame is the first step
    /// as the session then shows it, and the session (and the stream) starts once the device is
    /// open, so the clock is in step with the sound.
    @Test func theFirstFrameIsDrawnBeforeTheSoundOpens() {
        let h = RunHarness(Self.steady, script: [(.seconds(60), .key(.char("x")))])
        let display = RecordingDisplay()
        let player = RecordingPlayer()
        var framesWhenOpened: Int?
        let runner = Self.runner(h, display: display) { setup in
            framesWhenOpened = display.frames.count
            h.input.sleep(until: .milliseconds(300)) // a slow device
            setup.cueBanks = [.synthesised()]
            return RunOutputs(audio: player)
        }
        #expect(runner.run().exitCode == 0)
        #expect(framesWhenOpened == 1)
        #expect(player.origin == .milliseconds(300), "the session begins once the sound is open")
        #expect(player.started)
        #expect(!player.banks.isEmpty && player.banks.allSatisfy { $0 == "synthesised" }, "the banks the opener gave are used")
        #expect(display.frames.count >= 2)
        #expect(display.frames[0] == display.frames[1], "the early frame is the session's first")
        #expect(display.frames[0].joined().contains("GET READY"))
        #expect(h.log.saved.first?.event.type == .sessionStart)
    }

    /// Without a screen the sound opens before the first line: its notices follow the header.
    @Test func plainModeOpensTheSoundBeforeTheFirstLine() {
        let h = RunHarness(Self.steady)
        var printedWhenOpened: Int?
        let runner = Self.runner(h, display: nil) { _ in
            printedWhenOpened = h.printed.count
            h.inbox.post("no sound: the device is busy")
            return RunOutputs(audio: nil)
        }
        #expect(runner.run().exitCode == 0)
        #expect(printedWhenOpened == 0)
        #expect(Array(h.lines.prefix(2)) == ["Steady — 0:30 planned", "no sound: the device is busy"])
    }

    /// A runner of `h`'s program with `--yes` whose sound `openingOutputs` opens.
    static func runner(_ h: RunHarness, display: Display?, openingOutputs: @escaping (inout RunSetup) -> RunOutputs) -> SessionRunner {
        let setup = RunSetup(timeline: h.timeline, origin: SessionOrigin(programPath: "/p/test.yaml", programSHA256: "00", limberVersion: "test"),
                             options: SessionOptions(prompts: false), skipStartScreen: true, bell: false, color: false, cueBanks: [])
        return SessionRunner(setup: setup, log: h.log, display: display, input: h.input, inbox: h.inbox, sessionID: "s1",
                             openingOutputs: openingOutputs, writeLine: { h.printed.append($0) })
    }
}
