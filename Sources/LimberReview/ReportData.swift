import Foundation
import LimberBasics
import LimberLog
import LimberProgram
import LimberProgression

/// The report as JSON (a stable structure documented in docs/adherence.md) and as CSV (one row
/// per session and exercise, for spreadsheets).
public enum ReportData {
    public static func json(_ reports: [PatientReport]) -> String {
        let out = ByteOutput()
        writeJSON(reports, to: out)
        return out.text
    }

    /// The JSON report written to `out` as it is made (what ``json(_:)`` returns): the long
    /// arrays (days, weeks, sessions) an element at a time, so a report over years is never
    /// held whole as a tree or a String.
    public static func writeJSON(_ reports: [PatientReport], to out: ByteOutput) {
        guard let first = reports.first else { return out.append("{\"patients\": []}\n") }
        var w = JSONWriter(out)
        w.beginObject()
        w.key("format")
        w.int(1)
        w.key("window")
        w.value(.object([("since", .string(first.adherence.since.description)), ("until", .string(first.adherence.until.description))]))
        w.key("patients")
        w.beginArray()
        for r in reports { patient(r, &w) }
        w.endArray()
        w.endObject()
        out.append("\n")
    }

    /// One patient's object. The long arrays (weeks, days, ratings, sessions) are written member
    /// by member with fixed keys, read from the adherence as it holds them: no value tree, no
    /// session made whole.
    static func patient(_ r: PatientReport, _ w: inout JSONWriter) {
        let a = r.adherence
        func members(_ pairs: [(String, JSONValue)]) {
            for (name, value) in pairs {
                w.key(name)
                w.value(value)
            }
        }
        func elements<Items: Sequence>(_ name: String, _ items: Items, _ value: (Items.Element) -> JSONValue) {
            w.key(name)
            w.beginArray()
            for item in items { w.value(value(item)) }
            w.endArray()
        }
        w.beginObject()
        members([
            ("name", .string(r.name)),
            ("log", .string(r.logPath)),
        ] + patientFields(r) + [
            ("program", r.program.map { .string($0) } ?? .null),
            ("schedule", a.prescription.map { .string($0.schedule.frequencyWords) } ?? .null),
            ("programs", .array(a.periods.map(period))),
            ("prescribed", .int(a.prescribed)),
            ("done", .int(a.done)),
            ("adherence", num(a.fraction)),
        ])
        w.key(literal: "weeks")
        w.beginArray()
        for week in a.weeks {
            w.beginObject()
            w.key(literal: "week")
            w.string(week.label)
            w.key(literal: "monday")
            w.string(date: week.monday)
            w.key(literal: "prescribed")
            w.int(week.prescribed)
            w.key(literal: "done")
            w.int(week.done)
            w.key(literal: "adherence")
            w.thousandths(week.fraction)
            w.key(literal: "adherent")
            if let adherent = week.adherent { w.bool(adherent) } else { w.null() }
            w.key(literal: "safety_stops")
            w.int(week.safetyStops)
            w.endObject()
        }
        w.endArray()
        w.key(literal: "days")
        w.beginArray()
        for day in a.days {
            w.beginObject()
            w.key(literal: "date")
            w.string(date: day.date)
            w.key(literal: "state")
            w.string(day.state.rawValue)
            w.key(literal: "sessions")
            w.int(day.sessions)
            w.endObject()
        }
        w.endArray()
        w.key(literal: "exercises")
        w.beginArray()
        for name in exerciseNames(a) { exercise(name, a, &w) }
        w.endArray()
        elements("safety_stops", a.stops, stop)
        elements("notes", a.notes, note)
        elements("attention", r.attention) { .string($0) }
        w.key(literal: "sessions")
        w.beginArray()
        sessions(a.sessions, &w)
        w.endArray()
        elements("problems", r.problems) { .string($0) }
        members([("progression", r.progression?.json ?? .null)])
        w.endObject()
    }

    static func num(_ d: Double?) -> JSONValue { d.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }
    static func int(_ n: Int?) -> JSONValue { n.map { .int($0) } ?? .null }

