#if canImport(Glibc)
import Glibc
#endif
import LimberBasics
import LimberLog
@testable import LimberReview
import Testing

/// The report writers read the adherence as it holds it (records, positions, figures worked out
/// once) and write bytes directly: each is checked here against the way it was made before (a
/// value tree, whole sessions, a String per cell, a figure per question) on generated sessions
/// with hostile names, titles and notes (property-style, seeded).
@Suite("Report writers against their former paths")
struct ReportFastPathTests {
    /// Reports over generated sessions: hostile titles, names, notes, ratings at and above the stop level.
    static func reports(seed: UInt64) -> [PatientReport] {
        [ReportBytesTests.report(seed: seed), ReportBytesTests.report(seed: seed + 100)]
    }

    @Test(arguments: [21, 22, 23] as [UInt64])
    func jsonIsTheValueTree(seed: UInt64) {
        let reports = Self.reports(seed: seed)
        #expect(reports.contains { r in r.adherence.discomfort.contains { !$0.flagged.isEmpty } })
        #expect(Array(ReportData.json(reports).utf8) == Array(Self.referenceJSON(reports).utf8))
        #expect(ReportData.json([]) == Self.referenceJSON([]))
    }

    /// The JSON report as a tree of values, rendered whole; a discomfort's figures worked out
    /// from its ratings on the spot.
    static func referenceJSON(_ reports: [PatientReport]) -> String {
        guard let first = reports.first else { return "{\"patients\": []}\n" }
        func num(_ d: Double?) -> JSONValue { ReportData.num(d) }
        let patients: [JSONValue] = reports.map { r in
            let a = r.adherence
            var members: [(String, JSONValue)] = [("name", .string(r.name)), ("log", .string(r.logPath))] + ReportData.patientFields(r)
            members += [
                ("program", r.program.map { .string($0) } ?? .null),
                ("schedule", a.prescription.map { .string($0.schedule.frequencyWords) } ?? .null),
                ("programs", .array(a.periods.map(ReportData.period))),
                ("prescribed", .int(a.prescribed)), ("done", .int(a.done)), ("adherence", num(a.fraction)),
                ("weeks", .array(a.weeks.map { w in
                    .object([("week", .string(w.label)), ("monday", .string(w.monday.description)), ("prescribed", .int(w.prescribed)),
                             ("done", .int(w.done)), ("adherence", num(w.fraction)), ("adherent", w.adherent.map { .bool($0) } ?? .null),
                             ("safety_stops", .int(w.safetyStops))])
                })),
                ("days", .array(a.days.map {
                    .object([("date", .string($0.date.description)), ("state", .string($0.state.rawValue)), ("sessions", .int($0.sessions))])
                })),
                ("exercises", .array(ReportData.exerciseNames(a).map { exercise($0, a) })),
                ("safety_stops", .array(a.stops.map(ReportData.stop))),
                ("notes", .array(a.notes.map(ReportData.note))),
                ("attention", .array(r.attention.map { .string($0) })),
                ("sessions", .array(a.sessions.map { s in
                    .object([("id", .string(s.id)), ("date", .string(s.start.date.description)), ("time", .string(s.start.clock)),
                             ("program", .string(s.title)), ("status", .string(s.outcome.rawValue)), ("counts", .bool(s.counts)),
                             ("duration_seconds", .int(Int(s.durationSeconds.rounded()))), ("share_done", num(s.shareDone)),
                             ("max_discomfort", ReportData.int(s.highestRating)),
                             ("notes", .array(s.notes.map { n in
                                 .object([("exercise", n.exercise.map { .string($0) } ?? .null), ("rating", .int(n.rating)),
                                          ("note", .string(n.note ?? ""))])
                             }))])
                })),
                ("problems", .array(r.problems.map { .string($0) })),
                ("progression", r.progression?.json ?? .null),
            ]
            return .object(members)
        }
        let window: JSONValue = .object([("since", .string(first.adherence.since.description)), ("until", .string(first.adherence.until.description))])
        return JSONValue.object([("format", .int(1)), ("window", window), ("patients", .array(patients))]).rendered() + "\n"
    }

