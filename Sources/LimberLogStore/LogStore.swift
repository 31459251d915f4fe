import Foundation
import LimberBasics
import LimberLog
#if canImport(Glibc)
import Glibc
#endif

/// The append-only log file: every event written whole, with one `write` on an `O_APPEND`
/// descriptor under an advisory lock, and flushed to disk before the session moves on.
///
/// A crash, Ctrl-C or kill loses nothing already appended. If the file can't be written (disk
/// full, read-only, a folder in the way) the events wait in memory and are written, in order,
/// as soon as it can be; ``pending`` says what is not yet saved. The file is created 0600 in a
/// 0700 folder, whatever the umask: it is health data.
public final class LogStore {
    public let path: String
    private var fd: Int32 = -1
    /// Lines not yet on disk, oldest first.
    public private(set) var pending: [LogLine] = []
    /// Why the last attempt failed, in words; nil once everything is saved.
    public private(set) var lastError: String?

    /// Prepares the log at `path`; opening failures are kept for later retries, not thrown.
    public init(path: String) {
        self.path = path
        _ = open()
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// The default log: `$XDG_DATA_HOME/limber/log.jsonl`, else `~/.local/share/limber/log.jsonl`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/limber/log.jsonl"
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/limber/log.jsonl"
    }

    /// Appends `line` (after any still pending). Returns true when everything is on disk.
    @discardableResult
    public func append(_ line: LogLine) -> Bool {
        pending.append(line)
        return flush()
    }

    /// Tries again to write what is pending. Returns true when nothing is left.
    @discardableResult
    public func flush() -> Bool {
        guard !pending.isEmpty else { return true }
        guard fd >= 0 || open() else { return false }
        while let line = pending.first {
            if let problem = write(line.encoded()) {
                lastError = problem
                return false
            }
            pending.removeFirst()
        }
        lastError = nil
        return true
    }

    private func open() -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, let problem = Self.makeFolder(folder) {
            lastError = problem
            return false
        }
        let existed = access(path, F_OK) == 0
        let opened = Glibc.open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard opened >= 0 else {
            lastError = "can't open \(path): \(String(cString: strerror(errno)))"
            return false
        }
        var info = stat()
        if fstat(opened, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            Glibc.close(opened)
            lastError = "can't use \(path): it is not a regular file"
            return false
        }
        if !existed { fchmod(opened, 0o600) }
        fd = opened
        return true
    }

    /// Creates the log's folder (0700) and any missing parents.
    static func makeFolder(_ folder: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? nil : "can't create \(folder): a file is in the way"
        }
        let parent = (folder as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != folder, let problem = makeFolder(parent) { return problem }
        if mkdir(folder, 0o700) != 0, errno != EEXIST {
            return "can't create \(folder): \(String(cString: strerror(errno)))"
        }
        chmod(folder, 0o700)
        return nil
    }

    /// One whole line under an exclusive lock, then fsync. A failed write is cut back off the
    /// file so no torn line is left behind. Returns the problem, or nil.
    private func write(_ data: Data) -> String? {
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { return "can't lock \(path): \(String(cString: strerror(errno)))" }
        }
        defer { flock(fd, LOCK_UN) }
        var info = stat()
        let sizeBefore = fstat(fd, &info) == 0 ? info.st_size : -1
        var data = data
        // A line cut off by an earlier crash or a full disk must not swallow this one: start
        // on a fresh line, leaving the damaged one for the reader to report and skip.
        var last: UInt8 = 0x0A
        if sizeBefore > 0, pread(fd, &last, 1, sizeBefore - 1) == 1, last != 0x0A { data.insert(0x0A, at: 0) }
        let failure = data.withUnsafeBytes { WriteAll.write(fd, $0) }.map { String(cString: strerror($0)) }
        if let failure {
            if sizeBefore >= 0 { _ = ftruncate(fd, sizeBefore) }
            return "can't write to \(path): \(failure)"
        }
        if fsync(fd) != 0 {
            return "can't save \(path) to disk: \(String(cString: strerror(errno)))"
        }
        return nil
    }
}
