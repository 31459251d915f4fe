import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import LimberBasics
import Testing

@Suite("Alongside: work on a second thread")
struct AlongsideTests {
    @Test func bothResultsComeBackTheSecondFromAnotherThread() {
        let (a, b) = Alongside.both({ ((1...1000).reduce(0, +), pthread_self()) }, { ((1...10).map { $0 * $0 }, pthread_self()) })
        #expect(a.0 == 500_500)
        #expect(b.0.last == 100)
        // On one processor, or under an address-space limit, both run here in turn.
        #expect((pthread_equal(a.1, b.1) == 0) == Alongside.available, "the second runs on a thread of its own")
    }

    /// Signals, from the thread that frees it, which thread that was.
    final class Watched: Sendable {
        let freed: @Sendable (pthread_t) -> Void
        init(_ freed: @escaping @Sendable (pthread_t) -> Void) { self.freed = freed }
        deinit { freed(pthread_self()) }
    }

    final class Seen: @unchecked Sendable { // written before the semaphore is signalled, read after
        var thread: pthread_t?
    }

    @Test func freeReleasesTheValueOnAnotherThread() {
        let done = DispatchSemaphore(value: 0), seen = Seen()
        Alongside.free([Watched { thread in
            seen.thread = thread
            done.signal()
        }])
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(seen.thread.map { pthread_equal($0, pthread_self()) == 0 } == Alongside.available)
    }
}