    static func exercise(_ name: String, _ a: Adherence) -> JSONValue {
        let dose = a.dose.first { $0.name == name }
        let ratings = Array(a.discomfort.first { $0.name == name }?.ratings ?? [])
        let values = ratings.map(\.rating)
        let doseValue: JSONValue = dose.map { dose in
            .object([
                ("sets_done", .int(dose.setsDone)), ("sets_prescribed", .int(dose.setsPrescribed)),
                ("reps_done", .int(dose.repsDone)), ("reps_prescribed", .int(dose.repsPrescribed)),
                ("seconds_done", .int(dose.holdSecondsDone)), ("seconds_prescribed", .int(dose.holdSecondsPrescribed)),
                ("fraction", ReportData.num(dose.fraction)),
            ])
        } ?? .null
        let change = Adherence.fittedChange(values)
        let trend: Trend = change.map { $0 >= Adherence.trendPoints ? .rising : $0 <= -Adherence.trendPoints ? .falling : .steady } ?? .tooFew
        let discomfort: JSONValue = .object([
            ("count", .int(values.count)),
            ("mean", ReportData.num(values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count))),
            ("last", ReportData.int(values.last)), ("max", ReportData.int(values.max())),
            ("trend", .string(trend.rawValue)), ("change", ReportData.num(change)),
            ("ratings", .array(ratings.map { .object([("date", .string($0.time.date.description)), ("rating", .int($0.rating))]) })),
            ("flagged", .array(ratings.filter(\.atStopLevel).map {
                .object([("date", .string($0.time.date.description)), ("rating", .int($0.rating)), ("stop_at", ReportData.int($0.stopAt))])
            })),
        ])
        return .object([("name", .string(name)), ("dose", doseValue), ("discomfort", discomfort)])
    }

    @Test(arguments: [24, 25] as [UInt64])
    func htmlSessionRowsAreTheirFields(seed: UInt64) {
        for r in Self.reports(seed: seed) {
            let list = r.adherence.sessions
            let row = PlotTemplate(values: LogListing.headers.count, depth: 3, ReportHTML.sessionRow)
            let fast = ByteOutput(), fields = ByteOutput()
            ReportHTML.sessionRows(list, row, to: fast)
            for s in list.rows { row.write(s.fields(notes: s.notes.joined(separator: "; ")), to: fields) }
            #expect(fast.bytes == fields.bytes)
            #expect(list.count > 100)
        }
    }

    @Test(arguments: [26, 27] as [UInt64])
    func discomfortChartIsItsMarkup(seed: UInt64) {
        let a = Self.reports(seed: seed)[0].adherence
        #expect(a.discomfort.contains { $0.ratings.count > 10 && $0.ratings.contains { $0.note != nil } })
        for d in a.discomfort {
            let out = ByteOutput()
            Charts.discomfort(d, a.since...a.until, to: out)
            #expect(out.bytes == Self.referenceChart(d, a.since...a.until))
        }
    }

    /// The discomfort chart as it was made before: every point interpolated as markup.
    static func referenceChart(_ d: ExerciseDiscomfort, _ window: ClosedRange<CalendarDate>) -> [UInt8] {
        var bytes: [UInt8] = []
        let width = 560, height = 150, left = 30, right = 20, top = 10, plotHeight = 110
        let points = d.ratings
        let first = Double(window.lowerBound.daysSinceEpoch), days = Double(window.upperBound.daysSinceEpoch + 1) - first
        func x(_ t: LogTime) -> Int {
            var clock = t.clock
            let minutes = clock.withUTF8 { c in Double((Int(c[0]) - 48) * 10 + Int(c[1]) - 48) * 60 + Double((Int(c[3]) - 48) * 10 + Int(c[4]) - 48) }
            let offset = Double(t.date.daysSinceEpoch) - first + minutes / 1440
            return left + Int((min(max(offset, 0), days) / days * Double(width - left - right)).rounded())
        }
        func y(_ r: Int) -> Int { top + plotHeight - r * plotHeight / 10 }
        func put(_ m: Charts.Markup) { bytes += m.bytes }
        put("<svg role=\"img\" aria-label=\"Discomfort ratings over time for \(escaped: d.name)\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\">")
        for r in [0, 5, 10] {
            put("<text x=\"0\" y=\"\(y(r) + 4)\" font-size=\"10\">\(r)</text><line x1=\"\(left - 4)\" x2=\"\(width)\" y1=\"\(y(r))\" y2=\"\(y(r))\" stroke=\"#ddd\"/>")
        }
        if let stop = points.last(where: { $0.stopAt != nil })?.stopAt {
            put("<line x1=\"\(left)\" x2=\"\(width)\" y1=\"\(y(stop))\" y2=\"\(y(stop))\" stroke=\"#c62828\" stroke-dasharray=\"5 3\"/><text x=\"\(width - 70)\" y=\"\(y(stop) - 3)\" font-size=\"10\" fill=\"#c62828\">stop at \(stop)</text>")
        }
        let coords = points.map { (x($0.time), y($0.rating)) }
        if coords.count > 1 {
            put("<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"")
            for (i, (cx, cy)) in coords.enumerated() { put(i == 0 ? "\(cx),\(cy)" : " \(cx),\(cy)") }
            put("\"/>")
        }
        for (i, r) in points.enumerated() {
            let (cx, cy) = coords[i]
            put("<g><title>\(r.time.date): \(r.rating)")
            if let note = r.note { put(" — \(escaped: note)") }
            put("</title><circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"3.5\" fill=\"#1565c0\"/></g>")
        }
        put("<text x=\"\(left)\" y=\"\(height - 4)\" font-size=\"10\">\(window.lowerBound)</text>")
        put("<text x=\"\(width - right)\" y=\"\(height - 4)\" font-size=\"10\" text-anchor=\"end\">\(window.upperBound)</text>")
        put("</svg>")
        return bytes
    }

    @Test(arguments: [28, 29, 30] as [UInt64])
    func periodsAreTheProgramsTakenSessionBySession(seed: UInt64) {
        var g = ScannedReadingTests.Mix(state: seed)
        let plans = (0..<8).map { p in
            SessionSummary.Plan(title: ["A", "B", "Caf\u{E9}", "Cafe\u{301}"][p % 4], planned: [],
                                schedule: p % 3 == 2 ? nil : LogEvent.ScheduleInfo(perWeek: 1 + p % 3, days: nil, perDay: 1, start: nil, weeks: nil),
                                stopAt: 7, progression: nil)
        }
        let sessions = (0..<300).map { SessionListTests.session(&g, n: $0, plans: plans) }
        let window = SessionListTests.day0.adding(days: 10)...SessionListTests.day0.adding(days: 60)
        for file in [nil, ProgramPrescription(title: "file", prescription: nil)] {
            let h = SessionHistory(sessions, window: window)
            #expect(Adherence.periods(h, window, file) == Self.referencePeriods(h, window, file))
        }
    }

    /// The periods as each session's program was judged and compared before (no numbering).
    static func referencePeriods(_ h: SessionHistory, _ window: ClosedRange<CalendarDate>, _ file: ProgramPrescription?) -> [ProgramPeriod] {
        func judged(_ m: ProgramMark) -> ProgramPrescription {
            guard let info = m.schedule, var p = Prescription(info) else { return file ?? ProgramPrescription(title: m.title, prescription: nil) }
            if p.start == nil { p.start = h.firstStart?.date }
            return ProgramPrescription(title: m.title, prescription: p)
        }
        var changes: [(from: CalendarDate, program: ProgramPrescription)] = []
        func take(_ start: LogTime, _ p: ProgramPrescription) {
            let from = max(start.date, window.lowerBound)
            guard changes.last?.program != p else { return }
            if changes.last?.from == from { changes.removeLast() }
            if changes.last?.program != p { changes.append((from, p)) }
        }
        if let before = h.before { take(before.start, judged(before)) }
        for i in h.list.indices { if let mark = h.list.program(i) { take(mark.start, judged(mark)) } }
        if changes.isEmpty, let p = h.newest.map(judged) ?? file { changes = [(window.lowerBound, p)] }
        if !changes.isEmpty { changes[0].from = window.lowerBound }
        return changes.indices.map { i in
            ProgramPeriod(from: changes[i].from, to: i + 1 < changes.count ? changes[i + 1].from.adding(days: -1) : window.upperBound,
                          program: changes[i].program)
        }
    }
}

