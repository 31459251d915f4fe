import Foundation
import LimberBasics
import LimberLog
import Testing

@Suite("The fast log line parser agrees with Codable")
struct LogLineParserTests {
    static func parse(_ text: String) -> LogLineParser.Outcome {
        Array(text.utf8).withUnsafeBufferPointer { LogLineParser.parse($0) }
    }

    static var everyField: [LogLine] {
        var start = LogEvent(type: .sessionStart)
        start.program = .init(title: "Back \"basics\" \\ ünïcode ✓ 😀\n<script>", path: "/a/b.yaml", sha256: String(repeating: "a", count: 64))
        start.planned = .init(totalSeconds: 1096, openSteps: 2, exercises: [
            .init(name: "Lunge", kind: "hold", sets: 3, sides: ["left", "right"], holdSeconds: 30),
            .init(name: "Bridge", kind: "reps", sets: 3, sides: [], reps: 12),
            .init(name: "Roll", kind: "duration", sets: 1, sides: ["left"], durationSeconds: 60),
        ])
        start.schedule = .init(perWeek: nil, days: ["mon", "fri"], perDay: 2, start: "2026-12-01", weeks: 6)
        start.discomfortRule = .init(ask: "after_set", stopAt: 7, onStop: "skip_exercise")
        start.limber = "0.1.0"
        start.progression = .init(week: 3, phase: "Strength", exercises: [
            .init(name: "Lunge", decision: "up", reasons: ["2 sessions at ≤ 2/10", "no \"flare\""]),
            .init(name: "Bridge", decision: "held", reasons: []),
        ])
        start.simulatedDate = "2026-12-15"
        var checkin = LogEvent(type: .checkin)
        checkin.moment = "morning"; checkin.pain = 2; checkin.stiffness = 3; checkin.note = "slept badly"
        var set = LogEvent(type: .set)
        set.exercise = "Lunge"; set.exerciseIndex = 0; set.set = 2; set.sets = 3; set.side = .left; set.status = "done"
        set.reps = 12; set.seconds = 30.125; set.plannedSeconds = 30
        var rating = LogEvent(type: .discomfort)
        rating.exercise = "Lunge"; rating.rating = 10; rating.note = "tab\there, quote \" and slash /"; rating.stopAt = 7
        var stop = LogEvent(type: .stop)
        stop.reason = "discomfort"; stop.action = .endSession; stop.rating = 8; stop.stopAt = 7
        var resume = LogEvent(type: .resume)
        resume.pausedSeconds = 12.5
        var end = LogEvent(type: .sessionEnd)
        end.status = "completed"; end.elapsedSeconds = 1100.25; end.setsDone = 28; end.setsSkipped = 1; end.pausedSeconds = 0
        return [start, set, rating, stop, LogEvent(type: .pause), resume, end, checkin].map {
            LogLine(ts: "2026-12-01T07:30:05.123+01:00", session: "6f1c2a4e", event: $0)
        }
    }

    @Test func everyFieldRoundTrips() throws {
        for line in Self.everyField {
            let text = String(decoding: line.encoded().dropLast(), as: UTF8.self)
            #expect(Self.parse(text) == .line(line), "\(text)")
            #expect(LogLine.decode(Data(text.utf8)) == line)
        }
    }

    @Test func escapesAndOtherWritersFormatting() {
        let text = #"{ "v" : 1, "ts":"2026-12-01T07:30:05+01:00", "session":"s", "type":"discomfort", "rating":3, "note":"caf\u00e9 \ud83d\ude00 \/", "future":{"deep":[1,{"x":null}],"flag":true} }"#
        guard case .line(let line) = Self.parse(text) else { Issue.record("not parsed"); return }
        #expect(line.event.note == "café 😀 /")
        #expect(line.event.rating == 3)
    }

