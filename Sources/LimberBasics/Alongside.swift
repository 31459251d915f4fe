#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Work split over the machine's second core: one part runs on a thread of its own while the
/// caller runs the other, and both results come back once both are done. For the long,
/// independent halves of a report's output or of a long plan (each half made into its own
/// buffer and joined in order), so the bytes are the ones a single thread makes. Starting a
/// thread costs ~0.1 ms: callers split only long work.
public enum Alongside {
    /// Whether a second thread is worth starting, and safe to: more than one processor online,
    /// and no limit on the address space (`ulimit -v`). A thread's first allocations reserve a
    /// malloc arena of 64 MB of address space, which a limit that fits one thread's work may not
    /// leave (its allocations then fail). When not, all the work runs on the calling thread.
    public static let available: Bool = {
        guard sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1 else { return false }
        var limit = rlimit()
        return getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0 && limit.rlim_cur == rlim_t.max // RLIM_INFINITY
    }()

    /// `first()` here and `second()` on a new thread, at the same time; both results. When no
    /// thread can or should be started (``available``), `second()` runs here after `first()`
    /// (the same results, later).
    /// The second result is `sending`: the thread keeps no reference to it (so it may be a
    /// class, such as a buffer of bytes, handed over whole).
    public static func both<A, B>(_ first: () -> A, _ second: @escaping @Sendable () -> sending B) -> (A, B) {
        let slot = Handed<B>()
        guard available, let thread = thread({ slot.value = second() }) else { return (first(), second()) }
        let a = first()
        pthread_join(thread, nil)
        return (a, slot.value!)
    }

    /// Frees `value` (its last reference, handed over) on a thread of its own, not waited for:
    /// for a large tree of objects, such as a long program's YAML nodes, whose freeing one by one
    /// costs milliseconds the caller need not wait. When no thread can or should be started, here.
    public static func free(_ value: consuming some Sendable) {
        let box = Handed(value)
        guard available, let thread = thread({ box.value = nil }) else { return }
        pthread_detach(thread)
    }

    /// `body()` started on another thread; its result is ``Other/result()``.
    public static func start<Value: Sendable>(_ body: @escaping @Sendable () -> Value) -> Other<Value> { Other(body) }

    /// Work running on another thread (or done already on this one, when no thread could or
    /// should be started), for its result once.
    public final class Other<Value: Sendable> {
        private let slot = Slot<Value>()
        private var thread: pthread_t?

        fileprivate init(_ body: @escaping @Sendable () -> Value) {
            let slot = slot
            if Alongside.available, let thread = Alongside.thread({ slot.value.withLock { $0 = body() } }) {
                self.thread = thread
            } else {
                slot.value.withLock { $0 = body() }
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
            let (_, bytes) = Alongside.both({ write(mine, out) }, {
                let buffer = ByteOutput()
                write(theirs, buffer)
                return buffer.bytes
            })
            // In pieces that fit the room a descriptor's output keeps (it then never grows).
            bytes.withUnsafeBufferPointer { bytes in
                for at in stride(from: 0, to: bytes.count, by: 4096) {
                    out.append(UnsafeBufferPointer(rebasing: bytes[at..<min(bytes.count, at + 4096)]))
                }
            }
            start = theirs.upperBound
        }
    }

    /// A value handed from one thread to another.
    ///
    /// `@unchecked Sendable`: `value` is touched by one thread at a time — written by the thread
    /// ``both(_:_:)`` starts and read only after `pthread_join` on it has returned (which orders
    /// the write before the read), or handed whole to the thread ``free(_:)`` starts.
    private final class Handed<T>: @unchecked Sendable {
        var value: T?
        init(_ value: T? = nil) { self.value = value }
    }

    /// What a started thread runs.
    private final class Job: Sendable {
        let work: @Sendable () -> Void
        init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    }

    /// A new thread running `work`; nil when none could be started.
    private static func thread(_ work: @escaping @Sendable () -> Void) -> pthread_t? {
        let job = Unmanaged.passRetained(Job(work)).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, { raw in
            Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().work()
            return nil
        }, job) == 0 else {
            Unmanaged<Job>.fromOpaque(job).release()
            return nil
        }
        return thread
    }

    /// Where the other thread leaves its result.
    private final class Slot<Value: Sendable>: Sendable {
        let value = Mutex<Value?>(nil)
    }
}
