import LimberBasics
import LimberLog
@testable import LimberReview
import Testing

/// The text session list, the CSV report and the JSON sessions are written as bytes with what
/// repeats (titles, dates, a plan's cells) made once: checked against the String-by-String way on generated
/// sessions with hostile titles, exercise names, notes and reasons (wide, combining, ZWJ,
/// controls, bidi overrides, formula signs, quotes, commas, line breaks; titles equal as
/// Strings but not as bytes).
@Suite("Report rows written as bytes")
struct ReportBytesTests {
    typealias Mix = ScannedReadingTests.Mix

    static let hostile = ["Plank", "片手プランク", "Cafe\u{301} stretch", "Caf\u{E9} stretch", "🧘‍♀️ yoga", "tab\there", "bell\u{7}\u{1B}[31mred",
                          "\u{202E}evil", "zero\u{200B}width", "", "=SUM(A1)", "-3", "+1", "@x", "-", "a,b\"c", "line\nbreak", "cr\r\nlf",
                          "e\u{301}\u{301}", ",\u{301}", "👨‍👩‍👧", "very long title of a program that goes on and on · — …", "Program 1"]

    /// Sessions over 70 days, their plans (more than the session list keeps ready) drawn from
    /// hostile titles and exercise names, some with progression decisions.
    static func sessions(seed: UInt64, count: Int) -> [SessionSummary] {
        var g = Mix(state: seed)
        let plans = (0..<24).map { p in
            let names = (0..<Int.random(in: 0...4, using: &g)).map { _ in hostile.randomElement(using: &g)! }
            let planned = names.map { name in
                LogEvent.PlannedExercise(name: name, kind: "hold", sets: Int.random(in: 0...3, using: &g),
                                         sides: Bool.random(using: &g) ? [] : ["left", "right"],
                                         reps: Bool.random(using: &g) ? 10 : nil, holdSeconds: Bool.random(using: &g) ? 30 : nil)
            }
            let progression = Bool.random(using: &g) ? nil : LogEvent.ProgressionInfo(week: 2, phase: nil, exercises: names.map {
                .init(name: $0, decision: hostile.randomElement(using: &g)!, reasons: [hostile.randomElement(using: &g)!, "ok"])
            })
            return SessionSummary.Plan(title: hostile[p % hostile.count], planned: planned, schedule: nil, stopAt: 7, progression: progression)
        }
        return (0..<count).map { n in
            var s = SessionListTests.session(&g, n: n, plans: plans)
            if Int.random(in: 0..<4, using: &g) == 0 { s.id = hostile.randomElement(using: &g)! }
            for e in s.planned where Bool.random(using: &g) {
                if Bool.random(using: &g) { s.setsDone[e.name, default: 0] += 2 } else { s.setsSkipped[e.name, default: 0] += 1 }
                s.add(RatingRecord(exercise: Bool.random(using: &g) ? e.name : nil, rating: Int.random(in: 0...10, using: &g), time: s.start,
                                   stopAt: 7, note: Bool.random(using: &g) ? nil : hostile.randomElement(using: &g)! + hostile.randomElement(using: &g)!))
            }
            return s
        }
    }

    static func report(seed: UInt64) -> PatientReport {
        let a = Adherence(sessions: sessions(seed: seed, count: 300), since: SessionListTests.day0, until: SessionListTests.day0.adding(days: 80),
                          today: SessionListTests.day0.adding(days: 80))
        return PatientReport(name: hostile[Int(seed) % hostile.count], logPath: "/l.jsonl", adherence: a, problems: [])
    }

