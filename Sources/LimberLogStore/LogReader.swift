import Foundation
import LimberLog
#if canImport(Glibc)
import Glibc
#endif

/// Reads a log as a stream of lines, never the whole file at once. A torn or malformed line is
/// reported with its number and skipped; lines of types this build doesn't know are skipped
/// quietly (a newer Limber may write them). A line longer than ``maxLineBytes`` (no Limber
/// event comes near it) is skipped as it streams past, so a damaged file can't fill memory.
public struct LogReader: Sendable {
    /// Longest line read: a session start naming thousands of exercises is well under it.
    public static let maxLineBytes = 4 << 20

    /// What one line of the file turned out to be.
    public enum Item {
        case event(LogLine)
        /// Not a Limber event: the line number and a few words on why.
        case problem(line: Int, reason: String)
    }

    public let path: String
    public init(path: String) { self.path = path }

    /// The index of the next newline at or after `from` (memchr: a long line is scanned at
    /// memory speed, in a debug build too).
    static func newline(in buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < buffer.count, let base = buffer.baseAddress,
              let found = memchr(base + from, 0x0A, buffer.count - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Calls `body` for each line in order. Throws only when the file can't be opened or read.
    public func forEach(_ body: (Item) throws -> Void) throws {
        try forEachNumbered { _, item in try body(item) }
    }

    /// Calls `body` for each line in order with its number (from 1), so what a reader finds
    /// wrong in an event can name its line. Throws only when the file can't be opened or read.
    public func forEachNumbered(_ body: (_ line: Int, Item) throws -> Void) throws {
        let scanner = LogLineParser.Scanner()
        try forEachScanned(scanner) { number, problem in
            if let problem {
                try body(number, .problem(line: number, reason: problem))
            } else {
                try body(number, .event(scanner.line()))
            }
        }
    }

    /// The fast way through a log: calls `body` for each line that is an event (`problem` nil:
    /// `scanner` holds it, to read only the fields wanted) or not a Limber event (`problem` says
    /// why), with the line's number; lines of unknown types and blank lines are skipped, as
    /// ``forEachNumbered(_:)`` skips them. Throws only when the file can't be opened or read.
    ///
    /// `part`: only these bytes of the file, which must start and end at line boundaries (the
    /// line numbers then count from the part's start). Reads end at the same offsets as for the
    /// whole file, so a line is judged too long exactly as when the whole file is read.
    public func forEachScanned(_ scanner: LogLineParser.Scanner, part: Range<Int>? = nil,
                               _ body: (_ line: Int, _ problem: String?) throws -> Void) throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else if let file = FileHandle(forReadingAtPath: path) {
            handle = file
        } else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { if path != "-" { try? handle.close() } }
        var position = 0, end = Int.max
        if let part {
            guard lseek(handle.fileDescriptor, off_t(part.lowerBound), SEEK_SET) >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            position = part.lowerBound
            end = part.upperBound
        }
        // The file is read 256 KiB at a time into one buffer (never a Data or an Array per
        // read); each line is found with memchr and scanned where it lies. The buffer holds the
        // unfinished line and the next read; it grows only for a line longer than a read.
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * Self.readBytes, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0, start = 0, lineNumber = 0
        /// Inside a line already reported as too long: drop bytes up to its newline.
        var skippingLongLine = false
        func emit(_ line: UnsafeBufferPointer<UInt8>, last: Bool) throws {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { return }
            switch scanner.scan(line) {
            case .event: try body(lineNumber, nil)
            case .unknownType: return
            case .malformed: try body(lineNumber, Self.whyMalformed(line, last: last))
            }
        }
        while true {
            // Room for a whole read after the unfinished line: move it to the front, or grow.
            if buffer.count - filled < Self.readBytes {
                if start > 0 {
                    buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: filled - start)
                    filled -= start
                    start = 0
                }
                if buffer.count - filled < Self.readBytes {
                    let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * buffer.count, alignment: 16)
                    larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: filled)
                    buffer.deallocate()
                    buffer = larger
                }
            }
            let scanFrom = filled
            // Up to the next multiple of a read from the file's start, as when it is read whole.
            let count = try Self.read(handle, into: buffer.baseAddress! + filled, count: min(Self.readBytes - position % Self.readBytes, end - position))
            guard count > 0 else { break }
            filled += count
            position += count
            // Only the new bytes can hold the next newline: a long line is scanned once.
            let bytes = UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: filled)
            var searchFrom = scanFrom
            while let newline = Self.newline(in: bytes, from: searchFrom) {
                if skippingLongLine {
                    skippingLongLine = false
                } else {
                    try emit(UnsafeBufferPointer(rebasing: bytes[start..<newline]), last: false)
                }
                start = newline + 1
                searchFrom = start
            }
            if filled - start > Self.maxLineBytes {
                if !skippingLongLine {
                    lineNumber += 1
                    try body(lineNumber, "line longer than \(Self.maxLineBytes >> 20) MB")
                    skippingLongLine = true
                }
                filled = 0
                start = 0
            }
        }
        if filled > start, !skippingLongLine {
            try emit(UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, count: filled - start), last: true)
        }
    }

    /// Where to cut the file in two to read the parts at once: the start of a line near the
    /// middle, the first `session_start` line within a megabyte after it if there is one (a
    /// session is then rarely cut in two). Nil for standard input, a file under `minimumBytes`,
    /// or one with no line break near its middle.
    public func cut(minimumBytes: Int) -> Int? {
        guard path != "-", let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var info = stat()
        guard fstat(handle.fileDescriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) >= max(minimumBytes, 2) else { return nil }
        let size = Int(info.st_size), middle = size / 2
        let window = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.cutWindow, alignment: 16)
        defer { window.deallocate() }
        let count = pread(handle.fileDescriptor, window.baseAddress, Self.cutWindow, off_t(middle))
        guard count > 0 else { return nil }
        let bytes = UnsafeBufferPointer(start: window.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
        guard let first = Self.newline(in: bytes, from: 0) else { return nil }
        var lineStart = first + 1
        while let end = Self.newline(in: bytes, from: lineStart) {
            if Self.contains(UnsafeBufferPointer(rebasing: bytes[lineStart..<end]), Self.startMark) {
                return middle + lineStart
            }
            lineStart = end + 1
        }
        return middle + first + 1 < size ? middle + first + 1 : nil
    }

    private static let cutWindow = 1 << 20

    /// A log file held open while it is read in parts: ``reader`` reads the file opened here
    /// (through /proc/self/fd), so every part, and any reading on from the cut, reads the same
    /// file even when the log is renamed or replaced meanwhile, as one reading in order would.
    public final class Pinned: Sendable {
        /// Reads the file opened at ``init(path:)``.
        public let reader: LogReader
        private let descriptor: Int32

        /// Nil when `path` can't be opened (or is standard input).
        public init?(path: String) {
            guard path != "-" else { return nil }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            self.descriptor = descriptor
            reader = LogReader(path: "/proc/self/fd/\(descriptor)")
        }

        deinit { close(descriptor) }
    }
    private static let startMark = Array("\"type\":\"session_start\"".utf8)

    /// `line` holds the bytes `mark` (not empty) somewhere.
    static func contains(_ line: UnsafeBufferPointer<UInt8>, _ mark: [UInt8]) -> Bool {
        guard let base = line.baseAddress, line.count >= mark.count else { return false }
        var from = 0
        while let found = memchr(base + from, Int32(mark[0]), line.count - mark.count + 1 - from) {
            let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, mark, mark.count) == 0 { return true }
            from = at + 1
        }
        return false
    }

    /// How many lines the file has before byte `offset` (a line break ends each).
    public func lines(before offset: Int) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        defer { try? handle.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readBytes, alignment: 16)
        defer { buffer.deallocate() }
        var lines = 0, position = 0
        while position < offset {
            let count = try Self.read(handle, into: buffer.baseAddress!, count: min(Self.readBytes, offset - position))
            guard count > 0 else { break }
            let bytes = UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
            var from = 0
            while let newline = Self.newline(in: bytes, from: from) {
                lines += 1
                from = newline + 1
            }
            position += count
        }
        return lines
    }

    /// How much one read asks for. Lines are looked at once a whole read has arrived (or the
    /// file ended), so a line is too long when more than ``maxLineBytes`` of it are pending then.
    static let readBytes = 1 << 18

    /// Reads `wanted` bytes (at most ``readBytes``) into `destination`, fewer only at the end of
    /// the input (a pipe gives what it has: reading goes on until the amount or the end). A
    /// failed read is thrown as FileHandle throws it: it is asked to read again, and what it
    /// reads instead is used.
    static func read(_ handle: FileHandle, into destination: UnsafeMutableRawPointer, count wanted: Int) throws -> Int {
        var total = 0
        while total < wanted {
            let count = Glibc.read(handle.fileDescriptor, destination + total, wanted - total)
            if count < 0 {
                if errno == EINTR { continue }
                guard let data = try handle.read(upToCount: wanted - total) else { break }
                data.copyBytes(to: (destination + total).assumingMemoryBound(to: UInt8.self), count: data.count)
                total += data.count
                continue
            }
            if count == 0 { break }
            total += count
        }
        return total
    }

    /// Why a line that is no event was refused: cut off (the file's last line with no newline,
    /// or the start of a JSON object that never closes), an object that is no Limber event, or
    /// not a log line at all.
    static func whyMalformed(_ line: UnsafeBufferPointer<UInt8>, last: Bool) -> String {
        let isSpace = { (b: UInt8) in b == 0x20 || b == 0x09 || b == 0x0D }
        let first = line.first { !isSpace($0) }, end = line.last { !isSpace($0) }
        if first == 0x7B { return end == 0x7D ? "not a Limber event" : "incomplete line (cut off)" }
        return last ? "incomplete line (cut off)" : "not a log line"
    }
}
