/// A fixed set of short names (at most 16 bytes each) looked up by their bytes with one probe:
/// a name's length and bytes (as two 8-byte words) hash to one slot of a small table that holds
/// no two names, and the slot's words are compared with the name's. Built once from the names,
/// so a new name needs no hand-written constant. The log's field names and event types are
/// matched this way on every line, where a loop of `memcmp` over the rows cost more than the
/// rest of the line's check.
struct ByteNames: Sendable {
    /// One slot: a name's length (-1 when empty), its words, and its position in the names given.
    struct Slot: Sendable {
        var length = -1
        var index = -1
        var head: UInt64 = 0
        var tail: UInt64 = 0
    }

    private let slots: [Slot]
    private let multiplier: UInt64
    private let shift: UInt64

    static let longest = 16

    /// - Parameter names: distinct names, each of at most ``longest`` bytes; a name's index in
    ///   this list is what ``index(_:_:limit:)`` gives for it.
    init(_ names: [[UInt8]]) {
        precondition(names.allSatisfy { $0.count <= Self.longest } && Set(names).count == names.count)
        var size = 16
        while size < names.count * 4 { size *= 2 }
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        var tries = 0
        let words = names.map { name in name.withUnsafeBufferPointer { Self.words($0.baseAddress!, $0.count, limit: $0.count) } }
        while true {
            // splitmix64: a deterministic sequence of odd multipliers to try.
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            let multiplier = (z ^ (z >> 31)) | 1
            let shift = UInt64(64 - size.trailingZeroBitCount)
            var slots = [Slot](repeating: Slot(), count: size)
            var perfect = true
            for (k, name) in names.enumerated() {
                let h = Self.hash(words[k].head, words[k].tail, name.count, multiplier, shift)
                if slots[h].length >= 0 { perfect = false; break }
                slots[h] = Slot(length: name.count, index: k, head: words[k].head, tail: words[k].tail)
            }
            if perfect {
                self.slots = slots
                self.multiplier = multiplier
                self.shift = shift
                return
            }
            tries += 1
            if tries == 1000 { tries = 0; size *= 2 }
        }
    }

    @inline(__always)
    private static func hash(_ head: UInt64, _ tail: UInt64, _ length: Int, _ multiplier: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((head &+ (tail &* 31) &+ UInt64(truncatingIfNeeded: length)) &* multiplier) >> shift)
    }

    /// The first eight bytes of the name (zero past its end) and, for a name longer than eight,
    /// its last eight. `limit` is how many bytes from `p` may be read (at least `count`): eight
    /// are loaded at once when there is room.
    @inline(__always)
    static func words(_ p: UnsafePointer<UInt8>, _ count: Int, limit: Int) -> (head: UInt64, tail: UInt64) {
        if count >= 8 {
            let raw = UnsafeRawPointer(p)
            return (raw.loadUnaligned(as: UInt64.self).littleEndian, raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self).littleEndian)
        }
        var head: UInt64 = 0
        if limit >= 8 {
            head = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self).littleEndian & ((1 << UInt64(count * 8)) &- 1)
        } else {
            for k in 0..<count { head |= UInt64(p[k]) << UInt64(k * 8) }
        }
        return (head, 0)
    }

    /// The index of the name whose bytes are `count` bytes at `p`; -1 when none is. `limit` is
    /// how many bytes from `p` may be read (at least `count`).
    @inline(__always)
    func index(_ p: UnsafePointer<UInt8>, _ count: Int, limit: Int) -> Int {
        guard count <= Self.longest else { return -1 }
        let (head, tail) = Self.words(p, count, limit: limit)
        let slot = slots.withUnsafeBufferPointer { $0[Self.hash(head, tail, count, multiplier, shift)] }
        return slot.length == count && slot.head == head && slot.tail == tail ? slot.index : -1
    }

    /// The index of the name these bytes spell; -1 when none does.
    func index(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return withUnsafePointer(to: UInt8(0)) { index($0, 0, limit: 0) } }
        return index(base, bytes.count, limit: bytes.count)
    }
}
