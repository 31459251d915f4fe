#if canImport(Glibc)
import Glibc
#endif
import LimberBasics
import Yams

/// A long program's YAML composed in two parts at once (``Alongside``): the text is cut before
/// an entry of the top-level `exercises:` list near its middle, each part is composed on its
/// own core, and the trees are joined. The joined tree is the one ``YAMLCompose/root(_:)``
/// makes of the whole text — the same nodes, strings, styles and marks — or there is none and
/// the caller composes the whole: any part failing, or any doubt that the cut fell between two
/// entries, refuses the join. Errors are therefore always the whole text's own.
///
/// Why the cut is safe when the join is accepted: the first part's root is a block mapping at
/// column 1 whose last key is `exercises`, a block list at the cut line's column `c + 1`. A line
/// at column `c` starting with `- ` then cannot lie inside anything of that list's last entry
/// (plain and block scalars end at a line indented no deeper than their parent; a quoted scalar
/// or flow collection left open makes the first part fail), so in the whole text it starts the
/// list's next entry. The second part is the rest of the text under a key `exercises:` of its
/// own, after as many empty lines as make its lines the whole text's line numbers.
public enum ComposeInTwo {
    /// The shortest text worth two parts: composing runs at ~150 ns a byte, a thread starts in ~0.1 ms.
    static let minimumBytes = 1 << 15

    /// Where the text is cut: the byte offset and the line (1-based) of the entry that starts
    /// the second part, and the column (0-based) of the list's entries.
    struct Cut: Equatable {
        var offset: Int
        var line: Int
        var column: Int
    }

    /// The whole text's root, composed in two parts at once; nil when the text is short, no
    /// second core is there to use, no clean cut is found, or the parts refuse to be joined.
    static func root(_ text: String) -> Node? {
        guard text.utf8.count >= minimumBytes, Alongside.available, let cut = cut(text) else { return nil }
        return root(text, at: cut)
    }

    /// The text composed in two parts cut at `cut`, and joined; nil when refused.
    static func root(_ text: String, at cut: Cut) -> Node? {
        let (head, tail) = parts(text, at: cut)
        let (first, second) = Alongside.both({ try? YAMLCompose.root(head) }, { try? YAMLCompose.root(tail) })
        guard let first, let second else { return nil }
        return joined(first, second, cut: cut)
    }

    /// The two texts composed: everything before the cut, and the rest under its own
    /// `exercises:` key on the line before the cut's line.
    static func parts(_ text: String, at cut: Cut) -> (String, String) {
        let bytes = text.utf8
        let split = bytes.index(bytes.startIndex, offsetBy: cut.offset)
        let head = String(text[..<split])
        var tail = String(repeating: "\n", count: cut.line - 2) + "exercises:\n"
        tail += text[split...]
        return (head, tail)
    }

    /// The first part's root with the second part's entries after its own, and the second
    /// part's other keys after those; nil unless both trees are shaped as a clean cut makes them.
    static func joined(_ first: Node, _ second: Node, cut: Cut) -> Node? {
        guard case .mapping(let head) = first, head.style != .flow, head.mark?.column == 1,
              case .mapping(let tail) = second, let opening = tail.first, opening.key.string == "exercises",
              case .sequence(let more) = opening.value, more.style != .flow,
              more.mark?.line == cut.line, more.mark?.column == cut.column + 1
        else { return nil }
        var pairs = head.map { ($0.key, $0.value) }
        guard let last = pairs.last, case .scalar = last.0, last.0.string == "exercises",
              case .sequence(var entries) = last.1, entries.style != .flow, !entries.isEmpty,
              entries.mark?.column == cut.column + 1
        else { return nil }
        // A key of the second part's that the first part has too: the whole text is refused
        // for the duplicate, and only composing it whole says so in its words.
        let keys = Set(pairs.map(\.0))
        let others = tail.dropFirst()
        guard !others.contains(where: { keys.contains($0.key) }) else { return nil }
        entries.append(contentsOf: more)
        pairs[pairs.count - 1].1 = .sequence(entries)
        pairs.append(contentsOf: others.map { ($0.key, $0.value) })
        return .mapping(Node.Mapping(pairs, head.tag, head.style, head.mark, head.anchor))
    }

