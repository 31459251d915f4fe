import Foundation
import LimberBasics
import LimberLog

/// Writes the log on its own thread, so that a caller never waits on the disk: ``append(_:)``
/// queues a line and returns at once, whatever the file is doing (locked by another process, a
/// slow fsync, a stuck network file system, a full disk).
///
/// Lines are written in the order appended, through a ``LogStore`` the writer owns. The caller
/// learns what is on disk from ``status`` (line *n* is saved once `saved >= n`), sees a write that
/// is stuck (``Status/stalledFor``), and at the end ``close(deadline:)`` waits no longer than it is
/// told and hands back what is still unsaved.
public final class LogWriter: @unchecked Sendable {
    /// What the writer has done so far, read in one piece.
    public struct Status: Sendable, Equatable {
        /// Lines accepted by ``LogWriter/append(_:)``; the n-th accepted line has number n.
        public var appended: Int
        /// Lines confirmed on disk. Lines are saved in order, so line n is saved once `saved >= n`.
        public var saved: Int
        /// How long the write in progress has been stuck, once that is at least `stallAfter`; else nil.
        public var stalledFor: Duration?
        /// Why the last attempt to write failed (the lines wait and are retried); nil when it worked.
        public var lastError: String?

        /// A status as given; for tests of what a screen shows.
        public init(appended: Int, saved: Int, stalledFor: Duration?, lastError: String?) {
            self.appended = appended
            self.saved = saved
            self.stalledFor = stalledFor
            self.lastError = lastError
        }
    }

    public let path: String
    private let capacity: Int
    private let stallAfter: Duration
    private let retryEvery: Duration
    private let time: @Sendable () -> Duration
    private let condition = NSCondition()
    // Everything below is guarded by `condition`.
    /// Lines accepted and not yet confirmed on disk, oldest first.
    private var unsaved: [LogLine] = []
    /// How many lines at the front of `unsaved` the writer thread has handed to the store.
    private var handedOver = 0
    private var appended = 0
    private var saved = 0
    /// When the disk operation in progress began, on `time`; nil while the thread waits for work.
    private var busySince: Duration?
    private var lastError: String?
    private var notices: [String] = []
    private var closing = false
    private var finished = false

    /// Starts the writer thread, which opens the log at `path`.
    /// - Parameters:
    ///   - capacity: the most lines waiting at once; ``append(_:)`` refuses more.
    ///   - stallAfter: how long a write (or lock, or fsync) may take before ``Status/stalledFor`` reports it.
    ///   - retryEvery: how often lines that could not be written are tried again.
    ///   - time: a monotonic clock, for measuring stalls and the deadline of ``close(deadline:)``.
    public init(path: String, capacity: Int = 4096, stallAfter: Duration = .seconds(2), retryEvery: Duration = .seconds(1),
                time: @escaping @Sendable () -> Duration) {
        self.path = path
        self.capacity = capacity
        self.stallAfter = stallAfter
        self.retryEvery = retryEvery
        self.time = time
        busySince = time()
        let thread = Thread { [self] in writeLoop() }
        thread.name = "limber log writer"
        thread.start()
    }

    /// Queues `line` and returns at once with its number (see ``Status/saved``); nil when the
    /// writer is closed or `capacity` lines are already waiting.
    public func append(_ line: LogLine) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard !closing, unsaved.count < capacity else { return nil }
        unsaved.append(line)
        appended += 1
        condition.broadcast()
        return appended
    }

    /// What is saved, whether a write is stuck, and the last error.
    public var status: Status {
        condition.lock()
        defer { condition.unlock() }
        let stuck = busySince.map { time() - $0 }.flatMap { $0 >= stallAfter ? $0 : nil }
        return Status(appended: appended, saved: saved, stalledFor: stuck, lastError: lastError)
    }

    /// Hands over the store's notices gathered since the last call (the log was replaced, made private).
    public func takeNotices() -> [String] {
        condition.lock()
        defer { condition.unlock() }
        defer { notices.removeAll() }
        return notices
    }

    /// Stops accepting lines, lets the thread make one last attempt at what waits, and returns
    /// once everything is saved or at `deadline` (on `time`), whichever comes first. Returns the
    /// lines not confirmed on disk, oldest first; if the process lives on, a write that was stuck
    /// may still complete after this returns.
    public func close(deadline: Duration) -> [LogLine] {
        condition.lock()
        defer { condition.unlock() }
        closing = true
        condition.broadcast()
        while !finished {
            let left = deadline - time()
            guard left > .zero else { break }
            _ = condition.wait(until: Date(timeIntervalSinceNow: left.inSeconds))
        }
        return unsaved
    }

    /// The writer thread: hands new lines to the store, retries failed ones every `retryEvery`,
    /// and after ``close(deadline:)`` makes one last attempt.
    private func writeLoop() {
        let store = LogStore(path: path)
        condition.lock()
        defer {
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        var retryDue = false
        var lastAttemptMade = false
        while true {
            let confirmed = handedOver - store.pending.count
            unsaved.removeFirst(confirmed)
            handedOver -= confirmed
            saved += confirmed
            lastError = store.lastError
            notices += store.takeNotices()
            busySince = nil
            condition.broadcast()
            let nothingNew = handedOver == unsaved.count
            if closing, nothingNew, store.pending.isEmpty || lastAttemptMade { return }
            if !closing, nothingNew, !retryDue {
                if store.pending.isEmpty {
                    condition.wait()
                } else {
                    retryDue = !condition.wait(until: Date(timeIntervalSinceNow: retryEvery.inSeconds))
                }
                continue
            }
            retryDue = false
            lastAttemptMade = closing
            let batch = unsaved[handedOver...]
            handedOver = unsaved.count
            busySince = time()
            condition.unlock()
            if batch.isEmpty {
                store.flush()
            } else {
                for line in batch { store.append(line) }
            }
            condition.lock()
        }
    }
}
