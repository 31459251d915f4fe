import Foundation
import LimberAudio
import LimberBasics
import LimberLog
import LimberProgram
import LimberRun
import LimberSession
import LimberTerminal
import LimberTimeline
import Testing

/// The runner's clocks and input on a test clock: time moves only when the runner waits, straight
/// to its deadline or to the next scripted event. A whole session runs in microseconds.
final class TestInput: RunInput {
    /// Events to deliver, each at its time on the session clock.
    var script: [(at: Duration, event: RunEvent)]
    private(set) var now: Duration = .zero
    /// Moves ahead of `now` to pretend the machine slept.
    var bootOffset: Duration = .zero
    /// Called whenever the clock moves (a test pumps the audio engine here).
    var onTick: (Duration) -> Void = { _ in }
    /// True when the runner waited forever with nothing left to deliver: it would hang.
    private(set) var ranDry = false
    /// The loop not running (SIGSTOP): the first wait ending at or after `after` ends `lasting` late.
    var frozen: (after: Duration, lasting: Duration)?
    /// Every deadline the runner asked to be woken at (nil: only a key).
    private(set) var waits: [Duration?] = []

    init(_ script: [(at: Duration, event: RunEvent)] = []) {
        self.script = script
    }

    var bootTime: Duration { now + bootOffset }

    /// Noon on 1 January 2030, local time, plus the session clock.
    var wallTime: Date {
        var parts = DateComponents(year: 2030, month: 1, day: 1, hour: 12)
        parts.timeZone = .current
        return Calendar(identifier: .gregorian).date(from: parts)!.addingTimeInterval(now.inSeconds)
    }

    func wait(until deadline: Duration?) -> [RunEvent] {
        waits.append(deadline)
        if let next = script.first, deadline.map({ next.at <= $0 }) ?? true {
            move(to: max(now, next.at))
            let due = script.prefix { $0.at <= now }
            script.removeFirst(due.count)
            return due.map(\.event)
        }
        guard let deadline else {
            ranDry = true
            return [.signal(SIGHUP)]
        }
        var end = max(now, deadline)
        if let freeze = frozen, end >= freeze.after {
            frozen = nil
            end += freeze.lasting
        }
        move(to: end)
        return []
    }

    func sleep(until deadline: Duration) { move(to: max(now, deadline)) }

    /// How long each stop (SIGTSTP) lasts on the test clock, and how many there were.
    var stopsFor: Duration = .zero
    private(set) var stops = 0

    func stopProcess() {
        stops += 1
        move(to: now + stopsFor)
    }

    private func move(to time: Duration) {
        now = time
        onTick(now)
    }
}

/// The log in memory, written at once unless told otherwise: set `failure` to make every write
/// fail with that reason, `locked` to hold every line as behind another process's lock (a stall,
/// measured on `clock`).
final class MemoryLog: EventLog {
    var path = "/memory/log.jsonl"
    var failure: String?
    var locked = false
    var clock: () -> Duration = { .zero }
    /// Notices the store would hand over (the log replaced, made private).
    var notices: [String] = []
    private(set) var saved: [LogLine] = []
    private(set) var pending: [LogLine] = []
    private(set) var lastError: String?
    private(set) var closed = false
    private var appended = 0
    private var busySince: Duration?

    func append(_ line: LogLine) -> Int? {
        guard !closed else { return nil }
        pending.append(line)
        appended += 1
        write()
        return appended
    }

    var status: LogStatus {
        write()
        let stalled = busySince.map { clock() - $0 }.flatMap { $0 >= .seconds(2) ? $0 : nil }
        return LogStatus(appended: appended, saved: saved.count, stalledFor: stalled, lastError: lastError)
    }

    func takeNotices() -> [String] {
        defer { notices = [] }
        return notices
    }

    func close(deadline: Duration) -> [LogLine] {
        closed = true
        write()
        return pending
    }

    private func write() {
        guard !pending.isEmpty else { return }
        if locked {
            busySince = busySince ?? clock()
            return
        }
        busySince = nil
        if let failure {
            lastError = failure
            return
        }
        saved += pending
        pending = []
        lastError = nil
    }

    var types: [LogEventType] { saved.map(\.event.type) }
}

