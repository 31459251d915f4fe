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
        if let text = cleanText(body) { return .success(text) }
        return checkScalars(body)
    }

    /// The text of `body`, or the first invalid byte or control character it holds, located.
    static func checkScalars(_ body: ArraySlice<UInt8>) -> Result<String, Diagnostic> {
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

    /// The text of `body` when it is valid UTF-8 without a control character the scalar loop
    /// of ``check(_:)`` would refuse; nil sends the bytes to that loop, which finds and locates
    /// the first problem. One pass over the bytes instead of appending scalar by scalar.
    static func cleanText(_ body: ArraySlice<UInt8>) -> String? {
        let clean = body.withUnsafeBufferPointer { bytes -> Bool in
            var i = 0
            let n = bytes.count
            while i < n {
                let byte = bytes[i]
                if byte < 0x20 {
                    if byte != 0x0A, byte != 0x09, byte != 0x0D { return false }
                } else if byte == 0x7F {
                    return false
                } else if byte == 0xC2, i + 1 < n, (0x80...0x9F).contains(bytes[i + 1]), bytes[i + 1] != 0x85 {
                    return false  // a C1 control (U+0080–U+009F) other than NEL
                }
                i += 1
            }
            return true
        }
        guard clean else { return nil }
        return String(validating: body, as: UTF8.self)
    }

    static func megabytes(_ count: Int) -> String {
        let tenths = (count * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    /// Finds alias uses and keys that YAML would have to compare as whole structures; reports
    /// the first that breaks the limits. A lexical scan: it follows quotes, comments, flow
    /// brackets and block scalars well enough for these checks, and libyaml does the real parse.
    ///
    /// It reads UTF-8 bytes: every character it looks for is ASCII, and a byte of a longer
    /// character is never one of them; columns count Unicode scalars. Lines end at a line feed
    /// that doesn't follow a carriage return (as the `Character` split it replaced: CR LF is one
    /// character there).
    static func checkStructure(_ text: String) -> Diagnostic? {
        var text = text
        return text.withUTF8 { bytes -> Diagnostic? in
            var scan = StructureScan()
            var start = 0
            for j in 0..<bytes.count where bytes[j] == 0x0A && !(j > 0 && bytes[j - 1] == 0x0D) {
                if let problem = scan.line(UnsafeBufferPointer(rebasing: bytes[start..<j])) { return problem }
                start = j + 1
            }
            return scan.line(UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    /// The state of ``checkStructure(_:)`` from one line to the next.
    private struct StructureScan {
        var aliases = 0
        var flowDepth = 0
        var quote: UInt8?
        var blockIndent: Int?  // inside a `|` or `>` block scalar deeper than this indent
        var lineNumber = 0

        private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), cr = UInt8(ascii: "\r")

        mutating func line(_ line: UnsafeBufferPointer<UInt8>) -> Diagnostic? {
            let space = Self.space, tab = Self.tab
            lineNumber += 1
            let indent = line.prefix(while: { $0 == space }).count
            if let block = blockIndent {
                let blank = line.allSatisfy { $0 == space || $0 == Self.cr || $0 == tab }
                if blank || indent > block { return nil }
                blockIndent = nil
            }
            var i = indent
            var atNodeStart = quote == nil
            var lastSignificant: UInt8?
            let lineNumber = self.lineNumber
            func location(_ byte: Int) -> SourceLocation {
                // Scalars before `byte`: every byte but UTF-8 continuation bytes starts one.
                SourceLocation(line: lineNumber, column: line[..<byte].count(where: { $0 & 0xC0 != 0x80 }) + 1)
            }
            while i < line.count {
                let c = line[i]
                let next: UInt8? = i + 1 < line.count ? line[i + 1] : nil
                if let q = quote {
                    if c == UInt8(ascii: "\\"), q == UInt8(ascii: "\"") { i += 2; continue }
                    if c == q {
                        if q == UInt8(ascii: "'"), next == UInt8(ascii: "'") { i += 2; continue }
                        quote = nil
                    }
                    i += 1
                    continue
                }
                let prevIsSpace = i == 0 || line[i - 1] == space || line[i - 1] == tab
                if c == UInt8(ascii: "#"), prevIsSpace { break }
                if c == UInt8(ascii: "[") || c == UInt8(ascii: "{"), atNodeStart || flowDepth > 0 {
                    flowDepth += 1
                    if flowDepth > maxDepth {
                        return .error("the file nests lists and mappings more than \(maxDepth) deep", at: location(i))
                    }
                    atNodeStart = true
                    lastSignificant = c
                    i += 1
                    continue
                }
                if flowDepth > 0, c == UInt8(ascii: "]") || c == UInt8(ascii: "}") || c == UInt8(ascii: ",") {
                    if c == UInt8(ascii: ",") { atNodeStart = true } else { flowDepth -= 1; atNodeStart = false }
                    lastSignificant = c
                    i += 1
                    continue
                }
                if atNodeStart {
                    switch c {
                    case space, tab:
                        i += 1
                        continue
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        quote = c
                        atNodeStart = false
                    case UInt8(ascii: "*"):
                        aliases += 1
                        let nameEnd = line[i...].firstIndex(where: {
                            $0 == space || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "}")
                        }) ?? line.count
                        if line[nameEnd...].drop(while: { $0 == space }).first == UInt8(ascii: ":") {
                            return .error("an alias can't be used as a key in a Limber program", at: location(i))
                        }
                        if aliases > maxAliases {
                            return .error("too many aliases (*name): a program may use at most \(maxAliases)", at: location(i))
                        }
                        atNodeStart = false
                        lastSignificant = c
                        i = nameEnd
                        continue
                    case UInt8(ascii: "&"), UInt8(ascii: "!"):
                        i = line[i...].firstIndex(of: space) ?? line.count
                        continue
                    case UInt8(ascii: "?") where next == nil || next == space:
                        return .error("complex keys ('? ') are not supported in a Limber program", at: location(i))
                    case UInt8(ascii: "-") where next == nil || next == space:
                        i += 1
                        continue
                    case UInt8(ascii: "|"), UInt8(ascii: ">"):
                        if flowDepth == 0 { blockIndent = indent }
                        i = line.count
                        continue
                    default:
                        atNodeStart = false
                    }
                } else if c == UInt8(ascii: ":"), next == nil || next == space || next == Self.cr
                    || (flowDepth > 0 && (next == UInt8(ascii: ",") || next == UInt8(ascii: "]") || next == UInt8(ascii: "}"))) {
                    if lastSignificant == UInt8(ascii: "]") || lastSignificant == UInt8(ascii: "}") {
                        return .error("a list or mapping can't be used as a key in a Limber program", at: location(i))
                    }
                    atNodeStart = true
                }
                if c != space { lastSignificant = c }
                i += 1
            }
            if indent / 2 > maxDepth {
                return .error("the file is indented more than \(maxDepth) levels deep", at: location(0))
            }
            return nil
        }
    }
}
