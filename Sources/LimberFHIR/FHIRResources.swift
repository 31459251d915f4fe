import LimberBasics
import LimberLog
import LimberReview

/// One FHIR resource ready to export: its type, stable id, the identifier a conditional create
/// searches by, and its JSON.
public struct FHIRResource: Sendable {
    public var type: String
    public var id: String
    /// `system|value` of its Limber identifier: what `ifNoneExist` searches for.
    public var identifier: String
    public var json: JSONValue

    init(type: String, id: String, system: String, value: String, json: JSONValue) {
        self.type = type
        self.id = id
        identifier = system + "|" + FHIRResource.escaped(value)
        self.json = json
    }

    /// A value as a FHIR search parameter takes it: `\`, `|`, `,` and `$` escaped with `\`.
    static func escaped(_ value: String) -> String {
        var out = ""
        for c in value {
            if c == "\\" || c == "|" || c == "," || c == "$" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

/// How one resource names another: `urn:uuid:…` inside a transaction Bundle, `Type/id` in Bulk
/// Data NDJSON.
public enum FHIRReferenceStyle: Sendable {
    case bundle, bulk

    func reference(_ type: String, _ id: String) -> JSONValue {
        .object([("reference", .string(self == .bundle ? "urn:uuid:\(id)" : "\(type)/\(id)"))])
    }
}

/// A program as the CarePlan shows it: its title, its exercises with their dose, its schedule.
public struct CarePlanSource: Sendable {
    public var title: String
    public var exercises: [LogEvent.PlannedExercise]
    public var prescription: Prescription?

    public init(title: String, exercises: [LogEvent.PlannedExercise], prescription: Prescription?) {
        self.title = title
        self.exercises = exercises
        self.prescription = prescription
    }
}

/// Turns one patient's sessions into FHIR R4 resources (the mapping in docs/fhir.md). Only what
/// the log holds goes in: no name, birth date or practitioner is ever made up.
public struct FHIRPatientExport: Sendable {
    /// The patient's key: the pseudonymous id, or the log's name for a log that records none.
    public var patient: String
    /// Every session of the patient, by start time.
    public var sessions: [SessionSummary]
    /// Programs given on the command line, by title: they stand in for what the log recorded.
    public var programs: [CarePlanSource]
    /// The weeks as the report judges them (from the first session's week to the last's).
    public var weeks: [WeekAdherence]
    /// For the CarePlan's status: a plan whose period ended before today is completed.
    public var today: CalendarDate
    /// The patient's `checkin` lines, as ``SessionCollector`` keeps them.
    public var checkIns: [LogLine]

    public init(patient: String, sessions: [SessionSummary], programs: [CarePlanSource], weeks: [WeekAdherence], today: CalendarDate,
                checkIns: [LogLine] = []) {
        self.patient = patient
        self.sessions = sessions
        self.programs = programs
        self.weeks = weeks
        self.today = today
        self.checkIns = checkIns
    }

    /// Everything a log holds of one patient: every session, and each week from the first
    /// session's to the last's judged as the report judges it.
    public init(patient: String, history: SessionHistory, programs: [CarePlanSource], today: CalendarDate, checkIns: [LogLine] = []) {
        let sessions = history.sessions
        var weeks: [WeekAdherence] = []
        if let first = sessions.first?.start.date, let last = sessions.last?.start.date {
            weeks = Adherence(history: history, since: first.weekStart, until: last.weekStart.adding(days: 6), today: today).weeks
        }
        self.init(patient: patient, sessions: sessions, programs: programs, weeks: weeks, today: today, checkIns: checkIns)
    }

    static let snomed = "http://snomed.info/sct"
    static let loinc = "http://loinc.org"
    /// Limber's own codes, where no standard code exists (docs/fhir.md lists them).
    public static let limberCodes = "urn:limber:fhir:codes"
    static let patientSystem = "urn:limber:patient"
    static let carePlanSystem = "urn:limber:careplan"
    static let sessionSystem = "urn:limber:session"
    static let ratingSystem = "urn:limber:discomfort-rating"
    static let weekSystem = "urn:limber:adherence-week"
    static let checkInSystem = "urn:limber:checkin"

    static let exerciseTherapy = coding(snomed, "229065009", "Exercise therapy")
    static let painScore = coding(loinc, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
    static let survey = JSONValue.array([.object([("coding", [coding("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey")])])])

    /// Every resource of the patient, the Patient first, in a stable order.
    public func resources(_ style: FHIRReferenceStyle) -> [FHIRResource] {
        let patientID = StableID.uuid("patient/\(patient)")
        let subject = style.reference("Patient", patientID)
        var out = [FHIRResource(type: "Patient", id: patientID, system: Self.patientSystem, value: patient, json: .object([
            ("resourceType", "Patient"), ("id", .string(patientID)),
            ("identifier", [Self.identifier(Self.patientSystem, patient)]),
        ]))]
        var plans: [String: String] = [:]
        for plan in carePlans() {
            let resource = carePlan(plan, subject: subject)
            plans[plan.title] = resource.id
            out.append(resource)
        }
        for s in sessions {
            let procedure = procedure(s, subject: subject, plan: plans[s.title].map { style.reference("CarePlan", $0) })
            out.append(procedure)
            let partOf = style.reference("Procedure", procedure.id)
            for (n, r) in s.ratings.enumerated() { out.append(rating(r, number: n + 1, session: s.id, subject: subject, partOf: partOf)) }
        }
        out += checkInObservations(subject: subject, style: style)
        for w in weeks where w.prescribed > 0 { out.append(week(w, subject: subject)) }
        return out
    }

    /// A CarePlan for each program the sessions ran (from the newest session of each) and each
    /// program given on the command line, by title.
    func carePlans() -> [CarePlanSource] {
        var order: [String] = []
        var byTitle: [String: CarePlanSource] = [:]
        for s in sessions where s.program != nil {
            if byTitle[s.title] == nil { order.append(s.title) }
            byTitle[s.title] = CarePlanSource(title: s.title, exercises: s.planned, prescription: s.schedule.flatMap(Prescription.init))
        }
        for p in programs {
            if byTitle[p.title] == nil { order.append(p.title) }
            byTitle[p.title] = p
        }
        return order.compactMap { byTitle[$0] }
    }

    func carePlan(_ plan: CarePlanSource, subject: JSONValue) -> FHIRResource {
        let key = "\(patient)/\(plan.title)"
        let id = StableID.uuid("careplan/\(key)")
        let firstSession = sessions.first { $0.title == plan.title }?.start.date
        // A schedule without a start starts with its first session, as the report judges it.
        let start = plan.prescription?.start ?? firstSession
        let end = start.flatMap { first in plan.prescription?.weeks.map { first.adding(days: $0 * 7 - 1) } }
        var period: [(String, JSONValue)] = []
        if let start { period.append(("start", .string(start.description))) }
        if let end { period.append(("end", .string(end.description))) }
        let activities: [JSONValue] = plan.exercises.map { e in
            var detail: [(String, JSONValue)] = [
                ("code", .object([("coding", [Self.exerciseTherapy]), ("text", .string(e.name))])),
                ("status", "scheduled"),
            ]
            if let timing = plan.prescription.map(Self.timing) { detail.append(("scheduledTiming", timing)) }
            detail.append(("description", .string(Self.dose(e))))
            return .object([("detail", .object(detail))])
        }
        var fields: [(String, JSONValue)] = [
            ("resourceType", "CarePlan"), ("id", .string(id)),
            ("identifier", [Self.identifier(Self.carePlanSystem, key)]),
            ("status", .string(end.map { $0 < today } ?? false ? "completed" : "active")),
            ("intent", "plan"), ("title", .string(plan.title)), ("subject", subject),
        ]
        if !period.isEmpty { fields.append(("period", .object(period))) }
        if !activities.isEmpty { fields.append(("activity", .array(activities))) }
        return FHIRResource(type: "CarePlan", id: id, system: Self.carePlanSystem, value: key, json: .object(fields))
    }

    /// The schedule as a FHIR Timing: N a week, or these weekdays, each so many times a day.
    static func timing(_ p: Prescription) -> JSONValue {
        let repeating: [(String, JSONValue)]
        switch p.frequency {
        case .perWeek(let n):
            repeating = [("frequency", .int(n * p.perDay)), ("period", 1), ("periodUnit", "wk")]
        case .weekdays(let days):
            let codes = days.sorted().map { JSONValue.string(String(Weekday.allCases[$0].rawValue.prefix(3)).lowercased()) }
            repeating = [("frequency", .int(p.perDay)), ("period", 1), ("periodUnit", "d"), ("dayOfWeek", .array(codes))]
        }
        return .object([("repeat", .object(repeating))])
    }

    /// The dose in words: "3 sets of 10 reps, each side (left, right)".
    static func dose(_ e: LogEvent.PlannedExercise) -> String {
        let work: String
        if let n = e.reps { work = "\(n) reps" } else if let s = e.holdSeconds { work = "a \(s) s hold" } else if let s = e.durationSeconds { work = "\(s) s" } else { work = e.kind }
        let sets = e.sets == 1 ? "1 set" : "\(e.sets) sets"
        return "\(sets) of \(work)" + (e.sides.isEmpty ? "" : ", each side (\(e.sides.joined(separator: ", ")))")
    }

    func procedure(_ s: SessionSummary, subject: JSONValue, plan: JSONValue?) -> FHIRResource {
        let id = Self.procedureID(s)
        var fields: [(String, JSONValue)] = [
            ("resourceType", "Procedure"), ("id", .string(id)),
            ("identifier", [Self.identifier(Self.sessionSystem, s.id)]),
        ]
        if let plan { fields.append(("basedOn", [plan])) }
        if s.outcome == .completed {
            fields.append(("status", "completed"))
        } else {
            fields.append(("status", "stopped"))
            fields.append(("statusReason", .object([("text", .string(Self.stopReason(s)))])))
        }
        fields.append(("code", .object([("coding", [Self.exerciseTherapy]), ("text", .string(s.title))])))
        fields.append(("subject", subject))
        var period: [(String, JSONValue)] = [("start", .string(Self.dateTime(s.start)))]
        if let end = s.end { period.append(("end", .string(Self.dateTime(end)))) }
        fields.append(("performedPeriod", .object(period)))
        return FHIRResource(type: "Procedure", id: id, system: Self.sessionSystem, value: s.id, json: .object(fields))
    }

    /// The Procedure id of a session.
    static func procedureID(_ s: SessionSummary) -> String { StableID.uuid("procedure/\(s.id)") }

    /// Why a session did not complete, in words.
    static func stopReason(_ s: SessionSummary) -> String {
        if s.outcome == .stoppedForDiscomfort, let stop = s.stops.first {
            return "Stopped for discomfort: rated \(stop.rating) (stop level \(stop.stopAt))" + (stop.exercise.map { " during \($0)" } ?? "")
        }
        return s.outcome == .quit ? "Ended early by the patient" : "Interrupted: the log ends before the session does"
    }

    func rating(_ r: RatingRecord, number: Int, session: String, subject: JSONValue, partOf: JSONValue) -> FHIRResource {
        let key = "\(session)/\(number)"
        let id = StableID.uuid("discomfort/\(key)")
        var notes: [JSONValue] = []
        if let e = r.exercise { notes.append(.object([("text", .string("Exercise: \(e)"))])) }
        if let n = r.note { notes.append(.object([("text", .string(n))])) }
        var fields: [(String, JSONValue)] = [
            ("resourceType", "Observation"), ("id", .string(id)),
            ("identifier", [Self.identifier(Self.ratingSystem, key)]),
            ("partOf", [partOf]), ("status", "final"),
            ("category", Self.survey), ("code", .object([("coding", [Self.painScore])])),
            ("subject", subject), ("effectiveDateTime", .string(Self.dateTime(r.time))), ("valueInteger", .int(r.rating)),
        ]
        if !notes.isEmpty { fields.append(("note", .array(notes))) }
        return FHIRResource(type: "Observation", id: id, system: Self.ratingSystem, value: key, json: .object(fields))
    }

    func week(_ w: WeekAdherence, subject: JSONValue) -> FHIRResource {
        let key = "\(patient)/\(w.label)"
        let id = StableID.uuid("adherence/\(key)")
        func component(_ code: String, _ display: String, _ n: Int) -> JSONValue {
            .object([("code", .object([("coding", [Self.coding(Self.limberCodes, code, display)])])), ("valueInteger", .int(n))])
        }
        var fields: [(String, JSONValue)] = [
            ("resourceType", "Observation"), ("id", .string(id)),
            ("identifier", [Self.identifier(Self.weekSystem, key)]), ("status", "final"),
            ("category", [.object([("coding", [Self.coding("http://terminology.hl7.org/CodeSystem/observation-category", "activity", "Activity")])])]),
            ("code", .object([("coding", [Self.coding(Self.limberCodes, "weekly-adherence", "Home exercise sessions done against prescribed, one ISO week")])])),
            ("subject", subject),
            ("effectivePeriod", .object([("start", .string(w.monday.description)), ("end", .string(w.monday.adding(days: 6).description))])),
        ]
        if let f = w.fraction {
            fields.append(("valueQuantity", .object([("value", .int(Int((f * 100).rounded()))), ("unit", "%"),
                                                     ("system", "http://unitsofmeasure.org"), ("code", "%")])))
        }
        fields.append(("component", [component("sessions-done", "Sessions done", w.done),
                                     component("sessions-prescribed", "Sessions prescribed", w.prescribed)]))
        return FHIRResource(type: "Observation", id: id, system: Self.weekSystem, value: key, json: .object(fields))
    }

    static func coding(_ system: String, _ code: String, _ display: String) -> JSONValue {
        .object([("system", .string(system)), ("code", .string(code)), ("display", .string(display))])
    }

    static func identifier(_ system: String, _ value: String) -> JSONValue {
        .object([("system", .string(system)), ("value", .string(value))])
    }

    /// A log time as a FHIR dateTime, in UTC: "2026-12-01T06:30:00.012Z".
    static func dateTime(_ t: LogTime) -> String {
        let millisTotal = Int((t.instant * 1000).rounded())
        let seconds = Int((Double(millisTotal) / 1000).rounded(.down))
        let millis = millisTotal - seconds * 1000
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let inDay = seconds - days * 86_400
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(CalendarDate(daysSinceEpoch: days))T\(pad(inDay / 3600, 2)):\(pad(inDay % 3600 / 60, 2)):\(pad(inDay % 60, 2)).\(pad(millis, 3))Z"
    }
}
