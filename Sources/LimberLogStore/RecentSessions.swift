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
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: true)
        if from > 0, !lines.isEmpty { lines.removeFirst() } // cut in the middle
        return lines.compactMap { line in
            line.withUnsafeBytes { raw -> String? in
                guard case .line(let decoded) = LogLineParser.parse(raw.bindMemory(to: UInt8.self)),
                      decoded.event.type == .sessionStart, decoded.ts.utf8.count >= 10 else { return nil }
                return String(decoded.ts.prefix(10))
            }
        }
    }
}
