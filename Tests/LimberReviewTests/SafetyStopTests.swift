import Foundation
import LimberBasics
import LimberLog
import LimberReview
import Testing

@Suite("Safety stops: one definition, one number")
struct SafetyStopTests {
    /// One line of session `s1` at 07:30 plus `ms` milliseconds.
    static func line(_ ms: Int, _ type: LogEventType, _ fill: (inout LogEvent) -> Void = { _ in }) -> LogLine {
        var e = LogEvent(type: type)
        fill(&e)
        return LogLine(ts: "2026-11-09T07:30:00.\(String(format: "%03d", ms))+01:00", session: "s1", event: e)
    }

    static func rating(_ ms: Int, _ name: String, index: Int?, _ rating: Int) -> LogLine {
        line(ms, .discomfort) { $0.exercise = name; $0.exerciseIndex = index; $0.rating = rating; $0.stopAt = 7 }
    }

    /// As Limber writes it: the stop 1 ms after the rating that made it.
    static func stop(_ ms: Int, _ name: String, index: Int?, _ rating: Int) -> LogLine {
        line(ms, .stop) {
            $0.exercise = name; $0.exerciseIndex = index; $0.rating = rating; $0.stopAt = 7
            $0.action = .skipExercise; $0.reason = "discomfort"
        }
    }

    static func start(_ exercises: [String]) -> LogLine {
        line(0, .sessionStart) {
            $0.program = .init(title: "Test program", path: "/p.yaml", sha256: "abc")
            $0.planned = .init(totalSeconds: 300, openSteps: 0,
                               exercises: exercises.map { .init(name: $0, kind: "hold", sets: 1, sides: [], holdSeconds: 30) })
            $0.schedule = .init(perWeek: 3, days: nil, perDay: 1, start: "2026-11-02", weeks: 2)
            $0.discomfortRule = .init(ask: "after_exercise", stopAt: 7, onStop: "skip_exercise")
        }
    }

    static func report(_ lines: [LogLine]) -> PatientReport {
        var c = SessionCollector()
        for l in lines { c.add(l) }
        let a = Adherence(sessions: c.summaries, since: day("2026-11-02"), until: day("2026-11-15"), today: day("2026-11-15"))
        return PatientReport(name: "anna", logPath: "/logs/anna.jsonl", adherence: a, problems: [])
    }

    /// Two skip-exercise stops in one session (which ends stopped for discomfort): two safety
    /// stops in the text, the HTML, the JSON (list and weeks) and the CSV alike; and neither
    /// rating that made them is also listed as a high rating that did not stop.
    @Test func twoSkipExerciseStopsAreTwoInEveryFormat() throws {
        let report = Self.report([
            Self.start(["Plank", "Bridge", "Lunge"]),
            Self.rating(100, "Plank", index: 0, 8), Self.stop(101, "Plank", index: 0, 8),
            Self.rating(200, "Bridge", index: 1, 9), Self.stop(201, "Bridge", index: 1, 9),
            Self.rating(300, "Lunge", index: 2, 2),
            Self.line(400, .sessionEnd) { $0.endStatus = .stoppedForDiscomfort; $0.elapsedSeconds = 300 },
        ])
        let text = ReportText(color: false).render(report)
        #expect(text.contains("· 2 safety stops"), "\(text)")
        #expect(text.contains("safety stops: 2"), "the week's row")
        #expect(!text.contains("at or above the stop level 7"), "\(text)")
        #expect(ReportHTML.page([report], generated: "2026-11-15").contains("· 2 safety stops"))

        let root = try #require(try JSONSerialization.jsonObject(with: Data(ReportData.json([report]).utf8)) as? [String: Any])
        let patient = try #require((root["patients"] as? [[String: Any]])?.first)
        #expect((patient["safety_stops"] as? [[String: Any]])?.count == 2)
        #expect((patient["weeks"] as? [[String: Any]])?.compactMap { $0["safety_stops"] as? Int }.reduce(0, +) == 2)
        #expect((patient["attention"] as? [String])?.filter { $0.contains("stop level") } == [])

        let rows = ReportOutputTests.parseCSV(ReportData.csv([report]))
        let column = try #require(rows.first?.firstIndex(of: "safety_stops"))
        #expect(rows.dropFirst().map { $0[column] } == ["2", "2", "2"])
    }

    /// A stop belongs to the rating of the same exercise (by its index in the plan) in the same
    /// session: an exercise done twice under one name keeps its two ratings apart, and a line
    /// from before the log carried the index falls back to the name.
    @Test func stopsMatchTheirRatingByExerciseIndex() {
        let report = Self.report([
            Self.start(["Plank", "Bridge", "Plank"]),
            Self.rating(100, "Plank", index: 0, 8), Self.stop(101, "Plank", index: 0, 8),
            Self.rating(300, "Plank", index: 2, 8), // flagged, but no stop followed it
            Self.rating(400, "Bridge", index: nil, 9), Self.stop(401, "Bridge", index: nil, 9), // an old line: by name
        ])
        let ratings = report.adherence.sessions[0].ratings
        #expect(ratings.map(\.stopped) == [true, false, true])
        #expect(report.adherence.attention.filter { $0.contains("stop level") } == ["Plank rated 8 on 2026-11-09, at or above the stop level 7"])
    }

    /// The stop may be read before its rating (lines of a session come in any order).
    @Test func aStopReadBeforeItsRatingStillMarksIt() {
        let report = Self.report([Self.start(["Plank"]), Self.stop(101, "Plank", index: 0, 8), Self.rating(100, "Plank", index: 0, 8)])
        #expect(report.adherence.sessions[0].ratings.map(\.stopped) == [true])
    }
}
