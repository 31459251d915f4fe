import Foundation
import LimberLog
#if canImport(Glibc)
import Glibc
#endif

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
            let found = head.withUnsafeBufferPointer { all -> String? in
                while let end = LogReader.newline(in: all, from: lineStart) {
                    let line = UnsafeBufferPointer(rebasing: all[lineStart..<end])
                    lineStart = end + 1
                    if mayNamePatient(line), let id = patient(line, scanner) { return id }
                }
                return nil
            }
            if let found { return found }
        }
        return nil
    }

    /// False for a line that can't give a `patient` field: it holds neither the bytes `patient`
    /// nor a backslash (a name written with escapes). Most lines are such (a log records the
    /// patient on session starts, if at all), and are passed over without being checked.
    static func mayNamePatient(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress else { return false }
        if memchr(base, 0x5C, line.count) != nil { return true }
        var from = base, left = line.count
        // Each "p" with room for the word after it, compared with the word.
        while left >= 7, let found = memchr(from, 0x70, left - 6) {
            let p = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
            if memcmp(p, "patient", 7) == 0 { return true }
            left -= from.distance(to: p) + 1
            from = p + 1
        }
        return false
    }

    /// The patient of one line, if it is a session start that names one. Only the line's
    /// check and its `patient` field are read: one scanner for the whole head, which checks a
    /// plan repeated by every session start once.
    static func patient(_ line: UnsafeBufferPointer<UInt8>, _ scanner: LogLineParser.Scanner) -> String? {
        guard scanner.scan(line) == .event, scanner.type == .sessionStart, let id = scanner.string(.patient), !id.isEmpty else { return nil }
        return id
    }
}
