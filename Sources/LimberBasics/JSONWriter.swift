/// JSON written as it is produced, byte for byte what `JSONValue.rendered(pretty:)` gives for
/// the same document: large outputs (plans, reports) stream to their descriptor instead of
/// building a tree of values and one String first.
///
/// Values are written in document order: `beginObject()`, then `key(_:)` before each member's
/// value, `endObject()`; arrays the same without keys.
public struct JSONWriter {
    /// Where the bytes go.
    public let output: ByteOutput
    private let pretty: Bool
    /// One entry per open container: whether it has had a member yet.
    private var filled: [Bool] = []
    /// A key was written and its value is next (no separator before it).
    private var afterKey = false

    /// A writer into `output`; pretty output indents by two spaces, like `JSONValue`.
    public init(_ output: ByteOutput, pretty: Bool = true) {
        self.output = output
        self.pretty = pretty
    }

    /// A writer continuing a document another writer (`pretty` as it) has begun in another
    /// output, inside `depth` open containers, the innermost already holding members when
    /// `filled`: for runs of a long array written apart and joined in order (``Alongside``).
    public init(_ output: ByteOutput, pretty: Bool = true, inside depth: Int, filled: Bool) {
        self.init(output, pretty: pretty)
        self.filled = Array(repeating: true, count: depth)
        if depth > 0 { self.filled[depth - 1] = filled }
    }

    /// Records that the innermost container holds members written by other writers
    /// (``init(_:pretty:inside:filled:)``), so that what follows is separated from them.
    public mutating func continued() {
        if let last = filled.indices.last { filled[last] = true }
    }

    /// The number of containers still open (0 once the document is whole).
    public var depth: Int { filled.count }

    /// Opens an object.
    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    /// Closes the innermost object.
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    /// Opens an array.
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    /// Closes the innermost array.
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Names the next member of the open object.
    public mutating func key(_ name: String) {
        separate()
        Self.appendQuoted(name, to: output)
        output.append(byte: UInt8(ascii: ":"))
        if pretty { output.append(byte: UInt8(ascii: " ")) }
        afterKey = true
    }

    /// Names the next member with a key already quoted by `JSONWriter.quoted(_:)`.
    public mutating func key(quoted: [UInt8]) {
        separate()
        output.append(quoted)
        output.append(byte: UInt8(ascii: ":"))
        if pretty { output.append(byte: UInt8(ascii: " ")) }
        afterKey = true
    }

    /// Names the next member with a fixed name that needs no escaping (no scan, no String made).
    public mutating func key(literal name: StaticString) {
        separate()
        let n = name.utf8CodeUnitCount
        let at = output.reserve(n + 4)
        at[0] = UInt8(ascii: "\"")
        (at + 1).update(from: name.utf8Start, count: n)
        at[n + 1] = UInt8(ascii: "\"")
        at[n + 2] = UInt8(ascii: ":")
        at[n + 3] = UInt8(ascii: " ")
        output.advance(pretty ? n + 4 : n + 3)
        afterKey = true
    }

    /// A date as a string value, as its `description` spells it ("2026-11-05").
    public mutating func string(date: CalendarDate) {
        separate()
        let at = output.reserve(12)
        at[0] = UInt8(ascii: "\"")
        ByteOutput.write(date: date, at: at + 1)
        at[11] = UInt8(ascii: "\"")
        output.advance(12)
    }

    /// A string value.
    public mutating func string(_ value: String) {
        separate()
        Self.appendQuoted(value, to: output)
    }

    /// A string value already quoted by `JSONWriter.quoted(_:)` (text repeated many times).
    public mutating func string(quoted: [UInt8]) {
        separate()
        output.append(quoted)
    }

    /// An integer value.
    public mutating func int(_ value: Int) {
        separate()
        output.append(decimal: value)
    }

    /// A number; `null` when it is not finite, as `JSONValue` writes it.
    public mutating func double(_ value: Double) {
        separate()
        Self.appendNumber(value, to: output)
    }

    /// `true` or `false`.
    public mutating func bool(_ value: Bool) {
        separate()
        output.append(value ? "true" : "false")
    }

