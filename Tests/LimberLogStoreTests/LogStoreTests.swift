import Foundation
import LimberLog
import LimberLogStore
import LimberTestSupport
import Testing

@Suite("The log file")
struct LogStoreTests {
    func line(_ n: Int, session: String = "s1") -> LogLine {
        var event = LogEvent(type: .set)
        event.exercise = "Plank"
        event.set = n
        event.status = "done"
        return LogLine(ts: "2026-12-01T07:30:0\(n % 10).000+01:00", session: session, event: event)
    }

    func read(_ path: String) throws -> (events: [LogLine], problems: [Int]) {
        var events: [LogLine] = [], problems: [Int] = []
        try LogReader(path: path).forEach { item in
            switch item {
            case .event(let e): events.append(e)
            case .problem(let n, _): problems.append(n)
            }
        }
        return (events, problems)
    }

    @Test func appendsWholeLinesAndReadsThemBack() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("deep/er/limber/log.jsonl").path
        let store = LogStore(path: path)
        for n in 1...3 { #expect(store.append(line(n))) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 3)
        #expect(text.hasPrefix(#"{"exercise":"Plank","session":"s1","set":1,"status":"done","ts":"2026-12-01T07:30:01.000+01:00","type":"set","v":1}"#))
        let (events, problems) = try read(path)
        #expect(events.map(\.event.set) == [1, 2, 3])
        #expect(problems.isEmpty)
    }

    @Test func fileIsPrivateAndFolderToo() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("limber/log.jsonl").path
        let old = umask(0)
        defer { umask(old) }
        LogStore(path: path).append(line(1))
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("limber").path)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(folderMode == 0o700)
    }

    @Test func tornAndForeignLinesAreReportedAndSkipped() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("log.jsonl").path
        var text = String(decoding: line(1).encoded(), as: UTF8.self)
        text += "not json at all\n"
        text += #"{"v":1,"ts":"x","session":"s","type":"from_the_future","x":1}"# + "\n"
        text += String(decoding: line(2).encoded(), as: UTF8.self)
        text += #"{"v":1,"ts":"2026-12-01T07:30:03.000+01:00","session":"s1","type":"se"#
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (events, problems) = try read(path)
        #expect(events.map(\.event.set) == [1, 2])
        #expect(problems == [2, 5])
    }

    @Test func unwritableLogKeepsEventsUntilItCanWrite() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("log.jsonl").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) // a folder in the way
        let store = LogStore(path: path)
        #expect(!store.append(line(1)))
        #expect(!store.append(line(2)))
        #expect(store.pending.count == 2)
        #expect(store.lastError?.contains("log.jsonl") == true)
        try FileManager.default.removeItem(atPath: path)
        #expect(store.append(line(3)))
        #expect(store.pending.isEmpty)
        #expect(store.lastError == nil)
        #expect(try read(path).events.map(\.event.set) == [1, 2, 3])
    }

    @Test func twoWritersNeverInterleave() async throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("log.jsonl").path
        await withTaskGroup(of: Void.self) { group in
            for writer in ["a", "b"] {
                group.addTask {
                    let store = LogStore(path: path)
                    for n in 0..<300 {
                        var event = LogEvent(type: .note)
                        event.note = String(repeating: writer, count: 2_000 + n)
                        store.append(LogLine(ts: "t", session: writer, event: event))
                    }
                }
            }
        }
        let (events, problems) = try read(path)
        #expect(problems.isEmpty)
        #expect(events.count == 600)
        #expect(events.allSatisfy { line in line.event.note!.allSatisfy { String($0) == line.session } })
    }

    @Test func aLineCutOffEarlierDoesNotSwallowTheNextEvent() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("log.jsonl").path
        try Data(#"{"v":1,"ts":"2026-12-01T07:30:00.000+01:00","session":"cut","type":"se"#.utf8).write(to: URL(fileURLWithPath: path))
        let store = LogStore(path: path)
        #expect(store.append(line(1)))
        #expect(store.append(line(2)))
        let (events, problems) = try read(path)
        #expect(events.map(\.event.set) == [1, 2])
        #expect(problems == [1])
    }

    @Test func anOverlongLineIsSkippedWithoutHoldingItInMemory() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("log.jsonl").path
        var data = Data(line(1).encoded())
        data.append(Data(repeating: UInt8(ascii: "x"), count: LogReader.maxLineBytes + 300_000))
        data.append(0x0A)
        data.append(line(2).encoded())
        try data.write(to: URL(fileURLWithPath: path))
        let (events, problems) = try read(path)
        #expect(events.map(\.event.set) == [1, 2])
        #expect(problems == [2])
    }

    @Test func defaultPathFollowsXDG() {
        #expect(LogStore.defaultPath(environment: ["HOME": "/home/p"]) == "/home/p/.local/share/limber/log.jsonl")
        #expect(LogStore.defaultPath(environment: ["HOME": "/home/p", "XDG_DATA_HOME": "/data"]) == "/data/limber/log.jsonl")
        #expect(LogStore.defaultPath(environment: ["HOME": "/home/p", "XDG_DATA_HOME": "relative"]) == "/home/p/.local/share/limber/log.jsonl")
    }
}
