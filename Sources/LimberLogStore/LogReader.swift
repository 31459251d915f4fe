import Foundation
import LimberLog

/// Reads a log as a stream of lines, never the whole file at once. A torn or malformed line is
/// reported with its number and skipped; lines of types this build doesn't know are skipped
/// quietly (a newer Limber may write them). A line longer than ``maxLineBytes`` (no Limber
/// event comes near it) is skipped as it streams past, so a damaged file can't fill memory.
public struct LogReader {
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
    public func forEachScanned(_ scanner: LogLineParser.Scanner, _ body: (_ line: Int, _ problem: String?) throws -> Void) throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else if let file = FileHandle(forReadingAtPath: path) {
            handle = file
        } else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { if path != "-" { try? handle.close() } }
        var pending: [UInt8] = []
        var lineNumber = 0
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
        while let chunk = try handle.read(upToCount: 1 << 18), !chunk.isEmpty {
            // Only the new bytes can hold the next newline: a long line is scanned once.
            let scanFrom = pending.count
            pending.append(contentsOf: chunk)
            var start = 0
            try pending.withUnsafeBufferPointer { buffer in
                var searchFrom = scanFrom
                while let newline = Self.newline(in: buffer, from: searchFrom) {
                    if skippingLongLine {
                        skippingLongLine = false
                    } else {
                        try emit(UnsafeBufferPointer(rebasing: buffer[start..<newline]), last: false)
                    }
                    start = newline + 1
                    searchFrom = start
                }
            }
            pending.removeFirst(start)
            if pending.count > Self.maxLineBytes {
                if !skippingLongLine {
                    lineNumber += 1
                    try body(lineNumber, "line longer than \(Self.maxLineBytes >> 20) MB")
                    skippingLongLine = true
                }
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty, !skippingLongLine { try pending.withUnsafeBufferPointer { try emit($0, last: true) } }
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
