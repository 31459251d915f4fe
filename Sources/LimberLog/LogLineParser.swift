import LimberBasics
#if canImport(Glibc)
import Glibc
#endif

/// Reads one log line fast: a small JSON parser over the line's bytes that fills a ``LogLine``
/// directly. Reports of a ten-year log read hundreds of thousands of lines; Foundation's
/// JSONDecoder spends most of its time in generic machinery, so the reader uses this instead.
/// The Codable conformance stays the reference: tests check that both read every field alike.
///
/// Underneath is ``Scanner``: it checks a line and notes where each field's value lies, building
/// no value at all, so a reader that needs a few fields of each line decodes only those.
public enum LogLineParser {
    public enum Outcome: Equatable {
        case line(LogLine)
        /// Well-formed, but of a type this build doesn't know (a newer Limber wrote it).
        case unknownType
        /// Not a Limber event (torn, not JSON, missing fields).
        case malformed
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        let scanner = Scanner()
        switch scanner.scan(bytes) {
        case .event: return .line(scanner.line())
        case .unknownType: return .unknownType
        case .malformed: return .malformed
        }
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

    /// Every top-level field, in one place: a new field is one row here, a case of ``LogField``
    /// at the same position, and its property on ``LogEvent``. A row's position is its bit in
    /// the duplicate check, so at most 64 rows.
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

    /// The rows of ``fields`` by their names' bytes.
    static let fieldNames = ByteNames(fields.map { Array($0.name.utf8) })
    /// The rows of ``fields`` by their keys' bytes as written without spaces.
    static let keyBytes = fields.map { KeyBytes(name: $0.name) }

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


    /// Checks log lines and notes where each top-level field's value lies, building nothing: a
    /// reader that needs a few fields of each line decodes only those (``int(_:)``,
    /// ``plainString(_:)``…), and ``line()`` decodes all of them, as ``parse(_:)`` does. It
    /// refuses exactly what ``parse(_:)`` refuses. One scanner serves a whole file: its room
    /// for field positions is made once, and the nested objects it has checked are remembered
    /// by their bytes (a session start repeats the same plan thousands of times), so a repeat
    /// is checked with one comparison and can be told apart by ``containerID(_:)``.
    public final class Scanner {
        /// What ``scan(_:)`` found.
        public enum Result: Equatable {
            /// A Limber event of a known type: its fields can be read.
            case event
            /// Well-formed, but of a type this build doesn't know.
            case unknownType
            /// Not a Limber event (torn, not JSON, missing fields).
            case malformed
        }

        /// What a field's value is, as far as reading it goes.
        enum Kind: UInt8 { case plainString, escapedString, number, literal, container }

        /// Where one field's value lies in the line, and what it is.
        struct Slot {
            var start = 0, end = 0
            var kind = Kind.literal
            /// A number's value.
            var number = 0.0
            /// A nested value's id (see ``containerID(_:)``).
            var id = -1
        }

        /// The line last scanned and what was found in it. Kept behind pointers, not in
        /// properties: a field read on every line must cost no exclusivity check.
        struct State {
            var b = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            var present: UInt64 = 0
            var type = LogEventType.note
        }

        private let state: UnsafeMutablePointer<State>
        private let slots: UnsafeMutablePointer<Slot>
        /// The field that followed each field (the last entry: the line's start) on the line
        /// that last had it, -1 for none yet: lines of one kind repeat their keys in one order,
        /// so the next key is first compared with that one's bytes (``Parser/predictedKey(_:_:)``).
        private let following: UnsafeMutablePointer<Int>
        /// Each field's key as written without spaces, for that comparison.
        private let keys: UnsafeMutablePointer<KeyBytes>
        private var b: UnsafeBufferPointer<UInt8> { state.pointee.b }
        /// The fields the line gives, one bit per ``LogField``.
        public var present: UInt64 { state.pointee.present }
        /// The event's type, after ``Result/event``.
        public var type: LogEventType { state.pointee.type }
        /// Nested values checked before, most recent first: their bytes (owned by the scanner,
        /// so that moving an entry to the front copies no array) and the id they go by.
        private var checked: [(bytes: UnsafeMutableBufferPointer<UInt8>, id: Int)] = []
        private var nextID = 0
        static let checkedKept = 16

        public init() {
            state = .allocate(capacity: 1)
            state.initialize(to: State())
            slots = .allocate(capacity: LogLineParser.fields.count)
            slots.initialize(repeating: Slot(), count: LogLineParser.fields.count)
            following = .allocate(capacity: LogLineParser.fields.count + 1)
            following.initialize(repeating: -1, count: LogLineParser.fields.count + 1)
            keys = .allocate(capacity: LogLineParser.fields.count)
            keys.initialize(from: LogLineParser.keyBytes, count: LogLineParser.fields.count)
        }

