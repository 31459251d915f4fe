import Foundation
import LimberAudio
import LimberBasics
import LimberLog
import LimberSession
import LimberTerminal
import LimberTimeline
#if canImport(Glibc)
import Glibc
#endif

/// Everything `limber run` decided before the session starts.
public struct RunSetup {
    public var timeline: Timeline
    /// Where the program came from, for the session-start event.
    public var origin: SessionOrigin
    public var options: SessionOptions
    /// Start without the start screen (`--yes`).
    public var skipStartScreen: Bool
    /// Ring the terminal bell for the main cues when there is no sound (`--bell`).
    public var bell: Bool
    /// Colour on the screen (a TTY, no NO_COLOR).
    public var color: Bool
    /// ASCII digits, frames and bars: the terminal's locale is not UTF-8.
    public var ascii: Bool
    /// The cue sounds of each exercise, by exercise index: the standard ones with the program's
    /// own in their place.
    public var cueBanks: [CueBank]

    public init(timeline: Timeline, origin: SessionOrigin, options: SessionOptions, skipStartScreen: Bool,
                bell: Bool, color: Bool, ascii: Bool = false, cueBanks: [CueBank]) {
        self.timeline = timeline
        self.origin = origin
        self.options = options
        self.skipStartScreen = skipStartScreen
        self.bell = bell
        self.color = color
        self.ascii = ascii
        self.cueBanks = cueBanks
    }
}

/// How the run ended, for the exit code.
public struct RunOutcome {
    /// The signal that ended it, if one did.
    public var signal: Int32?
    /// 0, or 128 + the signal number.
    public var exitCode: Int32 { signal.map { 128 + $0 } ?? 0 }
}

/// The guided session's one loop: keys, signals and clock ticks become session inputs; the
/// session's effects go to the log, the cue player and the screen. The only place where session
/// state changes. With a display it draws full screens (start, session, end); without one it
/// prints ``PlainText`` lines, each stamped with the time.
public final class SessionRunner {
    private var session: Session
    private let setup: RunSetup
    private let audio: CuePlayer?
    private let log: EventLog
    private let display: Display?
    private let input: RunInput
    private let inbox: NoticeInbox
    private let writeLine: (String) -> Void
    private let sessionID: String
    private var plainText = PlainText()
    /// The notice about sound and the one about the log, each said once and shown meanwhile.
    private var soundNotice: String?
    private var logNotice: String?
    private var signal: Int32?
    private var redrawAll = true

    /// - Parameters:
    ///   - audio: the cue player (started by the runner), or nil for none (`--no-sound`).
    ///   - display: the terminal for full-screen mode, or nil for plain lines through `writeLine`.
    ///   - inbox: the notices to show (no sound device, the device failed).
    public init(setup: RunSetup, audio: CuePlayer?, log: EventLog, display: Display?, input: RunInput,
                inbox: NoticeInbox, sessionID: String = UUID().uuidString.lowercased(), writeLine: @escaping (String) -> Void) {
        self.setup = setup
        self.session = Session(timeline: setup.timeline, options: setup.options, origin: setup.origin)
        self.audio = audio
        self.log = log
        self.display = display
        self.input = input
        self.inbox = inbox
        self.sessionID = sessionID
        self.writeLine = writeLine
    }

    public func run() -> RunOutcome {
        if let display {
            do { try display.enter() } catch { return RunOutcome(signal: nil) }
        }
        defer { display?.restore() }
        takeNotices()
        if display == nil || setup.skipStartScreen { apply(session.begin(at: input.now)) }
        loop()
        guard session.phase != .leftAtStart else { return RunOutcome(signal: signal) }
        finishAudio()
        if display == nil || signal != nil || session.phase != .finished(.completed) {
            // Ended early in full-screen mode: say it (and any stop's safety notes) after the
            // terminal is restored, where it stays readable.
            display?.restore()
            PlainText.summary(endScreen()).forEach(say)
        }
        return RunOutcome(signal: signal)
    }

    // MARK: The loop

    /// Runs from the start screen (or the first step) to the end screen (or the end).
    private func loop() {
        var last = (monotonic: input.now, boot: input.bootTime)
        while true {
            let now = input.now
            apply(session.advance(to: now))
            takeNotices()
            present(now)
            if session.isFinished, !atEndScreen { return }
            let events = input.wait(until: session.nextWakeup(after: now))
            if atEndScreen {
                // Any key or ending signal leaves the end screen; the exit code stays the session's.
                if events.contains(where: { $0 != .resized }) { return }
                redrawAll = true
                continue
            }
            // A suspended machine: the monotonic clock stood still while the boot clock ran on.
            let clocks = (monotonic: input.now, boot: input.bootTime)
            let slept = (clocks.boot - last.boot) - (clocks.monotonic - last.monotonic)
            last = clocks
            if slept > .seconds(1) { apply(session.handle(.slept(slept), at: clocks.monotonic)) }
            for event in events {
                switch event {
                case .resized:
                    redrawAll = true
                case .signal(let number):
                    signal = number
                    apply(session.handle(.interrupt, at: input.now))
                case .key(let key):
                    if key == .ctrlC { signal = SIGINT }
                    apply(session.handle(.key(key), at: input.now))
                }
            }
            if session.isFinished, !atEndScreen { return }
        }
    }

