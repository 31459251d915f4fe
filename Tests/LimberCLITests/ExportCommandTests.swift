import Foundation
import LimberTestSupport
import Testing

/// `limber export` as a clinician runs it; every file it writes is validated by fhir.resources.
@Suite("limber export --format fhir")
struct ExportCommandTests {
    static let small = Fixtures.packageRoot.appendingPathComponent("Tests/FHIR/small.jsonl").path

    static func validate(_ files: [String]) throws -> CommandResult {
        try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", Fixtures.packageRoot.appendingPathComponent("scripts/check-fhir.py").path] + files,
                              in: Fixtures.packageRoot)
    }

    @Test func aBundleOnStdoutIsValidAndTheSameEachTime() throws {
        let dir = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try CommandRunner.limber(["export", "--format", "fhir", Self.small])
        let second = try CommandRunner.limber(["export", "--format", "fhir", Self.small])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.contains("\"morning-stiffness\""), "the log's check-ins reach the export")
        let file = dir.appendingPathComponent("bundle.json")
        try first.stdout.write(to: file, atomically: true, encoding: .utf8)
        let check = try Self.validate([file.path])
        #expect(check.status == 0, "\(check.stdout)")
    }

    /// A folder of two patients (one on two devices, one old log without an id): NDJSON files
    /// per type, private, valid; one Bundle per patient with --output DIR; an error without it.
    @Test func aFolderGivesBulkDataAndOneBundlePerPatient() throws {
        let dir = try PatientMergeTests.clinic()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let bulk = try CommandRunner.limber(["export", "--format", "fhir-ndjson", "--output", out.appendingPathComponent("bulk").path, dir.path])
        #expect(bulk.status == 0, "\(bulk.stderr)")
        let types = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("bulk").path).sorted()
        #expect(types == ["CarePlan.ndjson", "Observation.ndjson", "Patient.ndjson", "Procedure.ndjson"])
        let patients = try String(contentsOf: out.appendingPathComponent("bulk/Patient.ndjson"), encoding: .utf8)
        #expect(patients.split(separator: "\n").count == 2)
        let procedures = try String(contentsOf: out.appendingPathComponent("bulk/Procedure.ndjson"), encoding: .utf8)
        #expect(procedures.split(separator: "\n").count == 5, "a1, a2, b1, b2 (once), c1")
        let mode = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("bulk/Patient.ndjson").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        #expect(try CommandRunner.limber(["export", "--format", "fhir", dir.path]).status == 1)
        let bundles = try CommandRunner.limber(["export", "--format", "fhir", "--output", out.appendingPathComponent("bundles").path, dir.path])
        #expect(bundles.status == 0, "\(bundles.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("bundles").path).sorted()
        #expect(names.count == 2)
        #expect(names.contains("p-7.json"))
        let files = names.map { out.appendingPathComponent("bundles/" + $0).path } + types.map { out.appendingPathComponent("bulk/" + $0).path }
        let check = try Self.validate(files)
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func aProgramFileGivesTheCarePlan() throws {
        let result = try CommandRunner.limber(["export", "--format", "fhir", "--program", Fixtures.program("core-planks.yaml").path, Self.small])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.components(separatedBy: "\"resourceType\": \"CarePlan\"").count == 3, "the log's program and the file's")
    }
}