        deinit {
            state.deallocate()
            slots.deallocate()
            following.deallocate()
            keys.deallocate()
            for entry in checked { entry.bytes.deallocate() }
        }

        /// Checks one line (without its newline). The fields can be read until the next scan,
        /// while `bytes` stays valid.
        public func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
            state.pointee.b = bytes
            state.pointee.present = 0
            do {
                var p = Parser(b: bytes)
                guard try p.openObject() else { throw Invalid() }
                var present: UInt64 = 0
                var previous = LogLineParser.fields.count
                repeat {
                    let k = try p.predictedKey(following[previous], keys) ?? p.fieldKey()
                    if k >= 0 { following[previous] = k }
                    previous = k < 0 ? LogLineParser.fields.count : k
                    if k < 0 {
                        try skip(&p, into: nil)
                        continue
                    }
                    guard present & (1 << k) == 0 else { throw Invalid() }
                    present |= 1 << k
                    try skip(&p, into: k)
                } while try p.nextField()
                state.pointee.present = present
                p.whitespace()
                guard p.i == bytes.count, has(.v), int(.v) != nil, has(.ts), isString(.ts), has(.session), isString(.session),
                      has(.type), isString(.type) else { throw Invalid() }
            } catch {
                return .malformed
            }
            guard let known = eventType() else { return .unknownType }
            state.pointee.type = known
            return .event
        }

        /// Checks the value at the parser's place and notes it as field `k` (nil: a field this
        /// build doesn't know, checked and forgotten).
        private func skip(_ p: inout Parser, into k: Int?) throws {
            p.whitespace()
            guard p.i < b.count else { throw Invalid() }
            let start = p.i
            let kind: Kind
            var number = 0.0, id = -1
            switch b[p.i] {
            case UInt8(ascii: "\""): kind = try p.skipString() ? .escapedString : .plainString
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                kind = .container
                id = try checkContainer(&p)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                kind = .literal
                _ = try p.value()
            default:
                kind = .number
                number = try p.number()
            }
            guard let k else { return }
            slots[k] = Slot(start: start, end: p.i, kind: kind, number: number, id: id)
        }

        /// An object or array: checked in full unless the line goes on with the bytes of one
        /// checked before (a whole valid value: parsing from here would read exactly those bytes
        /// and end where they end). Returns the id those bytes go by.
        private func checkContainer(_ p: inout Parser) throws -> Int {
            let start = p.i
            let base = b.baseAddress! + start, room = b.count - start
            for n in checked.indices where checked[n].bytes.count <= room && memcmp(checked[n].bytes.baseAddress!, base, checked[n].bytes.count) == 0 {
                let entry = checked[n]
                if n > 0 {
                    checked.remove(at: n)
                    checked.insert(entry, at: 0)
                }
                p.i = start + entry.bytes.count
                return entry.id
            }
            _ = try p.value()
            nextID += 1
            let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: p.i - start)
            _ = bytes.initialize(from: UnsafeBufferPointer(rebasing: b[start..<p.i]))
            checked.insert((bytes, nextID), at: 0)
            if checked.count > Self.checkedKept { checked.removeLast().bytes.deallocate() }
            return nextID
        }

        private func eventType() -> LogEventType? {
            guard let s = plainString(.type) else { return string(.type).flatMap(LogEventType.init(rawValue:)) }
            let k = Self.typeNames.index(s)
            return k < 0 ? nil : Self.types[k]
        }

        static let types = LogEventType.allCases
        static let typeNames = ByteNames(types.map { Array($0.rawValue.utf8) })

        // MARK: Reading the fields of the line last scanned

        /// The line gives this field (of whatever kind).
        public func has(_ f: LogField) -> Bool { present & (1 << f.rawValue) != 0 }

        public func isString(_ f: LogField) -> Bool {
            has(f) && (slots[f.rawValue].kind == .plainString || slots[f.rawValue].kind == .escapedString)
        }

        /// The bytes of a string field with no escapes in it (quotes off): its text as it is,
        /// for a reader to compare or keep without making a String; nil otherwise.
        public func plainString(_ f: LogField) -> UnsafeBufferPointer<UInt8>? {
            guard has(f), slots[f.rawValue].kind == .plainString else { return nil }
            return UnsafeBufferPointer(rebasing: b[(slots[f.rawValue].start + 1)..<(slots[f.rawValue].end - 1)])
        }

        /// A string field's text; nil when absent or not a string.
        public func string(_ f: LogField) -> String? {
            if let plain = plainString(f) { return String(decoding: plain, as: UTF8.self) }
            guard isString(f) else { return nil }
            var p = Parser(b: b, i: slots[f.rawValue].start)
            return try? p.string()
        }