    /// The session is over and the end screen waits for a key (not after a signal: that ends all).
    private var atEndScreen: Bool {
        if case .finished = session.phase, display != nil, signal == nil { true } else { false }
    }

    /// Lets the closing cue ring out (1.2 s from the end) after a session that ran to its end;
    /// silences it at once after a quit.
    private func finishAudio() {
        guard let audio else { return }
        if case .finished(let status) = session.phase, status != .quit, signal == nil, let end = session.finishedAt {
            input.sleep(until: end + .milliseconds(1_200))
        }
        audio.stop(drain: false)
    }

    // MARK: Effects

    private func apply(_ effects: [SessionEffect]) {
        var startAudio = false
        for effect in effects {
            switch effect {
            case .begin(let at):
                // Place the stream, queue the first cues, then start feeding the device: the
                // very first cue sounds on time rather than a buffer late.
                audio?.begin(at: at)
                startAudio = true
                if display == nil {
                    say(PlainText.header(setup.timeline))
                    [soundNotice, logNotice].compactMap { $0 }.forEach(say)
                    PlainText.opening(session).forEach(say)
                }
            case .log(let event):
                record(event)
            case .sounds(let exercise):
                if setup.cueBanks.indices.contains(exercise) { audio?.setBank(setup.cueBanks[exercise]) }
            case .cue(let kind, let at):
                audio?.schedule(kind, at: at)
            case .cancelCues(let from):
                audio?.cancel(from: from)
            case .setVolume(let volume):
                audio?.volume = volume
            case .setMuted(let muted):
                audio?.muted = muted
            case .finish:
                break
            }
        }
        if startAudio { audio?.start() }
    }

    private func record(_ event: LogEvent) {
        let saved = log.append(LogLine(ts: LogLine.timestamp(input.wallTime), session: sessionID, event: event))
        takeLogNotice()
        // Said only after the event is on disk (or known not to be), so a line on the screen is
        // a promise about the log.
        if display == nil, let line = PlainText.set(event, saved: saved) { say(line) }
    }

    // MARK: Notices

    /// Picks up the notices about sound (from the inbox) and about the log.
    private func takeNotices() {
        for notice in inbox.take() {
            soundNotice = notice
            sayNotice(notice)
        }
        takeLogNotice()
    }

    /// A log that can't be written is said once per problem, and shown until it is solved.
    private func takeLogNotice() {
        guard let problem = log.lastError else {
            logNotice = nil
            return
        }
        let notice = "log: \(problem); events are kept in memory"
        guard notice != logNotice else { return }
        logNotice = notice
        sayNotice(notice)
    }

    /// In plain mode a notice is a line of its own (those known before the start follow the
    /// header); on the screen it shows in the warning line.
    private func sayNotice(_ notice: String) {
        if display == nil, session.startedAt != nil { say(notice) }
    }

    // MARK: Output

    private func present(_ now: Duration) {
        if display == nil { plainText.lines(session).forEach(say) }
        for kind in session.dueCues(through: now) {
            if display == nil { say(PlainText.cue(kind)) }
            if setup.bell, audio?.isSilent ?? true, Self.bellCues.contains(kind) { display?.bell() }
        }
        guard let display else { return }
        let screen: Screen
        switch session.phase {
        case .ready, .leftAtStart: screen = .start(ScreenBuilder.start(setup.timeline, audioNote: soundNotice, page: session.page))
        case .finished: screen = .end(endScreen())
        default: screen = .session(ScreenBuilder.session(session, at: now, warning: logNotice ?? soundNotice, silent: audio?.isSilent ?? true))
        }
        let size = display.size
        let renderer = ScreenRenderer(columns: size.columns, rows: size.rows, palette: setup.color ? .color : .monochrome, ascii: setup.ascii)
        session.setPageCount(renderer.pageCount(screen))
        display.draw(renderer.render(screen), full: redrawAll || !sameKind(screen, lastScreen))
        lastScreen = screen
        redrawAll = false
    }

    private var lastScreen: Screen?

    private func sameKind(_ a: Screen, _ b: Screen?) -> Bool {
        switch (a, b) {
        case (.start, .start?), (.session, .session?), (.end, .end?): true
        default: false
        }
    }

    static let bellCues: Set<CueKind> = [.getReady, .start, .switchSides, .rest, .exerciseDone, .sessionDone]

    private func endScreen() -> EndScreen {
        ScreenBuilder.end(session, at: session.finishedAt ?? input.now, logPath: log.path, unsaved: unsavedText())
    }

    private func unsavedText() -> String? {
        let count = log.pending.count
        guard count > 0 else { return nil }
        return "\(count) event\(count == 1 ? "" : "s") could not be saved (\(log.lastError ?? "unknown error")); they are printed to stderr as JSON lines so they can be kept."
    }

    /// One plain line, stamped with the time.
    private func say(_ line: String) {
        writeLine("\(PlainText.stamp(input.wallTime)) \(line)")
    }
}
