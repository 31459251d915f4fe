import Foundation
import LimberAudio
import LimberBasics
import LimberTerminal
#if canImport(Glibc)
import Glibc
#endif

/// The production ``RunInput``: poll(2) on the signal pipe and the terminal, CLOCK_MONOTONIC for
/// the session, CLOCK_BOOTTIME to notice a suspend.
public final class SystemInput: RunInput {
    private let signals: SignalWatcher
    private let tty: TTY?
    private let lineMode: Bool
    /// When the terminal's bytes began to hold an unfinished escape sequence.
    private var heldSince: Duration?

    /// - Parameters:
    ///   - tty: the terminal to read keys from, or nil when there is none (plain mode).
    ///   - lineMode: the terminal is not in raw mode (plain mode): keys arrive when Enter is
    ///     pressed, and that Enter is dropped after other keys on the line.
    public init(signals: SignalWatcher, tty: TTY?, lineMode: Bool = false) {
        self.signals = signals
        self.tty = tty
        self.lineMode = lineMode
    }

    /// The keyboard for plain mode: stdin when it is a terminal, else the controlling terminal
    /// (`limber run p.yaml < /dev/null | tee out.txt`); nil without one (a script, cron).
    public static func keyboard() -> TTY? {
        if isatty(STDIN_FILENO) == 1 { return TTY(input: STDIN_FILENO) }
        let fd = open("/dev/tty", O_RDONLY | O_CLOEXEC | O_NOCTTY)
        return fd >= 0 ? TTY(input: fd, output: fd) : nil
    }

    public var now: Duration { MonotonicTime.now() }

    public var bootTime: Duration {
        var ts = timespec()
        clock_gettime(CLOCK_BOOTTIME, &ts)
        return .seconds(ts.tv_sec) + .nanoseconds(ts.tv_nsec)
    }

    /// Seconds added to the wall clock (`LIMBER_TODAY` moves the log's timestamps onto its day).
    public var wallTimeShift: TimeInterval = 0

    public var wallTime: Date { Date().addingTimeInterval(wallTimeShift) }

    public func wait(until deadline: Duration?) -> [RunEvent] {
        // A lone ESC held for the rest of its sequence is decided when the escape timeout passes.
        let escapeDeadline = tty.flatMap { $0.holdingKeys ? (heldSince ?? now) + KeyDecoder.escapeTimeout : nil }
        if let escapeDeadline, now >= escapeDeadline, let tty {
            heldSince = nil
            return tty.flushKeys().map(RunEvent.key)
        }
        let wake = [deadline, escapeDeadline].compactMap { $0 }.min()
        let ready = Self.readable([signals.fd] + (tty.map { [$0.input] } ?? []), for: wake.map { max(.zero, $0 - now) })
        var events: [RunEvent] = []
        if ready[0] {
            events += signals.drain().map(Self.event)
        }
        if ready.count > 1, ready[1], let tty {
            var keys = tty.readKeys()
            if lineMode, keys.count > 1, keys.last == .enter { keys.removeLast() }
            events += keys.map(RunEvent.key)
            heldSince = tty.holdingKeys ? heldSince ?? now : nil
        }
        return events
    }

    /// Which of `fds` are readable (or at their end) after waiting at most `timeout` (forever
    /// when nil) for one to be. The wait is to the nanosecond (pselect), so a tick lands on its
    /// second with one wake-up; a descriptor too large for select(2) falls back to poll(2) and
    /// whole milliseconds, rounded up.
    static func readable(_ fds: [Int32], for timeout: Duration?) -> [Bool] {
        guard fds.allSatisfy({ $0 >= 0 && $0 < FD_SETSIZE }) else {
            var polled = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&polled, nfds_t(polled.count), Int32(clamping: timeout?.millisecondsRoundedUp ?? -1)) > 0 else {
                return fds.map { _ in false }
            }
            return polled.map { $0.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 }
        }
        var set = fd_set()
        func bit(_ fd: Int32) -> (word: Int, mask: Int) { (Int(fd) / Int.bitWidth, 1 << (Int(fd) % Int.bitWidth)) }
        withUnsafeMutableBytes(of: &set) { raw in
            let words = raw.bindMemory(to: Int.self)
            for fd in fds { words[bit(fd).word] |= bit(fd).mask }
        }
        var limit = timeout.map { timeout -> timespec in
            let (seconds, attoseconds) = timeout.components
            let nanoseconds = Int((attoseconds + 999_999_999) / 1_000_000_000) // rounded up: never early
            return timespec(tv_sec: Int(clamping: seconds) + nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
        }
        let count = limit == nil ? pselect(fds.max()! + 1, &set, nil, nil, nil, nil)
                                 : pselect(fds.max()! + 1, &set, nil, nil, &limit!, nil)
        guard count > 0 else { return fds.map { _ in false } }
        return withUnsafeBytes(of: &set) { raw in
            let words = raw.bindMemory(to: Int.self)
            return fds.map { words[bit($0).word] & bit($0).mask != 0 }
        }
    }

    /// What a signal means to the loop.
    private static func event(_ signal: Int32) -> RunEvent {
        switch signal {
        case SIGWINCH: .resized
        case SIGTSTP: .stopRequested
        case SIGCONT: .continued
        default: .signal(signal)
        }
    }

    public func stopProcess() { signals.stopProcess() }

    public func sleep(until deadline: Duration) {
        MonotonicTime.sleep(until: deadline, from: now)
    }
}