        /// A number field that is a whole number (as ``LogLine`` reads it); nil otherwise.
        public func int(_ f: LogField) -> Int? {
            guard has(f), slots[f.rawValue].kind == .number else { return nil }
            return Value.number(slots[f.rawValue].number).int
        }

        /// A number field; nil when absent or not a number.
        public func double(_ f: LogField) -> Double? {
            guard has(f), slots[f.rawValue].kind == .number else { return nil }
            return slots[f.rawValue].number
        }

        /// Which nested value an object or array field holds: the same id for the same bytes
        /// while the scanner remembers them (a few distinct values), so a reader can keep what it
        /// decoded from one. Nil when the field is absent or not an object or array.
        public func containerID(_ f: LogField) -> Int? {
            guard has(f), slots[f.rawValue].kind == .container else { return nil }
            return slots[f.rawValue].id
        }

        /// The event with only the fields in `mask` (bits of ``LogField``) decoded.
        public func event(_ mask: UInt64) -> LogEvent {
            var slots = Slots()
            var bits = present & mask
            while bits != 0 {
                let k = bits.trailingZeroBitCount
                bits &= bits - 1
                var p = Parser(b: b, i: self.slots[k].start)
                try? LogLineParser.fields[k].read(&p, &slots)
            }
            slots.event.type = type
            return slots.event
        }

