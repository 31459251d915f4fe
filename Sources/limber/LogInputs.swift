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
                throw CommandFailure("no log at \(TextSanitizer.singleLine(argument))")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                let logs = names.filter { $0.hasSuffix(".jsonl") }.sorted()
                if logs.isEmpty { throw CommandFailure("no *.jsonl logs in \(TextSanitizer.singleLine(argument))") }
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
                case .problem(let n, let reason): collector.report(problem: "\(TextSanitizer.singleLine(path)):\(n): \(reason); line skipped")
                }
            }
        } catch {
            throw CommandFailure("can't read \(TextSanitizer.singleLine(path)): \((error as NSError).localizedDescription)")
        }
        if collector.skippedLines > SessionCollector.problemsLimit {
            collector.note("\(TextSanitizer.singleLine(path)): \(collector.skippedLines) lines skipped in all")
        }
        if collector.newerFormatLines > 0 {
            collector.note("\(TextSanitizer.singleLine(path)): \(collector.newerFormatLines) line(s) come from a newer Limber; read as far as possible")
        }
        return collector
    }

    /// The patient's name for a log: its file name without the extension.
    static func patientName(_ path: String) -> String {
        TextSanitizer.singleLine(((path as NSString).lastPathComponent as NSString).deletingPathExtension)
    }

}
