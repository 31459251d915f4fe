import Foundation
import LimberAudio
import LimberBasics
import LimberLog
import LimberLogStore
import LimberProgram
import LimberSession
import LimberTerminal
import LimberTimeline
#if canImport(Glibc)
import Glibc
#endif

/// Everything `limber run` decided before the session starts.
public struct RunSetup {
    public var timeline: Timeline
    /// The program file as the user named it, made absolute for the log.
    public var programPath: String
    public var programSHA256: String
    public var options: SessionOptions
    /// Start without the start screen (`--yes`).
    public var skipStartScreen: Bool
    /// Ring the terminal bell for the main cues when there is no sound (`--bell`).
    public var bell: Bool
    /// Colour on the screen (a TTY, no NO_COLOR).
    public var color: Bool
    /// Sounds given by the program for particular exercises' cues.
    public var customSounds: [Int: [CueKind: Sound]]
    public var limberVersion: String

    public init(timeline: Timeline, programPath: String, programSHA256: String, options: SessionOptions,
                skipStartScreen: Bool, bell: Bool, color: Bool, customSounds: [Int: [CueKind: Sound]], limberVersion: String) {
        self.timeline = timeline
        self.programPath = programPath
        self.programSHA256 = programSHA256
        self.options = options
        self.skipStartScreen = skipStartScreen
        self.bell = bell
        self.color = color
        self.customSounds = customSounds
        self.limberVersion = limberVersion
    }
}

/// How the run ended, for the exit code.
public struct RunOutcome {
    public var status: SessionEndStatus?
    /// The signal that ended it, if one did.
    public var signal: Int32?
    /// Events that could not be written to the log.
    public var unsaved: Int
    /// 0, or 128 + the signal number.
    public var exitCode: Int32 { signal.map { 128 + $0 } ?? 0 }
}

/// The guided session's one loop: keys, signals and clock ticks become session inputs; the
/// session's effects go to the log, the audio engine and the screen. The only place where
/// session state changes. With a terminal it draws full screens; without one it prints one
/// plain, timestamped line per step and cue.
public final class SessionRunner {
    private var session: Session
    private let setup: RunSetup
    private let audio: AudioEngine?
    private let log: LogStore
    private let tty: TTY?
    private let signals: SignalWatcher
    private let clock: () -> Duration
    private let wallClock: () -> Date
    private let plain: (String) -> Void
    private let sessionID = UUID().uuidString.lowercased()
    private var audioWarning: String?
    /// Cues still to come, for plain lines and the bell.
    private var upcoming: [(kind: CueKind, at: Duration)] = []
    private var announced: (index: Int, start: Duration)?
    private var signal: Int32?
    private var started = false

    /// - Parameters:
    ///   - audio: the engine (started by the runner), or nil with `audioNote` saying why.
    ///   - tty: the terminal for full-screen mode, or nil for plain lines through `plain`.
    ///   - clock: the session's monotonic clock.
    public init(setup: RunSetup, audio: AudioEngine?, audioNote: String?, log: LogStore, tty: TTY?,
                signals: SignalWatcher, clock: @escaping () -> Duration, wallClock: @escaping () -> Date = Date.init,
                plain: @escaping (String) -> Void) {
        self.setup = setup
        self.session = Session(timeline: setup.timeline, options: setup.options)
        self.audio = audio
        self.audioWarning = audioNote
        self.log = log
        self.tty = tty
        self.signals = signals
        self.clock = clock
        self.wallClock = wallClock
        self.plain = plain
    }

    public func run() -> RunOutcome {
        if let tty {
            do { try tty.enter() } catch { return RunOutcome(status: nil, signal: nil, unsaved: 0) }
        }
        defer { tty?.restore() }

        if tty != nil, !setup.skipStartScreen, !waitAtStartScreen() {
            return RunOutcome(status: nil, signal: signal, unsaved: log.pending.count)
        }
        begin()
        mainLoop()
        let ended = clock()
        // The end screen goes up at once; the closing cue rings out meanwhile.
        if tty != nil, signal == nil { showEndScreen() }
        finishAudio(endedAt: ended)
        if tty == nil || signal != nil { printSummary() }
        return RunOutcome(status: { if case .finished(let s) = session.phase { s } else { nil } }(),
                          signal: signal, unsaved: log.pending.count)
    }

    // MARK: Phases

    /// The start screen; true to begin, false when the patient quit here (nothing is logged).
    private func waitAtStartScreen() -> Bool {
        let screen = ScreenBuilder.start(setup.timeline, audioNote: audioWarning)
        draw(.start(screen), full: true)
        while true {
            let (keys, sigs) = waitForInput(timeout: nil)
            for sig in sigs {
                if sig == SIGWINCH { draw(.start(screen), full: true) } else { signal = sig; return false }
            }
            for key in keys {
                if key == .space || key == .enter { return true }
                if key == .char("q") || key == .ctrlC || key == .escape { return false }
            }
        }
    }

