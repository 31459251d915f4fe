import Foundation
import LimberTestSupport
import Testing

/// docs/at-scale.md's SQL on DuckDB, straight from a generated clinic folder, gives the numbers
/// `limber report --format json` gives: per patient and ISO week the sessions done, and per
/// patient the discomfort ratings (how many, the highest).
@Suite("the clinic SQL on DuckDB agrees with limber report")
struct ClinicSQLTests {
    static func python(_ script: String, _ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", Fixtures.packageRoot.appendingPathComponent("scripts/" + script).path] + arguments,
                              in: Fixtures.packageRoot)
    }

    @Test func duckDBWeeksEqualTheReport() throws {
        let dir = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Seed 3 makes one of the six patients keep two logs, with a session copied into both.
        let made = try Self.python("make-clinic.py", [dir.path, "--patients", "6", "--seed", "3"])
        #expect(made.status == 0, "\(made.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files.contains { $0.hasSuffix("-pi.jsonl") }, "a patient with two logs")

        let report = try CommandRunner.limber(["report", dir.path, "--since", "2025-09-29", "--until", "2026-11-29", "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let patients = try #require(object["patients"] as? [[String: Any]])
        #expect(patients.count == 6)

        let sql = try Self.python("clinic-sql.py", [dir.path])
        #expect(sql.status == 0, "\(sql.stderr)")
        var done: [String: [String: Int]] = [:]
        var ratings: [String: (count: Int, max: Int)] = [:]
        for row in sql.stdout.split(separator: "\n").dropFirst() {
            let c = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            done[c[0], default: [:]][c[1]] = Int(c[2])
            let n = Int(c[3]) ?? 0, highest = Int(c[5]) ?? 0
            ratings[c[0]] = ((ratings[c[0]]?.count ?? 0) + n, max(ratings[c[0]]?.max ?? 0, highest))
        }
        #expect(Set(done.keys) == Set(patients.compactMap { $0["name"] as? String }))
        for p in patients {
            let name = try #require(p["name"] as? String)
            let weeks = try #require(p["weeks"] as? [[String: Any]])
            var reported: [String: Int] = [:]
            for w in weeks where (w["done"] as? Int ?? 0) > 0 { reported[w["week"] as! String] = w["done"] as? Int }
            #expect(reported == (done[name] ?? [:]).filter { $0.value > 0 }, "\(name)")
            let exercises = try #require(p["exercises"] as? [[String: Any]])
            let discomfort = exercises.compactMap { $0["discomfort"] as? [String: Any] }
            let count = discomfort.reduce(0) { $0 + ($1["count"] as? Int ?? 0) }
            let highest = discomfort.compactMap { $0["max"] as? Int }.max() ?? 0
            #expect(count == ratings[name]?.count ?? 0, "\(name)")
            #expect(highest == ratings[name]?.max ?? 0, "\(name)")
        }
    }
}
