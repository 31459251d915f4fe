import LimberBasics
import LimberLog

/// One patient's log files, to be read as one: every file whose session starts name the same
/// patient id, or a single file that names none.
public struct PatientFiles: Sendable, Equatable {
    /// The patient id the files record; nil for a file that records none.
    public var id: String?
    public var files: [String]

    public init(id: String?, files: [String]) {
        self.id = id
        self.files = files
    }

    /// Groups files by the patient id each records (`patientOf`), in the order the files came;
    /// a file without an id is a patient of its own, as before patient ids existed.
    public static func group(_ files: [String], patientOf: (String) -> String?) -> [PatientFiles] {
        var groups: [PatientFiles] = []
        var byID: [String: Int] = [:]
        for file in files {
            guard let id = patientOf(file) else {
                groups.append(PatientFiles(id: nil, files: [file]))
                continue
            }
            if let index = byID[id] {
                groups[index].files.append(file)
            } else {
                byID[id] = groups.count
                groups.append(PatientFiles(id: id, files: [file]))
            }
        }
        return groups
    }
}

/// Reads several log files of one patient into one ``SessionCollector``, counting each session
/// once: a session is recognised by its id, and the lines of a session already read from an
/// earlier file (a log copied between devices, or synced twice) are skipped. Memory grows with
/// the patient's sessions (their ids), never with the lines read.
public struct PatientCollector {
    public var collector: SessionCollector
    /// Sessions of the files already finished.
    private var earlier: Set<String> = []
    /// Sessions of the file being read.
    private var current: Set<String> = []
    /// Sessions found again in a later file, and skipped there.
    public private(set) var duplicateSessions: Set<String> = []

    /// - Parameter window: as for ``SessionCollector/init(window:)``.
    public init(window: ClosedRange<CalendarDate>?) { collector = SessionCollector(window: window) }

    /// The next file is the last: its session ids need not be remembered for later files.
    private var lastFile = false
    /// The session of the line before, and whether it was one of an earlier file.
    private var previous: (session: String, earlier: Bool)?

    /// Reads the lines given to ``addScanned(at:)``.
    public var scanner: LogLineParser.Scanner { collector.scanner }

    /// Starts a file; `last`: no file of this patient follows.
    public mutating func beginFile(last: Bool) { lastFile = last }

    /// Takes the event ``scanner`` has just read from the file being read (the fast way of
    /// ``add(_:at:)``, with the same result).
    public mutating func addScanned(at location: () -> String) {
        let session = collector.scannedSessionID()
        if let previous, previous.session == session {
            if previous.earlier { return }
        } else {
            let isEarlier = !earlier.isEmpty && earlier.contains(session)
            previous = (session, isEarlier)
            if isEarlier {
                duplicateSessions.insert(session)
                return
            }
            if !lastFile { current.insert(session) }
        }
        collector.addScanned(session: session, at: location)
    }

    /// Takes one line of the file being read.
    public mutating func add(_ line: LogLine, at location: String? = nil) {
        if earlier.contains(line.session) {
            duplicateSessions.insert(line.session)
            return
        }
        current.insert(line.session)
        collector.add(line, at: location)
    }

    /// Notes a line of the file being read that could not be used.
    public mutating func report(problem: String) { collector.report(problem: problem) }

    /// Ends one file: its sessions are complete (a session is written by one device, to one
    /// file), so the next file's older times don't make them look abandoned.
    public mutating func endFile() {
        earlier.formUnion(current)
        current = []
        previous = nil
        collector.endSource()
    }
}

extension ReportData {
    /// A patient's id and files in the JSON report, present only for a log that records an id
    /// (a report of logs without one reads as before).
    static func patientFields(_ r: PatientReport) -> [(String, JSONValue)] {
        guard let p = r.patient, let id = p.id else { return [] }
        return [("patient", .string(TextSanitizer.singleLine(id))), ("logs", .array(p.files.map { .string($0) }))]
    }
}
