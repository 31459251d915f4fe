import LimberBasics
import LimberLog
#if canImport(Glibc)
import Glibc
#endif

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

    private var entries: [(key: [Int], objects: Objects)] = []
    private var replace = 0
    private var key: [Int] = []

    /// A start's nested objects, decoded: one box per distinct value, so a hit copies one reference.
    final class Objects {
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

    /// The nested objects of the line `scanner` holds, made fit (``SessionCollector/makeSaneStart(_:)``,
    /// once per distinct value); nil when it has none.
    mutating func objects(_ scanner: LogLineParser.Scanner) -> Objects? {
        guard scanner.present & Self.mask != 0 else { return nil }
        key.removeAll(keepingCapacity: true)
        for f in Self.fields { key.append(scanner.containerID(f) ?? -1) }
        if let hit = entries.first(where: { $0.key == key }) { return hit.objects }
        var e = scanner.event(Self.mask)
        SessionCollector.makeSaneStart(&e)
        let decoded = Objects(e)
        if entries.count < Self.kept {
            entries.append((key, decoded))
        } else {
            entries[replace] = (key, decoded)
            replace = (replace + 1) % Self.kept
        }
        return decoded
    }
}

/// What the review takes from one event of a session: the fields ``SessionCollector`` reads,
/// made fit for it. The fast way fills it straight from the scanner: a whole ``LogEvent``
/// (some thirty optional fields) made and destroyed for every line cost more than the fields read.
struct TakenEvent {
    var type: LogEventType
    var exercise: String?
    var exerciseIndex: Int?
    var rating: Int?
    var stopAt: Int?
    var note: String?
    var action: StopAction?
    /// The word as written (``LogEvent/status``).
    var status: String?
    var elapsedSeconds: Double?
    /// A session start's nested objects; nil when the line has none.
    var start: StartCache.Objects?

    /// ``SessionCollector/makeSane(_:)`` for an event filled from the scanner, whose exercise
    /// name and nested objects are made fit already (once per spelling, once per value).
    mutating func makeSane() -> Bool {
        SessionCollector.makeSaneLine(rating: rating, note: &note, stopAt: &stopAt, elapsedSeconds: &elapsedSeconds)
    }

    /// For `session_end` events: how the session ended (``LogEvent/endStatus``).
    var endStatus: SessionEndStatus? { status.flatMap(SessionEndStatus.init(rawValue:)) }
}

extension TakenEvent {
    /// The fields of a decoded event already made fit (``SessionCollector/makeSane(_:)``).
    init(_ e: LogEvent) {
        let nested = e.program != nil || e.planned != nil || e.schedule != nil || e.discomfortRule != nil || e.progression != nil
        self.init(type: e.type, exercise: e.exercise, exerciseIndex: e.exerciseIndex, rating: e.rating, stopAt: e.stopAt, note: e.note,
                  action: e.action, status: e.status, elapsedSeconds: e.elapsedSeconds, start: nested ? StartCache.Objects(e) : nil)
    }
}
