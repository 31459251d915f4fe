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

    /// The nested objects of a session start.
    static func fill(_ e: inout LogEvent, _ key: String, _ value: Value) {
        guard let o = value.object else { return }
        switch key {
        case "program":
            if let title = o["title"]?.string {
                e.program = .init(title: title, path: o["path"]?.string ?? "", sha256: o["sha256"]?.string ?? "")
            }
        case "planned":
            let exercises = (o["exercises"]?.array ?? []).compactMap { x -> LogEvent.PlannedExercise? in
                guard let x = x.object, let name = x["name"]?.string else { return nil }
                return .init(name: name, kind: x["kind"]?.string ?? "", sets: x["sets"]?.int ?? 0,
                             sides: (x["sides"]?.array ?? []).compactMap(\.string), reps: x["reps"]?.int,
                             holdSeconds: x["hold_seconds"]?.int, durationSeconds: x["duration_seconds"]?.int)
            }
            e.planned = .init(totalSeconds: o["total_seconds"]?.int ?? 0, openSteps: o["open_steps"]?.int ?? 0, exercises: exercises)
        case "schedule":
            e.schedule = .init(perWeek: o["per_week"]?.int, days: o["days"]?.array?.compactMap(\.string),
                               perDay: o["per_day"]?.int ?? 1, start: o["start"]?.string, weeks: o["weeks"]?.int)
        default: // discomfort_rule
            e.discomfortRule = .init(ask: o["ask"]?.string ?? "", stopAt: o["stop_at"]?.int, onStop: o["on_stop"]?.string ?? "")
        }
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
        /// Known top-level fields seen so far, and any seen twice: a field given twice makes the
        /// line ambiguous, so it is refused rather than guessed at (JSON readers differ on which
        /// one wins).
        var seen: UInt64 = 0
        var repeated: UInt64 = 0

        @inline(__always) mutating func once(_ bit: Int) {
            repeated |= seen & (1 << bit)
            seen |= 1 << bit
        }

        /// The top-level object, each known field parsed straight into the event (no tree).
        mutating func line() throws -> Outcome {
            var v: Int?, ts: String?, session: String?, typeName: String?
            var e = LogEvent(type: .note)
            guard try openObject() else { throw Invalid() }
            repeat {
                let name = try key()
                switch name {
                case "v": once(0); v = try value(depth: 1).int
                case "ts": once(1); ts = try value(depth: 1).string
                case "session": once(2); session = try value(depth: 1).string
                case "type": once(3); typeName = try value(depth: 1).string
                case "exercise": once(4); e.exercise = try value(depth: 1).string
                case "exercise_index": once(5); e.exerciseIndex = try value(depth: 1).int
                case "set": once(6); e.set = try value(depth: 1).int
                case "sets": once(7); e.sets = try value(depth: 1).int
                case "side": once(8); e.side = try value(depth: 1).string.flatMap(Side.init(rawValue:))
                case "status": once(9); e.status = try value(depth: 1).string
                case "reps": once(10); e.reps = try value(depth: 1).int
                case "seconds": once(11); e.seconds = try value(depth: 1).double
                case "planned_seconds": once(12); e.plannedSeconds = try value(depth: 1).int
                case "rating": once(13); e.rating = try value(depth: 1).int
                case "note": once(14); e.note = try value(depth: 1).string
                case "stop_at": once(15); e.stopAt = try value(depth: 1).int
                case "reason": once(16); e.reason = try value(depth: 1).string
                case "action": once(17); e.action = try value(depth: 1).string.flatMap(StopAction.init(rawValue:))
                case "paused_seconds": once(18); e.pausedSeconds = try value(depth: 1).double
                case "elapsed_seconds": once(19); e.elapsedSeconds = try value(depth: 1).double
                case "sets_done": once(20); e.setsDone = try value(depth: 1).int
                case "sets_skipped": once(21); e.setsSkipped = try value(depth: 1).int
                case "limber": once(22); e.limber = try value(depth: 1).string
                case "program", "planned", "schedule", "discomfort_rule":
                    once(name == "program" ? 23 : name == "planned" ? 24 : name == "schedule" ? 25 : 26)
                    LogLineParser.fill(&e, name, try value(depth: 1))
                default:
                    _ = try value(depth: 1) // a field of a newer format
                }
            } while try nextField()
            whitespace()
            guard i == b.count, repeated == 0, let v, let ts, let session, let typeName else { throw Invalid() }
            guard let type = LogEventType(rawValue: typeName) else { return .unknownType }
            e.type = type
            return .line(LogLine(v: v, ts: ts, session: session, event: e))
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

        mutating func value(depth: Int) throws -> Value {
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
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    bytes += Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
                default: throw Invalid()
                }
            }
            throw Invalid()
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
