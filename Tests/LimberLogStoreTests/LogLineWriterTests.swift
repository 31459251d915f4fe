import Foundation
import LimberBasics
import LimberLog
import LimberTestSupport
import Testing

/// The log's lines are written by ``LogLine/encoded()`` as bytes; they must be exactly what
/// `JSONEncoder` (the log's writer until round two of issue 15) made of the same line.
@Suite("Log lines written as bytes")
struct LogLineWriterTests {
    /// The encoder the log used to be written with, and the `{}` it fell back to.
    static func reference(_ line: LogLine) -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var data = (try? encoder.encode(line)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    /// Text with what needs escaping or could be escaped: every control byte, quotes,
    /// backslashes, slashes, DEL, line and paragraph separators, CJK, combining marks, emoji.
    static func text(_ random: inout SeededGenerator) -> String {
        let pieces = ["Plank", " ", "\"", "\\", "/", "\u{7F}", "\u{2028}", "\u{2029}", "\u{85}", "é", "e\u{301}", "平板", "🧘🏽‍♀️",
                      "\u{202E}", "\u{FEFF}", "</script>", "a.b", "0", "-"]
        var s = ""
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            if Int.random(in: 0..<4, using: &random) == 0 {
                s.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0..<0x20, using: &random)))
            } else {
                s += pieces.randomElement(using: &random)!
            }
        }
        return s
    }

    static func double(_ random: inout SeededGenerator) -> Double {
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return Double(Int.random(in: 0...4_000, using: &random))
        case 1: return (Double(Int.random(in: 0...400_000, using: &random)) / 1000).rounded(.down)
        case 2: return Double(Int.random(in: -400_000...400_000, using: &random)) / 1000
        case 3: return [0, -0.0, 1e-7, 1e16, 1e22, 123456789012345678, 0.1 + 0.2, Double.ulpOfOne, 5e-324, .greatestFiniteMagnitude].randomElement(using: &random)!
        case 4: return Double.random(in: -1e6...1e6, using: &random)
        case 5: return Double(bitPattern: random.next())
        case 6: return [Double.nan, .infinity, -.infinity].randomElement(using: &random)!
        default: return Double.random(in: 0...100, using: &random)
        }
    }

    static func int(_ random: inout SeededGenerator) -> Int {
        Int.random(in: 0..<10, using: &random) == 0 ? [Int.min, Int.max, -1, 0].randomElement(using: &random)! : Int.random(in: -5...10_000, using: &random)
    }

    /// An event of any type with any of the fields set (`all`: every one), nested ones included.
    static func event(_ random: inout SeededGenerator, all: Bool = false) -> LogEvent {
        func maybe<T>(_ make: (inout SeededGenerator) -> T) -> T? { all || Bool.random(using: &random) ? make(&random) : nil }
        var e = LogEvent(type: LogEventType.allCases.randomElement(using: &random)!)
        e.program = maybe { r in .init(title: text(&r), path: text(&r), sha256: text(&r)) }
        e.planned = maybe { r in
            .init(totalSeconds: int(&r), openSteps: int(&r), exercises: (0..<Int.random(in: 0...3, using: &r)).map { _ in
                .init(name: text(&r), kind: text(&r), sets: int(&r), sides: (0..<Int.random(in: 0...2, using: &r)).map { _ in text(&r) },
                      reps: Bool.random(using: &r) ? int(&r) : nil, holdSeconds: Bool.random(using: &r) ? int(&r) : nil,
                      durationSeconds: Bool.random(using: &r) ? int(&r) : nil)
            })
        }
        e.schedule = maybe { r in
            .init(perWeek: Bool.random(using: &r) ? int(&r) : nil, days: Bool.random(using: &r) ? [text(&r), text(&r)] : nil,
                  perDay: int(&r), start: Bool.random(using: &r) ? text(&r) : nil, weeks: Bool.random(using: &r) ? int(&r) : nil)
        }
        e.discomfortRule = maybe { r in .init(ask: text(&r), stopAt: Bool.random(using: &r) ? int(&r) : nil, onStop: text(&r)) }
        e.limber = maybe(text)
        e.patient = maybe(text)
        e.exercise = maybe(text)
        e.exerciseIndex = maybe(int)
        e.set = maybe(int)
        e.sets = maybe(int)
        e.side = maybe { r in Side.allCases.randomElement(using: &r)! }
        e.status = maybe(text)
        e.reps = maybe(int)
        e.seconds = maybe(double)
        e.plannedSeconds = maybe(int)
        e.rating = maybe(int)
        e.note = maybe(text)
        e.stopAt = maybe(int)
        e.reason = maybe(text)
        e.action = maybe { r in StopAction.allCases.randomElement(using: &r)! }
        e.pausedSeconds = maybe(double)
        e.elapsedSeconds = maybe(double)
        e.setsDone = maybe(int)
        e.setsSkipped = maybe(int)
        e.progression = maybe { r in
            .init(week: int(&r), phase: Bool.random(using: &r) ? text(&r) : nil, exercises: (0..<Int.random(in: 0...3, using: &r)).map { _ in
                .init(name: text(&r), decision: text(&r), reasons: (0..<Int.random(in: 0...2, using: &r)).map { _ in text(&r) })
            })
        }
        e.simulatedDate = maybe(text)
        e.moment = maybe(text)
        e.pain = maybe(int)
        e.stiffness = maybe(int)
        return e
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func generatedLinesAreWhatTheEncoderWrote(seed: UInt64) {
        var random = SeededGenerator(state: seed)
        var refused = 0
        for _ in 0..<700 {
            let line = LogLine(v: Self.int(&random), ts: Self.text(&random), session: Self.text(&random), event: Self.event(&random))
            let expected = Self.reference(line)
            if expected == Data("{}\n".utf8) { refused += 1 }
            #expect(line.encoded() == expected, "\(String(decoding: expected, as: UTF8.self))")
        }
        #expect(refused > 10) // lines with a number that is not finite were among them
    }

    /// Every field set, and each control byte alone in a string. A field added to `LogEvent`
    /// fails here until the generator sets it, and then above until the writer writes it.
    @Test func everyFieldAndEveryControlByte() {
        var random = SeededGenerator(state: 9)
        var e = Self.event(&random, all: true)
        let unset = Mirror(reflecting: e).children.filter { String(describing: $0.value) == "nil" }
        #expect(unset.isEmpty, "fields the generator leaves out: \(unset.map { $0.label ?? "?" })")
        e.program = .init(title: "t", path: "/p", sha256: "s")
        e.planned = .init(totalSeconds: 1, openSteps: 0, exercises: [.init(name: "n", kind: "hold", sets: 1, sides: ["left"], reps: 1, holdSeconds: 2, durationSeconds: 3)])
        e.schedule = .init(perWeek: 3, days: ["mon"], perDay: 1, start: "2026-01-01", weeks: 4)
        e.discomfortRule = .init(ask: "never", stopAt: 7, onStop: "end_session")
        e.progression = .init(week: 1, phase: "p", exercises: [.init(name: "n", decision: "up", reasons: ["r"])])
        e.seconds = 30.5
        e.pausedSeconds = 0
        e.elapsedSeconds = 12
        for byte in UInt8(0)..<0x80 {
            e.note = String(Unicode.Scalar(byte))
            e.limber = "x" + String(Unicode.Scalar(byte)) + "y"
            let line = LogLine(ts: "2026-12-01T07:30:00.000+01:00", session: "s", event: e)
            #expect(line.encoded() == Self.reference(line), "byte \(byte)")
        }
    }
}
