import LimberBasics
import Plot

/// Plot output written in pieces to a `ByteOutput`, byte for byte what rendering the whole tree
/// with `indentedBy: .spaces(1)` gives, without holding the whole: a piece is rendered with
/// placeholder elements (`slot(i)`) where its long parts go, split there, and each long part is
/// written by its own closure, one Plot node at a time, at the depth the whole tree would give it.
struct PlotStream {
    let out: ByteOutput

    /// The placeholder for the `index`th part a piece leaves to be written separately. A log can't
    /// forge it: every text goes in as `Node.escaped`, so no `<` or `>` comes out of text.
    static func slot<Context>(_ index: Int) -> Node<Context> {
        .element(named: "limber-slot-\(index)", nodes: [])
    }

    /// `node` as Plot renders it as a child `depth` elements deep, its leading newline included:
    /// each nameless element around it renders as just its children, one level further in.
    static func rendered<Context>(_ node: Node<Context>, depth: Int) -> String {
        var wrapped = node
        for _ in 0..<depth { wrapped = .element(named: "", nodes: [wrapped]) }
        let text = wrapped.render(indentedBy: .spaces(1))
        return depth > 1 ? String(text.dropFirst(depth - 1)) : text
    }

    /// Writes `node` rendered as a child `depth` elements deep (see `rendered`), each `slot(i)` in it
    /// replaced by what `parts[i]` writes, given the slot's depth.
    func write<Context>(_ node: Node<Context>, depth: Int, parts: [(Int) -> Void] = []) {
        write(rendered: Self.rendered(node, depth: depth), parts: parts)
    }

    /// Writes `text`, Plot's output with `slot(i)` elements in it (each on its own line, in order),
    /// each slot's line replaced by what `parts[i]` writes, given the slot's depth.
    func write(rendered text: String, parts: [(Int) -> Void]) {
        let bytes = Array(text.utf8)
        var from = 0
        for (index, part) in parts.enumerated() {
            let tag = Array("<limber-slot-\(index)></limber-slot-\(index)>".utf8)
            guard let found = Self.find(tag, in: bytes, from: from) else { preconditionFailure("slot \(index) not rendered") }
            var lineStart = found
            while lineStart > from, bytes[lineStart - 1] == UInt8(ascii: " ") { lineStart -= 1 }
            let depth = found - lineStart
            bytes.withUnsafeBufferPointer { out.append(UnsafeBufferPointer(rebasing: $0[from..<(lineStart - 1)])) }
            part(depth)
            from = found + tag.count
        }
        bytes.withUnsafeBufferPointer { out.append(UnsafeBufferPointer(rebasing: $0[from...])) }
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = from
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

/// A shape of markup rendered by Plot once, with a placeholder text where each of its values
/// goes, kept as the bytes between them: each row of that shape is then written as those bytes
/// and its values escaped byte by byte (`MarkupText`), with no node tree built or rendered per row.
struct PlotTemplate {
    private let runs: [[UInt8]]

    /// `shape` rendered as a child `depth` elements deep (as `PlotStream.rendered` gives it), given
    /// one placeholder per value; each must be used once, in order, as a text node's whole text
    /// (`Node.escaped`).
    init<Context>(values: Int, depth: Int, _ shape: ([String]) -> Node<Context>) {
        let marks = (0..<values).map { "\u{E000}limber-value-\($0)\u{E000}" }
        let bytes = Array(PlotStream.rendered(shape(marks), depth: depth).utf8)
        var runs: [[UInt8]] = []
        var from = 0
        for mark in marks {
            guard let found = PlotStream.find(Array(mark.utf8), in: bytes, from: from) else { preconditionFailure("\(mark) not rendered in order") }
            runs.append(Array(bytes[from..<found]))
            from = found + mark.utf8.count
        }
        runs.append(Array(bytes[from...]))
        precondition(!runs.contains { PlotStream.find([0xEE, 0x80, 0x80], in: $0, from: 0) != nil }, "a placeholder rendered twice")
        self.runs = runs
    }

    /// Writes the shape with `values` in it, byte for byte what rendering it with them gives.
    func write(_ values: [String], to out: ByteOutput) {
        precondition(values.count == runs.count - 1, "\(values.count) values for \(runs.count - 1) places")
        write(to: out) { i, out in MarkupText.append(values[i], quotes: false, to: out) }
    }

    /// Writes the shape with each value written by `value` (given its place): escaped as
    /// `MarkupText` escapes it, or bytes that need no escaping (made once for many rows).
    func write(to out: ByteOutput, value: (Int, ByteOutput) -> Void) {
        for i in 0..<(runs.count - 1) {
            out.append(runs[i])
            value(i, out)
        }
        out.append(runs[runs.count - 1])
    }
}

extension Node {
    /// `text` as a text node escaped byte by byte (`MarkupText`): Plot's `.text` escapes whole
    /// characters, so it leaves a `<` joined to a mark, and keeps an `&name;` as an entity.
    static func escaped(_ text: String) -> Node { .raw(MarkupText.escaped(text)) }
}
