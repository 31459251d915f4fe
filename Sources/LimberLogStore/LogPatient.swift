import Foundation
import LimberLog

/// Which patient a log file belongs to, read from its head: what lets `report` and `log` merge
/// one patient's laptop and Raspberry Pi logs without reading every file twice.
public enum LogPatient {
    /// The patient id named by the first session start in the first `headBytes` of the log that
    /// names one; nil when none does (the file is then a patient of its own) or it can't be read.
    /// Read in small chunks, so a log whose first line names the patient costs one read.
    /// Standard input is never read ahead: it is a patient of its own.
    public static func id(inLog path: String, headBytes: Int = 1 << 20) -> String? {
        guard path != "-", let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var head: [UInt8] = []
        var lineStart = 0
        while head.count < headBytes, let chunk = try? handle.read(upToCount: min(64 << 10, headBytes - head.count)), !chunk.isEmpty {
            head.append(contentsOf: chunk)
            while let end = head[lineStart...].firstIndex(of: 0x0A) {
                if let id = patient(head[lineStart..<end]) { return id }
                lineStart = end + 1
            }
        }
        return nil
    }

    /// The patient of one line, if it is a session start that names one.
    private static func patient(_ line: ArraySlice<UInt8>) -> String? {
        line.withUnsafeBufferPointer { raw -> String? in
            guard case .line(let decoded) = LogLineParser.parse(raw), decoded.event.type == .sessionStart,
                  let id = decoded.event.patient, !id.isEmpty else { return nil }
            return id
        }
    }
}
