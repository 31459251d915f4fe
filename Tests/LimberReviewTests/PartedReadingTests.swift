import LimberBasics
import LimberLog
@testable import LimberReview
import Testing

/// Reading a log in two parts at once (``SessionCollector/read(cut:shown:read:linesBefore:)``)
/// must give what reading it in order gives, byte for byte in every report, wherever the cut
/// falls: merged where that is provable, read on in order where it is not.
@Suite("Reading a log in two parts gives what reading it in order gives")
struct PartedReadingTests {
    typealias Mix = ScannedReadingTests.Mix
    static let window = CalendarDate(parsing: "2026-01-10")!...CalendarDate(parsing: "2026-02-05")!

    /// A part reader over `bytes` as ``LogReader`` reads a file: lines numbered from the part's
    /// start, blank ones skipped, lines of unknown types skipped quietly.
    static func reader(_ bytes: [UInt8]) -> SessionCollector.PartReader {
        { scanner, part, body in
            var start = part.lowerBound, number = 0
            let end = min(part.upperBound, bytes.count)
            while start < end {
                let stop = bytes[start..<end].firstIndex(of: 0x0A) ?? end
                number += 1
                let line = Array(bytes[start..<stop])
                start = stop + 1
                if line.allSatisfy({ $0 == 0x20 }) { continue }
                let result = line.withUnsafeBufferPointer { scanner.scan($0) }
                switch result {
                case .event: try body(number, nil)
                case .unknownType: continue
                case .malformed: try body(number, "not a log line")
                }
            }
        }
    }

    /// The bytes of `lines`, each ended by a line break, and where each line starts.
    static func file(_ lines: [String]) -> (bytes: [UInt8], starts: [Int]) {
        var bytes: [UInt8] = [], starts: [Int] = []
        for line in lines {
            starts.append(bytes.count)
            bytes += Array(line.utf8) + [0x0A]
        }
        return (bytes, starts)
    }

    /// Every report of the log read in order, and read cut at `cut`; whether the parts merged.
    static func both(_ bytes: [UInt8], cut: Int) throws -> (inOrder: String, parted: String, merged: Bool) {
        let read = reader(bytes)
        var inOrder = SessionCollector(window: window)
        try read(inOrder.scanner, 0..<Int.max) { inOrder.take(line: $0, problem: $1, shown: "f") }
        var parted = SessionCollector(window: window)
        let lines = bytes[..<cut].filter { $0 == 0x0A }.count
        let merged = try parted.read(cut: cut, shown: "f", read: read) { lines }
        inOrder.endSource()
        parted.endSource()
        return (describe(inOrder), describe(parted), merged)
    }

    static func describe(_ c: SessionCollector) -> String {
        var p = PatientCollector(window: window)
        p.collector = c
        return ScannedReadingTests.describe(p) + "\(c.problems)"
    }

