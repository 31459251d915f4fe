import LimberBasics
import LimberProgram

/// Formats what `validate` found, as text for people or JSON for tools.
enum ValidationReport {
    static func diagnostics(_ file: ProgramFile, colored: Bool) -> String {
        DiagnosticRenderer(colored: colored).render(file.result, path: file.path)
    }

    static func text(_ files: [ProgramFile], colored: Bool) -> String {
        var out = ""
        var errors = 0, warnings = 0, failing = 0
        for file in files {
            let diags = file.result.diagnostics
            out += diagnostics(file, colored: colored)
            let e = diags.filter { $0.severity == .error }.count
            errors += e
            warnings += diags.count - e
            if e > 0 { failing += 1 }
        }
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        if errors == 0 && warnings == 0 {
            out += files.count == 1 ? "\(TextSanitizer.singleLine(files[0].path)): ok\n" : "\(plural(files.count, "program")): ok\n"
        } else {
            out += "\(plural(errors, "error")), \(plural(warnings, "warning"))"
            out += errors > 0 ? " (\(failing) of \(plural(files.count, "file")) unusable)\n" : "\n"
        }
        return out
    }

    static func json(_ files: [ProgramFile]) -> String {
        let items: [JSONValue] = files.flatMap { file in
            file.result.diagnostics.flatMap { [$0] + $0.notes }.map { d in
                JSONValue.object([
                    ("file", .string(d.file ?? file.path)),
                    ("line", .int(d.location.line)),
                    ("column", .int(d.location.column)),
                    ("severity", .string(d.severity.rawValue)),
                    ("message", .string(d.message)),
                ])
            }
        }
        return JSONValue.array(items).rendered() + "\n"
    }
}