    /// A number rounded to thousandths (`(value * 1000).rounded() / 1000`, as reports show
    /// shares and means), or `null` when there is none.
    public mutating func thousandths(_ value: Double?) {
        guard let value else { return null() }
        let k = (value * 1000).rounded()
        // Up to a billion, the shortest digits that read back as k / 1000 (what `String` writes)
        // are k's own with the point put back: any other decimal of at most three places is
        // 0.001 away, far outside the value's rounding interval there.
        guard abs(k) < 1e12 else { return double(k / 1000) }
        separate()
        Self.appendThousandths(Int(k), negative: k.sign == .minus, to: output)
    }

    /// Appends `k` / 1000 as `String(Double(k) / 1000)` spells it for |k| < 10^12: "-0.0",
    /// "0.5", "12.0", "3.142".
    static func appendThousandths(_ k: Int, negative: Bool, to output: ByteOutput) {
        if negative { output.append(byte: UInt8(ascii: "-")) }
        output.append(decimal: Int(k.magnitude / 1000))
        var fraction = Int(k.magnitude % 1000)
        let at = output.reserve(4)
        at[0] = UInt8(ascii: ".")
        guard fraction != 0 else {
            at[1] = UInt8(ascii: "0")
            return output.advance(2)
        }
        var digits = 3
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        for i in stride(from: digits, to: 0, by: -1) {
            at[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
            fraction /= 10
        }
        output.advance(digits + 1)
    }

    /// An integer, or `null` when there is none.
    public mutating func int(_ value: Int?) {
        guard let value else { return null() }
        int(value)
    }

    /// `null`.
    public mutating func null() {
        separate()
        output.append("null")
    }

    /// A whole value built as a tree (small parts of a streamed document).
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .string(let s): string(s)
        case .int(let n): int(n)
        case .double(let d): double(d)
        case .bool(let b): bool(b)
        case .null: null()
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .object(let pairs):
            beginObject()
            for (name, item) in pairs {
                key(name)
                self.value(item)
            }
            endObject()
        }
    }

    /// `text` as a JSON string literal's bytes, escaped exactly as `JSONValue.quote` does.
    public static func quoted(_ text: String) -> [UInt8] {
        if needsEscapes(text) { return Array(JSONValue.quote(text).utf8) }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.append(contentsOf: text.utf8)
        bytes.append(UInt8(ascii: "\""))
        return bytes
    }

    /// Appends `text` as a JSON string literal, escaped as `JSONValue.quote` does (for callers
    /// writing fixed runs of keys as bytes of their own).
    public static func appendQuoted(_ text: String, to output: ByteOutput) {
        var text = text
        let plain = text.withUTF8 { bytes in
            guard !needsEscapes(bytes) else { return false }
            let at = output.reserve(bytes.count + 2)
            at[0] = UInt8(ascii: "\"")
            if let base = bytes.baseAddress { (at + 1).update(from: base, count: bytes.count) }
            at[bytes.count + 1] = UInt8(ascii: "\"")
            output.advance(bytes.count + 2)
            return true
        }
        if !plain { output.append(JSONValue.quote(text)) }
    }

    /// Appends a number as `JSONValue` writes it: `null` when it is not finite.
    public static func appendNumber(_ value: Double, to output: ByteOutput) {
        output.append(value.isFinite ? String(value) : "null")
    }

    /// Whether `text` has a byte after which it must be looked at scalar by scalar (a quote,
    /// a backslash, a control byte, or the lead byte of a possibly invisible character).
    static func needsEscapes(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(needsEscapes)
    }

    /// ``needsEscapes(_:)`` of UTF-8 bytes.
    static func needsEscapes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 || $0 == 0xEF }
    }

    /// Writes what comes before a value: its comma and line inside a container.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        let depth = filled.count
        guard depth > 0 else { return }
        let comma = filled[depth - 1]
        if !comma { filled[depth - 1] = true }
        // The comma, line break and indent in one reserved run (one capacity check).
        let n = (comma ? 1 : 0) + (pretty ? 1 + 2 * depth : 0)
        guard n > 0 else { return }
        var at = output.reserve(n)
        if comma { at[0] = UInt8(ascii: ","); at += 1 }
        if pretty {
            at[0] = UInt8(ascii: "\n")
            (at + 1).update(repeating: UInt8(ascii: " "), count: 2 * depth)
        }
        output.advance(n)
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        output.append(byte: bracket)
        filled.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadMembers = filled.removeLast()
        if pretty && hadMembers {
            output.append(byte: UInt8(ascii: "\n"))
            output.append(repeating: UInt8(ascii: " "), count: 2 * filled.count)
        }
        output.append(byte: bracket)
    }
}
