/// An array kept in blocks of 4,096 elements: it grows without copying what it holds. A plain
/// array doubles by copying itself, which at the top of a long report's memory costs as much
/// again as the sessions it holds. Another block array can be moved onto the end without
/// copying its blocks (``append(moving:)``): the one block left part-filled is then skipped over.
struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    private static var blockSize: Int { 4096 }
    private var blocks: [[Element]] = []
    private(set) var count = 0
    /// Elements from this index on sit `gap` places further on than their index says (the
    /// block they would have filled was left part-filled by ``append(moving:)``).
    private var gapAt = Int.max
    private var gap = 0

    init() {}

    init(_ elements: some Sequence<Element>) {
        for e in elements { append(e) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        get {
            let j = i < gapAt ? i : i + gap
            return blocks[j / Self.blockSize][j % Self.blockSize]
        }
        set {
            let j = i < gapAt ? i : i + gap
            blocks[j / Self.blockSize][j % Self.blockSize] = newValue
        }
    }

    mutating func append(_ e: Element) {
        if blocks.last.map({ $0.count == Self.blockSize }) ?? true {
            var block: [Element] = []
            block.reserveCapacity(Self.blockSize)
            blocks.append(block)
        }
        blocks[blocks.count - 1].append(e)
        count += 1
    }

    /// Appends `other`'s elements, each changed by `change`, leaving `other` empty: its blocks
    /// are changed in place and moved, not copied (but when either array already had one moved
    /// onto it: then they are copied one by one).
    mutating func append(moving other: inout ChunkedArray, _ change: (inout Element) -> Void) {
        for i in other.indices { change(&other[i]) }
        if gap != 0 || other.gap != 0 || other.blocks.isEmpty {
            for e in other { append(e) }
        } else {
            if let last = blocks.last, last.count < Self.blockSize {
                gapAt = count
                gap = Self.blockSize - last.count
            }
            blocks += other.blocks
            count += other.count
        }
        other = ChunkedArray()
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
