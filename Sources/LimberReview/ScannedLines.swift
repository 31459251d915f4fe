import LimberBasics
import LimberLog
#if canImport(Glibc)
import Glibc
#endif

/// One event of a log read the fast way (``ScannedEventReader``), ready to be taken in by
/// ``SessionCollector/add(_:at:)``: only the fields a report uses, decoded. Made where the line
/// is read, which may be another thread than the collector's.
public struct ScannedEvent: Sendable {
    /// The session id as written.
    public let session: String
    let content: Content

    enum Content: Sendable {
        /// The fields a report uses, and the line's time.
        case event(Fields, time: LogTime)
        /// The whole line, for the collector to read as a decoded one: a check-in, or a time
        /// the fast reading can't read. Boxed: rare, and as large as five ``Fields``.
        indirect case line(LogLine)
    }

    /// The fields of a line a report uses, a fifth of a ``LogEvent``'s size (batches of them wait
    /// between the reading thread and the collector).
    struct Fields: Sendable {
        var type: LogEventType
        var action: StopAction?
        var v: Int
        var exercise: String?
        var status: String?
        var note: String?
        var exerciseIndex: Int?
        var rating: Int?
        var stopAt: Int?
        var elapsedSeconds: Double?
        /// A session start's nested objects, shared by the starts that wrote the same.
        var start: StartObjects?

        /// These fields as an event.
        var event: LogEvent {
            var e = LogEvent(type: type)
            e.exercise = exercise
            e.exerciseIndex = exerciseIndex
            e.rating = rating
            e.stopAt = stopAt
            e.note = note
            e.action = action
            e.status = status
            e.elapsedSeconds = elapsedSeconds
            if let start {
                e.program = start.program
                e.planned = start.planned
                e.schedule = start.schedule
                e.discomfortRule = start.discomfortRule
                e.progression = start.progression
            }
            return e
        }
    }
}

/// The nested objects of a session start (program, plan, schedule, discomfort rule,
/// progression), decoded.
final class StartObjects: Sendable {
    let program: LogEvent.ProgramInfo?
    let planned: LogEvent.PlannedWork?
    let schedule: LogEvent.ScheduleInfo?
    let discomfortRule: LogEvent.RuleInfo?
    let progression: LogEvent.ProgressionInfo?

    init(_ e: LogEvent) {
        program = e.program
        planned = e.planned
        schedule = e.schedule
        discomfortRule = e.discomfortRule
        progression = e.progression
    }
}

/// Reads the events of a log the fast way, for ``SessionCollector/add(_:at:)``: only the fields
/// a report uses are decoded; the nested objects of a session start once per distinct value
/// (every session of a program carries the same plan), the names of exercises and sessions once
/// per distinct spelling in a row. Depends on nothing the collector holds, so it can run ahead
/// of it on a thread of its own (one reader for all the files of a patient: the ids its scanner
/// gives nested values are what ``StartCache`` goes by).
public struct ScannedEventReader {
    /// Scans the lines this reads.
    public let scanner = LogLineParser.Scanner()
    private var names = ScannedNames()
    private var starts = StartCache()
    private var days = LogTime.DayMemo()

    public init() {}

    /// The session id of the event ``scanner`` has just read, the same String while the lines
    /// of one session follow each other.
    public mutating func sessionID() -> String { names.session(scanner) }

    /// The event ``scanner`` has just read.
    public mutating func event() -> ScannedEvent { event(session: sessionID()) }

