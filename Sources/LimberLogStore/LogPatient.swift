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
        let scanner = LogLineParser.Scanner()
        while head.count < headBytes, let chunk = try? handle.read(upToCount: min(64 << 10, headBytes - head.count)), !chunk.isEmpty {
            head.append(contentsOf: chunk)
            while let end = head[lineStart...].firstIndex(of: 0x0A) {
                if let id = patient(head[lineStart..<end], scanner) { return id }
                lineStart = end + 1
            }
        }
        return nil
    }

    /// The patient of one line, if it is a session start that names one. Only the line's
    /// check and its `patient` field are read: one scanner for the whole head, which checks a
    /// plan repeated by every session start once.
    private static func patient(_ line: ArraySlice<UInt8>, _ scanner: LogLineParser.Scanner) -> String? {
        line.withUnsafeBufferPointer { raw -> String? in
            guard scanner.scan(raw) == .event, scanner.type == .sessionStart, let id = scanner.string(.patient), !id.isEmpty else { return nil }
            return id
        }
    }
}
