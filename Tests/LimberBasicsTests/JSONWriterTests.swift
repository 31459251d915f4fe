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
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        close(fds[0])
        let expected = JSONValue.array((0..<100).map { .int($0) }).rendered(pretty: false)
        #expect(String(decoding: received, as: UTF8.self) == expected)
    }

    @Test("a failed write is kept and later output dropped")
    func failedWrite() {
        let output = ByteOutput(fd: -1, chunk: 4)
        output.append("hello")
        #expect(output.failure == EBADF)
        #expect(output.flush() == EBADF)
    }
}
