import LimberBasics

/// Renders diagnostics the way compilers do: `path:line:column: error: message`, then the
/// source line and a caret under the column.
///
/// Pure: it is handed the source text and returns a string; callers decide where it goes and
/// whether colour is wanted.
public struct DiagnosticRenderer: Sendable {
    /// Whether to add ANSI colour (the caller decides: a TTY, no `NO_COLOR`, not `TERM=dumb`).
    public var colored: Bool

    public init(colored: Bool = false) {
        self.colored = colored
    }

    /// Renders one diagnostic, with its source line when `source` has that line.
    public func render(_ diagnostic: Diagnostic, path: String, source: SourceLines?) -> String {
        let label = diagnostic.severity.rawValue
        let paintedLabel: String
        switch diagnostic.severity {
        case .error: paintedLabel = paint(label + ":", "1;31")
        case .warning: paintedLabel = paint(label + ":", "1;35")
        }
        var text = paint("\(TextSanitizer.singleLine(path)):\(diagnostic.location):", "1") + " \(paintedLabel) "
            + paint(TextSanitizer.singleLine(diagnostic.message), "1") + "\n"
        if let line = source?.line(diagnostic.location.line), !line.trimmingTrailingSpaces().isEmpty {
            let (shown, column) = Self.excerpt(TextSanitizer.sourceLine(line), column: diagnostic.location.column)
            text += shown + "\n"
            text += caretPrefix(for: shown, column: column) + paint("^", "1;32") + "\n"
        }
        return text
    }

    /// The longest source line quoted whole, in Unicode scalars; a longer one is quoted as this
    /// much around the column, with `…` where it was cut.
    static let quotedLineLimit = 160

    /// The part of `line` to quote and the caret's column within it.
    static func excerpt(_ line: String, column: Int) -> (String, Int) {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > quotedLineLimit else { return (line, column) }
        let start = max(0, min(column - 1 - quotedLineLimit / 2, scalars.count - quotedLineLimit))
        let end = min(scalars.count, start + quotedLineLimit)
        var shown = String.UnicodeScalarView()
        if start > 0 { shown.append("…") }
        shown.append(contentsOf: scalars[start..<end])
        if end < scalars.count { shown.append("…") }
        return (String(shown), column - start + (start > 0 ? 1 : 0))
    }

    /// Renders all diagnostics of one file in order of their place in the file.
    public func render(_ diagnostics: [Diagnostic], path: String, source: SourceLines?) -> String {
        diagnostics.sorted(by: Self.order).map { render($0, path: path, source: source) }.joined()
    }

    /// Renders what parsing one file found, each diagnostic followed by its notes in the files
    /// they are in (the errors inside a library exercise under the `use:` that names it).
    public func render(_ result: ParseResult, path: String) -> String {
        guard !result.diagnostics.isEmpty else { return "" }  // no lines to quote: don't split the text
        let source = result.text.map(SourceLines.init)
        return result.diagnostics.sorted(by: Self.order).map { diagnostic in
            render(diagnostic, path: path, source: source) + diagnostic.notes.map { note in
                let file = note.file ?? path
                return render(note, path: file, source: note.file == nil ? source : result.sources[file].map(SourceLines.init))
            }.joined()
        }.joined()
    }

    /// Sorts by place, errors before warnings at the same place.
    public static func order(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.location != b.location { return a.location < b.location }
        return a.severity == .error && b.severity == .warning
    }

    /// Spaces up to the column, keeping tabs so the caret lines up with what the terminal shows.
    private func caretPrefix(for line: String, column: Int) -> String {
        var prefix = ""
        for scalar in line.unicodeScalars.prefix(max(0, column - 1)) {
            prefix.append(scalar == "\t" ? "\t" : " ")
        }
        let missing = max(0, column - 1) - line.unicodeScalars.count
        if missing > 0 { prefix += String(repeating: " ", count: missing) }
        return prefix
    }

    private func paint(_ text: String, _ sgr: String) -> String {
        colored ? "\u{1B}[\(sgr)m\(text)\u{1B}[0m" : text
    }
}
