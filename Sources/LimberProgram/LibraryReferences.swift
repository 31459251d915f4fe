import Foundation
import LimberBasics
import Yams

/// A library exercise file (`limber_exercise: 1`) as decoded: the exercise with its library-only
/// summary and safety notes, and the fields a `use:` starts from.
public struct LibraryExercise: Sendable {
    /// One line saying what the exercise is, for `limber library`.
    public var summary: String?
    /// The exercise's own stop rules (and those of the exercise it uses in turn).
    public var safety: [String]
    /// The exercise as the library prescribes it, with its default dose.
    public var exercise: Exercise
    /// The exercise's keys and values, `use:` already followed: what a program's `use:` overrides.
    var fields: [(Node, Node)] { body.pairs }
    private var body: Fields

    /// YAML nodes are values that are never changed once composed: safe to share.
    private struct Fields: @unchecked Sendable {
        var pairs: [(Node, Node)]
    }

    init(summary: String?, safety: [String], exercise: Exercise, fields: [(Node, Node)]) {
        self.summary = summary
        self.safety = safety
        self.exercise = exercise
        self.body = Fields(pairs: fields)
    }

    /// Whether a YAML document is a library exercise rather than a program.
    static func isEntry(_ root: Node) -> Bool {
        root.mapping?.keys.contains { $0.string == "limber_exercise" } ?? false
    }
}

extension ProgramTreeDecoder {
    /// The keys that say what kind of work an exercise is.
    private static let workKeys: Set<String> = ["reps", "hold", "duration"]

    /// Whether a library key gives way to the keys written beside `use:`: the same key, or a
    /// kind of work (and the tempo or tick that only goes with it) the program replaced.
    private static func overridden(_ key: String, by written: Set<String>) -> Bool {
        if written.contains(key) { return true }
        guard !written.isDisjoint(with: workKeys) else { return false }
        switch key {
        case "reps", "hold", "duration": return true
        case "tempo": return !written.contains("reps")
        case "cue_every": return written.contains("reps")
        default: return false
        }
    }

    /// The exercise mapping with its `use:` followed: the library exercise's keys, then the ones
    /// written beside `use:` over them. Writing another kind of work (`hold` for a library's
    /// `reps`) drops the library's kind with its `tempo` or `cue_every`. The library's values are placed at
    /// the `use:` line, so a problem they cause only in this program (a name used twice) points
    /// there. Nil, with the problem reported, when the reference can't be followed.
    func resolvingUse(_ node: Node) -> Node? {
        // Looked for by index: iterating a Yams mapping first copies all its pairs into an array.
        guard case .mapping(let map) = node, let use = map.indices.first(where: { map[$0].key.string == "use" }) else { return node }
        let useNode = map[use].value
        guard let reference = text(useNode, "use", maxLength: 200), let entry = libraryEntry(reference, at: useNode) else { return nil }
        let overrides = map.filter { $0.key.string != "use" }
        let written = Set(overrides.compactMap { $0.key.string })
        let inherited = entry.fields.filter { key, _ in !Self.overridden(key.string ?? "", by: written) }
        let mark = useNode.mark
        let pairs = inherited.map { (Self.relocated($0.0, to: mark), Self.relocated($0.1, to: mark)) }
            + overrides.map { ($0.key, $0.value) }
        return .mapping(Node.Mapping(pairs, map.tag, map.style, map.mark))
    }

