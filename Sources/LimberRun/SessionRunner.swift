import Foundation
import LimberAudio
import LimberBasics
import LimberLog
import LimberSession
import LimberSpeech
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
    /// Where this session stands in the schedule, for the start and end screens and plain mode.
    public var progress: String?
    /// What the voice says (nil: no voice guidance).
    public var speech: SpeechPlan?

    public init(timeline: Timeline, origin: SessionOrigin, options: SessionOptions, skipStartScreen: Bool,
                bell: Bool, color: Bool, ascii: Bool = false, cueBanks: [CueBank], progress: String? = nil) {
        self.timeline = timeline
        self.origin = origin
        self.options = options
        self.skipStartScreen = skipStartScreen
        self.bell = bell
        self.color = color
        self.ascii = ascii
        self.cueBanks = cueBanks
        self.progress = progress
    }
}

/// The session's sound, opened by ``SessionRunner`` once the first frame is drawn.
public struct RunOutputs {
    /// The cue player (started by the runner), or nil for none (`--no-sound`).
    public var audio: CuePlayer?
    /// What speaks ``RunSetup/speech``'s phrases, or nil for none (`--voice off`, no voice).
    public var speech: PhrasePlayer?

    public init(audio: CuePlayer?, speech: PhrasePlayer? = nil) {
        self.audio = audio
        self.speech = speech
    }
}

/// How the run ended, for the exit code.
public struct RunOutcome {
    /// The signal that ended it, if one did.
    public var signal: Int32?
    /// The events not on disk when the log was closed, oldest first (to be printed on stderr).
    public var unsaved: [LogLine] = []
    /// Why they are not on disk.
    public var unsavedReason: String?
    /// 0, or 128 + the signal number.
    public var exitCode: Int32 { signal.map { 128 + $0 } ?? 0 }
}

/// The guided session's one loop: keys, signals and clock ticks become session inputs; the
/// session's effects go to the log, the cue player and the screen. The only place where session
/// state changes. With a display it draws full screens (start, session, end); without one it
/// prints ``PlainText`` lines, each stamped with the time.
///
/// The loop never waits on the disk or the sound device: events go to the ``EventLog`` (a writer
/// thread), and what is saved is read back from its status, so a set is said "logged" only once
/// it is on disk. A log that stays busy pauses the session; a gap in the clock (the process was
/// stopped) pauses it where it stopped.
public final class SessionRunner {
    private var session: Session
    private var setup: RunSetup
    private var audio: CuePlayer?
    private var speech: PhrasePlayer?
    private var speechSchedule: SpeechSchedule?
    /// Opens the sound (device, voice, cue banks) once the first frame is on the screen; nil once done.
    private var openOutputs: ((inout RunSetup) -> RunOutputs)?
    private let log: EventLog
    private let display: Display?
    private let input: RunInput
    private let inbox: NoticeInbox
    private let writeLine: (String) -> Void
    private let sessionID: String
    private var plainText = PlainText()
    /// The latest notice from the inbox (sound, the log store) and the one about writing the log,
    /// each said once and shown meanwhile.
    private var inboxNotice: String?
    private var logNotice: String?
    private var signal: Int32?
    private var redrawAll = true
    /// Lines the log writer could not take yet (its queue was full), oldest first.
    private var overflow: [LogLine] = []
    /// Plain lines waiting, in order, behind a set whose event is not yet on disk.
    private var heldLines: [PlainLine] = []
    /// Sets passed over while the log is busy, said once they are on disk.
    private var lateSets: [(event: LogEvent, number: Int?)] = []
    /// The log stall the session paused for (it pauses once per stall).
    private var pausedForStall = false
    /// The lines the log holds at the end, once closed.
    private var closedUnsaved: [LogLine]?
    /// Plain mode with the voice on: the phrases asked for, each printed as a line when its
    /// moment comes (in time order), and every phrase asked for (the same one is asked again).
    private var phraseLines: [SpeechPlayer.Phrase] = []
    private var phrasesAsked: Set<SpeechPlayer.Phrase> = []

    private enum PlainLine {
        case text(String)
        case set(LogEvent, number: Int?)
    }

    /// How long the log may stay busy before the session pauses itself.
    public static let stallPause: Duration = .seconds(10)
    /// How much later than asked the loop may wake before it counts as stopped (SIGSTOP).
    public static let gapAllowance: Duration = .seconds(2)
    /// How often the loop looks at the log writer while something waits to be saved.
    static let logPoll: Duration = .milliseconds(50)
    /// How long the log may take to save what waits at the end.
    public static let closeDeadline: Duration = .seconds(5)

