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
    private static func write(_ text: String, to fd: Int32) {
        WriteAll.write(fd, text)
    }

    /// Colour only on a terminal, and not when `NO_COLOR` is set or `TERM=dumb`.
    static func wantsColor(fd: Int32) -> Bool {
        let env = ProcessInfo.processInfo.environment
        if let noColor = env["NO_COLOR"], !noColor.isEmpty { return false }
        if env["TERM"] == "dumb" { return false }
        return isatty(fd) == 1
    }
}
