#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two pieces of work done at once: the second on a thread of its own, the first on the calling
/// thread; both results returned when both are done. How `limber plan` and `validate` use the
/// machine's second core on a long program: each half of the exercises decoded, or of the steps
/// planned and written into its own bytes, then put together in order, so the result is the
/// same as done in one go. (Starting a thread costs ~0.1 ms: callers split only long work.)
public enum TwoThreads {
    /// `first()` here and `second()` on a new thread, at the same time; both results. When no
    /// thread can be started, `second()` runs here after `first()` (the same results, later).
    /// The second result is `sending`: the thread keeps no reference to it (so it may be a
    /// class, such as a buffer of bytes, handed over whole).
    public static func both<A, B>(_ first: () -> A, _ second: @escaping @Sendable () -> sending B) -> (A, B) {
        let slot = Slot<B>()
        guard let thread = start({ slot.value = second() }) else { return (first(), second()) }
        let a = first()
        pthread_join(thread, nil)
        return (a, slot.value!)
    }

    /// The second thread's result.
    ///
    /// `@unchecked Sendable`: `value` is written once by the thread ``both(_:_:)`` starts and read
    /// only after `pthread_join` on that thread has returned, which orders the write before the read.
    private final class Slot<B>: @unchecked Sendable {
        var value: B?
    }

    /// Frees `value` (its last reference, handed over) on a thread of its own, not waited for:
    /// for a large tree of objects, such as a long program's YAML nodes, whose freeing one by one
    /// costs milliseconds the caller need not wait. When no thread can be started, here.
    public static func free(_ value: consuming some Sendable) {
        let box = Box(value)
        guard let thread = start({ box.value = nil }) else { return }
        pthread_detach(thread)
    }

    /// A value freed by the thread that empties the box.
    ///
    /// `@unchecked Sendable`: the box is handed to that thread and touched by no other.
    private final class Box<T: Sendable>: @unchecked Sendable {
        var value: T?
        init(_ value: T) { self.value = value }
    }

    /// What a started thread runs.
    private final class Job: Sendable {
        let work: @Sendable () -> Void
        init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    }

    /// A new thread running `work`; nil when none could be started.
    private static func start(_ work: @escaping @Sendable () -> Void) -> pthread_t? {
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
}