    /// - Parameters:
    ///   - audio: the cue player (started by the runner), or nil for none (`--no-sound`).
    ///   - display: the terminal for full-screen mode, or nil for plain lines through `writeLine`.
    ///   - inbox: the notices to show (no sound device, the device failed).
    ///   - speech: what speaks `setup.speech`'s phrases, or nil for none (`--voice off`).
    public convenience init(setup: RunSetup, audio: CuePlayer?, log: EventLog, display: Display?, input: RunInput,
                            inbox: NoticeInbox, sessionID: String = UUID().uuidString.lowercased(), speech: PhrasePlayer? = nil,
                            writeLine: @escaping (String) -> Void) {
        self.init(setup: setup, log: log, display: display, input: input, inbox: inbox, sessionID: sessionID,
                  writeLine: writeLine, openOutputs: nil)
        connect(RunOutputs(audio: audio, speech: speech))
    }

    /// A runner whose sound is opened by `openOutputs` only once the first frame is on the
    /// screen (full-screen mode; in plain mode before the first line), so the screen does not
    /// wait for the device or the voice. It may complete `setup` (the cue banks, the speech
    /// plan); the session begins after it, so the clock starts in step with the sound.
    public convenience init(setup: RunSetup, log: EventLog, display: Display?, input: RunInput, inbox: NoticeInbox,
                            sessionID: String = UUID().uuidString.lowercased(),
                            openingOutputs openOutputs: @escaping (inout RunSetup) -> RunOutputs,
                            writeLine: @escaping (String) -> Void) {
        self.init(setup: setup, log: log, display: display, input: input, inbox: inbox, sessionID: sessionID,
                  writeLine: writeLine, openOutputs: openOutputs)
    }

    private init(setup: RunSetup, log: EventLog, display: Display?, input: RunInput, inbox: NoticeInbox, sessionID: String,
                 writeLine: @escaping (String) -> Void, openOutputs: ((inout RunSetup) -> RunOutputs)?) {
        self.setup = setup
        self.openOutputs = openOutputs
        self.session = Session(timeline: setup.timeline, options: setup.options, origin: setup.origin)
        self.log = log
        self.display = display
        self.input = input
        self.inbox = inbox
        self.sessionID = sessionID
        self.writeLine = writeLine
    }

    /// Takes the opened sound: the cue player, and the voice with the first step's phrases
    /// asked for ahead.
    private func connect(_ outputs: RunOutputs) {
        audio = outputs.audio
        speech = outputs.speech
        speechSchedule = speech == nil ? nil : setup.speech.map { SpeechSchedule($0, timeline: setup.timeline) }
        if let opening = speechSchedule?.opening { speech?.prepare(opening) }
    }

    /// Opens the sound if it is not yet open.
    private func openSound() {
        guard let open = openOutputs else { return }
        openOutputs = nil
        connect(open(&setup))
    }

    public func run() -> RunOutcome {
        if let display {
            do { try display.enter() } catch { return finish() }
        } else {
            openSound()
        }
        defer { display?.restore() }
        if display != nil, openOutputs != nil {
            // The first frame first: opening the device and the voice takes longer than drawing it.
            takeNotices()
            drawFirstFrame()
            openSound()
        }
        takeNotices()
        if display == nil || setup.skipStartScreen { apply(session.begin(at: input.now)) }
        loop()
        guard session.phase != .leftAtStart else { return finish() }
        finishAudio()
        // Interrupted in full-screen mode: the terminal back at once, before the log's last wait.
        if signal != nil { display?.restore() }
        let outcome = finish()
        if display == nil || signal != nil || session.phase != .finished(.completed) {
            // Ended early in full-screen mode: say it (and any stop's safety notes) after the
            // terminal is restored, where it stays readable.
            display?.restore()
            takeNotices()
            PlainText.summary(endScreen()).forEach(say)
        }
        return outcome
    }

    /// Closes the log, waiting no longer than ``closeDeadline``, and says the sets still waiting.
    private func finish() -> RunOutcome {
        let unsaved = log.close(deadline: input.now + Self.closeDeadline) + overflow
        closedUnsaved = unsaved
        flushPlainLines(final: true)
        let reason = unsaved.isEmpty ? nil : log.status.lastError ?? "the log was still busy"
        return RunOutcome(signal: signal, unsaved: unsaved, unsavedReason: reason)
    }