    /// The event ``scanner`` has just read, whose session id is `session`.
    mutating func event(session: String) -> ScannedEvent {
        if scanner.type == .checkin { return ScannedEvent(session: session, content: .line(scanner.line())) }
        let v = scanner.int(.v) ?? LogLine.formatVersion
        let plainTime = scanner.plainString(.ts)
        guard let time = plainTime.flatMap({ LogTime(utf8: $0, memo: &days) }) ?? (plainTime == nil ? scanner.string(.ts).flatMap(LogTime.init) : nil) else {
            return ScannedEvent(session: session, content: .line(scanner.line()))
        }
        var f = ScannedEvent.Fields(type: scanner.type, v: v)
        if scanner.has(.exercise) { f.exercise = names.text(scanner, .exercise, cleaned: true) }
        f.exerciseIndex = scanner.int(.exerciseIndex)
        f.rating = scanner.int(.rating)
        f.stopAt = scanner.int(.stopAt)
        if scanner.has(.note) { f.note = scanner.string(.note) }
        if scanner.has(.action) { f.action = scanner.string(.action).flatMap(StopAction.init(rawValue:)) }
        if scanner.has(.status) { f.status = names.text(scanner, .status) }
        f.elapsedSeconds = scanner.double(.elapsedSeconds)
        f.start = starts.objects(from: scanner)
        return ScannedEvent(session: session, content: .event(f, time: time))
    }
}

/// Strings of a log made once per spelling while it is read fast: the session id while the
/// lines of one session follow each other, and the few exercise names and status words a log
/// repeats on every line (a log with many distinct ones is only slower, never wrong).
struct ScannedNames {
    private var lastSessionBytes: [UInt8] = []
    private var lastSession: String?
    private var texts: [(bytes: [UInt8], text: String, cleaned: String?)] = []
    private var replace = 0
    static let textsKept = 32

    /// The session id of the line `scanner` holds.
    mutating func session(_ scanner: LogLineParser.Scanner) -> String {
        guard let plain = scanner.plainString(.session) else { return scanner.string(.session) ?? "" }
        if let lastSession, Self.same(lastSessionBytes, plain) { return lastSession }
        let text = String(decoding: plain, as: UTF8.self)
        lastSessionBytes.removeAll(keepingCapacity: true)
        lastSessionBytes.append(contentsOf: plain)
        lastSession = text
        return text
    }

    /// A string field of the line `scanner` holds; nil when absent or not a string. `cleaned`:
    /// with control characters made visible (``SessionCollector/cleaned(_:)``), checked once per spelling.
    mutating func text(_ scanner: LogLineParser.Scanner, _ field: LogField, cleaned: Bool = false) -> String? {
        guard let plain = scanner.plainString(field) else { return scanner.string(field).map { cleaned ? SessionCollector.cleaned($0) : $0 } }
        var n = texts.firstIndex { Self.same($0.bytes, plain) } ?? -1
        if n < 0 {
            let entry = (Array(plain), String(decoding: plain, as: UTF8.self), String?.none)
            if texts.count < Self.textsKept {
                n = texts.count
                texts.append(entry)
            } else {
                n = replace
                texts[n] = entry
                replace = (replace + 1) % Self.textsKept
            }
        }
        guard cleaned else { return texts[n].text }
        if let done = texts[n].cleaned { return done }
        let done = SessionCollector.cleaned(texts[n].text)
        texts[n].cleaned = done
        return done
    }

    static func same(_ kept: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        kept.count == bytes.count && kept.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
    }
}

/// The nested objects of session starts (program, plan, schedule, discomfort rule,
/// progression), decoded once per distinct value: a log repeats the same ones for every
/// session of a program. Told apart by the scanner's ids for their bytes.
struct StartCache {
    static let fields: [LogField] = [.program, .planned, .schedule, .discomfortRule, .progression]
    static let mask = fields.reduce(UInt64(0)) { $0 | 1 << UInt64($1.rawValue) }
    static let kept = 16

    private var entries: [(key: [Int], objects: StartObjects)] = []
    private var replace = 0
    private var key: [Int] = []

    /// The nested objects of the line `scanner` holds; nil when it has none.
    mutating func objects(from scanner: LogLineParser.Scanner) -> StartObjects? {
        guard scanner.present & Self.mask != 0 else { return nil }
        key.removeAll(keepingCapacity: true)
        for f in Self.fields { key.append(scanner.containerID(f) ?? -1) }
        if let hit = entries.first(where: { $0.key == key }) { return hit.objects }
        let decoded = StartObjects(scanner.event(Self.mask))
        if entries.count < Self.kept {
            entries.append((key, decoded))
        } else {
            entries[replace] = (key, decoded)
            replace = (replace + 1) % Self.kept
        }
        return decoded
    }
}
