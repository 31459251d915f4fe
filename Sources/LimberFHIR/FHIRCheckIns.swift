import LimberBasics
import LimberLog
import LimberReview

extension FHIRPatientExport {
    /// One `checkin` line as the export reads it; nil for a line without a readable time, a
    /// moment Limber writes or a 0–10 pain rating.
    struct CheckInRecord {
        var session: String
        var time: LogTime
        var morning: Bool
        var pain: Int
        /// Morning stiffness, 0–10; only a morning check-in carries it.
        var stiffness: Int?
        var note: String?

        init?(_ line: LogLine) {
            let e = line.event
            guard let time = LogTime(line.ts), let moment = e.moment, ["morning", "after_session"].contains(moment),
                  let pain = e.pain, FHIRPatientExport.scale.contains(pain) else { return nil }
            // The session id is log text like any other, made visible as the collector makes session ids.
            session = TextSanitizer.singleLine(line.session)
            self.time = time
            morning = moment == "morning"
            self.pain = pain
            stiffness = morning ? e.stiffness.flatMap { FHIRPatientExport.scale.contains($0) ? $0 : nil } : nil
            note = e.note
        }
    }

    /// The 0–10 scale of check-in ratings.
    static let scale = 0...10
    static let morningStiffness = coding(limberCodes, "morning-stiffness", "Morning stiffness - 0-10 numeric rating - Reported")
    static let checkInMoment = coding(limberCodes, "checkin-moment", "When the check-in was made")
    static let morningMoment = coding(limberCodes, "morning", "Morning check-in")
    static let afterSessionMoment = coding(limberCodes, "after-session", "Right after a session")

    /// Every check-in as Observations, by time: its pain (LOINC 72514-3, the moment as a
    /// component) and, for a morning check-in that gave one, its stiffness. A check-in logged
    /// twice (the same id in two files) is exported once.
    func checkInObservations(subject: JSONValue, style: FHIRReferenceStyle) -> [FHIRResource] {
        var seen = Set<String>()
        let records = checkIns.compactMap(CheckInRecord.init).filter { seen.insert($0.session).inserted }.sorted { $0.time < $1.time }
        return records.flatMap { c in
            var out = [checkInPain(c, subject: subject, partOf: c.morning ? nil : sessionBefore(c).map { style.reference("Procedure", Self.procedureID($0)) })]
            if let stiffness = c.stiffness {
                out.append(checkInObservation(c, kind: "stiffness", code: Self.morningStiffness, value: stiffness, subject: subject, extra: []))
            }
            return out
        }
    }

    /// The session an after-session check-in follows: the last one that ended before it, the same day.
    func sessionBefore(_ c: CheckInRecord) -> SessionSummary? {
        sessions.last { s in s.end.map { $0.date == c.time.date && $0.instant <= c.time.instant } ?? false }
    }

    func checkInPain(_ c: CheckInRecord, subject: JSONValue, partOf: JSONValue?) -> FHIRResource {
        let moment = JSONValue.object([("code", .object([("coding", [Self.checkInMoment])])),
                                       ("valueCodeableConcept", .object([("coding", [c.morning ? Self.morningMoment : Self.afterSessionMoment])]))])
        var extra: [(String, JSONValue)] = []
        if let note = c.note { extra.append(("note", [.object([("text", .string(note))])])) }
        extra.append(("component", [moment]))
        return checkInObservation(c, kind: "pain", code: Self.painScore, value: c.pain, subject: subject, partOf: partOf, extra: extra)
    }

    /// An Observation of one rating of a check-in, `kind` naming it among the check-in's.
    func checkInObservation(_ c: CheckInRecord, kind: String, code: JSONValue, value: Int, subject: JSONValue, partOf: JSONValue? = nil,
                            extra: [(String, JSONValue)]) -> FHIRResource {
        let key = "\(c.session)/\(kind)"
        let id = StableID.uuid("checkin/\(key)")
        var fields: [(String, JSONValue)] = [("resourceType", "Observation"), ("id", .string(id)), ("identifier", [Self.identifier(Self.checkInSystem, key)])]
        if let partOf { fields.append(("partOf", [partOf])) }
        fields += [("status", "final"), ("category", Self.survey), ("code", .object([("coding", [code])])),
                   ("subject", subject), ("effectiveDateTime", .string(Self.dateTime(c.time))), ("valueInteger", .int(value))]
        return FHIRResource(type: "Observation", id: id, system: Self.checkInSystem, value: key, json: .object(fields + extra))
    }
}
