import Yams

/// A program made self-contained for sending as one file (`limber bundle`): each `use:` replaced
/// by the library exercise's keys with the program's overrides, and the library's safety notes
/// added to the program's. Values stay as written (`30s`, `2-1-2`); comments are not kept.
public enum ProgramBundle {
    /// The bundled YAML (nil when the program has errors: see the parse's diagnostics) and the parse.
    public static func expand(_ bytes: [UInt8], library: ExerciseLibrary?, path: String?) -> (yaml: String?, parsed: ParseResult) {
        let parsed = ProgramParser.parse(bytes, library: library, path: path)
        guard parsed.program != nil, let text = parsed.text, let root = try? YAMLCompose.root(text),
              case .mapping(let map) = root else { return (nil, parsed) }
        let decoder = ProgramTreeDecoder()
        decoder.library = library
        decoder.programPath = path
        var pairs: [(Node, Node)] = map.map { pair in
            guard pair.key.string == "exercises", case .sequence(let list) = pair.value else { return (pair.key, pair.value) }
            return (pair.key, .sequence(Node.Sequence(list.map { decoder.resolvingUse($0) ?? $0 }, list.tag, list.style)))
        }
        if !decoder.librarySafety.isEmpty {
            var lines: [Node] = []
            if let index = pairs.firstIndex(where: { $0.0.string == "safety" }) {
                if case .sequence(let list) = pairs[index].1 { lines = Array(list) } else { lines = [pairs[index].1] }
                pairs.remove(at: index)
            }
            let written = Set(lines.compactMap(\.string))
            lines += decoder.librarySafety.filter { !written.contains($0) }.map { Node($0) }
            let at = pairs.firstIndex { $0.0.string == "schedule" || $0.0.string == "exercises" } ?? pairs.endIndex
            pairs.insert((Node("safety"), Node.sequence(Node.Sequence(lines))), at: at)
        }
        guard let yaml = try? Yams.serialize(node: .mapping(Node.Mapping(pairs, map.tag, map.style)), width: 100, allowUnicode: true) else {
            return (nil, parsed)
        }
        return ("# Bundled by limber bundle: the library exercises this program uses are written out in full.\n" + yaml, parsed)
    }
}