    /// An exercise of the `exercises` array: its dose and its discomfort, every rating listed.
    static func exercise(_ name: String, _ a: Adherence, _ w: inout JSONWriter) {
        w.beginObject()
        w.key(literal: "name")
        w.string(name)
        w.key(literal: "dose")
        if let dose = a.dose.first(where: { $0.name == name }) {
            w.beginObject()
            for (key, value) in [("sets_done", dose.setsDone), ("sets_prescribed", dose.setsPrescribed), ("reps_done", dose.repsDone),
                                 ("reps_prescribed", dose.repsPrescribed), ("seconds_done", dose.holdSecondsDone),
                                 ("seconds_prescribed", dose.holdSecondsPrescribed)] {
                w.key(key)
                w.int(value)
            }
            w.key(literal: "fraction")
            w.thousandths(dose.fraction)
            w.endObject()
        } else {
            w.null()
        }
        let d = a.discomfort.first { $0.name == name }
        w.key(literal: "discomfort")
        w.beginObject()
        w.key(literal: "count")
        w.int(d?.count ?? 0)
        w.key(literal: "mean")
        w.thousandths(d?.mean)
        w.key(literal: "last")
        w.int(d?.last)
        w.key(literal: "max")
        w.int(d?.max)
        w.key(literal: "trend")
        w.string(d?.trend.rawValue ?? Trend.tooFew.rawValue)
        w.key(literal: "change")
        w.thousandths(d?.change)
        w.key(literal: "ratings")
        ratings(d?.ratings ?? [], &w)
        w.key(literal: "flagged")
        ratings(d?.flagged ?? [], stopAt: true, &w)
        w.endObject()
        w.endObject()
    }

    /// An array of ratings: the date and rating of each (`stopAt`: and the stop level in force).
    static func ratings<Ratings: Collection<RatingRecord>>(_ ratings: Ratings, stopAt: Bool, _ w: inout JSONWriter) {
        w.beginArray()
        for rating in ratings { self.rating(rating, stopAt: stopAt, &w) }
        w.endArray()
    }

    /// Ratings written per turn of ``Alongside/write(count:run:to:_:)`` (~0.6 MB of JSON).
    static let ratingsPerTurn = 8192

    /// An exercise's ratings (``ratings(_:stopAt:_:)`` without the stop level), in runs of
    /// `perTurn` on two threads at once, joined in order.
    static func ratings(_ ratings: RatingList, _ w: inout JSONWriter, perTurn: Int = ratingsPerTurn) {
        w.beginArray()
        let depth = w.depth
        Alongside.write(count: ratings.count, run: perTurn, to: w.output) { range, out in
            var w = JSONWriter(out, inside: depth, filled: range.lowerBound > 0)
            for k in range { rating(ratings[k], stopAt: false, &w) }
        }
        if !ratings.isEmpty { w.continued() }
        w.endArray()
    }

    /// A rating's object in a ``ratings(_:stopAt:_:)`` array.
    static func rating(_ rating: RatingRecord, stopAt: Bool, _ w: inout JSONWriter) {
        w.beginObject()
        w.key(literal: "date")
        w.string(date: rating.time.date)
        w.key(literal: "rating")
        w.int(rating.rating)
        if stopAt {
            w.key(literal: "stop_at")
            w.int(rating.stopAt)
        }
        w.endObject()
    }

    static func stop(_ s: SafetyStop) -> JSONValue {
        .object([("date", .string(s.time.date.description)), ("exercise", s.exercise.map { .string($0) } ?? .null),
                 ("rating", .int(s.rating)), ("stop_at", .int(s.stopAt)), ("action", .string(s.action.rawValue))])
    }

    static func period(_ p: ProgramPeriod) -> JSONValue {
        .object([("from", .string(p.from.description)), ("to", .string(p.to.description)), ("title", .string(p.program.title)),
                 ("schedule", p.program.prescription.map { .string($0.schedule.words) } ?? .null)])
    }

    static func note(_ r: RatingRecord) -> JSONValue {
        .object([("date", .string(r.time.date.description)), ("time", .string(r.time.clock)),
                 ("exercise", r.exercise.map { .string($0) } ?? .null), ("rating", .int(r.rating)), ("stop_at", int(r.stopAt)),
                 ("note", .string(r.note ?? ""))])
    }

    /// Sessions written per turn of ``Alongside/write(count:run:to:_:)`` (~0.7 MB of JSON).
    static let sessionsPerTurn = 2048

