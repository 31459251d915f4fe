import Foundation
import LimberBasics
import LimberLog
import LimberReview
import Testing

/// The fast way through a log (``LogLineParser/Scanner`` into ``SessionCollector/addScanned(session:at:)``,
/// ``PatientCollector/addScanned(at:)``) must give what the decoded lines give, line for line:
/// checked on generated logs full of what a report must survive.
@Suite("Reading a log by scanning gives what decoding gives")
struct ScannedReadingTests {
    /// A small deterministic generator (xorshift64*; the seed must not be 0).
    struct Mix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    static let plans = [
        #"{"exercises":[{"hold_seconds":30,"kind":"hold","name":"Plank","sets":2,"sides":[]},{"kind":"reps","name":"Bridge","reps":10,"sets":1,"sides":["left","right"]}],"open_steps":0,"total_seconds":300}"#,
        #"{"exercises":[{"hold_seconds":45,"kind":"hold","name":"Plank","sets":3,"sides":[]}],"open_steps":0,"total_seconds":200}"#,
        // The first plan's length, with a key given twice: the line is refused.
        #"{"exercises":[{"hold_seconds":30,"kind":"hold","name":"Plank","sets":2,"sides":[]},{"name":"reps","name":"Bridge","reps":10,"sets":1,"sides":["left","right"]}],"open_steps":0,"total_seconds":300}"#,
        #"{"exercises":[{"kind":"reps","name":"Cl\u0061m\u001b[31m","sets":99,"sides":["a","b","c","d"]}],"total_seconds":60}"#,
        #"[1,2]"#,
    ]
    static let programs = [#"{"path":"/p.yaml","sha256":"ab","title":"Knee"}"#, #"{"path":"/q.yaml","sha256":"cd","title":"Back \u0007 \"B\""}"#, #""plain""#]
    static let schedules = [#"{"per_day":1,"per_week":3,"start":"2026-01-05","weeks":52}"#, #"{"days":["mon","fri"],"per_day":2}"#,
                            #"{"per_day":9,"per_week":3}"#]
    static let rules = [#"{"ask":"after_exercise","on_stop":"end_session","stop_at":7}"#, #"{"ask":"after_set","on_stop":"skip_exercise","stop_at":12}"#]
    static let progressions = [#"{"exercises":[{"decision":"up","name":"Plank","reasons":["2 sessions at 2/10"]}],"phase":"Strength","week":3}"#]
    static let exercises = [#""Plank""#, #""Bridge""#, #""Pl\u0061nk""#, #""Tab\there""#, "7", #""Plank""#, "\"Del\u{7F}\"", "\"\u{202E}rtl\u{85}\""]

    /// One line of a generated log: mostly what Limber writes, some of it damaged or odd.
    static func line(_ g: inout Mix, session: String, day: Int) -> String {
        let minute = Int.random(in: 0..<60, using: &g)
        var ts = "\"2026-\(day < 31 ? "01" : "02")-\(String(format: "%02d", day % 31 + 1 - (day < 31 ? 0 : 0)))T07:\(String(format: "%02d", minute)):00.000+01:00\""
        if Int.random(in: 0..<60, using: &g) == 0 { ts = ["\"yesterday\"", "\"2026-13-01T07:00:00Z\"", "\"2026-01-0\\u0035T07:00:00Z\""].randomElement(using: &g)! }
        let v = Int.random(in: 0..<40, using: &g) == 0 ? 2 : 1
        let head = #"{"v":\#(v),"ts":\#(ts),"session":\#(session),"#
        func pick(_ xs: [String]) -> String { xs.randomElement(using: &g)! }
        switch Int.random(in: 0..<20, using: &g) {
        case 0, 1:
            var fields = [#""type":"session_start""#, #""limber":"0.1.0""#]
            if Bool.random(using: &g) || true { fields.append(#""planned":"# + pick(plans)) }
            if Int.random(in: 0..<5, using: &g) > 0 { fields.append(#""program":"# + pick(programs)) }
            if Int.random(in: 0..<4, using: &g) > 0 { fields.append(#""schedule":"# + pick(schedules)) }
            if Int.random(in: 0..<4, using: &g) > 0 { fields.append(#""discomfort_rule":"# + pick(rules)) }
            if Int.random(in: 0..<3, using: &g) == 0 { fields.append(#""progression":"# + pick(progressions)) }
            return head + fields.shuffled(using: &g).joined(separator: ",") + "}"
        case 2...8:
            let status = pick([#""done""#, #""done""#, #""skipped""#, #""d\u006fne""#, "1"])
            return head + #""type":"set","exercise":\#(pick(exercises)),"set":1,"sets":2,"status":\#(status),"seconds":30.5}"#
        case 9, 10:
            let note = Int.random(in: 0..<4, using: &g) == 0 ? #","note":"tingling \u00e9 \u001b[2J""# : ""
            let index = Bool.random(using: &g) ? #","exercise_index":\#(Int.random(in: 0..<3, using: &g))"# : ""
            return head + #""type":"discomfort","exercise":\#(pick(exercises)),"rating":\#(Int.random(in: -1...11, using: &g)),"stop_at":7\#(note)\#(index)}"#
        case 11:
            return head + #""type":"stop","exercise":\#(pick(exercises)),"rating":8,"stop_at":7,"action":"\#(pick(["end_session", "skip_exercise", "odd"]))","reason":"discomfort"}"#
        case 12:
            return head + #""type":"\#(pick(["pause", "resume", "note", #"p\u0061use"#]))","paused_seconds":3.5}"#
        case 13, 14:
            let elapsed = pick(["905.0", "1e9", "-3", "12"])
            return head + #""type":"session_end","status":\#(pick([#""completed""#, #""quit""#, #""stopped_discomfort""#, #""odd""#])),"elapsed_seconds":\#(elapsed),"sets_done":4}"#
        case 15:
            return head + #""type":"checkin","moment":"morning","pain":\#(Int.random(in: 0...12, using: &g)),"stiffness":2}"#
        case 16:
            return head + #""type":"heart_rate","bpm":80}"#
        case 17:
            return head + #""type":"set","set":1,"set":2}"#
        case 18:
            return String((head + #""type":"set","exercise":"Plank","status":"done"}"#).prefix(Int.random(in: 5...40, using: &g)))
        default:
            return head + #""type":"session_end","status":"completed","program":"# + pick(programs) + "}"
        }
    }

    /// A generated log: sessions interleaved, some ids with escapes, some lines damaged.
    static func log(seed: UInt64, lines count: Int) -> [String] {
        var g = Mix(state: seed)
        let ids = [#""a1""#, #""a2""#, #""b\u0031""#, #""b1""#, #""c-\u00e9""#, #""long-session-id-0123456789abcdef""#, "5"]
        var out: [String] = []
        for n in 0..<count {
            out.append(line(&g, session: ids[(n / 7 + Int.random(in: 0..<2, using: &g)) % ids.count], day: n * 40 / count))
        }
        return out
    }

    /// Both ways over the same files (each a patient's log), and what each reads.
    static func read(_ files: [[String]]) -> (decoded: String, scanned: String) {
        var decoded = PatientCollector(window: CalendarDate(parsing: "2026-01-10")!...CalendarDate(parsing: "2026-02-05")!)
        var scanned = decoded
        for (f, lines) in files.enumerated() {
            scanned.beginFile(last: f == files.count - 1)
            for (n, text) in lines.enumerated() {
                let place = "f\(f):\(n + 1)"
                let bytes = Array(text.utf8)
                bytes.withUnsafeBufferPointer { raw in
                    switch LogLineParser.parse(raw) {
                    case .line(let line): decoded.add(line, at: place)
                    case .unknownType: break
                    case .malformed: decoded.report(problem: place)
                    }
                    switch scanned.scanner.scan(raw) {
                    case .event: scanned.addScanned { place }
                    case .unknownType: break
                    case .malformed: scanned.report(problem: place)
                    }
                }
            }
            decoded.endFile()
            scanned.endFile()
        }
        return (describe(decoded), describe(scanned))
    }

    /// Everything a report shows of what was read.
    static func describe(_ p: PatientCollector) -> String {
        let c = p.collector
        let since = CalendarDate(parsing: "2026-01-10")!, until = CalendarDate(parsing: "2026-02-05")!
        let a = Adherence(history: c.history, since: since, until: until, today: until)
        var report = PatientReport(name: "p", logPath: "p.jsonl", adherence: a, problems: c.problems)
        report.progression = ProgressionReview(sessions: a.sessions, checkIns: c.checkIns, until: until)
        return ReportData.json([report]) + ReportData.csv([report]) + ReportText(color: false).render(report)
            + "\(c.skippedLines) \(c.newerFormatLines) \(c.checkIns) \(p.duplicateSessions.sorted())"
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func oneFile(seed: UInt64) {
        let (decoded, scanned) = Self.read([Self.log(seed: seed, lines: 400)])
        #expect(decoded == scanned)
    }

    /// Many sessions open at once (those clearly over are swept out), lines of a session after it
    /// was folded, ids reused: where the collector remembers the last line's session must follow
    /// every change of the open sessions.
    @Test(arguments: [21, 22, 23] as [UInt64])
    func manySessionsOpenAtOnce(seed: UInt64) {
        var g = Mix(state: seed)
        var lines: [String] = []
        for n in 0..<1_500 {
            let id = "\"s\(Int.random(in: 0..<150, using: &g))\""
            for _ in 0..<Int.random(in: 1...3, using: &g) { lines.append(Self.line(&g, session: id, day: n * 40 / 1_500)) }
        }
        let (decoded, scanned) = Self.read([lines])
        #expect(decoded == scanned)
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func severalFilesOfOnePatient(seed: UInt64) {
        let first = Self.log(seed: seed, lines: 300)
        let files = [first, Array(first.suffix(120)) + Self.log(seed: seed + 100, lines: 200), Self.log(seed: seed + 200, lines: 100)]
        let (decoded, scanned) = Self.read(files)
        #expect(decoded == scanned)
    }

    /// The nested values a scanner remembers are told apart by their bytes: the same bytes the
    /// same id, and bytes of the same length but different (a key given twice) checked again.
    @Test func rememberedNestedValuesAreToldApartByTheirBytes() {
        let scanner = LogLineParser.Scanner()
        func scan(_ plan: String) -> (LogLineParser.Scanner.Result, Int?) {
            let text = #"{"v":1,"ts":"2026-01-05T07:00:00Z","session":"s","type":"session_start","planned":"# + plan + "}"
            return Array(text.utf8).withUnsafeBufferPointer { (scanner.scan($0), scanner.containerID(.planned)) }
        }
        let first = scan(Self.plans[0])
        #expect(first.0 == .event)
        #expect(scan(Self.plans[0]) == first)
        #expect(Self.plans[2].utf8.count == Self.plans[0].utf8.count)
        #expect(scan(Self.plans[2]).0 == .malformed)
        let other = scan(Self.plans[1])
        #expect(other.0 == .event && other.1 != first.1)
        #expect(scan(Self.plans[0]) == first)
    }
}

/// Sessions share one box for what their starts recorded when it is the same, and only then.
@Suite("Sessions share their plan only when it is the same")
struct SharedPlanTests {
    @Test func aChangedScheduleOrTitleIsKeptPerSessionAndSettingOneChangesNoOther() {
        var log = LogBuilder(schedule: .init(perWeek: 3, days: nil, perDay: 1, start: "2026-11-02", weeks: 4))
        log.session("2026-11-02T07:30:00+01:00")
        log.session("2026-11-03T07:30:00+01:00")
        log.schedule = .init(perWeek: 5, days: nil, perDay: 1, start: "2026-11-02", weeks: 4)
        log.session("2026-11-04T07:30:00+01:00")
        log.session("2026-11-05T07:30:00+01:00", title: "Other")
        var sessions = log.summaries
        #expect(sessions.map { $0.schedule?.perWeek } == [3, 3, 5, 5])
        #expect(sessions.map(\.title) == ["Test program", "Test program", "Test program", "Other"])
        sessions[0].title = "Renamed"
        sessions[0].stopAt = 9
        #expect(sessions.map(\.title) == ["Renamed", "Test program", "Test program", "Other"])
        #expect(sessions.map(\.stopAt) == [9, 7, 7, 7])
        #expect(sessions[0].planned == sessions[1].planned && sessions[0].schedule == sessions[1].schedule)
    }
}