    @Test func aFieldWrittenAsBytesIsItsQuote() {
        var g = Mix(state: 43)
        let pieces = ["a", "Z", "1", "0.5", " ", ",", "\"", "\n", "\r", "\r\n", ",\u{301}", "\u{301}", "é", "'", "=", "+", "-", "@", "🙂", "\t", "\u{7}"]
        for _ in 0..<5_000 {
            let field = (0..<Int.random(in: 0...5, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            let out = ByteOutput()
            ReportData.appendField(field, to: out)
            #expect(out.bytes == Array(ReportData.quote(field).utf8), "\(Array(field.unicodeScalars))")
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func csvIsTheRowByRowCSV(seed: UInt64) {
        let reports = [Self.report(seed: seed), Self.report(seed: seed + 10)]
        #expect(Array(ReportData.csv(reports).utf8) == Array(Self.referenceCSV(reports).utf8))
    }

    /// The CSV as each row was made before: a String per field, quoted, joined (the dose and
    /// decision cells as ``ReportData/progressionCells(_:_:)`` words them).
    static func referenceCSV(_ reports: [PatientReport]) -> String {
        var out = ReportData.csvHeader.joined(separator: ",") + "\r\n"
        for r in reports {
            for s in r.adherence.sessions {
                for (i, e) in s.planned.enumerated() {
                    let ratings = s.ratings.filter { $0.exercise == e.name }.map(\.rating)
                    let notes = s.notes.filter { $0.exercise == e.name || (i == 0 && $0.exercise == nil) }
                    let row: [String] = [r.name, s.id, s.start.date.description, s.start.clock, s.title, s.outcome.rawValue, e.name,
                                         String(s.setsDone[e.name] ?? 0), String(e.sets * max(1, e.sides.count)),
                                         String(s.setsSkipped[e.name] ?? 0), ratings.max().map(String.init) ?? "",
                                         ratings.map(String.init).joined(separator: " "), String(s.stops.count),
                                         notes.map(Format.note).joined(separator: "; ")]
                        + ReportData.progressionCells(s.progression, e)
                    out += row.map(ReportData.quote).joined(separator: ",") + "\r\n"
                }
            }
        }
        return out
    }

    @Test(arguments: [11, 12] as [UInt64])
    func aJSONSessionWrittenByMembersIsItsObject(seed: UInt64) {
        let shared = Self.sessions(seed: seed, count: 200)
        // Written from the list's records (no session made whole), against each session made whole.
        let list = SessionHistory(shared, window: nil).list
        let direct = ByteOutput(), tree = ByteOutput()
        var w = JSONWriter(direct), t = JSONWriter(tree)
        w.beginArray()
        ReportData.sessions(list, &w)
        w.endArray()
        t.beginArray()
        for s in list {
            t.value(.object([("id", .string(s.id)), ("date", .string(s.start.date.description)), ("time", .string(s.start.clock)),
                             ("program", .string(s.title)), ("status", .string(s.outcome.rawValue)), ("counts", .bool(s.counts)),
                             ("duration_seconds", .int(Int(s.durationSeconds.rounded()))), ("share_done", ReportData.num(s.shareDone)),
                             ("max_discomfort", ReportData.int(s.highestRating)),
                             ("notes", .array(s.notes.map { r in
                                 .object([("exercise", r.exercise.map { .string($0) } ?? .null), ("rating", .int(r.rating)),
                                          ("note", .string(r.note ?? ""))])
                             }))]))
        }
        t.endArray()
        #expect(direct.bytes == tree.bytes)
        // Titles quoted once per plan box: the same JSON as with every session in a box of its own.
        let fresh = shared.map { s in
            var s = s
            s.plan = SessionSummary.Plan(title: s.title, planned: s.planned, schedule: s.schedule, stopAt: s.stopAt, progression: s.progression)
            return s
        }
        func json(_ sessions: [SessionSummary]) -> [UInt8] {
            let end = SessionListTests.day0.adding(days: 80)
            let a = Adherence(sessions: sessions, since: SessionListTests.day0, until: end, today: end)
            return Array(ReportData.json([PatientReport(name: "p", logPath: "/l", adherence: a, problems: [])]).utf8)
        }
        #expect(json(shared) == json(fresh))
    }

    @Test(arguments: [4, 5, 6] as [UInt64])
    func sessionListIsTheTableOfSanitisedFields(seed: UInt64) {
        let list = Self.report(seed: seed).adherence.sessions
        var cells = LogListing.RowCells(), measuring = LogListing.RowCells()
        for row in list.rows {
            cells.fill(row)
            let fields = row.fields(notes: Format.notePreview(row.notes)).map(TextSanitizer.singleLine)
            #expect(fields.indices.map { Array(cells.cells.bytes[cells.cells.range($0)]) } == fields.map { Array($0.utf8) })
            #expect(cells.cells.widths == fields.map(\.displayWidth))
            // The first pass's measure, without making the cells: the same widths.
            var measured = LogListing.headers.map { _ in 0 }
            measuring.measure(row, into: &measured)
            #expect(measured == fields.map(\.displayWidth))
        }
        // In one pass and in two halves at once (the second on another thread), over the whole
        // list and its first few rows: the table TextTable lays out from the sanitised fields.
        for count in [list.count, 1, 2, 3, 7] {
            var table = TextTable(indent: "  ")
            table.append(LogListing.headers)
            for row in list.rows.prefix(count) { table.append(row.fields(notes: Format.notePreview(row.notes)).map(TextSanitizer.singleLine)) }
            for (inHalves, perTurn) in [(Int.max, 1), (2, 1), (2, 7), (2, 1000)] {
                var written = ""
                LogListing.table(count: count, row: { list.row($0) }, indent: "  ", none: "none", inHalves: inHalves, perTurn: perTurn) { written += $0 }
                #expect(Array(written.utf8) == Array(table.rendered().utf8), "\(count) rows, halves from \(inHalves), \(perTurn) a run")
                #expect(!written.contains("\u{1B}"))
            }
        }
    }
}

/// The programs over a window are judged, and the dose's places found, once per plan box: the
/// same as for every session's plan afresh, on generated sessions whose plans share titles
/// (not schedules) and exercise names.
@Suite("Periods and dose worked out once per plan")
struct PlanJudgingTests {
    @Test(arguments: [7, 8, 9] as [UInt64])
    func sharedBoxesJudgeAsFreshOnes(seed: UInt64) {
        var g = ScannedReadingTests.Mix(state: seed)
        let plans = (0..<6).map { p in
            SessionSummary.Plan(title: ["A", "B", "Caf\u{E9}", "Cafe\u{301}"][p % 4],
                                planned: SessionListTests.names.shuffled(using: &g).prefix(p % 4 + 1).map {
                                    LogEvent.PlannedExercise(name: $0, kind: "hold", sets: p % 3 + 1, sides: [], reps: p, holdSeconds: 30)
                                },
                                schedule: p == 5 ? nil : LogEvent.ScheduleInfo(perWeek: 1 + p, days: nil, perDay: 1, start: nil, weeks: nil),
                                stopAt: 7, progression: nil)
        }
        let shared = (0..<400).map { SessionListTests.session(&g, n: $0, plans: plans) }
        let fresh = shared.map { s in
            var s = s
            s.plan = SessionSummary.Plan(title: s.title, planned: s.planned, schedule: s.schedule, stopAt: s.stopAt, progression: nil)
            return s
        }
        let window = SessionListTests.day0.adding(days: 10)...SessionListTests.day0.adding(days: 60)
        let file = ProgramPrescription(title: "file", prescription: nil)
        for f in [nil, file] {
            let judged = Adherence.periods(SessionHistory(shared, window: window), window, f)
            #expect(judged == Adherence.periods(SessionHistory(fresh, window: window), window, f))
            #expect(judged.count > 3)
        }
        let dose = Adherence.dose(SessionHistory(shared, window: window).list)
        #expect(dose == Adherence.dose(SessionHistory(fresh, window: window).list))
        #expect(dose.count > 2)
    }
}
