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
        elements("weeks", a.weeks) { w in
            .object([("week", .string(w.label)), ("monday", .string(w.monday.description)), ("prescribed", .int(w.prescribed)),
                     ("done", .int(w.done)), ("adherence", num(w.fraction)), ("adherent", w.adherent.map { .bool($0) } ?? .null),
                     ("safety_stops", .int(w.safetyStops))])
        }
        elements("days", a.days) {
            .object([("date", .string($0.date.description)), ("state", .string($0.state.rawValue)), ("sessions", .int($0.sessions))])
        }
        elements("exercises", exerciseNames(a)) { exercise($0, a) }
        elements("safety_stops", a.stops, stop)
        elements("notes", a.notes, note)
        elements("attention", r.attention) { .string($0) }
        w.key("sessions")
        w.beginArray()
        var titles: [ObjectIdentifier: (plan: SessionSummary.Plan, quoted: [UInt8])] = [:]
        for s in a.sessions {
            // The title quoted once per plan box (the entry holds the box, so its identifier can't be reused).
            if titles[ObjectIdentifier(s.plan)]?.plan !== s.plan { titles[ObjectIdentifier(s.plan)] = (s.plan, JSONWriter.quoted(s.title)) }
            session(s, title: titles[ObjectIdentifier(s.plan)]!.quoted, &w)
        }
        w.endArray()
        elements("problems", r.problems) { .string($0) }
        members([("progression", r.progression?.json ?? .null)])
        w.endObject()
    }

    static func num(_ d: Double?) -> JSONValue { d.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }
    static func int(_ n: Int?) -> JSONValue { n.map { .int($0) } ?? .null }

    static func exercise(_ name: String, _ a: Adherence) -> JSONValue {
        let dose = a.dose.first { $0.name == name }
        let d = a.discomfort.first { $0.name == name }
        var doseValue: JSONValue = .null
        if let dose {
            doseValue = .object([
                ("sets_done", .int(dose.setsDone)), ("sets_prescribed", .int(dose.setsPrescribed)),
                ("reps_done", .int(dose.repsDone)), ("reps_prescribed", .int(dose.repsPrescribed)),
                ("seconds_done", .int(dose.holdSecondsDone)), ("seconds_prescribed", .int(dose.holdSecondsPrescribed)),
                ("fraction", num(dose.fraction)),
            ])
        }
        let ratings: [JSONValue] = (d?.ratings ?? []).map { .object([("date", .string($0.time.date.description)), ("rating", .int($0.rating))]) }
        let flagged: [JSONValue] = (d?.flagged ?? []).map {
            .object([("date", .string($0.time.date.description)), ("rating", .int($0.rating)), ("stop_at", int($0.stopAt))])
        }
        let discomfort: JSONValue = .object([
            ("count", .int(d?.count ?? 0)), ("mean", num(d?.mean)), ("last", int(d?.last)), ("max", int(d?.max)),
            ("trend", .string(d?.trend.rawValue ?? Trend.tooFew.rawValue)), ("change", num(d?.change)),
            ("ratings", .array(ratings)), ("flagged", .array(flagged)),
        ])
        return .object([("name", .string(name)), ("dose", doseValue), ("discomfort", discomfort)])
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

    /// A session of the `sessions` array, written member by member (what `.object` of these
    /// members writes) with its title already quoted.
    static func session(_ s: SessionSummary, title: [UInt8], _ w: inout JSONWriter) {
        w.beginObject()
        w.key("id")
        w.string(s.id)
        w.key("date")
        w.string(s.start.date.description)
        w.key("time")
        w.string(s.start.clock)
        w.key("program")
        w.string(quoted: title)
        w.key("status")
        w.string(s.outcome.rawValue)
        w.key("counts")
        w.bool(s.counts)
        w.key("duration_seconds")
        w.int(Int(s.durationSeconds.rounded()))
        w.key("share_done")
        w.value(num(s.shareDone))
        w.key("max_discomfort")
        w.value(int(s.highestRating))
        w.key("notes")
        w.value(LogListing.notes(s))
        w.endObject()
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
    public static func writeCSV(_ reports: [PatientReport], to out: ByteOutput) {
        out.append(csvHeader.joined(separator: ",") + "\r\n")
        var plans = CSVPlanCells()
        for r in reports {
            let patient = ByteOutput()
            appendField(r.name, to: patient)
            let patientBytes = patient.bytes
            for s in r.adherence.sessions where !s.planned.isEmpty {
                let plan = plans.cells(s.plan)
                let notes = s.notes
                let (date, clock) = (s.start.date.description, s.start.clock)
                for (i, e) in s.planned.enumerated() {
                    out.append(patientBytes)
                    out.append(byte: 44)
                    appendField(s.id, to: out)
                    out.append(byte: 44)
                    appendField(date, to: out)
                    out.append(byte: 44)
                    appendField(clock, to: out)
                    out.append(byte: 44)
                    out.append(plan.title)
                    out.append(byte: 44)
                    appendField(s.outcome.rawValue, to: out)
                    out.append(plan.exercises[i])
                    let ratings = s.ratings.filter { $0.exercise == e.name }.map(\.rating)
                    out.append(decimal: s.setsDone[e.name] ?? 0)
                    out.append(plan.setsPrescribed[i])
                    out.append(decimal: s.setsSkipped[e.name] ?? 0)
                    out.append(byte: 44)
                    if let highest = ratings.max() { out.append(decimal: highest) }
                    out.append(byte: 44)
                    appendField(ratings.map(String.init).joined(separator: " "), to: out)
                    out.append(byte: 44)
                    out.append(decimal: s.stops.count)
                    out.append(byte: 44)
                    appendField(notes.filter { $0.exercise == e.name || (i == 0 && $0.exercise == nil) }.map(Format.note)
                        .joined(separator: "; "), to: out)
                    out.append(plan.tails[i])
                }
            }
        }
    }

    /// The CSV bytes a plan gives each row of its sessions, quoted once per plan (36,500 sessions
    /// of a ten-year log ran a handful of plans).
    struct CSVPlanCells {
        struct Cells {
            /// The program's title, quoted.
            var title: [UInt8]
            /// Per exercise: ",name," ; ",prescribed sets," ; ",dose,decision,reasons\r\n".
            var exercises: [[UInt8]]
            var setsPrescribed: [[UInt8]]
            var tails: [[UInt8]]
        }

        /// Keyed by the plan's box, which the value holds (so the key can't be reused).
        private var cache: [ObjectIdentifier: (plan: SessionSummary.Plan, cells: Cells)] = [:]

        mutating func cells(_ plan: SessionSummary.Plan) -> Cells {
            if let hit = cache[ObjectIdentifier(plan)], hit.plan === plan { return hit.cells }
            func quoted(_ pieces: [String?]) -> [UInt8] {
                let out = ByteOutput()
                for piece in pieces {
                    if let piece { ReportData.appendField(piece, to: out) } else { out.append(byte: 44) }
                }
                return out.bytes
            }
            var cells = Cells(title: quoted([plan.title]), exercises: [], setsPrescribed: [], tails: [])
            for e in plan.planned {
                cells.exercises.append(quoted([nil, e.name, nil]))
                cells.setsPrescribed.append(quoted([nil, String(e.sets * max(1, e.sides.count)), nil]))
                let progression = ReportData.progressionCells(plan.progression, e)
                cells.tails.append(quoted([nil, progression[0], nil, progression[1], nil, progression[2]]) + [13, 10])
            }
            cache[ObjectIdentifier(plan)] = (plan, cells)
            return cells
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