    /// The first of up to `limit` cuts — before each line that starts with spaces and `- `,
    /// at that line's column — where the join is accepted but is not the whole text's tree
    /// (or the whole text fails): the property the fuzzer checks on any text. Nil when none.
    /// A text the finder refuses whole (a line break other than LF or CR LF) is not cut here either.
    public static func joinBreaking(_ text: String, limit: Int) -> (line: Int, column: Int)? {
        var copy = text
        guard !copy.withUTF8({ hasOtherLineBreaks($0) }) else { return nil }
        let whole = try? YAMLCompose.root(text)
        var offset = 0
        var tried = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            defer { offset += line.utf8.count + 1 }
            let spaces = line.utf8.prefix { $0 == 0x20 }.count
            let rest = line.utf8.dropFirst(spaces)
            guard index >= 2, rest.first == UInt8(ascii: "-"), rest.count == 1 || [0x20, 0x0D].contains(rest.dropFirst().first) else { continue }
            guard tried < limit else { break }
            tried += 1
            let cut = Cut(offset: offset, line: index + 1, column: spaces)
            guard let joined = root(text, at: cut) else { continue }
            guard let whole, sameTree(joined, whole) else { return (cut.line, cut.column) }
        }
        return nil
    }

    /// Whether two trees are alike in everything the decoder and its diagnostics read: each
    /// node's kind, string, style, tag and mark, in order.
    static func sameTree(_ a: Node, _ b: Node) -> Bool {
        func at(_ mark: Mark?) -> [Int] { mark.map { [$0.line, $0.column] } ?? [] }
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)):
            return x.string == y.string && x.style == y.style && x.tag.description == y.tag.description && at(x.mark) == at(y.mark)
        case (.sequence(let x), .sequence(let y)):
            return x.style == y.style && x.tag.description == y.tag.description && at(x.mark) == at(y.mark) && x.count == y.count
                && zip(x, y).allSatisfy { sameTree($0, $1) }
        case (.mapping(let x), .mapping(let y)):
            return x.style == y.style && x.tag.description == y.tag.description && at(x.mark) == at(y.mark) && x.count == y.count
                && zip(x, y).allSatisfy { sameTree($0.key, $1.key) && sameTree($0.value, $1.value) }
        case (.alias, .alias): return true
        default: return false
        }
    }

    /// A cut before an entry of the top-level `exercises:` list at or after the middle of the
    /// text (or the byte offset `start`), or nil: no such list in block style, no entry after the middle, or a character
    /// YAML counts as a line break that a newline count would not (a lone carriage return,
    /// NEL, LS, PS), since the second part's lines are numbered by counting newlines.
    static func cut(_ text: String, from start: Int? = nil) -> Cut? {
        var text = text
        return text.withUTF8 { bytes -> Cut? in
            let count = bytes.count
            guard count > 0, !hasOtherLineBreaks(bytes) else { return nil }
            // The key, alone on its line at column 0.
            let key = Array("exercises:".utf8)
            var at = 0
            var found = -1
            while at + key.count <= count {
                if bytes[at] == key[0], (at == 0 || bytes[at - 1] == 0x0A), zip(key.indices, key).allSatisfy({ bytes[at + $0] == $1 }) {
                    var end = at + key.count
                    while end < count, bytes[end] == 0x20 { end += 1 }
                    if end < count, bytes[end] == 0x0D { end += 1 }
                    if end < count, bytes[end] == 0x0A { found = end + 1; break }
                }
                guard let next = nextLine(bytes, from: at) else { break }
                at = next
            }
            guard found >= 0 else { return nil }
            // The first entry's column: the first line that is not blank or a comment.
            var line = found
            var column = -1
            while line < count {
                var spaces = 0
                while line + spaces < count, bytes[line + spaces] == 0x20 { spaces += 1 }
                let first = line + spaces < count ? bytes[line + spaces] : 0x0A
                if first == 0x0A || first == 0x0D || first == UInt8(ascii: "#") {
                    guard let next = nextLine(bytes, from: line) else { return nil }
                    line = next
                    continue
                }
                guard isEntry(bytes, line, spaces) else { return nil }
                column = spaces
                break
            }
            guard column >= 0, let afterFirst = nextLine(bytes, from: line) else { return nil }
            // The next entry at that column from the middle on.
            var candidate = max(afterFirst, start ?? count / 2)
            if candidate > afterFirst, bytes[candidate - 1] != 0x0A {
                guard let next = nextLine(bytes, from: candidate) else { return nil }
                candidate = next
            }
            while candidate < count {
                if isEntry(bytes, candidate, column) {
                    var lines = 1
                    var scan = 0
                    while scan < candidate, let newline = memchrOffset(bytes, 0x0A, from: scan, to: candidate) {
                        lines += 1
                        scan = newline + 1
                    }
                    return Cut(offset: candidate, line: lines, column: column)
                }
                guard let next = nextLine(bytes, from: candidate) else { return nil }
                candidate = next
            }
            return nil
        }
    }

    /// Whether the line starting at `start` is exactly `column` spaces, `-`, then a space or its end.
    private static func isEntry(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ column: Int) -> Bool {
        let dash = start + column
        guard dash < bytes.count, bytes[dash] == UInt8(ascii: "-") else { return false }
        for i in start..<dash where bytes[i] != 0x20 { return false }
        guard dash + 1 < bytes.count else { return true }
        let after = bytes[dash + 1]
        return after == 0x20 || after == 0x0A || after == 0x0D
    }

    /// The start of the line after the one holding `offset`, or nil at the last line.
    private static func nextLine(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int? {
        guard let newline = memchrOffset(bytes, 0x0A, from: offset, to: bytes.count), newline + 1 < bytes.count else { return nil }
        return newline + 1
    }

    /// The offset of the first `byte` in `from..<to`, or nil.
    private static func memchrOffset(_ bytes: UnsafeBufferPointer<UInt8>, _ byte: UInt8, from: Int, to: Int) -> Int? {
        guard from < to, let base = bytes.baseAddress, let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// Whether the text holds a line break other than LF or CR LF: a lone CR, or NEL, LS or PS
    /// (U+0085, U+2028, U+2029), each of which libyaml counts as a new line.
    private static func hasOtherLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var at = 0
        while let cr = memchrOffset(bytes, 0x0D, from: at, to: bytes.count) {
            if cr + 1 >= bytes.count || bytes[cr + 1] != 0x0A { return true }
            at = cr + 1
        }
        at = 0
        while let lead = memchrOffset(bytes, 0xC2, from: at, to: bytes.count) {
            if lead + 1 < bytes.count, bytes[lead + 1] == 0x85 { return true }
            at = lead + 1
        }
        at = 0
        while let lead = memchrOffset(bytes, 0xE2, from: at, to: bytes.count) {
            if lead + 2 < bytes.count, bytes[lead + 1] == 0x80, bytes[lead + 2] == 0xA8 || bytes[lead + 2] == 0xA9 { return true }
            at = lead + 1
        }
        return false
    }
}
