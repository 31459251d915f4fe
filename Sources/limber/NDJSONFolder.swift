import Foundation
import LimberBasics
#if canImport(Glibc)
import Glibc
#endif

/// A Bulk Data export folder: one `<Type>.ndjson` per resource type, written as patients are
/// read (memory bounded by one patient), each file private and put in place whole at the end.
final class NDJSONFolder {
    private let folder: String
    /// Open temporary files by resource type, in the order the types came.
    private var files: [(type: String, fd: Int32, temporary: String)] = []

    init(_ folder: String) throws {
        try OutputFile.makeFolder(folder)
        self.folder = folder
    }

    deinit { for f in files { close(f.fd); unlink(f.temporary) } }

    /// Appends each type's lines to its file.
    func append(_ groups: [(type: String, lines: String)]) throws {
        for group in groups {
            let fd = try descriptor(group.type)
            if let failure = WriteAll.write(fd, group.lines) { throw failed(group.type, failure) }
        }
    }

    /// Puts every file in place; the types written, in order.
    func finish() throws -> [String] {
        for f in files {
            if fsync(f.fd) != 0 { throw failed(f.type, errno) }
            if rename(f.temporary, path(f.type)) != 0 { throw failed(f.type, errno) }
        }
        let types = files.map(\.type)
        for f in files { close(f.fd) }
        files = []
        return types
    }

    private func path(_ type: String) -> String { (folder as NSString).appendingPathComponent(type + ".ndjson") }

    private func descriptor(_ type: String) throws -> Int32 {
        if let f = files.first(where: { $0.type == type }) { return f.fd }
        var template = Array((path(type) + ".limber-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failed(type, errno) }
        fchmod(fd, 0o600)
        files.append((type, fd, String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        return fd
    }

    private func failed(_ type: String, _ code: Int32) -> CommandFailure {
        CommandFailure("can't write \(TextSanitizer.singleLine(path(type))): \(String(cString: strerror(code))); nothing was exported")
    }
}

extension OutputFile {
    /// Makes `path` a folder for output (private, 0700) unless it is one already.
    static func makeFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw CommandFailure("\(TextSanitizer.singleLine(path)) is a file, not a folder for the export") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandFailure("can't make the folder \(TextSanitizer.singleLine(path)): \((error as NSError).localizedDescription)")
        }
    }
}
