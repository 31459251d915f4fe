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

    /// `here()` on this thread and `other()` on another, at the same time; both results. (Both
    /// on this thread, one after the other, when no thread can be started.)
    public static func run<Here, Other: Sendable>(_ other: @escaping @Sendable () -> Other, here: () -> Here) -> (Here, Other) {
        let result = Slot<Other>()
        let job = Job { result.value.withLock { $0 = other() } }
        var thread = pthread_t()
        let raw = Unmanaged.passRetained(job).toOpaque()
        let started = pthread_create(&thread, nil, { raw in
            Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, raw) == 0
        if !started {
            Unmanaged<Job>.fromOpaque(raw).release()
            job.body()
        }
        let mine = here()
        if started { pthread_join(thread, nil) }
        return (mine, result.value.withLock { $0.take()! })
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
