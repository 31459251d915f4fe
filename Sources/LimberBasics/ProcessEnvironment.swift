#if canImport(Glibc)
import Glibc
#endif

/// Environment variables read by name with `getenv`: `ProcessInfo.environment` builds a
/// dictionary of the whole environment on every call (~0.4M instructions for 40 variables, nine
/// times before a session's first frame), where a command reads a handful of names.
public enum ProcessEnvironment {
    /// The variable's value, or nil when it is not set (invalid UTF-8 repaired, as ProcessInfo does).
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The named variables that are set, for functions that take the environment as a dictionary
    /// (so tests can hand them one): name every variable the function reads.
    public static func values(_ names: String...) -> [String: String] {
        var found: [String: String] = [:]
        for name in names {
            if let value = value(name) { found[name] = value }
        }
        return found
    }
}
