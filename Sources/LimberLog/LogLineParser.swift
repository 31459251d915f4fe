import LimberBasics

/// Reads one log line fast: a small JSON parser over the line's bytes that fills a ``LogLine``
/// directly. Reports of a ten-year log read hundreds of thousands of lines; Foundation's
/// JSONDecoder spends most of its time in generic machinery, so the reader uses this instead.
/// The Codable conformance stays the reference: tests check that both read every field alike.
public enum LogLineParser {
    public enum Outcome: Equatable {
        case line(LogLine)
        /// Well-formed, but of a type this build doesn't know (a newer Limber wrote it).
        case unknownType
        /// Not a Limber event (torn, not JSON, missing fields).
        case malformed
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        var p = Parser(b: bytes)
        do { return try p.line() } catch { return .malformed }
    }

    /// What a line's top-level fields fill while it is read: the envelope and the event.
    struct Slots {
        var v: Int?
        var ts: String?
        var session: String?
        var type: String?
        var event = LogEvent(type: .note)
    }

    /// One top-level field the log knows: its name and how its value is read into the slots.
    struct Field: Sendable {
        let name: String
        let read: @Sendable (inout Parser, inout Slots) throws -> Void
    }

    /// Every top-level field, in one place: a new field is one row here (and its property on
    /// ``LogEvent``). A row's position is its bit in the duplicate check, so at most 64 rows.
    static let fields: [Field] = [
        Field(name: "v") { $1.v = try $0.value().int },
        Field(name: "ts") { $1.ts = try $0.value().string },
        Field(name: "session") { $1.session = try $0.value().string },
        Field(name: "type") { $1.type = try $0.value().string },
        Field(name: "exercise") { $1.event.exercise = try $0.value().string },
        Field(name: "exercise_index") { $1.event.exerciseIndex = try $0.value().int },
        Field(name: "set") { $1.event.set = try $0.value().int },
        Field(name: "sets") { $1.event.sets = try $0.value().int },
        Field(name: "side") { $1.event.side = try $0.value().string.flatMap(Side.init(rawValue:)) },
        Field(name: "status") { $1.event.status = try $0.value().string },
        Field(name: "reps") { $1.event.reps = try $0.value().int },
        Field(name: "seconds") { $1.event.seconds = try $0.value().double },
        Field(name: "planned_seconds") { $1.event.plannedSeconds = try $0.value().int },
        Field(name: "rating") { $1.event.rating = try $0.value().int },
        Field(name: "note") { $1.event.note = try $0.value().string },
        Field(name: "stop_at") { $1.event.stopAt = try $0.value().int },
        Field(name: "reason") { $1.event.reason = try $0.value().string },
        Field(name: "action") { $1.event.action = try $0.value().string.flatMap(StopAction.init(rawValue:)) },
        Field(name: "paused_seconds") { $1.event.pausedSeconds = try $0.value().double },
        Field(name: "elapsed_seconds") { $1.event.elapsedSeconds = try $0.value().double },
        Field(name: "sets_done") { $1.event.setsDone = try $0.value().int },
        Field(name: "sets_skipped") { $1.event.setsSkipped = try $0.value().int },
        Field(name: "limber") { $1.event.limber = try $0.value().string },
        Field(name: "program") { $1.event.program = program(try $0.value().object) },
        Field(name: "planned") { $1.event.planned = planned(try $0.value().object) },
        Field(name: "schedule") { $1.event.schedule = schedule(try $0.value().object) },
        Field(name: "discomfort_rule") { $1.event.discomfortRule = rule(try $0.value().object) },
        Field(name: "progression") { $1.event.progression = progression(try $0.value().object) },
        Field(name: "simulated_date") { $1.event.simulatedDate = try $0.value().string },
        Field(name: "moment") { $1.event.moment = try $0.value().string },
        Field(name: "pain") { $1.event.pain = try $0.value().int },
        Field(name: "stiffness") { $1.event.stiffness = try $0.value().int },
        Field(name: "patient") { $1.event.patient = try $0.value().string },
    ]

