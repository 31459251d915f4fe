import Foundation
@testable import LimberProgram
import LimberTestSupport
import Testing
import Yams

/// ``YAMLCompose`` skips Yams' default constructor and environment lookup: the nodes (values,
/// tags, styles, marks) and the errors must be those of Yams' own `compose` with the `.basic`
/// resolver, on every shipped program and library exercise and on broken documents.
@Suite("YAML compose")
struct YAMLComposeTests {
    static func same(_ text: String) {
        let ours = Result { try YAMLCompose.root(text) }
        let yams = Result { try Yams.compose(yaml: text, .basic) }
        switch (ours, yams) {
        case let (.success(a), .success(b)):
            #expect(a == b)
            #expect(a.map(Self.shape) == b.map(Self.shape))
        case let (.failure(a), .failure(b)):
            #expect("\(a)" == "\(b)")
        default:
            Issue.record("one composed and the other failed: \(text.prefix(80).debugDescription)")
        }
    }

    /// Every node with its tag, style and mark, which `==` does not compare.
    static func shape(_ node: Node) -> String {
        let head = "\(node.tag)@\(node.mark.map { "\($0.line):\($0.column)" } ?? "-")"
        switch node {
        case .scalar(let s): return "\(head) \(s.style) \(s.string.debugDescription)"
        case .mapping(let m): return "\(head) {" + m.map { shape($0.key) + ": " + shape($0.value) }.joined(separator: ", ") + "}"
        case .sequence(let s): return "\(head) [" + s.map(shape).joined(separator: ", ") + "]"
        case .alias(let a): return "\(head) *\(a)"
        }
    }

    @Test func shippedFilesComposeAsYamsDoes() throws {
        var files = Fixtures.allPrograms
        let library = Fixtures.packageRoot.appendingPathComponent("Programs/library")
        files += try FileManager.default.contentsOfDirectory(at: library, includingPropertiesForKeys: nil).filter { $0.pathExtension == "yaml" }
        #expect(files.count > 5)
        for file in files { Self.same(try String(contentsOf: file, encoding: .utf8)) }
    }

    @Test func brokenAndOddDocumentsComposeAsYamsDo() {
        for text in ["", "# only a comment\n", "a: [1, 2", "a: 1\na: 2\n", "- &x 1\n- *x\n", "- *nowhere\n", "? [a]\n: b\n",
                     "a: !!int 3\nb: !custom x\nc: 'q'\nd: \"e\"\ne: |\n  block\n", "\t- tab\n", "key: \u{1F9D8} é\n", "--- 1\n--- 2\n"] {
            Self.same(text)
        }
    }
}
