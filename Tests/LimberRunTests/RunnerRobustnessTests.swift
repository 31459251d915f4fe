import Foundation
import LimberAudio
import LimberBasics
import LimberLog
import LimberRun
import LimberSession
import LimberTerminal
import Testing

/// The runner when the world misbehaves: a log that stalls, a process stopped and continued,
/// signals of every kind, keys cut in two. The real loop on a test clock, as in SessionRunnerTests.
@Suite("The session runner under stalls, stops and signals")
struct RunnerRobustnessTests {
    /// 1 s get ready, then three 5 s Plank holds with 1 s rest: sets end at 6, 12 and 18 s.
    static let slow = """
        limber: 1
        title: Slow
        safety: [Stop if pain is sharp.]
        defaults: { prepare: 1s, rest: 1s }
        exercises:
          - name: Plank
            sets: 3
            hold: 5s

        """

    /// The seconds into the session at which each set event was stamped.
    private func setSeconds(_ lines: [LogLine]) -> [Double] {
        lines.filter { $0.event.type == .set }.map { line in
            // "2030-01-01T12:00:03.000+01:00": the clock time after noon.
            let clock = line.ts.dropFirst(11).prefix(12).split(separator: ":").compactMap { Double($0) }
            return (clock[0] - 12) * 3600 + clock[1] * 60 + clock[2]
        }
    }

    // MARK: A busy log (issue 11, #1)

    /// Holds the harness's log as behind another process's lock, until `until` on the test clock.
    private func lock(_ h: RunHarness, until: Duration?) {
        h.log.locked = true
        h.log.clock = { [unowned input = h.input] in input.now }
        guard let until else { return }
        h.input.onTick = { [unowned log = h.log] now in if now >= until { log.locked = false } }
    }

    @Test func aShortStallNeitherFreezesTheSessionNorFastForwardsIt() {
        let h = RunHarness(SessionRunnerTests.tiny)
        lock(h, until: .seconds(4))
        let outcome = h.run()
        #expect(outcome.exitCode == 0 && outcome.unsaved.isEmpty)
        #expect(h.log.types == [.sessionStart, .set, .set, .set, .set, .sessionEnd])
        // Each set stamped when it happened, not all at once when the lock came free.
        #expect(setSeconds(h.log.saved) == [3, 6, 8, 10])
        #expect(h.lines.filter { $0 == SessionRunner.busyNotice }.count == 1, "the stall said once")
        // The first set is said only once saved, at 4 s; while the log is busy the step and
        // cue lines go on without it. The lines are those of any session, once each.
        let first = h.printed.firstIndex { $0.contains("set done · Plank · set 1 of 2") }!
        #expect(h.printed[first] == "[12:00:04] set done · Plank · set 1 of 2 · logged")
        #expect(h.printed[first - 1] == "[12:00:03] cue rest")
        #expect(h.lines.filter { $0 != SessionRunner.busyNotice }.sorted() == SessionRunnerTests.plainLines.sorted())
    }

    @Test func aLongStallPausesTheSessionUntilTheLogIsSaved() {
        let h = RunHarness(Self.slow)
        lock(h, until: .seconds(30))
        let outcome = h.run()
        #expect(outcome.exitCode == 0)
        #expect(h.log.types == [.sessionStart, .set, .pause, .resume, .set, .set, .sessionEnd])
        #expect(h.log.saved[3].event.pausedSeconds == 20, "paused at 10 s, going on at 30 s")
        #expect(setSeconds(h.log.saved) == [6, 32, 38])
        #expect(h.lines.contains("paused · the log has been busy for 0:10 · going on once it is saved"))
        #expect(h.log.saved.last?.event.endStatus == .completed)
    }