    /// A log as a clinic's: sessions one after another with their own ids, a few interleaved,
    /// left unfinished, written twice, coming back after weeks, with check-ins and damaged lines.
    static func clinic(seed: UInt64, sessions: Int) -> [String] {
        var g = Mix(state: seed)
        var lines: [String] = []
        var pending: [String] = []
        for k in 0..<sessions {
            let day = k * 60 / sessions
            let date = day < 31 ? "2025-12-\(String(format: "%02d", day + 1))" : "2026-01-\(String(format: "%02d", day - 30))"
            let ts = "\"\(date)T07:\(String(format: "%02d", k % 60)):00.000+01:00\""
            // Sessions after the first third are as Limber writes them, but for an unfinished one or a check-in.
            let odd = k < sessions / 3 ? Int.random(in: 0..<10, using: &g) : [2, 3, 4, 9, 9, 9, 9, 9, 9, 9].randomElement(using: &g)!
            let id = odd == 0 ? "\"s\(k / 2)\"" : "\"s\(k)\""
            let head = #"{"v":1,"ts":\#(ts),"session":\#(id),"#
            var session = [head + #""type":"session_start","program":{"path":"/p.yaml","sha256":"ab","title":"Knee"},"planned":"#
                           + ScannedReadingTests.plans[k % 2] + #","schedule":{"per_day":1,"per_week":3}}"#]
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                session.append(head + #""type":"set","exercise":"Plank","set":1,"sets":2,"status":"done","seconds":30.5}"#)
            }
            if odd == 1 { session.append(head + #""type":"discomfort","exercise":"Plank","rating":8,"stop_at":7,"note":"sore"}"#) }
            if odd == 2 { session.append(#"{"v":1,"ts":\#(ts),"session":"c","type":"checkin","moment":"morning","pain":3,"stiffness":2}"#) }
            if odd == 3 { session.append("{\"v\":1,\"ts\":") }
            if odd != 4 { session.append(head + #""type":"session_end","status":"completed","elapsed_seconds":905.0}"#) }
            if odd == 5 { pending.append(session.removeLast()) }
            if odd == 6, let late = pending.popLast() { session.append(late) }
            if odd == 7, !lines.isEmpty { session.insert(lines[lines.count - 1], at: 1) }
            lines += session
        }
        return lines
    }

    @Test("clinic-like logs cut anywhere give the same reports; cuts between sessions merge")
    func clinicLogs() throws {
        for seed: UInt64 in [3] {
            let (bytes, starts) = Self.file(Self.clinic(seed: seed, sessions: 60))
            var merges = 0, cuts = 0
            for cut in stride(from: 1, to: starts.count, by: 3) {
                cuts += 1
                let r = try Self.both(bytes, cut: starts[cut])
                #expect(r.inOrder == r.parted, "seed \(seed), cut at \(cut)")
                if r.merged { merges += 1 }
            }
            #expect(merges > cuts / 8, "seed \(seed): \(merges) of \(cuts) cuts merged")
            #expect(merges < cuts, "seed \(seed): every cut merged, so reading on in order was never tried")
        }
    }

    @Test("hostile logs (ids reused and interleaved, escapes, damaged lines) give the same reports")
    func hostileLogs() throws {
        for seed: UInt64 in [5, 41] {
            let (bytes, starts) = Self.file(ScannedReadingTests.log(seed: seed, lines: 200))
            for cut in stride(from: 1, to: starts.count, by: 19) {
                let r = try Self.both(bytes, cut: starts[cut])
                #expect(r.inOrder == r.parted, "seed \(seed), cut at line \(cut)")
            }
        }
    }

    @Test("a session spanning the cut, an id on both sides, a session back after weeks: read on in order")
    func unmergeable() throws {
        func line(_ day: Int, _ id: String, _ rest: String) -> String {
            #"{"v":1,"ts":"2026-01-\#(String(format: "%02d", day))T07:00:00.000+01:00","session":"\#(id)",\#(rest)}"#
        }
        let start = #""type":"session_start","program":{"path":"/p.yaml","sha256":"ab","title":"Knee"},"planned":"# + ScannedReadingTests.plans[0]
        let set = #""type":"set","exercise":"Plank","set":1,"sets":2,"status":"done","seconds":30.5"#
        let end = #""type":"session_end","status":"completed","elapsed_seconds":905.0"#
        let shapes: [[String]] = [
            [line(10, "a", start), line(10, "a", set), line(10, "a", end)],
            [line(10, "a", start), line(10, "a", end), line(11, "b", start), line(11, "a", set), line(11, "b", end)],
            [line(10, "a", start), line(11, "b", start), line(11, "b", end), line(20, "c", start), line(20, "b", set)],
            [line(1, "a", start), line(2, "b", start), line(20, "c", start), line(20, "c", end), line(21, "b", set)],
        ]
        for lines in shapes {
            let (bytes, starts) = Self.file(lines)
            for cut in starts.dropFirst() {
                let r = try Self.both(bytes, cut: cut)
                #expect(r.inOrder == r.parted, "\(lines.count) lines cut at \(cut)")
            }
        }
        // The session `a` spans the cut: not merged.
        let (bytes, starts) = Self.file(shapes[0])
        #expect(try !Self.both(bytes, cut: starts[1]).merged)
    }

    @Test("more than twenty problems on both sides of the cut: the same messages and counts")
    func problemsOnBothSides() throws {
        let damaged = (0..<50).map { "not json \($0)" }
        let lines = damaged + Self.clinic(seed: 7, sessions: 10) + damaged
        let (bytes, starts) = Self.file(lines)
        for cut in [starts[10], starts[50], starts[70], starts[starts.count - 5]] {
            let r = try Self.both(bytes, cut: cut)
            #expect(r.inOrder == r.parted)
        }
    }
}