/// The long lists of the JSON, CSV and HTML reports written in turns on two threads
/// (``Alongside``) are the bytes one thread writes, whatever the run length (runs of 5 and 64
/// sessions, odd and even numbers of turns, a last turn on this thread alone).
@Suite("Report lists written on two threads")
struct ReportInTurnsTests {
    @Test(arguments: [31] as [UInt64])
    func turnsAreOnePass(seed: UInt64) {
        let reports = ReportFastPathTests.reports(seed: seed)
        for r in reports {
            let list = r.adherence.sessions
            for perTurn in [5, 64] {
                func json(_ perTurn: Int) -> String {
                    let out = ByteOutput()
                    var w = JSONWriter(out)
                    w.beginObject()
                    w.key(literal: "sessions")
                    w.beginArray()
                    ReportData.sessions(list, &w, perTurn: perTurn)
                    w.endArray()
                    w.key(literal: "after")
                    w.beginArray()
                    ReportData.sessions(list, &w, perTurn: perTurn)
                    w.int(1)
                    w.endArray()
                    w.endObject()
                    return out.text
                }
                #expect(json(perTurn) == json(.max))
                for d in r.adherence.discomfort {
                    func ratings(_ perTurn: Int) -> String {
                        let out = ByteOutput()
                        var w = JSONWriter(out)
                        w.beginArray()
                        ReportData.ratings(d.ratings, &w, perTurn: perTurn)
                        w.int(1)
                        w.endArray()
                        return out.text
                    }
                    #expect(ratings(perTurn) == ratings(.max))
                }
                func html(_ perTurn: Int) -> String {
                    let out = ByteOutput()
                    ReportHTML.sessionRows(list, PlotTemplate(values: LogListing.headers.count, depth: 3, ReportHTML.sessionRow), to: out, perTurn: perTurn)
                    return out.text
                }
                #expect(html(perTurn) == html(.max))
                for d in r.adherence.discomfort {
                    let chart = ByteOutput(), one = ByteOutput()
                    Charts.discomfort(d, r.adherence.since...r.adherence.until, to: chart, perTurn: perTurn)
                    Charts.discomfort(d, r.adherence.since...r.adherence.until, to: one, perTurn: .max)
                    #expect(chart.bytes == one.bytes)
                }
            }
        }
        for perTurn in [5, 64] {
            let csv = ByteOutput(), one = ByteOutput()
            ReportData.writeCSV(reports, to: csv, perTurn: perTurn)
            ReportData.writeCSV(reports, to: one, perTurn: .max)
            #expect(csv.bytes == one.bytes)
        }
        // Through a descriptor's output (the other thread's bytes joined in pieces).
        var template = Array("/tmp/limber-turns-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        #expect(fd >= 0)
        defer { unlink(template) }
        let out = ByteOutput(fd: fd, chunk: 4096)
        var w = JSONWriter(out)
        w.beginArray()
        ReportData.sessions(reports[0].adherence.sessions, &w, perTurn: 5)
        w.endArray()
        #expect(out.flush() == nil)
        close(fd)
        let inMemory = ByteOutput()
        var m = JSONWriter(inMemory)
        m.beginArray()
        ReportData.sessions(reports[0].adherence.sessions, &m, perTurn: .max)
        m.endArray()
        let written = String(cString: template).withCString { path -> [UInt8] in
            let f = fopen(path, "rb")!
            defer { fclose(f) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = fread(&buffer, 1, buffer.count, f)
                if n <= 0 { break }
                bytes += buffer[0..<n]
            }
            return bytes
        }
        #expect(written == inMemory.bytes)
    }
}

/// The dose and the discomfort worked out on another thread are those worked out in turn.
@Suite("Adherence on two threads")
struct AdherenceAlongsideTests {
    @Test(arguments: [41, 42] as [UInt64])
    func alongsideIsInTurn(seed: UInt64) {
        let sessions = ReportBytesTests.sessions(seed: seed, count: 400)
        let history = SessionHistory(sessions, window: nil)
        let (since, until) = (SessionListTests.day0, SessionListTests.day0.adding(days: 80))
        let both = Adherence(history: history, since: since, until: until, prescription: nil, today: until, alongsideFrom: 0)
        let one = Adherence(history: history, since: since, until: until, prescription: nil, today: until, alongsideFrom: .max)
        #expect(!one.dose.isEmpty && !one.discomfort.isEmpty)
        #expect(both.dose == one.dose)
        #expect(both.discomfort == one.discomfort)
        #expect(both.days == one.days && both.weeks == one.weeks && both.notes == one.notes && both.stops == one.stops)
    }
}