/// A cue player that remembers what it was asked.
final class RecordingPlayer: CuePlayer {
    private(set) var scheduled: [(kind: CueKind, at: Duration)] = []
    private(set) var cancels: [Duration] = []
    private(set) var origin: Duration?
    private(set) var started = false
    private(set) var stopped = false
    private(set) var banks: [String] = []
    var volume = 100
    var muted = false
    var isSilent = false

    func begin(at origin: Duration) { self.origin = origin }
    func start() { started = true }
    func setBank(_ bank: CueBank) { banks.append(bank.entry(.start).source) }
    func schedule(_ cue: CueKind, at: Duration) { scheduled.append((cue, at)) }
    func cancel(from: Duration) {
        cancels.append(from)
        scheduled.removeAll { $0.at >= from }
    }
    func stop(drain: Bool) { stopped = true }
}

/// The real audio engine without its output thread: the test clock pumps it instead.
final class PumpedEngine: CuePlayer {
    let engine: AudioEngine
    init(_ engine: AudioEngine) { self.engine = engine }

    func begin(at origin: Duration) { engine.begin(at: origin) }
    func start() {}
    func setBank(_ bank: CueBank) { engine.setBank(bank) }
    func schedule(_ cue: CueKind, at: Duration) { engine.schedule(cue, at: at) }
    func cancel(from: Duration) { engine.cancel(from: from) }
    var volume: Int {
        get { engine.volume }
        set { engine.volume = newValue }
    }
    var muted: Bool {
        get { engine.muted }
        set { engine.muted = newValue }
    }
    var isSilent: Bool { engine.isSilent }
    func stop(drain: Bool) { engine.stop(drain: drain) }
}

/// A sound card that takes frames until `failAfterWrites`, then fails every write.
final class DyingCard: AudioSink {
    let name = "dying"
    let rate = 48_000
    let bufferFrames = 1_920
    let periodFrames = 480
    let failAfterWrites: Int
    private(set) var writes = 0

    init(failAfterWrites: Int) { self.failAfterWrites = failAfterWrites }

    func write(_ frames: UnsafeBufferPointer<Int16>) throws -> Int {
        writes += 1
        if writes > failAfterWrites { throw ALSAError(code: -5, device: name, operation: "play on") }
        return frames.count
    }
    func delay() throws -> Int { 0 }
    func drain() {}
    func close() {}
}

/// A full-screen terminal that keeps the frames drawn.
final class RecordingDisplay: Display {
    private(set) var frames: [[String]] = []
    private(set) var entered = false
    private(set) var restored = false
    /// Every enter and restore, in order ("enter", "restore").
    private(set) var transitions: [String] = []
    private(set) var bells = 0
    let size = (columns: 80, rows: 24)

    func enter() throws {
        entered = true
        transitions.append("enter")
    }
    func restore() {
        restored = true
        transitions.append("restore")
    }
    func draw(_ lines: [String], full: Bool) { frames.append(lines) }
    func bell() { bells += 1 }

    var lastFrame: String { frames.last?.joined(separator: "\n") ?? "" }
}

/// One runner with its doubles, and what it printed.
final class RunHarness {
    let input: TestInput
    let log = MemoryLog()
    let inbox = NoticeInbox()
    var printed: [String] = []
    let timeline: Timeline

    init(_ yaml: String, script: [(at: Duration, event: RunEvent)] = []) {
        let parsed = ProgramParser.parse(yaml)
        timeline = TimelineCompiler.compile(parsed.program!)
        input = TestInput(script)
    }

    func run(audio: CuePlayer? = nil, display: Display? = nil, prompts: Bool = false, skipStartScreen: Bool = true,
             bell: Bool = false, banks: [CueBank] = [], speech: PhrasePlayer? = nil) -> RunOutcome {
        var setup = RunSetup(timeline: timeline, origin: SessionOrigin(programPath: "/p/test.yaml", programSHA256: "00", limberVersion: "test"),
                             options: SessionOptions(prompts: prompts), skipStartScreen: skipStartScreen, bell: bell,
                             color: false, cueBanks: banks)
        setup.speech = SpeechPlanner.plan(timeline)
        let runner = SessionRunner(setup: setup, audio: audio, log: log, display: display, input: input, inbox: inbox,
                                   sessionID: "s1", speech: speech, writeLine: { self.printed.append($0) })
        return runner.run()
    }

    /// The printed lines without their "[hh:mm:ss] " stamps.
    var lines: [String] { printed.map { String($0.dropFirst(11)) } }
}
