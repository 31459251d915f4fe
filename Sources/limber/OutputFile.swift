import Foundation
import LimberBasics
import LimberLog
#if canImport(Glibc)
import Glibc
#endif

/// Writes a command's result to a file named with `--output`: private to the user (reports
/// are health data too), whole or not at all, and never over one of the command's inputs.
enum OutputFile {
    /// Writes `text` to a temporary file beside `path`, then renames it over `path`: a failure
    /// (a full disk) leaves the old file as it was. Refuses to replace any of `inputs` (same
    /// device and inode) or a file that looks like a Limber log.
    static func write(_ text: String, to path: String, inputs: [String]) throws {
        try replace(path, inputs: inputs) { WriteAll.write($0, text) }
    }

    /// Like `write(_:to:inputs:)`, the file's bytes appended by `fill` as it makes them and written
    /// in large pieces, so a long report is never held whole.
    static func write(to path: String, inputs: [String], _ fill: (ByteOutput) -> Void) throws {
        try replace(path, inputs: inputs) { fd in
            let out = ByteOutput(fd: fd)
            fill(out)
            return out.flush()
        }
    }

    /// The temporary file, its writing by `writing` (the first failure's errno, or nil), and the rename.
    private static func replace(_ path: String, inputs: [String], writing: (Int32) -> Int32?) throws {
        try refuseToReplace(path, inputs: inputs)
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/." + name + ".limber-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw CommandFailure("can't write \(shown(path)): \(String(cString: strerror(errno)))") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure = writing(fd)
        if failure == nil, fsync(fd) != 0 { failure = errno }
        fchmod(fd, 0o600)
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw CommandFailure("can't write \(shown(path)): \(String(cString: strerror(failure))); nothing was changed")
        }
    }

    private static func refuseToReplace(_ path: String, inputs: [String]) throws {
        var target = stat()
        guard stat(path, &target) == 0 else { return }
        for input in inputs {
            var info = stat()
            if stat(input, &info) == 0, info.st_dev == target.st_dev, info.st_ino == target.st_ino {
                throw CommandFailure("won't write the report over \(shown(path)): it is one of the logs being read")
            }
        }
        if looksLikeLog(path) {
            throw CommandFailure("won't write the report over \(shown(path)): it is a Limber log")
        }
    }

    /// True when the file's first line is a Limber log event.
    private static func looksLikeLog(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        let firstLine = head.prefix { $0 != 0x0A }
        return firstLine.withUnsafeBytes { raw in
            if case .malformed = LogLineParser.parse(raw.bindMemory(to: UInt8.self)) { return false }
            return true
        }
    }

    private static func shown(_ path: String) -> String { TextSanitizer.singleLine(path) }
}