    @Test(arguments: [
        #"{"v":1,"ts":"t","session":"s","type":"se"#,
        #"{"v":1,"ts":"t","session":"s"}"#,
        "not json",
        "",
        #"{"v":1,"ts":"t","session":"s","type":"set"} trailing"#,
        #"{"v":1,"ts":"t","session":"s","type":"set","note":"raw"# + "\u{01}" + #""}"#,
        String(repeating: "[", count: 10_000),
        #"{"v":1e999999,"ts":"t","session":"s","type":"set"}"#,
    ])
    func malformedLinesAreRejectedNotCrashed(text: String) {
        #expect(Self.parse(text) == .malformed)
    }

    /// A `\u` escape that names no character (half a surrogate pair, a high half followed by
    /// something else, too few hex digits) makes the line malformed; it once trapped on overflow.
    @Test(arguments: [#"\uD800\u0041"#, #"\uD800"#, #"\uD800x"#, #"\uDBFF\uD800"#, #"\uDC00"#, #"\uDFFF\uDC00"#,
                      #"\uD800\u"#, #"\uD800\uDC0"#, #"\u12"#, #"\uZZZZ"#, #"\x"#])
    func malformedEscapesMakeTheLineMalformed(escape: String) {
        let text = #"{"v":1,"ts":"t","session":"s","type":"discomfort","rating":3,"note":"a"# + escape + #"z"}"#
        #expect(Self.parse(text) == .malformed, "\(text)")
    }

    @Test func surrogatePairsAtTheEdgesOfTheirRangesRead() {
        let text = #"{"v":1,"ts":"t","session":"s","type":"note","note":"\uD800\uDC00\uDBFF\uDFFF\uFFFF"}"#
        guard case .line(let line) = Self.parse(text) else { Issue.record("not parsed"); return }
        #expect(line.event.note == "\u{10000}\u{10FFFF}\u{FFFF}")
    }

    @Test func aFieldGivenTwiceMakesTheLineAmbiguousAndRefused() {
        for text in [#"{"v":1,"ts":"t","session":"s","type":"set","set":1,"set":2}"#,
                     #"{"v":1,"ts":"t","session":"a","session":"b","type":"set"}"#,
                     #"{"v":1,"ts":"t","session":"s","type":"session_start","discomfort_rule":{},"discomfort_rule":{}}"#,
                     #"{"v":1,"v":1,"ts":"t","session":"s","type":"set"}"#,
                     #"{"v":1,"ts":"t","session":"s","type":"session_start","program":{"title":"A","title":"B"}}"#] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { LogLineParser.parse($0) } == .malformed, "\(text)")
        }
    }

    @Test func unknownTypesAreRecognised() {
        #expect(Self.parse(#"{"v":2,"ts":"t","session":"s","type":"heart_rate","bpm":80}"#) == .unknownType)
    }
}

@Suite("Log timestamps")
struct LogTimestampTests {
    @Test func localTimeWithMillisecondsAndOffsetThatReadsBackToTheSameInstant() {
        let date = Date(timeIntervalSince1970: 1_796_000_000.5)
        let ts = LogLine.timestamp(date)
        #expect(ts.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$"#, options: .regularExpression) != nil, "\(ts)")
        // Parsed back with its own offset, it names the same instant.
        let parts = ts.split(separator: "T")
        let day = parts[0].split(separator: "-").map { Int($0)! }
        let clock = parts[1].prefix(12).split(separator: ":").map { Double($0)! }
        let sign: Double = parts[1].contains("-") ? -1 : 1
        let offset = parts[1].suffix(5).split(separator: ":").map { Double($0)! }
        var c = DateComponents()
        c.year = day[0]; c.month = day[1]; c.day = day[2]
        c.timeZone = TimeZone(secondsFromGMT: 0)
        let midnight = Calendar(identifier: .gregorian).date(from: c)!.timeIntervalSince1970
        let instant = midnight + clock[0] * 3600 + clock[1] * 60 + clock[2] - sign * (offset[0] * 3600 + offset[1] * 60)
        #expect(abs(instant - date.timeIntervalSince1970) < 0.001)
    }
}
