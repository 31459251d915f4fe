/// A JSON document with ordered object keys, for output that people read (the schema) and
/// that must be byte-for-byte stable across runs.
public indirect enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        a.rendered(pretty: false) == b.rendered(pretty: false)
    }

    /// The JSON text; pretty output indents by two spaces.
    public func rendered(pretty: Bool = true) -> String {
        var writer = JSONWriter(ByteOutput(), pretty: pretty)
        writer.value(self)
        return writer.output.text
    }

    /// A JSON string literal with the required escapes, and control, invisible and
    /// direction-changing characters as `\uXXXX`: the same text, harmless in a terminal.
    public static func quote(_ s: String) -> String {
        if !JSONWriter.needsEscapes(s) {
            return "\"" + s + "\""
        }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if TextSanitizer.isControl(scalar) || TextSanitizer.isHidden(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