    private func begin() {
        let now = clock()
        // Place the stream, queue the first cues, then start feeding the device: the very first
        // cue sounds on time rather than a buffer late.
        audio?.begin(at: now)
        record(startEvent())
        if tty == nil {
            plain("\(stamp()) \(TextSanitizer.singleLine(setup.timeline.program.title)) — \(DurationText.clock(setup.timeline.totalSeconds)) planned")
            if let note = audioWarning { plain("\(stamp()) \(note)") }
        }
        apply(session.begin(at: now))
        audio?.start()
        started = true
    }

    private func mainLoop() {
        var lastMonotonic = clock()
        var lastBoot = Self.bootTime()
        while !session.isFinished {
            let now = clock()
            apply(session.advance(to: now))
            announceStep()
            emitDueCues(now)
            render(now)
            if session.isFinished { break }

            var wake = session.nextWakeup(after: now)
            if let cue = upcoming.first?.at, tty == nil || setup.bell { wake = min(wake ?? cue, cue) }
            let timeout = wake.map { max(0, ($0 - now).millisecondsRoundedUp) }
            let (keys, sigs) = waitForInput(timeout: timeout)

            // A suspended machine: the monotonic clock stood still while the boot clock ran on.
            let mono = clock(), boot = Self.bootTime()
            let slept = (boot - lastBoot) - (mono - lastMonotonic)
            lastMonotonic = mono
            lastBoot = boot
            if slept > .seconds(1) { apply(session.handle(.slept(slept), at: mono)) }

            for sig in sigs {
                if sig == SIGWINCH {
                    if let tty { tty.draw([], full: true) }
                } else {
                    signal = sig
                    apply(session.handle(.interrupt, at: clock()))
                }
            }
            for key in keys {
                if key == .ctrlC { signal = SIGINT }
                apply(session.handle(.key(key), at: clock()))
            }
        }
    }

    /// Lets the closing cue ring out (1.2 s from the end) after a session that ran to its end;
    /// silences it at once after a quit.
    private func finishAudio(endedAt: Duration) {
        guard let audio else { return }
        if case .finished(let status) = session.phase, status != .quit, signal == nil {
            MonotonicTime.sleep(until: endedAt + .milliseconds(1_200), from: clock())
        }
        audio.stop(drain: false)
    }

    private func showEndScreen() {
        let screen = endScreen()
        draw(.end(screen), full: true)
        while true {
            let (keys, sigs) = waitForInput(timeout: nil)
            if sigs.contains(where: { $0 != SIGWINCH }) { return }
            if sigs.contains(SIGWINCH) { draw(.end(screen), full: true) }
            if !keys.isEmpty { return }
        }
    }

    private func endScreen() -> EndScreen {
        ScreenBuilder.end(session, at: clock(), logPath: log.path, unsaved: unsavedText())
    }

    private func printSummary() {
        let end = endScreen()
        var lines = ["\(stamp()) session \(end.status) · \(end.timeTaken) · sets done \(end.setsDone)"
                     + (end.setsSkipped > 0 ? ", skipped \(end.setsSkipped)" : "")]
        for rating in end.ratings { lines.append("\(stamp()) discomfort \(rating)") }
        if let notice = end.notice { lines.append("\(stamp()) \(notice)") }
        lines.append("\(stamp()) log: \(end.logPath)")
        if let unsaved = end.unsaved { lines.append("\(stamp()) \(unsaved)") }
        if tty != nil {
            // Interrupted in full-screen mode: say it after the terminal is restored.
            tty?.restore()
        }
        lines.forEach(plain)
    }

    private func unsavedText() -> String? {
        guard !log.pending.isEmpty else { return nil }
        return "\(log.pending.count) event\(log.pending.count == 1 ? "" : "s") could not be saved (\(log.lastError ?? "unknown error")); they are printed to stderr as JSON lines so they can be kept."
    }

    // MARK: Effects

    private func apply(_ effects: [SessionEffect]) {
        for effect in effects {
            switch effect {
            case .log(let event):
                record(event)
            case .cue(let kind, let at, let exercise):
                if let custom = setup.customSounds[exercise]?[kind] {
                    audio?.schedule(custom, at: at)
                } else {
                    audio?.schedule(kind, at: at)
                }
                upcoming.append((kind, at))
                upcoming.sort { $0.at < $1.at }
            case .cancelCues(let from):
                audio?.cancel(from: from)
                upcoming.removeAll { $0.at >= from }
            case .setVolume(let v):
                audio?.volume = v
            case .setMuted(let m):
                audio?.muted = m
            case .finish:
                break
            }
        }
    }

