import Foundation
import LimberLog
import LimberLogStore
import LimberTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A monotonic clock the test moves by hand.
final class ManualTime: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Duration = .seconds(100)
    var now: Duration { lock.withLock { current } }
    func advance(by step: Duration) { lock.withLock { current += step } }
}

/// Runs `body` with the path of a log in a fresh temporary folder, removed afterwards.
func withTemporaryLog(_ body: (String) throws -> Void) throws {
    let folder = try Fixtures.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try body(folder.appendingPathComponent("log.jsonl").path)
}

/// The log's lock held from another open file, as another process (`flock LOG sleep 25`) would.
final class HeldLock {
    private var fd: Int32

    init(_ path: String) throws {
        fd = open(path, O_RDWR | O_CREAT, 0o600)
        try #require(fd >= 0)
        try #require(flock(fd, LOCK_EX) == 0)
    }

    func release() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { release() }
}

@Suite("The log writer never blocks its caller")
struct LogWriterTests {
    func line(_ n: Int) -> LogLine {
        var event = LogEvent(type: .set)
        event.exercise = "Plank"
        event.set = n
        event.status = "done"
        return LogLine(ts: "2026-12-01T07:30:00.000+01:00", session: "w", event: event)
    }

    func sets(_ path: String) throws -> [Int?] {
        var sets: [Int?] = []
        try LogReader(path: path).forEach { if case .event(let e) = $0 { sets.append(e.event.set) } }
        return sets
    }

    /// Waits (up to 10 s) for the writer thread to reach a state; true once it has.
    func eventually(_ reached: () -> Bool) -> Bool {
        for _ in 0..<1000 {
            if reached() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// Moves the clock on until the writer reports the stall: the writer thread may not have
    /// reached the lock the first time the clock moves.
    func waitForStall(_ writer: LogWriter, _ time: ManualTime) -> Duration? {
        var stalled: Duration?
        _ = eventually {
            time.advance(by: .seconds(10))
            stalled = writer.status.stalledFor
            return stalled != nil
        }
        return stalled
    }

    @Test func appendsAreSavedInOrderAndCounted() throws {
        try withTemporaryLog { path throws in
            let time = ManualTime()
            let writer = LogWriter(path: path, time: { time.now })
            #expect((1...5).map { writer.append(line($0)) } == [1, 2, 3, 4, 5])
            #expect(writer.close(deadline: time.now + .seconds(60)).isEmpty)
            #expect(writer.status == LogWriter.Status(appended: 5, saved: 5, stalledFor: nil, lastError: nil))
            #expect(try sets(path) == [1, 2, 3, 4, 5])
            #expect(writer.append(line(6)) == nil)
        }
    }

    @Test func aLockedLogDoesNotBlockAppendAndTheStallIsReported() throws {
        try withTemporaryLog { path throws in
            let time = ManualTime()
            let writer = LogWriter(path: path, stallAfter: .seconds(5), time: { time.now })
            #expect(writer.append(line(1)) == 1)
            #expect(eventually { writer.status.saved == 1 })
            let held = try HeldLock(path)
            #expect(writer.append(line(2)) == 2)
            #expect(waitForStall(writer, time) == .seconds(10))
            // Appends go on returning at once while the write is stuck; none is reported saved.
            #expect((3...50).map { writer.append(line($0)) } == (3...50).map { $0 })
            time.advance(by: .seconds(15))
            #expect(writer.status == LogWriter.Status(appended: 50, saved: 1, stalledFor: .seconds(25), lastError: nil))
            // The lock comes free: everything lands, in order.
            held.release()
            #expect(writer.close(deadline: time.now + .seconds(60)).isEmpty)
            #expect(writer.status.saved == 50)
            #expect(writer.status.stalledFor == nil)
            #expect(try sets(path) == (1...50).map { $0 })
        }
    }

    @Test func closeReturnsAtItsDeadlineWithWhatIsUnsaved() throws {
        try withTemporaryLog { path throws in
            let held = try HeldLock(path)
            let time = ManualTime()
            let writer = LogWriter(path: path, stallAfter: .seconds(5), time: { time.now })
            for n in 1...3 { _ = writer.append(line(n)) }
            #expect(waitForStall(writer, time) != nil)
            let unsaved = writer.close(deadline: time.now)
            #expect(unsaved.map(\.event.set) == [1, 2, 3])
            #expect(writer.append(line(4)) == nil)
            // The write that was stuck completes once the lock is free (if the process lives on).
            held.release()
            #expect(writer.close(deadline: time.now + .seconds(60)).isEmpty)
            #expect(try sets(path) == [1, 2, 3])
        }
    }

    @Test func aFullQueueRefusesRatherThanBlocks() throws {
        try withTemporaryLog { path throws in
            let held = try HeldLock(path)
            let time = ManualTime()
            let writer = LogWriter(path: path, capacity: 3, time: { time.now })
            #expect((1...4).map { writer.append(line($0)) } == [1, 2, 3, nil])
            held.release()
            #expect(writer.close(deadline: time.now + .seconds(60)).isEmpty)
            #expect(try sets(path) == [1, 2, 3])
        }
    }

    @Test func aFailingLogIsRetriedAndItsErrorShown() throws {
        try withTemporaryLog { path throws in
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) // a folder in the way
            let time = ManualTime()
            let writer = LogWriter(path: path, retryEvery: .milliseconds(10), time: { time.now })
            #expect(writer.append(line(1)) == 1)
            #expect(eventually { writer.status.lastError == "can't open \(path): Is a directory" })
            #expect(writer.status.saved == 0)
            try FileManager.default.removeItem(atPath: path)
            #expect(writer.close(deadline: time.now + .seconds(60)).isEmpty)
            #expect(try sets(path) == [1])
        }
    }

    @Test func theStoresNoticesReachTheCaller() throws {
        try withTemporaryLog { path throws in
            let time = ManualTime()
            let writer = LogWriter(path: path, time: { time.now })
            _ = writer.append(line(1))
            #expect(eventually { writer.status.saved == 1 })
            try FileManager.default.removeItem(atPath: path)
            _ = writer.append(line(2))
            #expect(writer.close(deadline: time.now + .seconds(60)).isEmpty)
            #expect(writer.takeNotices().count == 1)
            #expect(writer.takeNotices().isEmpty)
            #expect(try sets(path) == [1, 2])
        }
    }
}
