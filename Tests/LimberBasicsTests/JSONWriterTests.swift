#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import LimberBasics

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("a document streamed member by member is the text JSONValue gives for its tree")
    func streamedMatchesTree() {
        for pretty in [true, false] {
            let output = ByteOutput()
            var writer = JSONWriter(output, pretty: pretty)
            writer.beginObject()
            writer.key("name")
            writer.string("Glute \"bridge\"\u{202E}")
            writer.key("empty")
            writer.beginArray()
            writer.endArray()
            writer.key("sets")
            writer.beginArray()
            writer.int(3)
            writer.double(2.5)
            writer.double(.nan)
            writer.bool(true)
            writer.null()
            writer.beginObject()
            writer.endObject()
            writer.endArray()
            writer.key(quoted: JSONWriter.quoted("side"))
            writer.string(quoted: JSONWriter.quoted("left\nright"))
            writer.endObject()
            let tree: JSONValue = .object([
                ("name", "Glute \"bridge\"\u{202E}"), ("empty", []),
                ("sets", [3, .double(2.5), .double(.nan), true, .null, .object([])]),
                ("side", "left\nright"),
            ])
            #expect(writer.depth == 0)
            #expect(output.text == tree.rendered(pretty: pretty))
        }
    }

    @Test("thousandths are written as String of the rounded Double spells them (the digit fast path)")
    func thousandthsMatchString() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.0004, -0.0004, 0.0005, -0.0005, 0.001, 0.5, 1, 10, 12.3456, -7.25, 999.9995,
                                1e8 + 0.1235, 999_999_999.999, 1e9, -1e9 + 0.001, 1e12, 3e15, .nan, .infinity, -.infinity,
                                Double.ulpOfOne, 1 / 3, 2 / 3, 0.1 + 0.2]
        for _ in 0..<4_000 {
            let scale = [1.0, 10, 1000, 1e6, 1e9, 1e10][Int.random(in: 0..<6, using: &generator)]
            values.append(Double.random(in: -scale...scale, using: &generator))
            values.append(Double(Int.random(in: -100_000...100_000, using: &generator)) / 1000)
        }
        for value in values {
            let fast = ByteOutput()
            var writer = JSONWriter(fast, pretty: false)
            writer.thousandths(value)
            let old = ByteOutput()
            JSONWriter.appendNumber((value * 1000).rounded() / 1000, to: old)
            #expect(fast.text == old.text, "\(value)")
        }
    }

    @Test("literal keys, dates and strings written through reserved runs equal the tree's text, across chunk edges")
    func reservedRunsMatchTree() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let output = ByteOutput(fd: fds[1], chunk: 7)
        var writer = JSONWriter(output)
        var items: [JSONValue] = []
        writer.beginArray()
        for i in 0..<40 {
            let date = CalendarDate(year: 2016 + i % 11, month: 1 + i % 12, day: 1 + i % 28)!
            let name = i % 3 == 0 ? "Glute \"bridge\" \(i)" : "plank \(i)"
            writer.beginObject()
            writer.key(literal: "date")
            writer.string(date: date)
            writer.key(literal: "name")
            writer.string(name)
            writer.key(literal: "share")
            writer.thousandths(Double(i) / 7)
            writer.endObject()
            items.append(.object([("date", .string(date.description)), ("name", .string(name)),
                                  ("share", .double((Double(i) / 7 * 1000).rounded() / 1000))]))
        }
        writer.endArray()
        #expect(output.flush() == nil)
        close(fds[1])
        let received = Self.readAll(fds[0])
        #expect(String(decoding: received, as: UTF8.self) == JSONValue.array(items).rendered())
    }

    @Test("pretty output indents by two spaces and leaves empty containers on one line")
    func prettyShape() {
        let tree: JSONValue = .object([("a", [1, []]), ("b", .object([]))])
        #expect(tree.rendered() == "{\n  \"a\": [\n    1,\n    []\n  ],\n  \"b\": {}\n}")
        #expect(tree.rendered(pretty: false) == "{\"a\":[1,[]],\"b\":{}}")
    }

    @Test("quoted text is escaped as JSONValue.quote escapes it")
    func quotedMatchesQuote() {
        for text in ["plain", "", "tab\there", "ünïcode ✓", "bidi \u{2067}x\u{2069}", "nbsp\u{A0}", "bom\u{FEFF}", "\u{1B}[31m", "back\\slash"] {
            #expect(JSONWriter.quoted(text) == Array(JSONValue.quote(text).utf8))
        }
    }

    /// Everything `fd` gives until its end, then closes it.
    static func readAll(_ fd: Int32) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        close(fd)
        return received
    }

    @Test("output to a descriptor arrives whole, in chunks")
    func descriptorOutput() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let output = ByteOutput(fd: fds[1], chunk: 16)
        var writer = JSONWriter(output, pretty: false)
        writer.beginArray()
        for i in 0..<100 { writer.int(i) }
        writer.endArray()
        #expect(output.flush() == nil)
        close(fds[1])
        let received = Self.readAll(fds[0])
        let expected = JSONValue.array((0..<100).map { .int($0) }).rendered(pretty: false)
        #expect(String(decoding: received, as: UTF8.self) == expected)
    }

    @Test("integers are spelt as String(_:) spells them")
    func decimals() {
        var generator = SystemRandomNumberGenerator()
        let values = [0, 9, 10, -1, -10, 99, 100, Int.max, Int.min, Int.min + 1]
            + (0..<200).map { _ in Int.random(in: .min ... .max, using: &generator) >> Int.random(in: 0...62, using: &generator) }
        for value in values {
            let output = ByteOutput()
            output.append(decimal: value)
            #expect(output.text == String(value))
        }
    }

    @Test("a failed write is kept and later output dropped")
    func failedWrite() {
        let output = ByteOutput(fd: -1, chunk: 4)
        output.append("hello")
        #expect(output.failure == EBADF)
        #expect(output.flush() == EBADF)
    }
}
