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

    /// Calls `body` for each line in order. Throws only when the file can't be opened or read.
    public func forEach(_ body: (Item) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var lineNumber = 0
        /// Inside a line already reported as too long: drop bytes up to its newline.
        var skippingLongLine = false
        func emit(_ line: UnsafeBufferPointer<UInt8>) throws {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { return }
            switch LogLineParser.parse(line) {
            case .line(let decoded): try body(.event(decoded))
            case .unknownType: return
            case .malformed:
                try body(.problem(line: lineNumber, reason: line.last == 0x7D ? "not a Limber event" : "incomplete line (cut off)"))
            }
        }
        while let chunk = try handle.read(upToCount: 1 << 18), !chunk.isEmpty {
            // Only the new bytes can hold the next newline: a long line is scanned once.
            let scanFrom = pending.count
            pending.append(contentsOf: chunk)
            var start = 0
            try pending.withUnsafeBufferPointer { buffer in
                var searchFrom = scanFrom
                while let newline = buffer[searchFrom...].firstIndex(of: 0x0A) {
                    if skippingLongLine {
                        skippingLongLine = false
                    } else {
                        try emit(UnsafeBufferPointer(rebasing: buffer[start..<newline]))
                    }
                    start = newline + 1
                    searchFrom = start
                }
            }
            pending.removeFirst(start)
            if pending.count > Self.maxLineBytes {
                if !skippingLongLine {
                    lineNumber += 1
                    try body(.problem(line: lineNumber, reason: "line longer than \(Self.maxLineBytes >> 20) MB"))
                    skippingLongLine = true
                }
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty, !skippingLongLine { try pending.withUnsafeBufferPointer { try emit($0) } }
    }
}