    static func progression(_ o: [String: Value]?) -> LogEvent.ProgressionInfo? {
        guard let o, let week = o["week"]?.int else { return nil }
        let exercises = (o["exercises"]?.array ?? []).compactMap { x -> LogEvent.ExerciseDecision? in
            guard let x = x.object, let name = x["name"]?.string else { return nil }
            return .init(name: name, decision: x["decision"]?.string ?? "", reasons: (x["reasons"]?.array ?? []).compactMap(\.string))
        }
        return .init(week: week, phase: o["phase"]?.string, exercises: exercises)
    }

    // The nested objects of a session start, read from their parsed tree (one line a session).

    static func program(_ o: [String: Value]?) -> LogEvent.ProgramInfo? {
        guard let o, let title = o["title"]?.string else { return nil }
        return .init(title: title, path: o["path"]?.string ?? "", sha256: o["sha256"]?.string ?? "")
    }

    static func planned(_ o: [String: Value]?) -> LogEvent.PlannedWork? {
        guard let o else { return nil }
        let exercises = (o["exercises"]?.array ?? []).compactMap { x -> LogEvent.PlannedExercise? in
            guard let x = x.object, let name = x["name"]?.string else { return nil }
            return .init(name: name, kind: x["kind"]?.string ?? "", sets: x["sets"]?.int ?? 0,
                         sides: (x["sides"]?.array ?? []).compactMap(\.string), reps: x["reps"]?.int,
                         holdSeconds: x["hold_seconds"]?.int, durationSeconds: x["duration_seconds"]?.int)
        }
        return .init(totalSeconds: o["total_seconds"]?.int ?? 0, openSteps: o["open_steps"]?.int ?? 0, exercises: exercises)
    }

    static func schedule(_ o: [String: Value]?) -> LogEvent.ScheduleInfo? {
        guard let o else { return nil }
        return .init(perWeek: o["per_week"]?.int, days: o["days"]?.array?.compactMap(\.string),
                     perDay: o["per_day"]?.int ?? 1, start: o["start"]?.string, weeks: o["weeks"]?.int)
    }

    static func rule(_ o: [String: Value]?) -> LogEvent.RuleInfo? {
        guard let o else { return nil }
        return .init(ask: o["ask"]?.string ?? "", stopAt: o["stop_at"]?.int, onStop: o["on_stop"]?.string ?? "")
    }

    /// Parsed JSON, only as much as the log needs.
    enum Value {
        case object([(String, Value)])
        case array([Value])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null

        var string: String? { if case .string(let s) = self { s } else { nil } }
        var double: Double? { if case .number(let d) = self { d } else { nil } }
        var int: Int? {
            guard case .number(let d) = self, d.rounded() == d, abs(d) < 1e15 else { return nil }
            return Int(d)
        }
        var array: [Value]? { if case .array(let a) = self { a } else { nil } }
        var object: [String: Value]? {
            guard case .object(let pairs) = self else { return nil }
            return Dictionary(pairs, uniquingKeysWith: { _, last in last })
        }
    }

    struct Invalid: Error {}

    struct Parser {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0
        /// The top-level object, each known field parsed straight into its slot (no tree). A
        /// field given twice makes the line ambiguous, so it is refused rather than guessed at
        /// (JSON readers differ on which one wins).
        mutating func line() throws -> Outcome {
            let fields = LogLineParser.fields
            var slots = Slots()
            var seen: UInt64 = 0
            guard try openObject() else { throw Invalid() }
            repeat {
                let name = try key()
                var k = 0
                while k < fields.count, fields[k].name != name { k += 1 }
                if k == fields.count {
                    _ = try value() // a field of a newer format
                    continue
                }
                guard seen & (1 << k) == 0 else { throw Invalid() }
                seen |= 1 << k
                try fields[k].read(&self, &slots)
            } while try nextField()
            whitespace()
            guard i == b.count, let v = slots.v, let ts = slots.ts, let session = slots.session, let typeName = slots.type else {
                throw Invalid()
            }
            guard let type = LogEventType(rawValue: typeName) else { return .unknownType }
            slots.event.type = type
            return .line(LogLine(v: v, ts: ts, session: session, event: slots.event))
        }

        mutating func whitespace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
        }

