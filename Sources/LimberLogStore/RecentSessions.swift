import Foundation
import LimberLog

/// The sessions started lately, read from the end of the log: enough for "session 2 of 2 today,
/// 3 of 5 this week" at the start of a session, without reading a long log whole.
public enum RecentSessions {
    /// The local dates (`YYYY-MM-DD`, as the log recorded them) of the session starts in the last
    /// `lastBytes` of the log, oldest first; empty when the log can't be read.
    public static func startDates(inLog path: String, lastBytes: Int = 1 << 20) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return [] }
        let from = size > UInt64(lastBytes) ? size - UInt64(lastBytes) : 0
        guard (try? handle.seek(toOffset: from)) != nil, let data = try? handle.readToEnd() else { return [] }
        return data.withUnsafeBytes { bytes in
            lines(of: bytes, cut: from > 0).compactMap { line -> String? in
                guard mayStartSession(line), case .line(let decoded) = LogLineParser.parse(line.bindMemory(to: UInt8.self)),
                      decoded.event.type == .sessionStart, decoded.ts.utf8.count >= 10 else { return nil }
                return String(decoded.ts.prefix(10))
            }
        }
    }

    /// The non-empty lines of `bytes` (without their newlines), found with memchr; with `cut`
    /// (the bytes start mid-file) the first is dropped, as it may be a line's end. `Data.split`
    /// cost ~150 instructions a byte: ~150M for the 1 MB read before a session's first frame.
    static func lines(of bytes: UnsafeRawBufferPointer, cut: Bool) -> [UnsafeRawBufferPointer] {
        guard let base = bytes.baseAddress else { return [] }
        var lines: [UnsafeRawBufferPointer] = []
        var start = 0
        while start < bytes.count {
            let end = memchr(base + start, 0x0A, bytes.count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
            if end > start { lines.append(UnsafeRawBufferPointer(start: base + start, count: end - start)) }
            start = end + 1
        }
        if cut, !lines.isEmpty { lines.removeFirst() } // cut in the middle
        return lines
    }

    /// False only for a line that can't be a session start: one without the type's letters and
    /// without a backslash (an escape could spell them). Read before a session's first frame, the
    /// log's other lines are skipped without being decoded (a session writes ~100 lines, one start).
    static func mayStartSession(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let base = line.baseAddress, !line.isEmpty else { return false }
        if memchr(base, 0x5C, line.count) != nil { return true }
        // Each "s" found by memchr, compared with the type's letters (glibc's memmem is not
        // exported to Swift).
        return sessionStartBytes.withUnsafeBytes { word in
            var at = 0
            while at + word.count <= line.count, let hit = memchr(base + at, Int32(word[0]), line.count - word.count + 1 - at) {
                if memcmp(hit, word.baseAddress!, word.count) == 0 { return true }
                at = base.distance(to: UnsafeRawPointer(hit)) + 1
            }
            return false
        }
    }

    private static let sessionStartBytes = Array(LogEventType.sessionStart.rawValue.utf8)
}