    @Test func aLongStallOnTheScreenIsShownAndPauses() {
        let h = RunHarness(Self.slow, script: [(.seconds(40), .key(.space)), (.seconds(100), .key(.char("x")))])
        lock(h, until: .seconds(30))
        let display = RecordingDisplay()
        _ = h.run(display: display)
        #expect(display.frames.contains { $0.joined().contains(SessionRunner.busyNotice) })
        #expect(display.frames.contains { $0.joined().contains("The log has been busy for 10 seconds; the session is paused.") })
        #expect(h.log.types == [.sessionStart, .set, .pause, .resume, .set, .set, .sessionEnd])
        #expect(h.log.saved[3].event.pausedSeconds == 30, "paused at 10 s until Space at 40 s")
    }

    @Test func aSignalDuringAStallIsAQuitAndNothingIsSaidLoggedThatIsNot() {
        for sig in [SIGTERM, SIGINT] {
            let h = RunHarness(SessionRunnerTests.tiny, script: [(.milliseconds(4_500), .signal(sig))])
            lock(h, until: nil)
            let outcome = h.run()
            #expect(outcome.exitCode == 128 + sig)
            #expect(outcome.unsaved.map(\.event.type) == [.sessionStart, .set, .sessionEnd])
            #expect(outcome.unsaved.last?.event.endStatus == .quit)
            #expect(outcome.unsavedReason == "the log was still busy")
            #expect(!h.lines.contains { $0.hasSuffix("· logged") })
            #expect(h.lines.contains("set done · Plank · set 1 of 2 · not yet saved"))
            #expect(h.lines.last == "3 events could not be saved (the log was still busy); they are printed to stderr as JSON lines so they can be kept.")
            #expect(h.log.closed)
        }
    }

    @Test func theStoresNoticesGoThroughTheOneNoticeChannel() {
        let h = RunHarness(SessionRunnerTests.tiny)
        h.log.notices = ["limber: the log was made private (0600)"]
        _ = h.run()
        #expect(h.lines.prefix(2) == ["Tiny — 0:10 planned", "limber: the log was made private (0600)"])
        #expect(h.lines.filter { $0.contains("made private") }.count == 1)
    }

    @Test func theLogPathIsShownHarmless() {
        let h = RunHarness(SessionRunnerTests.tiny, script: [(.seconds(100), .key(.char("x")))])
        h.log.path = "/tmp/\u{1B}]0;owned\u{07}log.jsonl"
        _ = h.run()
        let display = RecordingDisplay()
        let h2 = RunHarness(SessionRunnerTests.tiny, script: [(.seconds(100), .key(.char("x")))])
        h2.log.path = h.log.path
        _ = h2.run(display: display)
        let said = h.printed.joined() + display.frames.joined().joined()
        #expect(!said.contains("\u{1B}]") && !said.contains("\u{07}"))
        #expect(h.lines.last?.hasPrefix("log: /tmp/") == true)
    }

    // MARK: Stop and continue (#3)

    @Test func sigtstpRestoresTheTerminalStopsAndPausesWhereItStopped() {
        let h = RunHarness(SessionRunnerTests.tiny, script: [
            (.milliseconds(2_500), .stopRequested), (.seconds(40), .key(.space)), (.seconds(100), .key(.char("x"))),
        ])
        h.input.stopsFor = .seconds(30)
        let display = RecordingDisplay()
        _ = h.run(display: display)
        #expect(h.input.stops == 1)
        #expect(display.transitions.prefix(3) == ["enter", "restore", "enter"], "restored before the stop, set up after")
        #expect(h.log.types == [.sessionStart, .pause, .resume, .set, .set, .set, .set, .sessionEnd])
        #expect(h.log.saved[2].event.pausedSeconds == 37.5, "paused at 2.5 s, where it stopped")
        #expect(display.frames.contains { $0.joined().contains("Limber was stopped for 30 seconds; the session is paused.") })
        #expect(setSeconds(h.log.saved).first == 40.5, "the set held when it stopped ends after the pause")
    }

    @Test func sigcontSetsTheTerminalUpAgain() {
        let h = RunHarness(SessionRunnerTests.tiny, script: [(.milliseconds(2_500), .continued), (.seconds(100), .key(.char("x")))])
        let display = RecordingDisplay()
        _ = h.run(display: display)
        #expect(display.transitions.prefix(2) == ["enter", "enter"])
        #expect(h.log.types == [.sessionStart, .set, .set, .set, .set, .sessionEnd], "a short stop pauses nothing")
    }

