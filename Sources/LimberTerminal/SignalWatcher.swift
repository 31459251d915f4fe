import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT, SIGTERM, SIGHUP and SIGWINCH into bytes on a pipe, so the session's one loop
/// sees them as events next to key presses (the handler only writes one byte: async-signal-safe).
public final class SignalWatcher {
    /// Readable when a signal arrived.
    public let fd: Int32
    private let writeEnd: Int32
    public static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH]

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
        // A parent may have blocked these (some process launchers do); they must reach us.
        var set = sigset_t()
        sigemptyset(&set)
        for sig in Self.watched { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        // A closed output pipe or a file grown past its limit becomes an error on that write,
        // which the session reports and survives, instead of a silent death mid-session.
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        for sig in Self.watched {
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

    deinit {
        for sig in Self.watched { signal(sig, SIG_DFL) }
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
}
