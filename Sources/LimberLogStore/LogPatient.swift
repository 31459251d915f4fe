import Foundation
import LimberLog

/// Which patient a log file belongs to, read from its head: what lets `report` and `log` merge
/// one patient's laptop and Raspberry Pi logs without reading every file twice.
public enum LogPatient {
    /// The patient id named by the first session start in the first `headBytes` of the log that
    /// names one; nil when none does (the file is then a patient of its own) or it can't be read.
    /// Standard input is never read ahead: it is a patient of its own.
    public static func id(inLog path: String, headBytes: Int = 1 << 20) -> String? {
        guard path != "-", let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: headBytes) else { return nil }
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: true)
        if data.count == headBytes, data.last != 0x0A, !lines.isEmpty { lines.removeLast() } // cut in the middle
        for line in lines {
            let found = line.withUnsafeBytes { raw -> String? in
                guard case .line(let decoded) = LogLineParser.parse(raw.bindMemory(to: UInt8.self)),
                      decoded.event.type == .sessionStart, let id = decoded.event.patient, !id.isEmpty else { return nil }
                return id
            }
            if let found { return found }
        }
        return nil
    }
}
