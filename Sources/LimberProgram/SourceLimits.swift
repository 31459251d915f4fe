import LimberBasics

/// Checks on the raw bytes of a program before YAML parsing, so that hostile or broken files
/// (binary garbage, invalid UTF-8, huge files, alias bombs) get one clear, located error
/// instead of a slow or crashing parse.
public enum SourceLimits {
    /// Largest program file accepted (1 MiB); real programs are a few kilobytes.
    public static let maxBytes = 1 << 20
    /// Most alias uses (`*name`) accepted; bounds how far a file can expand when read.
    public static let maxAliases = 20
    /// Deepest nesting accepted (libyaml stops at 1000; real programs need about 6).
    public static let maxDepth = 64

    /// The text of the file when it can be read as a program, or the fatal diagnostic.
    static func check(_ bytes: [UInt8]) -> Result<String, Diagnostic> {
        if bytes.count > maxBytes {
            return .failure(.error(
                "the file is \(megabytes(bytes.count)); a program may be at most \(megabytes(maxBytes)) — is this the right file?",
                at: .start))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.starts(with: [0xFF, 0xFE]) || body.starts(with: [0xFE, 0xFF]) {
            return .failure(.error("the file is UTF-16 text; save it as UTF-8", at: .start))
        }
        var iterator = body.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var text = ""
        text.reserveCapacity(body.count)
        var line = 1, column = 1, offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar == "\n" {
                    line += 1; column = 1
                } else {
                    if scalar != "\t", scalar != "\r", TextSanitizer.isControl(scalar), scalar.value != 0x85 {
                        let code = String(scalar.value, radix: 16, uppercase: true)
                        let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
                        return .failure(.error(
                            "the file contains the control character U+\(padded), which a program can't hold — is it a binary file?",
                            at: SourceLocation(line: line, column: column)))
                    }
                    column += 1
                }
                text.unicodeScalars.append(scalar)
                offset += encoded.count
            case .error(let length):
                let byte = body[body.startIndex + offset]
                _ = length
                return .failure(.error(
                    "the file is not valid UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(offset)); save it as UTF-8",
                    at: SourceLocation(line: line, column: column)))
            case .emptyInput:
                return .success(text)
            }
        }
    }

    static func megabytes(_ count: Int) -> String {
        let tenths = (count * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    /// Finds alias uses and keys that YAML would have to compare as whole structures; reports
    /// the first that breaks the limits. A lexical scan: it follows quotes, comments, flow
    /// brackets and block scalars well enough for these checks, and libyaml does the real parse.
    static func checkStructure(_ text: String) -> Diagnostic? {
        var aliases = 0
        var flowDepth = 0
        var quote: Character?
        var blockIndent: Int?  // inside a `|` or `>` block scalar deeper than this indent
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Array(rawLine.unicodeScalars)
            let indent = line.prefix(while: { $0 == " " }).count
            if let block = blockIndent {
                let blank = line.allSatisfy { $0 == " " || $0 == "\r" || $0 == "\t" }
                if blank || indent > block { continue }
                blockIndent = nil
            }
            var i = indent
            var atNodeStart = quote == nil
            var lastSignificant: Unicode.Scalar?
            func location(_ col: Int) -> SourceLocation { SourceLocation(line: lineNumber, column: col + 1) }
            while i < line.count {
                let c = line[i]
                let next: Unicode.Scalar? = i + 1 < line.count ? line[i + 1] : nil
                if let q = quote {
                    if c == "\\", q == "\"" { i += 2; continue }
                    if Character(c) == q {
                        if q == "'", next == "'" { i += 2; continue }
                        quote = nil
                    }
                    i += 1
                    continue
                }
                let prevIsSpace = i == 0 || line[i - 1] == " " || line[i - 1] == "\t"
                if c == "#", prevIsSpace { break }
                if c == "[" || c == "{", atNodeStart || flowDepth > 0 {
                    flowDepth += 1
                    if flowDepth > maxDepth {
                        return .error("the file nests lists and mappings more than \(maxDepth) deep", at: location(i))
                    }
                    atNodeStart = true
                    lastSignificant = c
                    i += 1
                    continue
                }
                if flowDepth > 0, c == "]" || c == "}" || c == "," {
                    if c == "," { atNodeStart = true } else { flowDepth -= 1; atNodeStart = false }
                    lastSignificant = c
                    i += 1
                    continue
                }
                if atNodeStart {
                    switch c {
                    case " ", "\t":
                        i += 1
                        continue
                    case "\"", "'":
                        quote = Character(c)
                        atNodeStart = false
                    case "*":
                        aliases += 1
                        let nameEnd = line[i...].firstIndex(where: { $0 == " " || $0 == "," || $0 == "]" || $0 == "}" }) ?? line.count
                        if line[nameEnd...].drop(while: { $0 == " " }).first == ":" {
                            return .error("an alias can't be used as a key in a Limber program", at: location(i))
                        }
                        if aliases > maxAliases {
                            return .error("too many aliases (*name): a program may use at most \(maxAliases)", at: location(i))
                        }
                        atNodeStart = false
                        lastSignificant = c
                        i = nameEnd
                        continue
                    case "&", "!":
                        i = line[i...].firstIndex(of: " ") ?? line.count
                        continue
                    case "?" where next == nil || next == " ":
                        return .error("complex keys ('? ') are not supported in a Limber program", at: location(i))
                    case "-" where next == nil || next == " ":
                        i += 1
                        continue
                    case "|", ">":
                        if flowDepth == 0 { blockIndent = indent }
                        i = line.count
                        continue
                    default:
                        atNodeStart = false
                    }
                } else if c == ":", next == nil || next == " " || next == "\r"
                    || (flowDepth > 0 && (next == "," || next == "]" || next == "}")) {
                    if lastSignificant == "]" || lastSignificant == "}" {
                        return .error("a list or mapping can't be used as a key in a Limber program", at: location(i))
                    }
                    atNodeStart = true
                }
                if c != " " { lastSignificant = c }
                i += 1
            }
            if indent / 2 > maxDepth {
                return .error("the file is indented more than \(maxDepth) levels deep", at: location(0))
            }
        }
        return nil
    }
}