    /// The library exercise `reference` names, decoded; its errors become notes of one error at
    /// the `use:` line. Nil when it can't be used (reported).
    private func libraryEntry(_ reference: String, at useNode: Node) -> LibraryExercise? {
        guard let library else {
            error("'use: \(TextSanitizer.singleLine(reference))' needs an exercise library, and none was given", useNode)
            return nil
        }
        let path: String
        switch library.locate(reference, programPath: programPath) {
        case .failure(let problem):
            error(problem.message, useNode)
            return nil
        case .success(let found): path = found
        }
        let key = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        if let first = chain.firstIndex(of: key) {
            let loop = (chain[first...] + [key]).map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
            error("'use: \(reference)' makes a cycle of library exercises (\(loop.joined(separator: " → "))); an exercise can't use itself", useNode)
            return nil
        }
        if chain.count >= ExerciseLibrary.maxDepth {
            error("'use: \(reference)' is more than \(ExerciseLibrary.maxDepth) library exercises deep; use one nearer the original", useNode)
            return nil
        }
        let bytes: [UInt8]
        switch library.read(path) {
        case .failure(let problem):
            error("can't read the library exercise '\(reference)' (\(path)): \(problem.message)", useNode)
            return nil
        case .success(let read): bytes = read
        }
        let result = ProgramParser.parse(bytes, library: library, path: programPath, chain: chain + [key])
        librarySources.merge(result.sources) { first, _ in first }
        librarySources[path] = result.text
        let errors = result.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let entry = result.exercise else {
            var problem = Diagnostic.error(
                "the library exercise '\(reference)' has \(errors.count) error\(errors.count == 1 ? "" : "s"): fix \(path)", at: location(useNode))
            // Flat: the errors of an exercise this one uses follow the `use:` line that names it.
            problem.notes = errors.flatMap { error -> [Diagnostic] in
                var note = error
                if note.file == nil { note.file = path }
                note.notes = []
                return [note] + error.notes
            }
            diagnostics.append(problem)
            return nil
        }
        librarySafety += entry.safety.filter { !librarySafety.contains($0) }
        return entry
    }

    /// Decodes a library exercise file: `limber_exercise: 1`, `summary`, `safety` and an
    /// exercise's keys (its `use:` followed, no `sounds`, media only as web links).
    func libraryExercise(_ root: Node) -> LibraryExercise? {
        guard case .mapping(let map) = root else {
            error("expected a library exercise to be a mapping of 'key: value' lines, found \(describe(root))", root)
            return nil
        }
        let own = ProgramFields.libraryExercise.map(\.key)
        if let node = map.first(where: { $0.key.string == "limber_exercise" })?.value {
            if scalarInt(node) != 1 { error("'limber_exercise' must be the library format version 1, found \(describe(node))", node) }
        } else {
            error("missing 'limber_exercise: 1' at the top: this file is not a library exercise", root)
        }
        let summary = map.first { $0.key.string == "summary" }.flatMap { text($0.value, "summary", maxLength: 200) }
        if summary == nil, !map.keys.contains(where: { $0.string == "summary" }) {
            warning("no 'summary': limber library lists this exercise without a one-line description", root)
        }
        var safety = map.first { $0.key.string == "safety" }.flatMap { textList($0.value, "safety") } ?? []
        if let sounds = map.first(where: { $0.key.string == "sounds" }) {
            error("a library exercise can't set 'sounds': cue sounds belong to the program that uses it", sounds.key)
        }
        let body = Node.mapping(Node.Mapping(map.filter { !own.contains($0.key.string ?? "") }.map { ($0.key, $0.value) },
                                             map.tag, map.style, map.mark))
        guard let resolved = resolvingUse(body), case .mapping(let fields) = resolved,
              let exercise = exercise(resolved, program: DiscomfortRule(), defaults: Defaults()) else { return nil }
        if let media = fields.first(where: { $0.key.string == "media" })?.value, exercise.media.contains(where: { !MediaLink.isURL($0) }) {
            error("a library exercise's 'media' must be http or https links: a path would be looked for beside each program", media)
        }
        safety += librarySafety.filter { !safety.contains($0) }
        return LibraryExercise(summary: summary, safety: safety, exercise: exercise,
                               fields: fields.filter { $0.key.string != "sounds" }.map { ($0.key, $0.value) })
    }

    /// `node` with every mark moved to `mark`.
    private static func relocated(_ node: Node, to mark: Mark?) -> Node {
        switch node {
        case .scalar(var scalar):
            scalar.mark = mark
            return .scalar(scalar)
        case .mapping(let map):
            return .mapping(Node.Mapping(map.map { (relocated($0.key, to: mark), relocated($0.value, to: mark)) }, map.tag, map.style, mark))
        case .sequence(let list):
            return .sequence(Node.Sequence(list.map { relocated($0, to: mark) }, list.tag, list.style, mark))
        case .alias:
            return node
        }
    }
}
