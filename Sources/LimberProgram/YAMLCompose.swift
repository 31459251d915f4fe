import LimberBasics
import Yams

/// Yams' `compose` as every Limber YAML file (program, library exercise, configuration) is read:
/// the `.basic` resolver (no regular expressions), and without the two defaults that cost more
/// than reading a short file — a new default `Constructor` per call (three dictionaries, ~0.5M
/// instructions; it only serves `Node.any`, which Limber never calls: it reads the nodes) and
/// `Parser.Encoding.default` (which builds ProcessInfo's whole environment to look for
/// `YAMS_DEFAULT_ENCODING`, ~0.4M; UTF-8 unless that variable is set, as before).
public enum YAMLCompose {
    /// A constructor with no maps: nodes are read as they are.
    nonisolated(unsafe) private static let constructor = Constructor([:], [:], [:])

    /// The document's root node (nil for an empty document), or Yams' error.
    public static func root(_ text: String) throws -> Node? {
        let encoding: Parser.Encoding = ProcessEnvironment.value("YAMS_DEFAULT_ENCODING") == nil ? .utf8 : .default
        return try Yams.compose(yaml: text, .basic, constructor, encoding)
    }
}
