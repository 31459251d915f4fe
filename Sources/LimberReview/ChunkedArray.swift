/// An array kept in blocks of 4,096 elements: it grows without copying what it holds. A plain
/// array doubles by copying itself, which at the top of a long report's memory costs as much
/// again as the sessions it holds.
struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    private static var blockSize: Int { 4096 }
    private var blocks: [[Element]] = []
    private(set) var count = 0

    init() {}

    init(_ elements: some Sequence<Element>) {
        for e in elements { append(e) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        get { blocks[i / Self.blockSize][i % Self.blockSize] }
        set { blocks[i / Self.blockSize][i % Self.blockSize] = newValue }
    }

    mutating func append(_ e: Element) {
        if count % Self.blockSize == 0 {
            var block: [Element] = []
            block.reserveCapacity(Self.blockSize)
            blocks.append(block)
        }
        blocks[blocks.count - 1].append(e)
        count += 1
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
