import Yams

/// Turns Yams/libyaml errors into located diagnostics in plain words (programs and the user configuration).
public enum YAMLErrorTranslator {
    public static func diagnostic(for error: Error, text: String) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return .error("could not read the YAML: \(error)", at: .start)
        }
        switch yamlError {
        case let .scanner(context?, problem, _, _) where context.text.contains("quoted scalar") && problem.contains("end of stream"):
            return unclosedQuote(at: context.mark, text: text)
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let location = SourceLocation(line: max(1, mark.line), column: max(1, mark.column))
            return .error(explain(problem, context: context?.text, at: location, text: text), at: location)
        case let .reader(problem, offset, _, _):
            return .error("the file can't be read as YAML text: \(problem)",
                          at: offset.map { location(ofUTF8Offset: $0, in: text) } ?? .start)
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            let first = SourceLocation(line: max(1, context.mark.line), column: max(1, context.mark.column))
            let second = repeatedKey(key, after: first, in: text)
            return .error("duplicate key '\(key)': it is already set on line \(first.line)", at: second ?? first)
        default:
            return .error("could not read the YAML: \(yamlError)", at: .start)
        }
    }

    /// A quote opened at `mark` and never closed: libyaml reads to the end of the file looking for
    /// the closing one, so point at the opening quote instead.
    private static func unclosedQuote(at mark: Mark, text: String) -> Diagnostic {
        var location = SourceLocation(line: max(1, mark.line), column: max(1, mark.column))
        let line = Array((SourceLines(text).line(location.line) ?? "").unicodeScalars)
        // The mark is at the quote itself; if not, the quote is the first one from there.
        let from = min(location.column - 1, line.count)
        let quote = line[from...].firstIndex { $0 == "\"" || $0 == "'" }.map { line[$0] } ?? "\""
        if let index = line[from...].firstIndex(of: quote) { location.column = index + 1 }
        var message = "YAML syntax: the quote (\(quote)) opened here is never closed; end the text with another \(quote)"
        if quote == "'" { message += " (an apostrophe inside '…' is written twice: 'don''t')" }
        return .error(message, at: location)
    }

    /// libyaml's problem text, with a hint for the mistakes people actually make.
    private static func explain(_ problem: String, context: String?, at location: SourceLocation, text: String) -> String {
        let line = SourceLines(text).line(location.line) ?? ""
        if line.contains("\t") && (problem.contains("cannot start any token") || problem.contains("tab")) {
            return "YAML syntax: a tab can't be used for indentation; indent with spaces"
        }
        if problem.contains("Maximum nesting level") {
            return "YAML syntax: the file nests lists and mappings too deeply"
        }
        if problem.contains("found undefined alias") {
            return "YAML syntax: this alias (*name) refers to no anchor (&name) above it"
        }
        var message = "YAML syntax: \(problem)"
        if let context, !context.isEmpty { message += " (\(context))" }
        if problem.contains("mapping values are not allowed") {
            message += "; is a ':' missing a space after it, or is a value with ': ' in it unquoted?"
        } else if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            message += "; check the indentation of this line against the lines above"
        }
        return message
    }

    /// The next line at the same column that sets `key` again: that is the duplicate to point at.
    private static func repeatedKey(_ key: String, after first: SourceLocation, in text: String) -> SourceLocation? {
        let lines = SourceLines(text)
        var n = first.line + 1
        while let line = lines.line(n) {
            let scalars = Array(line.unicodeScalars)
            let indent = first.column - 1
            if scalars.count > indent, scalars.prefix(indent).allSatisfy({ $0 == " " || $0 == "-" }) {
                let rest = String(String.UnicodeScalarView(scalars[indent...]))
                if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                    return SourceLocation(line: n, column: first.column)
                }
            }
            n += 1
        }
        return nil
    }

    static func location(ofUTF8Offset offset: Int, in text: String) -> SourceLocation {
        var line = 1, column = 1, seen = 0
        for scalar in text.unicodeScalars {
            if seen >= offset { break }
            seen += String(scalar).utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(line: line, column: column)
    }
}