    // MARK: The loop

    /// Runs from the start screen (or the first step) to the end screen (or the end).
    private func loop() {
        var last = (monotonic: input.now, boot: input.bootTime)
        while true {
            let now = input.now
            apply(session.advance(to: now))
            takeNotices()
            watchLog(at: now)
            present(now)
            if session.isFinished, !atEndScreen { return }
            let wake = wakeup(after: now)
            let events = input.wait(until: wake)
            if atEndScreen {
                // Any key or ending signal leaves the end screen; the exit code stays the session's.
                for event in events {
                    if case .stopRequested = event { suspend() }
                    if case .continued = event { try? display?.enter() }
                    if case .resized = event { display?.resized() }
                }
                if events.contains(where: Self.leavesEndScreen) { return }
                redrawAll = true
                continue
            }
            // A suspended machine: the monotonic clock stood still while the boot clock ran on.
            let clocks = (monotonic: input.now, boot: input.bootTime)
            let slept = (clocks.boot - last.boot) - (clocks.monotonic - last.monotonic)
            last = clocks
            if slept > .seconds(1) {
                pauseFromOutside(.slept(slept), at: clocks.monotonic, saying: "the computer was asleep for \(Self.clock(slept))")
            } else if let wake, clocks.monotonic - max(wake, now) > Self.gapAllowance {
                // The loop did not run (SIGSTOP): the session pauses where it stopped.
                let gap = clocks.monotonic - now
                pauseFromOutside(.stopped(gap), at: now, saying: "limber was stopped for \(Self.clock(gap))")
            }
            for event in events {
                switch event {
                case .resized:
                    display?.resized()
                    redrawAll = true
                case .signal(let number):
                    signal = number
                    apply(session.handle(.interrupt, at: input.now))
                case .key(let key):
                    if key == .ctrlC { signal = SIGINT }
                    apply(session.handle(.key(key), at: input.now))
                case .stopRequested:
                    suspend()
                case .continued:
                    // Stopped by SIGSTOP, which can't be caught: the shell may have reset the terminal.
                    try? display?.enter()
                    redrawAll = true
                }
            }
            if session.isFinished, !atEndScreen { return }
        }
    }

    /// Every event but a resize or a stop leaves the end screen.
    private static func leavesEndScreen(_ event: RunEvent) -> Bool {
        switch event {
        case .resized, .stopRequested, .continued: false
        default: true
        }
    }

    /// When the loop must look again: the session's next change, and soon while the log has
    /// lines to save (to say them "logged" as they land, and to notice a stall).
    private func wakeup(after now: Duration) -> Duration? {
        var wake = session.nextWakeup(after: now)
        if let phrase = phraseLines.first?.at { wake = min(wake ?? phrase, phrase) }
        let status = log.status
        guard status.saved < status.appended || !overflow.isEmpty || !heldLines.isEmpty || !lateSets.isEmpty else { return wake }
        return min(wake ?? .seconds(Int64.max), now + Self.logPoll)
    }

    /// SIGTSTP: the terminal as it was, stop, and on continuing the screen again; the time
    /// stopped pauses the session.
    private func suspend() {
        display?.restore()
        let before = input.now
        input.stopProcess()
        try? display?.enter()
        redrawAll = true
        let gap = input.now - before
        if gap > Self.gapAllowance, !atEndScreen {
            pauseFromOutside(.stopped(gap), at: before, saying: "limber was stopped for \(Self.clock(gap))")
        }
    }

    /// Pauses the session for something outside it (a suspend, a stop, a busy log). On the
    /// screen the session says why and waits for Space; in plain mode, where no key can come, one
    /// line says it and the session goes on at once (a busy log: once it is saved).
    private func pauseFromOutside(_ reason: SessionInput, at time: Duration, saying why: String) {
        let effects = session.handle(reason, at: time)
        apply(effects)
        guard display == nil, case .paused = session.phase, !effects.isEmpty else { return }
        if case .logBusy = reason {
            say("paused · \(why) · going on once it is saved")
        } else {
            say("paused · \(why) · going on from where it stopped")
            apply(session.handle(.key(.space), at: input.now))
        }
    }

    private static func clock(_ d: Duration) -> String { DurationText.clock(Int(d.components.seconds)) }