    /// The elements of the `sessions` array, each written member by member from its record in
    /// `list` (the session is not made whole), its title quoted once per plan box; runs of
    /// `perTurn` sessions on two threads at once, joined in order.
    static func sessions(_ list: SessionList, _ w: inout JSONWriter, perTurn: Int = sessionsPerTurn) {
        let depth = w.depth
        Alongside.write(count: list.count, run: perTurn, to: w.output) { range, out in
            var w = JSONWriter(out, inside: depth, filled: range.lowerBound > 0)
            var titles = PerPlan<[UInt8]>()
            for i in range {
                let title = titles.value(list.plan(i)) { JSONWriter.quoted($0.title) }
                let row = list.row(i)
                let notes = list.ratingPositions(i).filter(list.ratingHasNote).map(list.rating)
                LogListing.writeSession(id: list.records[i].id, row, title: { $0.string(quoted: title) }, counts: list.counts(i), notes: notes, &w)
            }
        }
        if !list.isEmpty { w.continued() }
    }

    /// Every exercise with a dose or a rating: those with a dose first, in their order.
    static func exerciseNames(_ a: Adherence) -> [String] {
        var names = a.dose.map(\.name)
        for d in a.discomfort where !names.contains(d.name) { names.append(d.name) }
        return names
    }

    public static let csvHeader = ["patient", "session", "date", "time", "program", "status", "exercise",
                                   "sets_done", "sets_prescribed", "sets_skipped", "max_discomfort", "ratings",
                                   "safety_stops", "notes", "dose", "decision", "reasons"]

    /// One row per session and exercise, RFC 4180 quoting; `safety_stops` is the session's;
    /// `notes` are the exercise's (a whole-session note goes on the session's first row).
    public static func csv(_ reports: [PatientReport]) -> String {
        let out = ByteOutput()
        writeCSV(reports, to: out)
        return out.text
    }

    /// The CSV report written to `out` a row at a time (what ``csv(_:)`` returns), as bytes: each
    /// field quoted as it is written (``appendField(_:to:)``), and what a plan gives every row of
    /// its sessions (title, exercise, prescribed sets, dose, decision) quoted once per plan.
    public static func writeCSV(_ reports: [PatientReport], to out: ByteOutput) { writeCSV(reports, to: out, perTurn: sessionsPerTurn) }

    /// ``writeCSV(_:to:)``, each patient's sessions in runs of `perTurn` on two threads at once.
    static func writeCSV(_ reports: [PatientReport], to out: ByteOutput, perTurn: Int) {
        out.append(csvHeader.joined(separator: ",") + "\r\n")
        for r in reports {
            let patient = ByteOutput()
            appendField(r.name, to: patient)
            let patientBytes = patient.bytes
            let list = r.adherence.sessions
            Alongside.write(count: list.count, run: perTurn, to: out) { range, out in
                csvRows(list, range, patient: patientBytes, to: out)
            }
        }
    }

    /// The CSV rows of the sessions of `list` in `range`, each starting with `patient` quoted.
    static func csvRows(_ list: SessionList, _ range: Range<Int>, patient patientBytes: [UInt8], to out: ByteOutput) {
        let head = ByteOutput()
        // Per patient: the names' numbers are its session list's.
        var plans = PerPlan<CSVPlanCells>()
        for i in range {
            let plan = list.plan(i)
            guard !plan.planned.isEmpty else { continue }
            let cells = plans.value(plan) { CSVPlanCells($0, numbers: list) }
            // What every row of the session starts with, up to the exercise: its fields
            // (none a date or clock can make special) quoted once.
            head.removeAll()
            head.append(patientBytes)
            head.append(byte: 44)
            appendField(list.records[i].id, to: head)
            head.append(byte: 44)
            head.append(date: list.start(i).date)
            head.append(byte: 44)
            appendField(list.start(i).clock, to: head)
            head.append(byte: 44)
            head.append(cells.title)
            head.append(byte: 44)
            appendField(list.outcome(i).rawValue, to: head)
            let stops = list.stops(i).count
            let ratings = list.ratingPositions(i)
            for k in plan.planned.indices {
                let name = plan.planned[k].name
                out.append(head)
                out.append(cells.exercises[k])
                out.append(decimal: list.setsDone(i, number: cells.numbers[k]) ?? 0)
                out.append(cells.setsPrescribed[k])
                out.append(decimal: list.setsSkipped(i, number: cells.numbers[k]) ?? 0)
                out.append(byte: 44)
                // The exercise's ratings, in the order given (a session holds a few).
                var highest: Int?
                var given: [Int] = []
                for p in ratings where list.ratingExercise(p) == name {
                    let rating = list.rating(p).rating
                    highest = max(highest ?? rating, rating)
                    given.append(rating)
                }
                if let highest { out.append(decimal: highest) }
                out.append(byte: 44)
                appendField(given.map(String.init).joined(separator: " "), to: out)
                out.append(byte: 44)
                out.append(decimal: stops)
                out.append(byte: 44)
                // The exercise's notes (the whole session's on its first row), in the order given.
                var notes: [String] = []
                for p in ratings where list.ratingHasNote(p) {
                    let r = list.rating(p)
                    if r.exercise == name || (k == 0 && r.exercise == nil) { notes.append(Format.note(r)) }
                }
                appendField(notes.joined(separator: "; "), to: out)
                out.append(cells.tails[k])
            }
        }
    }

