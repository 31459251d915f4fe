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

    /// A chart is written into its slot as bytes: the same as the raw text Plot would have put in
    /// its place (the slot's element has other child elements, as a section and a figure do).
    @Test func aSlotWrittenAsRawTextEqualsTheRawNode() {
        var random = SeededGenerator(state: 16)
        for _ in 0..<200 {
            let depth = Int.random(in: 0...4, using: &random)
            let raws = (0..<3).map { _ in "<svg>\(Self.text(&random))</svg>" }
            let before = Self.siblings(&random), after = Self.siblings(&random)
            let figure: (Node<HTML.BodyContext>) -> Node<HTML.BodyContext> = { .element(named: "figure", nodes: [$0, .element(named: "figcaption", nodes: [.text("c")])]) }
            let whole = Self.nest(before + [.h3("x"), .raw(raws[0]), .raw(raws[1]), figure(.raw(raws[2]))] + after, depth: depth)
            let out = ByteOutput()
            let stream = PlotStream(out: out)
            let parts: [(Int) -> Void] = raws.map { raw in { _ in out.append(raw) } }
            stream.write(Self.nest(before + [.h3("x"), PlotStream.slot(0), PlotStream.slot(1), figure(PlotStream.slot(2))] + after, depth: depth),
                         depth: 0, parts: parts)
            #expect(out.text == whole.render(indentedBy: .spaces(1)))
        }
    }

    /// `Node.escaped` replaces every `&`, `<` and `>` byte, joined to a mark or not, and is
    /// byte for byte Plot's `.text` on text that Plot's whole-character escaping got right: no
    /// `&`, and each `<` or `>` a character of its own (the page is unchanged for such text).
    @Test func escapingIsByteWiseAndPlotsWhereThatWasRight() {
        var random = SeededGenerator(state: 17)
        for _ in 0..<2000 {
            let value = Self.awkward(&random)
            let rendered = Node<HTML.BodyContext>.escaped(value).render()
            let entities: [UInt8: String] = [38: "&amp;", 60: "&lt;", 62: "&gt;"]
            let bytewise = value.utf8.map { entities[$0].map { Array($0.utf8) } ?? [$0] }.joined()
            #expect(Array(rendered.utf8) == Array(bytewise), "\(value.unicodeScalars.map { String($0.value, radix: 16) })")
            let out = ByteOutput()
            MarkupText.append(value, quotes: false, to: out)
            #expect(out.bytes == Array(rendered.utf8))
            let plotWasRight = !value.utf8.contains(38) && value.utf8.filter { $0 == 60 || $0 == 62 }.count == value.filter { $0 == "<" || $0 == ">" }.count
            if plotWasRight { #expect(rendered == Node<HTML.BodyContext>.text(value).render()) }
        }
    }

    /// Each row shape of the page written through its template is what Plot renders for the row's
    /// node (its texts `Node.escaped`), at every depth, for values with markup, entities, quotes, control characters, bidi
    /// marks, combining marks, placeholders of their own and nothing at all.
    @Test func templatesWriteWhatPlotRenders() {
        var random = SeededGenerator(state: 18)
        let shapes: [(Int, ([String]) -> Node<HTML.TableContext>)] = [
            (LogListing.headers.count, ReportHTML.sessionRow), (4, { ReportHTML.noteRow($0, atStopLevel: false) }),
            (4, { ReportHTML.noteRow($0, atStopLevel: true) }), (6, ReportHTML.summaryRow),
        ]
        for (count, shape) in shapes {
            for depth in 0...6 {
                let template = PlotTemplate(values: count, depth: depth, shape)
                for _ in 0..<40 {
                    let values = (0..<count).map { _ in Self.awkward(&random) }
                    let out = ByteOutput()
                    template.write(values, to: out)
                    #expect(out.text == PlotStream.rendered(shape(values), depth: depth))
                }
            }
        }
    }

    static func awkward(_ random: inout SeededGenerator) -> String {
        let pieces = ["<", ">", "&", "&amp;", "&#123;", "&#x41;", "&x", "&;", "&&", "&é;", "&a#", "&#", "&1<", ";", "#", "\"", "'", "\u{200F}",
                      "\u{202E}", "\u{2067}", "\u{301}", "\u{600}", "e\u{301}", "\r\n", "\n", "\t", "\u{1}", "\u{1B}[2J", "\u{7F}", "\u{85}",
                      "\u{A0}", "😀", "👩‍⚕️", "🇫🇷", "ה", "مرحبا", " ", "", "Z9", "&lt;b&gt;", "&#x1F600;", "&١;", "&Ⅻ;", "limber-slot-0",
                      "\u{E000}limber-value-0\u{E000}", "\u{E000}"]
        return (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
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
