import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns signals into bytes on a pipe, so the session's one loop sees them as events next to key
/// presses (the handler only writes one byte: async-signal-safe): every signal whose default
/// action ends the process (the session then ends cleanly), SIGWINCH, and SIGTSTP/SIGCONT (the
/// terminal is restored before a stop and set up again after it).
public final class SignalWatcher {
    /// Readable when a signal arrived.
    public let fd: Int32
    private let writeEnd: Int32
    /// The signals that end the session: each one whose default action ends the process, but
    /// for SIGPIPE and SIGXFSZ (ignored: they become errors on the write) and the crash signals.
    public static let ending: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPWR,
                                         SIGXCPU, SIGVTALRM, SIGPROF]
    public static let watched: [Int32] = ending + [SIGWINCH, SIGTSTP, SIGCONT]
    /// The watched signals this process handles: those not ignored when it started (`nohup`
    /// ignores SIGHUP, and it must stay ignored).
    public let handled: [Int32]

    nonisolated(unsafe) private static var pipeWrite: Int32 = -1

    public init() {
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        fd = fds[0]
        writeEnd = fds[1]
        for end in fds {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        Self.pipeWrite = writeEnd
        // A closed output pipe or a file grown past its limit becomes an error on that write,
        // which the session reports and survives, instead of a silent death mid-session.
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        handled = Self.watched.filter { !Self.isIgnored($0) }
        // A parent may have blocked these (some process launchers do); they must reach us.
        var set = sigset_t()
        sigemptyset(&set)
        for sig in handled { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        // Handling SIGQUIT here also keeps Swift's crash backtracer from taking over the terminal.
        for sig in handled { Self.install(sig) }
    }

    deinit {
        for sig in handled { signal(sig, SIG_DFL) }
        Self.pipeWrite = -1
        close(fd)
        close(writeEnd)
    }

    /// The signals that arrived since the last call.
    public func drain() -> [Int32] {
        var buffer = [UInt8](repeating: 0, count: 64)
        var signals: [Int32] = []
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            signals += buffer[0..<n].map { Int32($0) }
        }
        return signals
    }

    /// Stops the process as SIGTSTP's default action would, and returns once it is continued
    /// (the caller restores the terminal first and sets it up again after).
    public func stopProcess() {
        guard handled.contains(SIGTSTP) else { return }
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        Self.install(SIGTSTP)
    }

    /// True when `sig` is ignored (SIG_IGN) now.
    private static func isIgnored(_ sig: Int32) -> Bool {
        var current = sigaction()
        sigaction(sig, nil, &current)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    private static func install(_ sig: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            var byte = UInt8(truncatingIfNeeded: number)
            _ = Glibc.write(SignalWatcher.pipeWrite, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(sig, &action, nil)
    }
}
