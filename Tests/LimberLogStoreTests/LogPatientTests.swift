import Foundation
import LimberLog
@testable import LimberLogStore
import LimberTestSupport
import Testing

@Suite("A log's patient, from its head")
struct LogPatientTests {
    func start(_ session: String, patient: String?) -> String {
        var e = LogEvent(type: .sessionStart)
        e.patient = patient
        return String(decoding: LogLine(ts: "2026-11-23T07:00:00.000+01:00", session: session, event: e).encoded(), as: UTF8.self)
    }

    @Test func theFirstSessionStartNamingAPatientNamesTheFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.jsonl")
        // A session from before the id was configured, a torn line, then the id.
        let text = start("a", patient: nil) + "{\"v\":1,\"ts\n" + start("b", patient: "p-7") + start("c", patient: "p-8")
        try text.write(to: log, atomically: true, encoding: .utf8)
        #expect(LogPatient.id(inLog: log.path) == "p-7")
        // Only the head is read: an id past it is not looked for.
        #expect(LogPatient.id(inLog: log.path, headBytes: start("a", patient: nil).utf8.count + 5) == nil)
        try start("a", patient: nil).write(to: log, atomically: true, encoding: .utf8)
        #expect(LogPatient.id(inLog: log.path) == nil)
        #expect(LogPatient.id(inLog: folder.appendingPathComponent("none").path) == nil)
        #expect(LogPatient.id(inLog: "-") == nil)
    }
}

/// The head is read without checking lines that can't name a patient: a line is passed over
/// only when checking it would have found no patient, whatever way the name is written.
@Suite("A log's patient: lines passed over unchecked")
struct LogPatientSkipTests {
    /// Session starts and other lines naming a patient in every way a writer may: the key or
    /// the type written with escapes, the word in a value or a nested object, odd spacing.
    static func line(_ g: inout SeededGenerator) -> String {
        let keys = [#""patient""#, #""p\u0061tient""#, #""\u0070atient""#, #""patients""#, #""Patient""#]
        let types = [#""session_start""#, #""session_st\u0061rt""#, #""set""#, #""note""#]
        let values = [#""p-1""#, #""""#, #""p\u002d2""#, #""patient""#, "7", "null", #"{"patient":"x"}"#]
        var fields = [#""v":1"#, #""ts":"2026-11-23T07:00:00.000+01:00""#, #""session":"s""#, #""type":"# + types.randomElement(using: &g)!]
        if Bool.random(using: &g) { fields.append(keys.randomElement(using: &g)! + (Bool.random(using: &g) ? ":" : " : ") + values.randomElement(using: &g)!) }
        if Bool.random(using: &g) { fields.append(#""note":"# + (Bool.random(using: &g) ? #""a patient note""# : #""plain""#)) }
        if Bool.random(using: &g) { fields.append(#""program":{"title":"T","patient":"p-9"}"#) }
        fields.shuffle(using: &g)
        return "{" + fields.joined(separator: ",") + "}"
    }

    @Test func aLinePassedOverNamesNoPatient() {
        var g = SeededGenerator(state: 15)
        let scanner = LogLineParser.Scanner()
        var named = 0, namedByEscapes = 0
        for _ in 0..<3_000 {
            let bytes = Array(Self.line(&g).utf8)
            // The line and every cut of it: passed over only when checking it finds nothing.
            for end in [bytes.count] + Array(stride(from: 0, to: bytes.count, by: 7)) {
                bytes[..<end].withUnsafeBufferPointer { line in
                    let found = LogPatient.patient(line, scanner)
                    if found != nil { named += 1 }
                    // Named only through escapes: found because of the backslash, not the word.
                    if found != nil, !String(decoding: line, as: UTF8.self).contains("patient") { namedByEscapes += 1 }
                    #expect(LogPatient.mayNamePatient(line) || found == nil, "\(String(decoding: line, as: UTF8.self))")
                }
            }
        }
        #expect(named > 100 && namedByEscapes > 20)
    }

    /// Whole heads: the patient found is the one checking every line in turn finds.
    @Test func theHeadGivesThePatientEveryLineCheckedGives() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.jsonl")
        var g = SeededGenerator(state: 16)
        for _ in 0..<200 {
            let lines = (0..<Int.random(in: 1...12, using: &g)).map { _ in Self.line(&g) }
            try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
            let scanner = LogLineParser.Scanner()
            let expected = lines.lazy.compactMap { Array($0.utf8).withUnsafeBufferPointer { LogPatient.patient($0, scanner) } }.first
            #expect(LogPatient.id(inLog: log.path) == expected)
        }
    }
}
