import LimberBasics
import LimberTestSupport
import Plot
import Testing
@testable import LimberReview

/// The streamed HTML page against Plot rendering the same tree whole: random tables at random
/// depths, among siblings of every kind (raw text, text with newlines and markup, attributes).
struct PlotStreamTests {
    @Test func streamedTablesEqualTheWholeTreeRendered() {
        var random = SeededGenerator(state: 15)
        for _ in 0..<200 {
            let depth = Int.random(in: 0...4, using: &random)
            let rows = (0..<Int.random(in: 1...6, using: &random)).map { _ in Self.row(&random) }
            let before = Self.siblings(&random), after = Self.siblings(&random)
            let header: Node<HTML.TableContext> = .tr(.th("When"), .th(.text(Self.text(&random))))
            let whole = Self.nest(before + [.table(header, .group(rows))] + after, depth: depth)
            let out = ByteOutput()
            let stream = PlotStream(out: out)
            stream.write(rendered: Self.nest(before + [PlotStream.slot(0)] + after, depth: depth).render(indentedBy: .spaces(1)), parts: [{ at in
                stream.write(.table(header, PlotStream.slot(0)), depth: at, parts: [{ rowDepth in
                    for row in rows { out.append(PlotStream.rendered(row, depth: rowDepth)) }
                }])
            }])
            #expect(out.text == whole.render(indentedBy: .spaces(1)))
        }
    }

    static func nest(_ nodes: [Node<HTML.BodyContext>], depth: Int) -> Node<HTML.BodyContext> {
        var node: Node<HTML.BodyContext> = .element(named: "section", nodes: nodes)
        for level in 0..<depth { node = level % 2 == 0 ? .div(.class("d\(level)"), node) : .element(named: "section", nodes: [.h2("x"), node]) }
        return node
    }

    static func siblings(_ random: inout SeededGenerator) -> [Node<HTML.BodyContext>] {
        (0..<Int.random(in: 0...3, using: &random)).map { _ in
            switch Int.random(in: 0...3, using: &random) {
            case 0: .raw("<svg>\n <text>\(Int.random(in: 0...99, using: &random))</text>\n</svg>")
            case 1: .h3(.text(text(&random)))
            case 2: .p(.class("meta"), .text(text(&random)))
            default: .ul(.li(.text(text(&random))), .li(.strong(.text(text(&random)))))
            }
        }
    }

    static func row(_ random: inout SeededGenerator) -> Node<HTML.TableContext> {
        .tr(.td(.class("nowrap"), .text(text(&random))), .td(Bool.random(using: &random) ? .strong(.text(text(&random))) : .text(text(&random))))
    }

    static func text(_ random: inout SeededGenerator) -> String {
        let pieces = ["a", " ", "\n", "<b>", "&", "—", "  x", "limber-slot-0", "\u{202E}"]
        return (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }
}