        /// Consumes "{"; false for an empty object.
        mutating func openObject() throws -> Bool {
            whitespace()
            guard i < b.count, b[i] == UInt8(ascii: "{") else { throw Invalid() }
            i += 1
            whitespace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return false }
            return true
        }

        /// Consumes a field's name and its colon.
        mutating func key() throws -> String {
            whitespace()
            let name = try string()
            whitespace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { throw Invalid() }
            i += 1
            return name
        }

        /// After a field's value: true when a comma says another follows, false at "}".
        mutating func nextField() throws -> Bool {
            whitespace()
            guard i < b.count else { throw Invalid() }
            if b[i] == UInt8(ascii: ",") { i += 1; return true }
            if b[i] == UInt8(ascii: "}") { i += 1; return false }
            throw Invalid()
        }

        /// One value; `depth` counts the enclosing containers (a top-level field's value is 1).
        mutating func value(depth: Int = 1) throws -> Value {
            guard depth < 32 else { throw Invalid() }
            whitespace()
            guard i < b.count else { throw Invalid() }
            switch b[i] {
            case UInt8(ascii: "{"):
                var pairs: [(String, Value)] = []
                guard try openObject() else { return .object(pairs) }
                repeat {
                    let name = try key()
                    if pairs.contains(where: { $0.0 == name }) { throw Invalid() } // ambiguous: refused
                    pairs.append((name, try value(depth: depth + 1)))
                } while try nextField()
                return .object(pairs)
            case UInt8(ascii: "["):
                i += 1
                var items: [Value] = []
                whitespace()
                if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    whitespace()
                    guard i < b.count else { throw Invalid() }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    throw Invalid()
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default:
                return .number(try number())
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let n = word.utf8CodeUnitCount
            guard i + n <= b.count else { throw Invalid() }
            for k in 0..<n where b[i + k] != word.utf8Start[k] { throw Invalid() }
            i += n
        }

        mutating func number() throws -> Double {
            let start = i
            var negative = false
            if i < b.count, b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            var whole: Double = 0
            var digits = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { whole = whole * 10 + Double(b[i] - 0x30); i += 1; digits += 1 }
            guard digits > 0 else { throw Invalid() }
            var simple = true
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                simple = false
                while i < b.count, (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e")
                    || b[i] == UInt8(ascii: "E") || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            }
            // A number too large for a Double (1e999, or 400 digits) can't be written back: refused.
            if simple {
                guard whole.isFinite else { throw Invalid() }
                return negative ? -whole : whole
            }
            guard let d = Double(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)), d.isFinite else { throw Invalid() }
            return d
        }

        mutating func string() throws -> String {
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw Invalid() }
            i += 1
            let start = i
            while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\") {
                guard b[i] >= 0x20 else { throw Invalid() }
                i += 1
            }
            guard i < b.count else { throw Invalid() }
            if b[i] == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            // Escapes: the slow path.
            var bytes = Array(b[start..<i])
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") { i += 1; return String(decoding: bytes, as: UTF8.self) }
                guard c >= 0x20 else { throw Invalid() }
                if c != UInt8(ascii: "\\") { bytes.append(c); i += 1; continue }
                guard i + 1 < b.count else { throw Invalid() }
                let esc = b[i + 1]
                i += 2
                switch esc {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(esc)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "u"):
                    bytes += Array(String(try escapedScalar()).utf8)
                default: throw Invalid()
                }
            }
            throw Invalid()
        }

        /// The scalar of a `\uXXXX` escape (just after its `u`), or of a `\uD8xx\uDCxx` surrogate
        /// pair. A half of a pair alone, or a high half followed by anything but a low half, is
        /// malformed: there is no character to read.
        mutating func escapedScalar() throws -> Unicode.Scalar {
            let first = try hex4()
            guard (0xD800..<0xDC00).contains(first) else {
                guard let scalar = Unicode.Scalar(first) else { throw Invalid() } // a low half alone
                return scalar
            }
            guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else { throw Invalid() }
            i += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low), let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)) else {
                throw Invalid()
            }
            return scalar
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= b.count else { throw Invalid() }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x37)
                case 0x61...0x66: d = UInt32(c - 0x57)
                default: throw Invalid()
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }
    }
}