    /// The CSV bytes a plan gives each row of its sessions, quoted once per plan (36,500 sessions
    /// of a ten-year log ran a handful of plans).
    struct CSVPlanCells {
        /// The program's title, quoted.
        var title: [UInt8]
        /// Per exercise: ",name," ; ",prescribed sets," ; ",dose,decision,reasons\r\n".
        var exercises: [[UInt8]]
        var setsPrescribed: [[UInt8]]
        var tails: [[UInt8]]
        /// Per exercise: the number its name goes by in the session list (``SessionList/nameNumber(_:)``).
        var numbers: [UInt32?]

        /// The cells of `plan`, its exercises numbered as in `list`.
        init(_ plan: SessionSummary.Plan, numbers list: SessionList) {
            func quoted(_ pieces: [String?]) -> [UInt8] {
                let out = ByteOutput()
                for piece in pieces {
                    if let piece { ReportData.appendField(piece, to: out) } else { out.append(byte: 44) }
                }
                return out.bytes
            }
            title = quoted([plan.title])
            (exercises, setsPrescribed, tails) = ([], [], [])
            numbers = plan.planned.map { list.nameNumber($0.name) }
            for e in plan.planned {
                exercises.append(quoted([nil, e.name, nil]))
                setsPrescribed.append(quoted([nil, String(e.sets * max(1, e.sides.count)), nil]))
                let progression = ReportData.progressionCells(plan.progression, e)
                tails.append(quoted([nil, progression[0], nil, progression[1], nil, progression[2]]) + [13, 10])
            }
        }
    }

    /// The dose the session ran for the exercise, and the progression decision and reasons it
    /// recorded (empty for a program that does not progress).
    static func progressionCells(_ progression: LogEvent.ProgressionInfo?, _ e: LogEvent.PlannedExercise) -> [String] {
        let decision = progression?.exercises.first { $0.name == e.name }
        return [Dose.words(sets: e.sets, reps: e.reps, hold: e.holdSeconds, duration: e.durationSeconds),
                decision?.decision ?? "", decision?.reasons.map(TextSanitizer.singleLine).joined(separator: "; ") ?? ""]
    }

    /// A CSV field, quoted when needed; a leading =, +, - or @ is prefixed with ' so spreadsheets
    /// don't run it as a formula.
    static func quote(_ field: String) -> String {
        var f = field
        if let c = f.first, "=+-@".contains(c), Double(f) == nil { f = "'" + f }
        if needsQuotes(f) {
            return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return f
    }

    /// Appends ``quote(_:)`` of `field` to `out`: byte by byte for ASCII without a line break
    /// nor a formula sign first (nearly every field), through ``quote(_:)`` otherwise.
    static func appendField(_ field: String, to out: ByteOutput) {
        var field = field
        let plain = field.withUTF8 { bytes -> Bool in
            if let first = bytes.first, first == 61 || first == 43 || first == 45 || first == 64 { return false }
            var special = false
            for b in bytes {
                if b >= 0x80 || b == 10 || b == 13 { return false }
                if b == 44 || b == 34 { special = true }
            }
            guard special else {
                out.append(bytes)
                return true
            }
            out.append(byte: 34)
            for b in bytes {
                if b == 34 { out.append(byte: 34) }
                out.append(byte: b)
            }
            out.append(byte: 34)
            return true
        }
        if !plain { out.append(quote(field)) }
    }

    /// The field holds a comma, a quote or a line break, as characters (a comma with a combining
    /// mark on it is another character). Plain ASCII without CR or LF, nearly every field, is
    /// read as bytes, which there is the same.
    static func needsQuotes(_ field: String) -> Bool {
        var plain = true, special = false
        for b in field.utf8 {
            if b >= 0x80 || b == 10 || b == 13 { plain = false; break }
            if b == 44 || b == 34 { special = true }
        }
        if plain { return special }
        return field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
    }
}
