import Foundation
import LimberLog
import LimberLogStore
import LimberTestSupport
import Testing

/// A file read in two parts (``LogReader/forEachScanned(_:part:_:)``, cut by ``LogReader/cut(minimumBytes:)``)
/// gives the lines reading it whole gives, with the same numbers and problems, a line too
/// long for the reader included.
@Suite("Reading a log in parts: the same lines as reading it whole")
struct LogReaderPartTests {
    static func event(_ n: Int, type: String = "set") -> String {
        #"{"v":1,"ts":"2026-12-01T07:30:01.000+01:00","session":"s\#(n / 5)","type":"\#(type)","exercise":"Plank","set":1,"status":"done"}"#
    }

    /// What the reader hands on for `part` of the file at `path`: each line's number and
    /// problem, or its session.
    static func lines(_ path: String, part: Range<Int>? = nil, offset: Int = 0) throws -> [String] {
        let scanner = LogLineParser.Scanner()
        var found: [String] = []
        try LogReader(path: path).forEachScanned(scanner, part: part) { number, problem in
            found.append("\(number + offset): \(problem ?? scanner.string(.session) ?? "?")")
        }
        return found
    }

    @Test("a pinned log's parts read the file opened first, though the log is renamed and replaced meanwhile")
    func pinnedPartsReadTheFileOpenedFirst() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("log.jsonl").path
        let first = (0..<400).map { Self.event($0) + "\n" }.joined()
        try Data(first.utf8).write(to: URL(fileURLWithPath: path))
        let whole = try Self.lines(path)
        let pinned = try #require(LogReader.Pinned(path: path))
        let cut = try #require(pinned.reader.cut(minimumBytes: 0))
        // Renamed away, and another log put in its place before the parts are read.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".old")
        try Data((0..<50).map { Self.event($0 + 9_000) + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
        let before = try pinned.reader.lines(before: cut)
        let parts = try Self.lines(pinned.reader.path, part: 0..<cut) + Self.lines(pinned.reader.path, part: cut..<Int.max, offset: before)
        #expect(parts == whole)
        #expect(LogReader.Pinned(path: "-") == nil && LogReader.Pinned(path: folder.appendingPathComponent("none").path) == nil)
    }

    @Test("two parts cut at any line give the whole file's lines, a too-long line near the cut included")
    func partsMatchTheWhole() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("log.jsonl").path
        var text = ""
        var starts: [Int] = []
        func add(_ line: String) {
            starts.append(text.utf8.count)
            text += line + "\n"
        }
        for n in 0..<2_000 {
            switch n % 97 {
            case 3: add("not json")
            case 5: add("   ")
            case 7: add(#"{"v":1,"ts":"2026-12-01T07:30:01Z","session":"x","type":"heart_rate"}"#)
            default: add(Self.event(n, type: n % 5 == 0 ? "session_start" : "set"))
            }
            // Lines around the reader's limit, whose fate depends on where reads end.
            if n == 1_000 { add(String(repeating: "x", count: LogReader.maxLineBytes + 100_000)) }
            if n == 1_200 { add(String(repeating: "y", count: LogReader.maxLineBytes - 100_000)) }
        }
        text += "torn {"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let whole = try Self.lines(path)
        let reader = LogReader(path: path)
        for cut in [starts[1], starts[999], starts[1_001], starts[1_002], starts[1_202], starts[1_500], starts.last!] {
            let before = try reader.lines(before: cut)
            let parts = try Self.lines(path, part: 0..<cut) + Self.lines(path, part: cut..<Int.max, offset: before)
            #expect(parts == whole, "cut at \(cut)")
        }
        let cut = try #require(reader.cut(minimumBytes: 1 << 20))
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(cut - 1))
        let atCut = String(decoding: try #require(try handle.read(upToCount: 200)), as: UTF8.self)
        #expect(atCut.hasPrefix("\n{") && atCut.contains(#""type":"session_start""#))
        #expect(reader.cut(minimumBytes: text.utf8.count + 1) == nil)
        #expect(LogReader(path: "-").cut(minimumBytes: 0) == nil)
    }
}
