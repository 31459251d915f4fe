import LimberBasics
import Plot

/// Plot output written in pieces to a `ByteOutput`, byte for byte what rendering the whole tree
/// with `indentedBy: .spaces(1)` gives, without holding the whole: a piece is rendered with
/// placeholder elements (`slot(i)`) where its long parts go, split there, and each long part is
/// written by its own closure, one Plot node at a time, at the depth the whole tree would give it.
struct PlotStream {
    let out: ByteOutput

    /// The placeholder for the `index`th part a piece leaves to be written separately. Its name
    /// can't come from a log: Plot escapes `<` in any text.
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

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = from
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