    private func record(_ event: LogEvent) {
        let saved = log.append(LogLine(ts: LogLine.timestamp(wallClock()), session: sessionID, event: event))
        guard tty == nil else { return }
        if let problem = log.lastError {
            plain("\(stamp()) log: \(problem); \(log.pending.count) event(s) kept in memory")
        }
        // Said only after the event is on disk (or known not to be), so a line on the screen
        // is a promise about the log.
        if event.type == .set, let name = event.exercise, let set = event.set, let sets = event.sets {
            plain("\(stamp()) set \(event.setStatus?.rawValue ?? "done") · \(TextSanitizer.singleLine(name)) · set \(set) of \(sets)"
                  + (event.side.map { " · \($0.rawValue) side" } ?? "") + (saved ? " · logged" : " · not yet saved"))
        }
    }

    private func emitDueCues(_ now: Duration) {
        while let first = upcoming.first, first.at <= now {
            upcoming.removeFirst()
            if tty == nil { plain("\(stamp()) cue \(first.kind.rawValue)") }
            if setup.bell, audio == nil || audio?.isSilent == true, Self.bellCues.contains(first.kind) { tty?.bell() }
        }
    }

    static let bellCues: Set<CueKind> = [.getReady, .start, .switchSides, .rest, .exerciseDone, .sessionDone]

    /// In plain mode, one line as each step starts.
    private func announceStep() {
        guard started, tty == nil, session.phase == .running, let step = session.currentStep else { return }
        if let last = announced, last.index == step.index, last.start == session.stepStart { return }
        announced = (step.index, session.stepStart)
        let exercise = setup.timeline.program.exercises[step.exerciseIndex]
        var parts = [ScreenBuilder.phaseWord(step), step.length.map { DurationText.clock($0) } ?? "until Space",
                     TextSanitizer.singleLine(exercise.name)]
        let detail = ScreenBuilder.detail(step, exercise)
        if !detail.isEmpty { parts.append(detail) }
        plain("\(stamp()) step \(step.index + 1)/\(setup.timeline.steps.count) " + parts.joined(separator: " · "))
    }

    // MARK: Screen

    private func render(_ now: Duration) {
        if let failure = audio?.failure, audioWarning != failure {
            audioWarning = failure
            if tty == nil { plain("\(stamp()) \(failure)") }
        }
        guard tty != nil else { return }
        var warning = audioWarning
        if let problem = log.lastError { warning = "Log not saved: \(problem) (\(log.pending.count) kept in memory)" }
        draw(.session(ScreenBuilder.session(session, at: now, warning: warning)))
    }

    private func draw(_ screen: Screen, full: Bool = false) {
        guard let tty else { return }
        let size = tty.size
        tty.draw(ScreenRenderer(columns: size.columns, rows: size.rows, palette: setup.color ? .color : .monochrome).render(screen), full: full)
    }

    // MARK: Input

    /// Waits up to `timeout` ms (forever when nil) for keys or signals.
    private func waitForInput(timeout: Int?) -> (keys: [Key], signals: [Int32]) {
        var fds = [pollfd(fd: signals.fd, events: Int16(POLLIN), revents: 0)]
        if let tty { fds.append(pollfd(fd: tty.input, events: Int16(POLLIN), revents: 0)) }
        let result = poll(&fds, nfds_t(fds.count), Int32(clamping: timeout ?? -1))
        guard result > 0 else { return ([], []) }
        let sigs = fds[0].revents != 0 ? signals.drain() : []
        var keys: [Key] = []
        if fds.count > 1, fds[1].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0, let tty { keys = tty.readKeys() }
        return (keys, sigs)
    }

    // MARK: Log events

    private func startEvent() -> LogEvent {
        let program = setup.timeline.program
        var event = LogEvent(type: .sessionStart)
        event.program = .init(title: program.title, path: setup.programPath, sha256: setup.programSHA256)
        let planned = program.exercises.map { e -> LogEvent.PlannedExercise in
            switch e.work {
            case .hold(let s):
                return .init(name: e.name, kind: "hold", sets: e.sets, sides: e.sides.map(\.rawValue), holdSeconds: s)
            case .duration(let s):
                return .init(name: e.name, kind: "duration", sets: e.sets, sides: e.sides.map(\.rawValue), durationSeconds: s)
            case .reps(let n, _):
                return .init(name: e.name, kind: "reps", sets: e.sets, sides: e.sides.map(\.rawValue), reps: n)
            }
        }
        event.planned = .init(totalSeconds: setup.timeline.totalSeconds, openSteps: setup.timeline.openStepCount, exercises: planned)
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
        event.limber = setup.limberVersion
        return event
    }

    // MARK: Time

    /// "[14:35:02]", local time.
    private func stamp() -> String {
        // The log's timestamp already holds local time: take its HH:mm:ss.
        let ts = LogLine.timestamp(wallClock())
        return "[" + ts.dropFirst(11).prefix(8) + "]"
    }

    static func bootTime() -> Duration {
        var ts = timespec()
        clock_gettime(CLOCK_BOOTTIME, &ts)
        return .seconds(ts.tv_sec) + .nanoseconds(ts.tv_nsec)
    }
}
