import ArgumentParser
import Foundation
import LimberBasics
import LimberLog
import LimberLogStore
import LimberProgram
import LimberReview

/// Log files named on the command line (files, folders of *.jsonl, or `-` for standard input),
/// read into sessions.
enum LogInputs {
    /// The files to read: each argument, a folder's *.jsonl files, or the default log (the user
    /// configuration's, else the standard place). A folder's
    /// subfolders are not read; one note line names them.
    static func files(_ arguments: [String]) throws -> [String] {
        if arguments.isEmpty { return [try UserSettings.logPath(nil)] }
        var files: [String] = []
        for argument in arguments {
            if argument == "-" {
                files.append(argument)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw CommandFailure("no log at \(TextSanitizer.singleLine(argument))")
            }
            if isDirectory.boolValue {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted()
                let logs = names.filter { $0.hasSuffix(".jsonl") }
                let folders = names.filter { name in
                    var isFolder: ObjCBool = false
                    let path = (argument as NSString).appendingPathComponent(name)
                    return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
                }
                if !folders.isEmpty {
                    Console.err("limber: note: subfolders of \(TextSanitizer.singleLine(argument)) not read: "
                                + folders.map(TextSanitizer.singleLine).joined(separator: ", ") + " (name them to read their logs)\n")
                }
                if logs.isEmpty { throw CommandFailure("no *.jsonl logs in \(TextSanitizer.singleLine(argument))") }
                files += logs.map { (argument as NSString).appendingPathComponent($0) }
            } else {
                files.append(argument)
            }
        }
        return files
    }

    /// The files grouped by patient: files naming the same patient id are one patient, a file
    /// naming none is one on its own.
    static func patients(_ files: [String]) -> [PatientFiles] {
        PatientFiles.group(files) { LogPatient.id(inLog: $0) }
    }

    /// Reads one patient's logs as a stream into session summaries, keeping whole only the
    /// sessions of `window` (nil: all); a session in several files counts once; unreadable
    /// lines become problems.
    static func read(_ patient: PatientFiles, window: ClosedRange<CalendarDate>?, duplicates: inout Duplicates) throws -> SessionCollector {
        var merged = PatientCollector(window: window)
        for (index, path) in patient.files.enumerated() {
            let shown = displayName(path)
            let before = merged.collector.skippedLines
            merged.beginFile(last: index == patient.files.count - 1)
            do {
                let reader = LogReader(path: path)
                // A large file, with a second core to read its later part: in two parts at once,
                // both from the file opened here (a log replaced meanwhile is not mixed in).
                if Alongside.available, patient.files.count == 1, let pinned = LogReader.Pinned(path: path),
                   let cut = pinned.reader.cut(minimumBytes: SessionCollector.partedMinimumBytes) {
                    try merged.collector.read(cut: cut, shown: shown, read: { try pinned.reader.forEachScanned($0, part: $1, $2) }) {
                        try pinned.reader.lines(before: cut)
                    }
                } else {
                    try reader.forEachScanned(merged.scanner) { number, problem in
                        if let problem {
                            merged.report(problem: "\(shown):\(number): \(problem); line skipped")
                        } else {
                            merged.addScanned { "\(shown):\(number)" }
                        }
                    }
                }
            } catch {
                throw CommandFailure("can't read \(shown): \((error as NSError).localizedDescription)")
            }
            merged.endFile()
            if merged.collector.skippedLines - before > SessionCollector.problemsLimit {
                merged.collector.note("\(shown): \(merged.collector.skippedLines - before) lines skipped in all")
            }
        }
        var collector = merged.collector
        if collector.newerFormatLines > 0 {
            collector.note("\(patient.files.map(displayName).joined(separator: ", ")): \(collector.newerFormatLines) line(s) come from a newer Limber; read as far as possible")
        }
        duplicates.add(merged.duplicateSessions.count, of: name(patient))
        return collector
    }

    /// Sessions found in more than one file of a patient, over every patient read: one note for
    /// a whole folder, not one per patient.
    struct Duplicates {
        private(set) var sessions = 0
        private(set) var patients: [String] = []

        mutating func add(_ count: Int, of patient: String) {
            guard count > 0 else { return }
            sessions += count
            patients.append(patient)
        }

        /// The note on stderr, if any session was found twice.
        func note() {
            guard sessions > 0 else { return }
            let whose = patients.count == 1 ? "patient \(patients[0])" : "\(patients.count) patients"
            Console.err("limber: note: \(sessions) session(s) of \(whose) are in more than one file; each is counted once\n")
        }
    }

    /// The name a patient goes by in reports: the patient id, or the file name without the
    /// extension for a log that records none.
    static func name(_ patient: PatientFiles) -> String {
        patient.id.map(TextSanitizer.singleLine) ?? patientName(patient.files[0])
    }

    /// A log's path as messages show it: `-` is standard input.
    static func displayName(_ path: String) -> String { path == "-" ? "stdin" : TextSanitizer.singleLine(path) }

    /// The patient's name for a log: its file name without the extension.
    static func patientName(_ path: String) -> String {
        TextSanitizer.singleLine(((displayName(path) as NSString).lastPathComponent as NSString).deletingPathExtension)
    }
}

/// `--since` and `--until`, as `report` and `log` take them.
struct DateWindowOptions: ParsableArguments {
    /// The first day whose sessions are read.
    @Option(name: .long, help: ArgumentHelp("First day (YYYY-MM-DD) whose sessions are read.", valueName: "YYYY-MM-DD"))
    var since: String?

    /// The last day whose sessions are read.
    @Option(name: .long, help: ArgumentHelp("Last day (YYYY-MM-DD) whose sessions are read.", valueName: "YYYY-MM-DD"))
    var until: String?

    func validate() throws {
        if let since, CalendarDate(parsing: since) == nil { throw ValidationError("--since must be a date written YYYY-MM-DD, not '\(since)'.") }
        if let until, CalendarDate(parsing: until) == nil { throw ValidationError("--until must be a date written YYYY-MM-DD, not '\(until)'.") }
    }

    /// The days from --since to --until; a date not given is `defaultSince(until)` or `defaultUntil`.
    func window(defaultUntil: CalendarDate, defaultSince: (CalendarDate) -> CalendarDate) throws -> ClosedRange<CalendarDate> {
        let end = until.flatMap(CalendarDate.init(parsing:)) ?? defaultUntil
        let start = since.flatMap(CalendarDate.init(parsing:)) ?? defaultSince(end)
        guard start <= end else { throw ValidationError("--since (\(start)) is after --until (\(end)).") }
        return start...end
    }

    /// Either date was given.
    var isSet: Bool { since != nil || until != nil }
}
