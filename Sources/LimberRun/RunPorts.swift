import Foundation
import LimberAudio
import LimberBasics
import LimberLog
import LimberLogStore
import LimberSession
import LimberTerminal

/// Something that reached the runner while it waited.
public enum RunEvent: Sendable, Equatable {
    case key(Key)
    /// The terminal changed size (SIGWINCH).
    case resized
    /// A signal whose default action ends the process (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1…):
    /// the session ends at once.
    case signal(Int32)
    /// SIGTSTP: restore the terminal, then stop.
    case stopRequested
    /// SIGCONT: the process was stopped and goes on; set the terminal up again.
    case continued
}

/// Keys, signals, waits and clocks: everything the runner's loop waits on or reads the time from,
/// so a test can drive the real loop on a clock it moves itself.
public protocol RunInput: AnyObject {
    /// The session clock: monotonic, stands still while the machine sleeps.
    var now: Duration { get }
    /// A clock that runs on while the machine sleeps (the difference shows a suspend).
    var bootTime: Duration { get }
    /// The wall-clock time, for the log's timestamps and the plain lines.
    var wallTime: Date { get }
    /// Waits until `deadline` on the session clock (forever when nil) or until a key or signal
    /// arrives; returns what arrived.
    func wait(until deadline: Duration?) -> [RunEvent]
    /// Waits until `deadline`, ignoring keys (the closing cue ringing out).
    func sleep(until deadline: Duration)
    /// Stops the process as SIGTSTP's default action does; returns once it is continued.
    func stopProcess()
}

/// What the log writer has saved so far (``LogWriter/Status``), named here for the runner's doubles.
public typealias LogStatus = LogWriter.Status

/// Where the events go, without the caller ever waiting on the disk: the ``LogWriter`` in
/// production, memory in tests.
public protocol EventLog: AnyObject {
    /// The file, as the end screen names it.
    var path: String { get }
    /// Queues `line` and returns at once with its number (saved once `status.saved` reaches it);
    /// nil when it can't be taken now (the queue is full).
    func append(_ line: LogLine) -> Int?
    /// What is saved, whether a write is stuck, and the last error.
    var status: LogStatus { get }
    /// The store's notices since the last call (the log was replaced, made private).
    func takeNotices() -> [String]
    /// Waits no longer than `deadline` (on the session clock) for what is queued; returns the
    /// lines not on disk, oldest first.
    func close(deadline: Duration) -> [LogLine]
}

extension LogWriter: EventLog {}

/// What plays the cues: the audio engine in production.
public protocol CuePlayer: AnyObject {
    /// Places the stream's start at `origin` on the session clock, before any cue is queued.
    func begin(at origin: Duration)
    /// Starts feeding the device.
    func start()
    /// The sounds the cues queued from now on play (an exercise's own, or the standard ones).
    func setBank(_ bank: CueBank)
    func schedule(_ cue: CueKind, at: Duration)
    /// Forgets the cues that have not started by `from`.
    func cancel(from: Duration)
    var volume: Int { get set }
    var muted: Bool { get set }
    /// True when nothing can be heard (no device, or it failed).
    var isSilent: Bool { get }
    /// Stops feeding the device; with `drain`, lets what is due finish first.
    func stop(drain: Bool)
}

extension AudioEngine: CuePlayer {}

/// The full-screen terminal: the TTY in production, a recorder in tests.
public protocol Display: AnyObject {
    /// Raw mode and the alternate screen.
    func enter() throws
    /// The terminal exactly as it was.
    func restore()
    /// The size as last measured (on ``enter()`` and ``resized()``), so a frame makes no system call for it.
    var size: (columns: Int, rows: Int) { get }
    /// The terminal changed size (SIGWINCH): measure it again.
    func resized()
    /// Draws a frame; `full` clears the screen first.
    func draw(_ lines: [String], full: Bool)
    func bell()
}

extension Display {
    /// A display whose size is fixed has nothing to measure.
    public func resized() {}
}

extension TTY: Display {}

/// Notices from other threads (the audio engine's, when the device fails), picked up by the
/// runner's loop: the one way a notice reaches the patient.
public final class NoticeInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    public init() {}

    /// Leaves `notice` for the runner.
    public func post(_ notice: String) { lock.withLock { items.append(notice) } }

    /// The notices posted since the last call, oldest first.
    public func take() -> [String] {
        lock.withLock {
            defer { items = [] }
            return items
        }
    }
}
