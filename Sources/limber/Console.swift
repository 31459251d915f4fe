import Foundation
#if canImport(Glibc)
import Glibc
import LimberBasics
#endif

/// Where the executable writes, and whether colour is wanted there.
enum Console {
    static func out(_ text: String) {
        write(text, to: 1)
    }

    static func err(_ text: String) {
        write(text, to: 2)
    }

    /// Writes all of `text`; a closed pipe or full disk loses the text, never the session.
    /// Why writing to stdout failed first (closed, /dev/full, a full disk), if it did: a
    /// command whose output is its result exits 1 for it (see `Limber.main`).
    nonisolated(unsafe) static var outputFailure: Int32?

    private static func write(_ text: String, to fd: Int32) {
        if let failure = WriteAll.write(fd, text), fd == 1, outputFailure == nil { outputFailure = failure }
    }

    /// Colour only on a terminal, and not when `NO_COLOR` is set or `TERM=dumb`.
    static func wantsColor(fd: Int32) -> Bool {
        if let noColor = ProcessEnvironment.value("NO_COLOR"), !noColor.isEmpty { return false }
        if ProcessEnvironment.value("TERM") == "dumb" { return false }
        return isatty(fd) == 1
    }
}
