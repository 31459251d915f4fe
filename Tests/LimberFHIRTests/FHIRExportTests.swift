import Foundation
import LimberBasics
import LimberFHIR
import LimberLog
import LimberReview
import LimberTestSupport
import Testing

/// The export of Tests/FHIR/small.jsonl (patient p-0042: one completed session with two ratings,
/// a morning check-in, one session stopped for discomfort and an after-session check-in), judged by hand, by a golden Bundle and by fhir.resources' R4B models.
@Suite struct FHIRExportTests {
    static let folder = Fixtures.packageRoot.appendingPathComponent("Tests/FHIR")
    static let today = CalendarDate(year: 2026, month: 11, day: 20)!

    static func export(today: CalendarDate = today, edit: (String) -> String = { $0 }) throws -> FHIRPatientExport {
        var collector = SessionCollector()
        let text = edit(try String(contentsOf: folder.appendingPathComponent("small.jsonl"), encoding: .utf8))
        for line in text.split(separator: "\n") { collector.add(try #require(LogLine.decode(Data(line.utf8)))) }
        return FHIRPatientExport(patient: "p-0042", history: collector.history, programs: [], today: today, checkIns: collector.checkIns)
    }

    static func bundle() throws -> String {
        let export = try export()
        return FHIRBundle.transaction(export.resources(.bundle), key: export.patient).rendered() + "\n"
    }

    /// The Bundle's entries' resources, parsed.
    static func resources(_ bundle: String) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bundle.utf8)) as? [String: Any])
        let entries = try #require(object["entry"] as? [[String: Any]])
        return entries.compactMap { $0["resource"] as? [String: Any] }
    }

    @Test func bundleMatchesTheGoldenFile() throws {
        let golden = Self.folder.appendingPathComponent("small.bundle.json")
        let bundle = try Self.bundle()
        if ProcessInfo.processInfo.environment["LIMBER_RECORD_GOLDEN"] == "1" { try bundle.write(to: golden, atomically: true, encoding: .utf8) }
        #expect(bundle == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test func exportingTwiceGivesTheSameIDsAndBytes() throws {
        #expect(try Self.bundle() == (try Self.bundle()))
        let ids = try Self.resources(Self.bundle()).compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count)
        #expect(ids.contains(StableID.uuid("procedure/6f1c2a4e-0b7d-4c55-9a43-2b9d1f0c7e11")))
    }

    static func codings(_ concept: Any?) -> [(String, String)] {
        ((concept as? [String: Any])?["coding"] as? [[String: Any]] ?? []).map { ($0["system"] as? String ?? "", $0["code"] as? String ?? "") }
    }

    @Test func codesAreSNOMEDAndLOINC() throws {
        let resources = try Self.resources(Self.bundle())
        let codings = Self.codings
        let plan = try #require(resources.first { $0["resourceType"] as? String == "CarePlan" })
        let activities = try #require(plan["activity"] as? [[String: Any]])
        #expect(activities.count == 2)
        for a in activities {
            let detail = try #require(a["detail"] as? [String: Any])
            #expect(codings(detail["code"]).map(\.1) == ["229065009"])
            #expect(codings(detail["code"]).map(\.0) == ["http://snomed.info/sct"])
        }
        #expect(plan["intent"] as? String == "plan")
        #expect(plan["status"] as? String == "active")
        let ratings = resources.filter { codings($0["code"]).contains { $0 == ("http://loinc.org", "72514-3") } }
        #expect(ratings.compactMap { $0["valueInteger"] as? Int } == [2, 3, 8, 2, 5], "three discomfort ratings, two check-ins' pain")
        let procedures = resources.filter { $0["resourceType"] as? String == "Procedure" }
        #expect(procedures.compactMap { $0["status"] as? String } == ["completed", "stopped"])
        #expect(((procedures[1]["statusReason"] as? [String: Any])?["text"] as? String)?.contains("rated 8 (stop level 7)") == true)
        let weeks = resources.filter { codings($0["code"]).contains { $0 == (FHIRPatientExport.limberCodes, "weekly-adherence") } }
        #expect(weeks.count == 1)
    }

    /// A morning check-in: its pain (LOINC, moment `morning`, the note) and its stiffness (Limber's
    /// code); an after-session check-in: its pain, part of the session that ended before it that day.
    @Test func checkInsAreObservations() throws {
        let resources = try Self.resources(Self.bundle())
        let checkIns = resources.filter { (($0["identifier"] as? [[String: Any]])?.first?["system"] as? String) == "urn:limber:checkin" }
        #expect(checkIns.map { Self.codings($0["code"]).map(\.1) } == [["72514-3"], ["morning-stiffness"], ["72514-3"]])
        #expect(checkIns.compactMap { $0["valueInteger"] as? Int } == [2, 4, 5])
        #expect(checkIns.compactMap { $0["effectiveDateTime"] as? String } == ["2026-11-04T06:05:00.000Z", "2026-11-04T06:05:00.000Z", "2026-11-05T17:03:00.000Z"])
        #expect(Self.codings(checkIns[1]["code"]).map(\.0) == [FHIRPatientExport.limberCodes])
        func moment(_ r: [String: Any]) -> [String] {
            (r["component"] as? [[String: Any]] ?? []).flatMap { Self.codings($0["valueCodeableConcept"]).map(\.1) }
        }
        #expect(checkIns.map(moment) == [["morning"], [], ["after-session"]])
        #expect((checkIns[0]["note"] as? [[String: Any]])?.first?["text"] as? String == "stiff getting out of bed")
        #expect(checkIns[0]["partOf"] == nil)
        let stopped = StableID.uuid("procedure/0d3e9b52-7a61-4f0e-8c2b-5e4a1d9c3b27")
        #expect(((checkIns[2]["partOf"] as? [[String: Any]])?.first?["reference"] as? String) == "urn:uuid:\(stopped)")
        #expect(checkIns[0]["id"] as? String == StableID.uuid("checkin/checkin-5b0c7d1e-3f2a-4c8e-9d61-7a4e2b9f0c35/pain"))
    }

    /// Nothing Limber wasn't given: a morning check-in without stiffness gives its pain only.
    @Test func checkInWithoutStiffnessGivesNoStiffnessObservation() throws {
        let export = try Self.export { $0.replacingOccurrences(of: "\"stiffness\":4,", with: "") }
        let text = export.resources(.bulk).map { $0.json.rendered(pretty: false) }.joined()
        #expect(!text.contains("morning-stiffness"))
        #expect(text.components(separatedBy: "\"code\":\"morning\"").count == 2)
    }

    /// A check-in's note reaches the export sanitised, as every note from the log does.
    @Test func checkInNoteIsSanitised() throws {
        let export = try Self.export { $0.replacingOccurrences(of: "stiff getting out of bed", with: "stiff\\u001b[2Jbed") }
        let text = export.resources(.bulk).map { $0.json.rendered(pretty: false) }.joined()
        #expect(!text.contains("\\u001b"))
        #expect(text.contains("stiff\\\\u{1B}[2Jbed"), "the escape shown, as TextSanitizer shows it")
    }

    @Test func carePlanEndedBeforeTodayIsCompleted() throws {
        let export = try Self.export(today: CalendarDate(year: 2027, month: 1, day: 1)!)
        let plan = try #require(export.resources(.bulk).first { $0.type == "CarePlan" })
        #expect(plan.json.rendered(pretty: false).contains("\"status\":\"completed\""))
    }

    /// A schedule without a start starts with the program's first session, and lasts its weeks.
    @Test func carePlanWithoutAStartBeginsWithTheFirstSession() throws {
        let export = try Self.export { $0.replacingOccurrences(of: "\"start\":\"2026-11-02\",", with: "") }
        let plan = try #require(export.resources(.bulk).first { $0.type == "CarePlan" })
        #expect(plan.json.rendered(pretty: false).contains("\"period\":{\"start\":\"2026-11-03\",\"end\":\"2026-12-14\"}"))
    }

    /// Nothing Limber was not given: the Patient is its identifier, and no resource names,
    /// dates of birth, contacts or practitioners.
    @Test func noFieldCarriesDataLimberWasNotGiven() throws {
        let resources = try Self.resources(Self.bundle())
        let patient = try #require(resources.first { $0["resourceType"] as? String == "Patient" })
        #expect(Set(patient.keys) == ["resourceType", "id", "identifier"])
        let text = try Self.bundle()
        for field in ["\"name\"", "birthDate", "gender", "telecom", "address", "performer", "practitioner", "author", "contact"] {
            #expect(!text.contains(field), "\(field) in the export")
        }
    }

    @Test func bulkLinesReferToResourcesByTypeAndID() throws {
        let groups = FHIRBundle.ndjson(try Self.export().resources(.bulk))
        #expect(groups.map(\.type) == ["Patient", "CarePlan", "Procedure", "Observation"])
        let patientID = StableID.uuid("patient/p-0042")
        #expect(groups[2].lines.contains("\"subject\":{\"reference\":\"Patient/\(patientID)\"}"))
        #expect(!groups.contains { $0.lines.contains("urn:uuid:") })
    }

    // MARK: the independent validator

    static func validate(_ files: [URL]) throws -> CommandResult {
        try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", Fixtures.packageRoot.appendingPathComponent("scripts/check-fhir.py").path] + files.map(\.path),
                              in: Fixtures.packageRoot)
    }

    @Test func bundleAndBulkLinesAreValidR4B() throws {
        let dir = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundle = dir.appendingPathComponent("bundle.json")
        try Self.bundle().write(to: bundle, atomically: true, encoding: .utf8)
        var files = [bundle]
        for group in FHIRBundle.ndjson(try Self.export().resources(.bulk)) {
            let file = dir.appendingPathComponent(group.type + ".ndjson")
            try group.lines.write(to: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        let result = try Self.validate(files)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 invalid"))
    }

    /// The validator bites: an Observation without its code, a Procedure with a status FHIR
    /// doesn't have or without its subject, and a field R4 doesn't define are each rejected.
    @Test func validatorRejectsBrokenResources() throws {
        let dir = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken.ndjson")
        let lines = [
            #"{"resourceType":"Observation","status":"final","valueInteger":3}"#,
            #"{"resourceType":"Procedure","status":"finished","subject":{"reference":"Patient/1"}}"#,
            #"{"resourceType":"Procedure","status":"completed"}"#,
            #"{"resourceType":"Patient","identifier":[{"value":"p"}],"favouriteColour":"blue"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try Self.validate([file])
        #expect(result.status == 1)
        #expect(result.stdout.contains("broken.ndjson:1: Observation: 1 validation error for Observation code"))
        #expect(result.stdout.contains("broken.ndjson:2: Procedure: status 'finished' is not in its required value set"))
        #expect(result.stdout.contains("broken.ndjson:3: Procedure: 1 validation error for Procedure subject Field required"))
        #expect(result.stdout.contains("broken.ndjson:4: Patient: 1 validation error for Patient favouriteColour"))
        #expect(result.stdout.contains("0 resources valid, 4 invalid"))
    }
}
