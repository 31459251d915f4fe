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

    @Test func defaultPathFollowsXDG() throws {
        let account = { "/home/account" }
        #expect(try LogStore.defaultPath(environment: ["HOME": "/home/p"], accountHome: account) == "/home/p/.local/share/limber/log.jsonl")
        #expect(try LogStore.defaultPath(environment: ["HOME": "/home/p", "XDG_DATA_HOME": "/data"], accountHome: account) == "/data/limber/log.jsonl")
        #expect(try LogStore.defaultPath(environment: ["HOME": "/home/p", "XDG_DATA_HOME": "relative"], accountHome: account) == "/home/p/.local/share/limber/log.jsonl")
        #expect(try LogStore.defaultPath(environment: ["HOME": "/home/p", "XDG_DATA_HOME": ""], accountHome: account) == "/home/p/.local/share/limber/log.jsonl")
    }

    @Test func anEmptyHomeCountsAsUnset() throws {
        #expect(try LogStore.defaultPath(environment: ["HOME": ""], accountHome: { "/home/account" }) == "/home/account/.local/share/limber/log.jsonl")
        #expect(try LogStore.defaultPath(environment: [:], accountHome: { "/home/account/" }) == "/home/account/.local/share/limber/log.jsonl")
        #expect(throws: LogStore.NoHomeFolder.self) { try LogStore.defaultPath(environment: ["HOME": ""], accountHome: { "" }) }
        #expect(throws: LogStore.NoHomeFolder.self) { try LogStore.defaultPath(environment: [:], accountHome: { nil }) }
        #expect(LogStore.accountHome()?.hasPrefix("/") == true)
    }

    // MARK: An existing log others can read

    @Test func anExistingWorldReadableLogIsMadePrivateOnce() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let limber = folder.appendingPathComponent("limber")
        try FileManager.default.createDirectory(at: limber, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let path = limber.appendingPathComponent("log.jsonl").path
        try line(1).encoded().write(to: URL(fileURLWithPath: path))
        chmod(path, 0o644)
        let store = LogStore(path: path)
        #expect(store.append(line(2)))
        #expect(try mode(path) == 0o600)
        #expect(try mode(limber.path) == 0o700)
        #expect(store.takeNotices() == ["the log was readable by other users; made private: \(path) (now 600) and its folder (now 700)"])
        #expect(LogStore(path: path).notices.isEmpty)
    }

    @Test func onlyAFolderNamedLimberIsTightened() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        chmod(folder.path, 0o755)
        let path = folder.appendingPathComponent("log.jsonl").path
        try line(1).encoded().write(to: URL(fileURLWithPath: path))
        chmod(path, 0o640)
        let store = LogStore(path: path)
        #expect(try mode(path) == 0o600)
        #expect(try mode(folder.path) == 0o755)
        #expect(store.notices == ["the log was readable by other users; made private: \(path) (now 600)"])
    }

    func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    // MARK: A log removed or replaced while open

    @Test func aRemovedLogIsCreatedAgainWithThisSessionsEvents() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("limber/log.jsonl").path
        let store = LogStore(path: path)
        #expect(store.append(line(1)))
        #expect(store.append(line(2)))
        try FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
        #expect(store.append(line(3)))
        #expect(try read(path).events.map(\.event.set) == [1, 2, 3])
        #expect(try mode(path) == 0o600)
        #expect(store.takeNotices().count == 1)
        #expect(store.append(line(4)))
        #expect(try read(path).events.map(\.event.set) == [1, 2, 3, 4])
        #expect(store.notices.isEmpty)
    }

    @Test func anAtomicSaveOverTheLogGetsTheEventsItMissed() throws {
        try withTemporaryLog { path throws in
            try line(0, session: "earlier").encoded().write(to: URL(fileURLWithPath: path))
            chmod(path, 0o600)
            let store = LogStore(path: path)
            #expect(store.append(line(1)))
            // cp log new; (the session writes on); mv new log — as editors and sync tools save.
            try FileManager.default.copyItem(atPath: path, toPath: path + ".new")
            #expect(store.append(line(2)))
            #expect(rename(path + ".new", path) == 0)
            #expect(store.append(line(3)))
            let events = try read(path).events
            #expect(events.map(\.session) == ["earlier", "s1", "s1", "s1"])
            #expect(events.map(\.event.set) == [0, 1, 2, 3])
            #expect(store.takeNotices() == ["the log was replaced or removed during the session; continuing in the new file at \(path), with this session's earlier events copied in"])
        }
    }

    @Test func aRenamedLogIsFollowedByANewFileAtThePath() throws {
        try withTemporaryLog { path throws in
            let store = LogStore(path: path)
            #expect(store.append(line(1)))
            #expect(rename(path, path + ".old") == 0)
            #expect(store.append(line(2)))
            #expect(try read(path).events.map(\.event.set) == [1, 2])
            #expect(try read(path + ".old").events.map(\.event.set) == [1])
            #expect(store.takeNotices().count == 1)
        }
    }

    @Test func aFolderInPlaceOfTheLogLeavesEventsInTheMovedFile() throws {
        try withTemporaryLog { path throws in
            let store = LogStore(path: path)
            #expect(store.append(line(1)))
            #expect(rename(path, path + ".moved") == 0)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            #expect(store.append(line(2)))
            #expect(store.append(line(3)))
            #expect(try read(path + ".moved").events.map(\.event.set) == [1, 2, 3])
            #expect(store.takeNotices() == ["the log was moved away from \(path) and can't open \(path): Is a directory; this session goes on writing to the moved file"])
            // Once the path is usable again, the session's events follow it there.
            try FileManager.default.removeItem(atPath: path)
            #expect(store.append(line(4)))
            #expect(try read(path).events.map(\.event.set) == [1, 2, 3, 4])
        }
    }

    @Test func aRemovedLogThatCantBeCreatedAgainKeepsEventsInMemory() throws {
        try withTemporaryLog { path throws in
            let store = LogStore(path: path)
            #expect(store.append(line(1)))
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            #expect(!store.append(line(2)))
            #expect(store.pending.count == 1)
            #expect(store.lastError == "the log was removed during the session and can't open \(path): Is a directory")
            try FileManager.default.removeItem(atPath: path)
            #expect(store.flush())
            #expect(try read(path).events.map(\.event.set) == [1, 2])
        }
    }
}