    /// The session is over and the end screen waits for a key (not after a signal: that ends all).
    private var atEndScreen: Bool {
        if case .finished = session.phase, display != nil, signal == nil { true } else { false }
    }

    /// Lets the closing cue ring out (1.2 s from the end) after a session that ran to its end;
    /// silences it at once after a quit.
    private func finishAudio() {
        guard let audio else { return }
        if case .finished(let status) = session.phase, status != .quit, signal == nil, let end = session.finishedAt {
            // The closing words, in plain mode each printed as it is said.
            while let next = phraseLines.first?.at {
                input.sleep(until: next)
                sayPhrases(through: next)
            }
            input.sleep(until: end + max(.milliseconds(1_200), speechSchedule?.closing ?? .zero))
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
                    [inboxNotice, logNotice].compactMap { $0 }.forEach(say)
                    if let progress = setup.progress { progress.split(separator: "\n").map(String.init).forEach(say) }
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
                speech?.cancel(from: from)
                phraseLines.removeAll { $0.at >= from }
                phrasesAsked = phrasesAsked.filter { $0.at < from }
            case .setVolume(let volume):
                audio?.volume = volume
            case .setMuted(let muted):
                audio?.muted = muted
            case .finish:
                break
            }
        }
        if startAudio { audio?.start() }
        if let speech, let speechSchedule {
            let phrases = speechSchedule.phrases(session, now: input.now)
            if !phrases.isEmpty { speech.say(phrases) }
            if display == nil {
                phraseLines += phrases.filter { phrasesAsked.insert($0).inserted }
                phraseLines.sort { $0.at < $1.at }
            }
        }
    }

    private func record(_ event: LogEvent) {
        let line = LogLine(ts: LogLine.timestamp(input.wallTime), session: sessionID, event: event)
        retryOverflow()
        let number = overflow.isEmpty ? log.append(line) : nil
        if number == nil { overflow.append(line) }
        takeLogNotice()
        // A set is said only once its event is on disk (or known not to be), so a line on the
        // screen is a promise about the log; the lines after it wait their turn.
        if display == nil, event.type == .set {
            heldLines.append(.set(event, number: number))
            flushPlainLines(final: false)
        }
    }

    /// Hands the writer the lines it could not take before, in order.
    private func retryOverflow() {
        while let line = overflow.first, log.append(line) != nil { overflow.removeFirst() }
    }

    /// Follows the log writer: says the sets now on disk, shows a stall, and pauses the session
    /// when the log stays busy (once per stall; in plain mode it goes on once the log is saved).
    private func watchLog(at now: Duration) {
        retryOverflow()
        flushPlainLines(final: false)
        let status = log.status
        if let stalled = status.stalledFor, stalled >= Self.stallPause, !pausedForStall {
            pausedForStall = true
            pauseFromOutside(.logBusy(stalled), at: now, saying: "the log has been busy for \(Self.clock(stalled))")
        } else if status.stalledFor == nil, pausedForStall {
            pausedForStall = false
            if display == nil, case .paused = session.phase { apply(session.handle(.key(.space), at: now)) }
        }
    }

    /// Prints the plain lines that may be said now, in order: a set once it is on disk (or its
    /// write failed, or at the end); while the log is busy the set waits aside and the rest go on.
    private func flushPlainLines(final: Bool) {
        guard display == nil else { return }
        let status = log.status
        lateSets.removeAll { set in
            guard let number = set.number, status.saved >= number else { return false }
            sayNow(PlainText.set(set.event, saved: true))
            return true
        }
        while let head = heldLines.first {
            switch head {
            case .text(let line):
                writeLine(line)
            case .set(let event, let number):
                if let number, status.saved >= number {
                    sayNow(PlainText.set(event, saved: true))
                } else if final || status.lastError != nil {
                    sayNow(PlainText.set(event, saved: false))
                } else if status.stalledFor != nil {
                    lateSets.append((event, number))
                } else {
                    return
                }
            }
            heldLines.removeFirst()
        }
        if final {
            for set in lateSets { sayNow(PlainText.set(set.event, saved: false)) }
            lateSets = []
        }
    }

    // MARK: Notices

    /// Picks up the notices from the inbox (the sound device; the log store's, posted there: the
    /// log was replaced or made private) and about writing the log.
    private func takeNotices() {
        log.takeNotices().forEach(inbox.post)
        for notice in inbox.take() {
            inboxNotice = notice
            sayNotice(notice)
        }
        takeLogNotice()
    }

    /// A log that can't be written, or is busy, is said once per problem, and shown until it is
    /// solved.
    private func takeLogNotice() {
        let status = log.status
        let notice: String
        if let problem = status.lastError {
            notice = "log: \(problem); events are kept in memory"
        } else if status.stalledFor != nil {
            notice = Self.busyNotice
        } else {
            logNotice = nil
            return
        }
        guard notice != logNotice else { return }
        logNotice = notice
        sayNotice(notice)
    }

    /// What the screen and the plain lines say while a write to the log is stuck.
    public static let busyNotice = "saving… the log is busy"

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
        sayPhrases(through: now)
        guard display != nil else { return }
        session.setPageCount(draw(screen(of: session, at: now, silent: audio?.isSilent ?? true)))
    }

    /// The first frame while the sound is not open yet: the start screen, or with `--yes` the
    /// first step as it will look when the session begins (and sound as it is asked for).
    private func drawFirstFrame() {
        var shown = session
        if setup.skipStartScreen { _ = shown.begin(at: input.now) }
        draw(screen(of: shown, at: input.now, silent: !setup.options.sound))
    }

    private func screen(of session: Session, at now: Duration, silent: Bool) -> Screen {
        switch session.phase {
        case .ready, .leftAtStart: .start(ScreenBuilder.start(setup.timeline, audioNote: inboxNotice, page: session.page, progress: setup.progress))
        case .finished: .end(endScreen())
        default: .session(ScreenBuilder.session(session, at: now, warning: logNotice ?? inboxNotice, silent: silent))
        }
    }

    /// Draws `screen` at the terminal's size, only what changed; returns its page count.
    @discardableResult
    private func draw(_ screen: Screen) -> Int {
        guard let display else { return 1 }
        let size = display.size
        let renderer = ScreenRenderer(columns: size.columns, rows: size.rows, palette: setup.color ? .color : .monochrome, ascii: setup.ascii)
        let frame = frames.frame(screen, renderer: renderer)
        display.draw(frame.lines, full: redrawAll || !sameKind(screen, lastScreen))
        lastScreen = screen
        redrawAll = false
        return frame.pages
    }

    private var lastScreen: Screen?
    /// The last frames' lines that don't change each second, kept for the next frame.
    private var frames = FrameCache()

    private func sameKind(_ a: Screen, _ b: Screen?) -> Bool {
        switch (a, b) {
        case (.start, .start?), (.session, .session?), (.end, .end?): true
        default: false
        }
    }

    static let bellCues: Set<CueKind> = [.getReady, .start, .switchSides, .rest, .exerciseDone, .sessionDone]

    private func endScreen() -> EndScreen {
        ScreenBuilder.end(session, at: session.finishedAt ?? input.now, logPath: log.path, unsaved: unsavedText(), progress: setup.progress)
    }

    /// The events not on disk: after the log is closed, what it returned; before, what waits
    /// behind a failed or stuck write.
    private func unsavedText() -> String? {
        let status = log.status
        let count = closedUnsaved?.count
            ?? (status.lastError != nil || status.stalledFor != nil ? status.appended - status.saved + overflow.count : 0)
        guard count > 0 else { return nil }
        let reason = status.lastError ?? "the log was still busy"
        return "\(count) event\(count == 1 ? "" : "s") could not be saved (\(reason)); they are printed to stderr as JSON lines so they can be kept."
    }

    /// Plain mode: the phrases whose moment has come, each as a line of its own (none once the
    /// voice has failed: the transcript says only what was spoken).
    private func sayPhrases(through now: Duration) {
        while let phrase = phraseLines.first, phrase.at <= now {
            phraseLines.removeFirst()
            if speech?.hasFailed != true { say(PlainText.says(phrase.text)) }
        }
    }

    /// One plain line, stamped with the time; it waits behind a set not yet on disk.
    private func say(_ line: String) {
        let stamped = "\(PlainText.stamp(input.wallTime)) \(line)"
        if heldLines.isEmpty { writeLine(stamped) } else { heldLines.append(.text(stamped)) }
    }

    /// A set line, stamped now and printed now.
    private func sayNow(_ line: String?) {
        if let line { writeLine("\(PlainText.stamp(input.wallTime)) \(line)") }
    }
}
