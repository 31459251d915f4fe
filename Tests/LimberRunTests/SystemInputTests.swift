import Glibc
@testable import LimberRun
import Testing

/// The loop's wait: to the nanosecond with pselect(2), or with poll(2) for a descriptor too
/// large for select; both say the same about the same descriptors.
@Suite("Waiting for keys and signals")
struct SystemInputTests {
    /// A pipe with `fd` as its read end (moved there when given), a byte written or not.
    static func check(readEnd wanted: Int32?) throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        var readEnd = fds[0]
        if let wanted {
            try #require(dup2(fds[0], wanted) == wanted)
            close(fds[0])
            readEnd = wanted
        }
        defer { close(readEnd); close(fds[1]) }
        let other = fds[1] // a write end: never readable
        #expect(SystemInput.readable([readEnd, other], for: .zero) == [false, false])
        #expect(SystemInput.readable([readEnd], for: .milliseconds(1)) == [false])
        var byte: UInt8 = 7
        _ = write(fds[1], &byte, 1)
        #expect(SystemInput.readable([other, readEnd], for: nil) == [false, true])
        #expect(SystemInput.readable([readEnd], for: .seconds(5)) == [true])
    }

    @Test func selectWaitsForTheReadableDescriptor() throws {
        try Self.check(readEnd: nil)
    }

    @Test func pollServesDescriptorsTooLargeForSelect() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let large = Int32(FD_SETSIZE) + 10
        guard limit.rlim_max > rlim_t(large) else { return } // can't have such a descriptor here
        let saved = limit
        limit.rlim_cur = max(limit.rlim_cur, rlim_t(large) + 1)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        defer { var back = saved; setrlimit(Int32(RLIMIT_NOFILE.rawValue), &back) }
        try Self.check(readEnd: large)
    }
}
