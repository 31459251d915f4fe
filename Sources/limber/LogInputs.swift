import ArgumentParser
import Foundation
import LimberBasics
import LimberLog
import LimberLogStore
import LimberProgram
import LimberReview

/// Log files named on the command line (files, or folders of *.jsonl), read into sessions.
enum LogInputs {
    /// The files to read: each argument, a folder's *.jsonl files, or the default log.
    static func files(_ arguments: [String]) throws -> [String] {
        if arguments.isEmpty { return [try LogStore.defaultPath()] }
        var files: [String] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw ValidationError("No log at \(argument).")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                let logs = names.filter { $0.hasSuffix(".jsonl") }.sorted()
                if logs.isEmpty { throw ValidationError("No *.jsonl logs in \(argument).") }
                files += logs.map { (argument as NSString).appendingPathComponent($0) }
            } else {
                files.append(argument)
            }
        }
        return files
    }

    /// Reads one log as a stream into session summaries; unreadable lines become problems.
    static func read(_ path: String) throws -> SessionCollector {
        var collector = SessionCollector()
        do {
            try LogReader(path: path).forEach { item in
                switch item {
                case .event(let line): collector.add(line)
                case .problem(let n, let reason): collector.report(problem: "\(path):\(n): \(reason); line skipped")
                }
            }
        } catch {
            throw ValidationError("Can't read \(path): \((error as NSError).localizedDescription)")
        }
        if collector.skippedLines > SessionCollector.problemsLimit {
            collector.note("\(path): \(collector.skippedLines) lines skipped in all")
        }
        if collector.newerFormatLines > 0 {
            collector.note("\(path): \(collector.newerFormatLines) line(s) come from a newer Limber; read as far as possible")
        }
        return collector
    }

    /// The patient's name for a log: its file name without the extension.
    static func patientName(_ path: String) -> String {
        TextSanitizer.singleLine(((path as NSString).lastPathComponent as NSString).deletingPathExtension)
    }

    /// Writes `text` to `path`, private to the user (reports are health data too).
    static func writePrivate(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ValidationError("Can't write \(path): \(String(cString: strerror(errno))).") }
        defer { close(fd) }
        fchmod(fd, 0o600)
        if let failure = WriteAll.write(fd, text) {
            throw ValidationError("Can't write \(path): \(String(cString: strerror(failure))).")
        }
    }
}
