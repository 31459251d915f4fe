/// A 1-based position in a source file, printed as `line:column`.
///
/// Columns count Unicode scalars, as libyaml does.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The top of the file, for problems that belong to the file as a whole.
    public static let start = SourceLocation(line: 1, column: 1)

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// The lines of a source file, for quoting them under a diagnostic. Lines end where YAML says
/// they do: LF, CRLF, a lone CR (old Mac files), NEL, LS or PS — so line numbers match the
/// parser's whatever editor the program came from.
public struct SourceLines: Sendable {
    private var lines: [String] = []

    public init(_ text: String) {
        var current = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if afterCR, scalar == "\n" { continue }
            switch scalar {
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}":
                lines.append(String(current))
                current = String.UnicodeScalarView()
            default:
                current.append(scalar)
            }
        }
        lines.append(String(current))
    }

    /// How many lines there are (a final line ending starts one more, empty, line).
    public var count: Int { lines.count }

    /// The 1-based line without its line ending, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }
}

/// How serious a diagnostic is: errors make a program unusable, warnings only ask for a second look.
public enum Severity: String, Sendable, Codable, Hashable {
    case error
    case warning
}

/// One problem found in a program, with the place in the file it refers to.
public struct Diagnostic: Sendable, Hashable, Error {
    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// The file this diagnostic is in when it is not the one being read: a library exercise.
    public var file: String? = nil
    /// Diagnostics elsewhere that explain this one: the errors inside a library exercise a `use:` names.
    public var notes: [Diagnostic] = []

    public init(_ severity: Severity, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func error(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, at: location, message)
    }

    public static func warning(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.warning, at: location, message)
    }
}

extension Array where Element == Diagnostic {
    /// True when at least one diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