    @Test func aGapInTheClockPausesAndPlainModeGoesOnFromWhereItStopped() {
        let h = RunHarness(SessionRunnerTests.tiny)
        h.input.frozen = (after: .milliseconds(2_500), lasting: .seconds(30))
        let player = RecordingPlayer()
        let outcome = h.run(audio: player)
        #expect(outcome.exitCode == 0)
        #expect(h.log.types == [.sessionStart, .pause, .resume, .set, .set, .set, .set, .sessionEnd])
        #expect(h.log.saved[2].event.pausedSeconds == 31, "stopped after 2 s, woken at 33 s")
        #expect(setSeconds(h.log.saved) == [34, 37, 39, 41], "no set whose time fell in the gap is logged done")
        #expect(h.lines.filter { $0.hasPrefix("paused") } == ["paused · limber was stopped for 0:31 · going on from where it stopped"])
        #expect(player.cancels.first == .seconds(2), "what was queued after the stop is taken back")
        // No stale cue is said: each planned cue once, in order.
        #expect(h.lines.filter { $0.hasPrefix("cue ") } == SessionRunnerTests.plainLines.filter { $0.hasPrefix("cue ") })
    }

    // MARK: Signals (#10)

    @Test func everyEndingSignalEndsTheSessionAsQuitWith128PlusN() {
        for sig in SignalWatcher.ending {
            let h = RunHarness(SessionRunnerTests.tiny, script: [(.milliseconds(4_500), .signal(sig)), (.seconds(100), .key(.char("x")))])
            let display = RecordingDisplay()
            let outcome = h.run(display: display)
            #expect(outcome.exitCode == 128 + sig)
            #expect(h.log.saved.last?.event.endStatus == .quit, "\(sig)")
            #expect(display.restored)
        }
    }

    @Test func aSignalIgnoredAtStartStaysIgnored() {
        signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, SIG_DFL) }
        let watcher = SignalWatcher()
        #expect(!watcher.handled.contains(SIGUSR2))
        #expect(watcher.handled.contains(SIGUSR1) && watcher.handled.contains(SIGQUIT))
        raise(SIGUSR2)
        raise(SIGUSR1)
        #expect(watcher.drain() == [SIGUSR1])
    }

    // MARK: Keys cut in two (#11)

    @Test func anArrowInTwoReadsIsAnArrow() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([0x1B]) == [])
        #expect(decoder.holding)
        #expect(decoder.decode(Array("[C".utf8)) == [.right])
        #expect(!decoder.holding)
        #expect(decoder.decode([0x1B, UInt8(ascii: "[")]) == [])
        #expect(decoder.decode([UInt8(ascii: "D"), UInt8(ascii: "q")]) == [.left, .char("q")])
        #expect(decoder.decode([0xC3]) == [] && decoder.decode([0xA9]) == [.char("é")], "a character cut in two")
    }

    @Test func aLoneEscIsEscOnceTheTimeoutPasses() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([UInt8(ascii: "x"), 0x1B]) == [.char("x")])
        #expect(decoder.flush() == [.escape])
        #expect(!decoder.holding)
        #expect(decoder.decode([0x1B, UInt8(ascii: "q")]) == [.escape, .char("q")], "Esc then a key in one read")
    }

    @Test func escAtTheStartScreenDoesNotQuit() {
        let h = RunHarness(SessionRunnerTests.tiny, script: [(.seconds(1), .key(.escape)), (.seconds(2), .key(.char("q")))])
        let display = RecordingDisplay()
        let outcome = h.run(display: display, skipStartScreen: false)
        #expect(outcome.exitCode == 0)
        #expect(h.input.now == .seconds(2), "still at the start screen after Esc; q left it")
        #expect(h.log.saved.isEmpty)
    }
}
