#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Work split over the machine's second core: one part runs on a thread of its own while the
/// caller runs the other, and both results come back once both are done. For the long,
/// independent halves of a report's output (each half made into its own buffer and joined in
/// order), so the bytes are the ones a single thread makes.
public enum Alongside {
    /// Whether a second thread is worth starting: more than one processor online.
    public static let available = sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1

    /// `here()` on this thread and `other()` on another, at the same time; both results.
    public static func run<Here, Value: Sendable>(_ other: @escaping @Sendable () -> Value, here: () -> Here) -> (Here, Value) {
        let started = start(other)
        let mine = here()
        return (mine, started.result())
    }

    /// `body()` started on another thread; its result is ``Other/result()``.
    public static func start<Value: Sendable>(_ body: @escaping @Sendable () -> Value) -> Other<Value> { Other(body) }

    /// Work running on another thread (or done already on this one, when no thread could be
    /// started), for its result once.
    public final class Other<Value: Sendable> {
        private let slot = Slot<Value>()
        private var thread: pthread_t?

        fileprivate init(_ body: @escaping @Sendable () -> Value) {
            let slot = slot
            let job = Job { slot.value.withLock { $0 = body() } }
            var thread = pthread_t()
            let raw = Unmanaged.passRetained(job).toOpaque()
            if pthread_create(&thread, nil, { raw in
                Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, raw) == 0 {
                self.thread = thread
            } else {
                Unmanaged<Job>.fromOpaque(raw).release()
                job.body()
            }
        }

        /// Waits for the work to finish and gives its result (once).
        public func result() -> Value {
            if let thread { pthread_join(thread, nil) }
            thread = nil
            return slot.value.withLock { $0.take()! }
        }

        deinit { if let thread { pthread_join(thread, nil) } }
    }

    /// Items `0..<count` written to `out` in order by `write(range, output)`, in turns of two
    /// runs of `run` items: the first run straight into `out` on this thread while another
    /// thread writes the second into a buffer of its own, appended after it. The bytes are
    /// those of one `write(0..<count, out)` when `write` makes each item's bytes from the item
    /// alone; at most one run's bytes are held. One thread when `count` is within one run.
    public static func write(count: Int, run: Int, to out: ByteOutput,
                             _ write: @escaping @Sendable (Range<Int>, ByteOutput) -> Void) {
        guard available, count > run else { return write(0..<count, out) }
        var start = 0
        while start < count {
            let mine = start..<min(count, start + run)
            let theirs = mine.upperBound..<min(count, mine.upperBound + run)
            guard !theirs.isEmpty else {
                write(mine, out)
                break
            }
            let (_, bytes) = Alongside.run({
                let buffer = ByteOutput()
                write(theirs, buffer)
                return buffer.bytes
            }, here: { write(mine, out) })
            // In pieces that fit the room a descriptor's output keeps (it then never grows).
            bytes.withUnsafeBufferPointer { bytes in
                for at in stride(from: 0, to: bytes.count, by: 4096) {
                    out.append(UnsafeBufferPointer(rebasing: bytes[at..<min(bytes.count, at + 4096)]))
                }
            }
            start = theirs.upperBound
        }
    }

    /// What the other thread runs.
    private final class Job: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Where the other thread leaves its result.
    private final class Slot<Value: Sendable>: Sendable {
        let value = Mutex<Value?>(nil)
    }
}