        /// The whole line, as ``LogLineParser/parse(_:)`` gives it.
        public func line() -> LogLine {
            LogLine(v: int(.v) ?? 0, ts: string(.ts) ?? "", session: string(.session) ?? "", event: event(~0))
        }
    }

    struct Invalid: Error {}

    /// A field's key as written without spaces, `"name":` (at most 19 bytes), as three words
    /// and the masks of the bytes they hold: compared with a line's bytes in three loads.
    struct KeyBytes {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var masks: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var length = 0

        init(name: String) {
            let bytes = [UInt8(ascii: "\"")] + Array(name.utf8) + [UInt8(ascii: "\""), UInt8(ascii: ":")]
            precondition(bytes.count <= 24)
            var w: [UInt64] = [0, 0, 0], m: [UInt64] = [0, 0, 0]
            for (n, byte) in bytes.enumerated() {
                w[n / 8] |= UInt64(byte) << UInt64(n % 8 * 8)
                m[n / 8] |= 0xFF << UInt64(n % 8 * 8)
            }
            words = (w[0], w[1], w[2])
            masks = (m[0], m[1], m[2])
            length = bytes.count
        }
    }

    struct Parser {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        /// Consumes a top-level field's name and its colon: the field's row in ``fields``, or -1
        /// for a name this build doesn't know. Names are matched on their bytes; a name written
        /// with escapes is decoded first.
        mutating func fieldKey() throws -> Int {
            whitespace()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw Invalid() }
            let quote = i
            i += 1
            let start = i
            var k: Int
            if try plainCharacters() {
                k = LogLineParser.fieldNames.index(b.baseAddress! + start, i - start, limit: b.count - start)
                i += 1
            } else {
                i = quote
                var name = try string()
                k = name.withUTF8 { LogLineParser.fieldNames.index($0) }
            }
            whitespace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { throw Invalid() }
            i += 1
            return k
        }

        /// Consumes the key of field `k` and its colon when the line goes on with exactly their
        /// bytes (no spaces, no escapes: what ``fieldKey()`` would read as that field), giving
        /// `k`; nil otherwise (or when `k` is -1, or fewer than 24 bytes are left), consuming nothing.
        @inline(__always)
        mutating func predictedKey(_ k: Int, _ keys: UnsafePointer<KeyBytes>) -> Int? {
            guard k >= 0, i + 24 <= b.count, let base = b.baseAddress else { return nil }
            let key = keys[k], raw = UnsafeRawPointer(base + i)
            guard raw.loadUnaligned(as: UInt64.self).littleEndian & key.masks.0 == key.words.0,
                  raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian & key.masks.1 == key.words.1,
                  raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self).littleEndian & key.masks.2 == key.words.2 else { return nil }
            i += key.length
            return k
        }

        /// Checks a string value without making it; true when it holds escapes.
        mutating func skipString() throws -> Bool {
            let quote = i
            i += 1
            if try plainCharacters() {
                i += 1
                return false
            }
            i = quote
            _ = try string()
            return true
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

        /// A number: whole numbers and short decimals (`30.0`, `905.25`) are read from their
        /// digits; anything else (an exponent, more than 15 significant digits) as before, through
        /// the C library's reading, whose result the short forms give bit for bit.
        mutating func number() throws -> Double {
            let start = i
            var negative = false
            if i < b.count, b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            let digitsStart = i
            var whole: UInt64 = 0
            while i < b.count, b[i] &- 0x30 < 10 { whole = whole &* 10 &+ UInt64(b[i] &- 0x30); i += 1 }
            let digits = i - digitsStart
            guard digits > 0 else { throw Invalid() }
            guard i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") else {
                // Up to 15 digits the value is exact; past them it is accumulated as it always was.
                if digits <= 15 { return negative ? -Double(whole) : Double(whole) }
                var rounded: Double = 0
                for k in digitsStart..<i { rounded = rounded * 10 + Double(b[k] - 0x30) }
                // A number too large for a Double (400 digits) can't be written back: refused.
                guard rounded.isFinite else { throw Invalid() }
                return negative ? -rounded : rounded
            }
            if let d = shortDecimal(whole: whole, digits: digits) { return negative ? -d : d }
            while i < b.count, (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e")
                || b[i] == UInt8(ascii: "E") || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            // Too large for a Double (1e999) can't be written back: refused.
            guard let d = Double(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)), d.isFinite else { throw Invalid() }
            return d
        }

        /// At the `.` of a decimal whose whole part was `digits` digits worth `whole`: its value
        /// when it is short (at most 15 significant digits, nothing after the fraction that
        /// could belong to the number), consumed; nil otherwise, consuming nothing. The digits
        /// make an exact integer and ten to the fraction's length is exact, so one division
        /// rounds correctly, as strtod does.
        private mutating func shortDecimal(whole: UInt64, digits: Int) -> Double? {
            guard b[i] == UInt8(ascii: ".") else { return nil }
            var j = i + 1, mantissa = whole
            while j < b.count, b[j] &- 0x30 < 10, j - i <= 15 { mantissa = mantissa &* 10 &+ UInt64(b[j] &- 0x30); j += 1 }
            let fraction = j - i - 1
            guard fraction > 0, digits + fraction <= 15 else { return nil }
            if j < b.count {
                let c = b[j]
                guard !(c &- 0x30 < 10 || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                        || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) else { return nil }
            }
            i = j
            return Double(mantissa) / Self.powersOfTen[fraction]
        }

        static let powersOfTen: [Double] = (0...15).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

        /// Advances over a string's characters that need no decoding (from just after its
        /// opening quote) to its closing quote, true, or its first backslash, false. A control
        /// character or the end of the line is malformed.
        // Every key and string passes here: inlined, scanning a 36,500-line log took 140.6M → 134.1M instructions.
        @inline(__always)
        mutating func plainCharacters() throws -> Bool {
            // Eight bytes at a time, to the first quote, backslash or control character: each
            // test below flags its first such byte exactly (a false alarm can only sit above a
            // true one), so the lowest flag is where to stop; the loop below decides on it.
            if let base = b.baseAddress {
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                while i + 8 <= b.count {
                    let x = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    let quote = x ^ 0x2222_2222_2222_2222, backslash = x ^ 0x5C5C_5C5C_5C5C_5C5C
                    let flagged = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((x &- 0x2020_2020_2020_2020) & ~x)) & highs
                    if flagged != 0 {
                        i += flagged.trailingZeroBitCount >> 3
                        break
                    }
                    i += 8
                }
            }
            while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\") {
                guard b[i] >= 0x20 else { throw Invalid() }
                i += 1
            }
            guard i < b.count else { throw Invalid() }
            return b[i] == UInt8(ascii: "\"")
        }

        mutating func string() throws -> String {
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw Invalid() }
            i += 1
            let start = i
            if try plainCharacters() {
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

/// The top-level fields of a log line, in the order of the parser's table (their bit in
/// ``LogLineParser/Scanner/present``).
public enum LogField: Int, CaseIterable, Sendable {
    case v
    case ts
    case session
    case type
    case exercise
    case exerciseIndex
    case set
    case sets
    case side
    case status
    case reps
    case seconds
    case plannedSeconds
    case rating
    case note
    case stopAt
    case reason
    case action
    case pausedSeconds
    case elapsedSeconds
    case setsDone
    case setsSkipped
    case limber
    case program
    case planned
    case schedule
    case discomfortRule
    case progression
    case simulatedDate
    case moment
    case pain
    case stiffness
    case patient

    /// The name the log writes.
    public var name: String { LogLineParser.fields[rawValue].name }

    /// The bits of these fields, for ``LogLineParser/Scanner/event(_:)``.
    public static func mask(_ fields: LogField...) -> UInt64 { fields.reduce(0) { $0 | 1 << UInt64($1.rawValue) } }
}
