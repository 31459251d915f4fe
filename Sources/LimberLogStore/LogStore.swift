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
/// 0700 folder, whatever the umask: it is health data; an existing log others can read is made
/// private when opened. A log removed or replaced while open (an editor's or a sync tool's
/// atomic save) is followed: writing goes on in the file the path names, which gets whatever
/// this store wrote to the old one and it lacks.
public final class LogStore {
    public let path: String
    private var fd: Int32 = -1
    /// Every line this store wrote, to carry into a file that replaces the open one.
    private var written: [Data] = []
    /// The open file replaced the one written before: the next write first copies what it lacks.
    private var carryOver = false
    /// The path names something unusable but the old file still exists elsewhere: said once.
    private var keptOldFile = false
    /// Lines not yet on disk, oldest first.
    public private(set) var pending: [LogLine] = []
    /// Why the last attempt failed, in words; nil once everything is saved.
    public private(set) var lastError: String?
    /// Things the user should know that are not failures (the log was replaced, made private), oldest first.
    public private(set) var notices: [String] = []

    /// Prepares the log at `path`; opening failures are kept for later retries, not thrown.
    public init(path: String) {
        self.path = path
        switch openAtPath() {
        case .success(let opened): fd = opened
        case .failure(let problem): lastError = problem.message
        }
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// No home folder to put the default log in.
    public struct NoHomeFolder: Error, CustomStringConvertible {
        public var description: String {
            "can't find a home folder for the log: HOME is empty or unset and the account has none; set HOME or XDG_DATA_HOME, or name the log file"
        }
    }

    /// The default log: `$XDG_DATA_HOME/limber/log.jsonl` (an absolute XDG_DATA_HOME only, as the
    /// XDG spec says), else `~/.local/share/limber/log.jsonl`; an empty HOME counts as unset, and
    /// the account's home folder from the password database stands in.
    public static func defaultPath(
        environment: [String: String] = ProcessEnvironment.values("XDG_DATA_HOME", "HOME"),
        accountHome: () -> String? = LogStore.accountHome
    ) throws -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/limber/log.jsonl"
        }
        guard let home = [environment["HOME"], accountHome()].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw NoHomeFolder()
        }
        return (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.local/share/limber/log.jsonl"
    }

    /// The current user's home folder from the password database, when it names one.
    public static func accountHome() -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwuid_r(geteuid(), &entry, &buffer, buffer.count, &result) == 0, result != nil,
              let home = entry.pw_dir.map({ String(cString: $0) }), !home.isEmpty else { return nil }
        return home
    }

    /// Hands over the notices gathered since the last call, oldest first.
    public func takeNotices() -> [String] {
        defer { notices.removeAll() }
        return notices
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
        if fd < 0 {
            switch openAtPath() {
            case .success(let opened): fd = opened
            case .failure(let problem):
                lastError = problem.message
                return false
            }
        }
        while let line = pending.first {
            let encoded = line.encoded()
            if let problem = write(encoded) {
                lastError = problem
                return false
            }
            written.append(encoded)
            pending.removeFirst()
        }
        lastError = nil
        return true
    }

    /// Why the log could not be opened, in words.
    private struct OpenProblem: Error { let message: String }

    /// Opens the file the path names for appending, creating it (0600, in 0700 folders) if
    /// missing and making an existing one private.
    private func openAtPath() -> Result<Int32, OpenProblem> {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, let problem = Self.makeFolder(folder) { return .failure(OpenProblem(message: problem)) }
        let existed = access(path, F_OK) == 0
        let opened = Glibc.open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard opened >= 0 else {
            return .failure(OpenProblem(message: "can't open \(path): \(String(cString: strerror(errno)))"))
        }
        var info = stat()
        if fstat(opened, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            Glibc.close(opened)
            return .failure(OpenProblem(message: "can't use \(path): it is not a regular file"))
        }
        if !existed { fchmod(opened, 0o600) } else { makePrivate(opened, info, folder: folder) }
        return .success(opened)
    }

    /// An existing log that others can read is made 0600, and its `limber` folder 0700; said once.
    private func makePrivate(_ opened: Int32, _ info: stat, folder: String) {
        var tightened: [String] = []
        if info.st_uid == geteuid(), info.st_mode & 0o077 != 0, fchmod(opened, 0o600) == 0 {
            tightened.append("\(path) (now 600)")
        }
        var folderInfo = stat()
        if (folder as NSString).lastPathComponent == "limber", stat(folder, &folderInfo) == 0,
           folderInfo.st_uid == geteuid(), folderInfo.st_mode & 0o077 != 0, chmod(folder, 0o700) == 0 {
            tightened.append("its folder (now 700)")
        }
        if !tightened.isEmpty {
            notices.append("the log was readable by other users; made private: \(tightened.joined(separator: " and "))")
        }
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

    /// Takes the exclusive lock on the open file, waiting as long as another writer holds it.
    private func lock() -> String? {
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { return "can't lock \(path): \(String(cString: strerror(errno)))" }
        }
        return nil
    }

    /// Locks the open file once it is sure to be the one the path names. A log removed or
    /// replaced since it was opened is left for the file now at the path (created if gone), which
    /// then gets what this store wrote before. If that can't be opened, writing goes on in the old
    /// file while it still exists somewhere; an old file that no longer exists anywhere takes
    /// nothing more (the events wait in memory). Returns the problem, or nil.
    private func lockFileAtPath() -> String? {
        if let problem = lock() { return problem }
        var named = stat(), open = stat()
        guard fstat(fd, &open) == 0 else { return nil }
        if stat(path, &named) == 0, named.st_dev == open.st_dev, named.st_ino == open.st_ino { return nil }
        flock(fd, LOCK_UN)
        switch openAtPath() {
        case .success(let opened):
            Glibc.close(fd)
            fd = opened
            carryOver = true
            keptOldFile = false
            notices.append("the log was replaced or removed during the session; continuing in the new file at \(path)"
                + (written.isEmpty ? "" : ", with this session's earlier events copied in"))
        case .failure(let problem):
            guard open.st_nlink > 0 else { return "the log was removed during the session and \(problem.message)" }
            if !keptOldFile {
                keptOldFile = true
                notices.append("the log was moved away from \(path) and \(problem.message); this session goes on writing to the moved file")
            }
        }
        return lock()
    }

    /// The lines this store wrote that the open file doesn't hold (after the file was replaced).
    /// Reads the file once, in chunks, keeping only lines as long as one of ours.
    private func linesMissingFromFile() -> Data {
        let mine = Set(written.map { $0.dropLast() })
        let lengths = Set(mine.map(\.count))
        let longest = lengths.max() ?? 0
        var present = Set<Data>()
        var buffer: [UInt8] = []
        var skippingLongLine = false
        var offset: off_t = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = pread(fd, &chunk, chunk.count, offset)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            offset += off_t(count)
            var searchFrom = buffer.count
            buffer.append(contentsOf: chunk[0..<count])
            var start = 0
            while let newline = buffer[searchFrom...].firstIndex(of: 0x0A) {
                if !skippingLongLine, lengths.contains(newline - start) {
                    let line = Data(buffer[start..<newline])
                    if mine.contains(line) { present.insert(line) }
                }
                skippingLongLine = false
                start = newline + 1
                searchFrom = start
            }
            buffer.removeFirst(start)
            if buffer.count > longest {
                skippingLongLine = true
                buffer.removeAll(keepingCapacity: true)
            }
        }
        var missing = Data()
        for line in written where !present.contains(line.dropLast()) { missing.append(line) }
        return missing
    }

    /// One whole line under an exclusive lock, then fsync; after the file was replaced, the lines
    /// it lacks go first, in the same write. A failed write is cut back off the file so no torn
    /// line is left behind. Returns the problem, or nil.
    private func write(_ line: Data) -> String? {
        if let problem = lockFileAtPath() { return problem }
        defer { flock(fd, LOCK_UN) }
        var info = stat()
        let sizeBefore = fstat(fd, &info) == 0 ? info.st_size : -1
        var data = carryOver ? linesMissingFromFile() : Data()
        data.append(line)
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
        carryOver = false
        return nil
    }
}
