import LimberBasics
import LimberLog
import LimberReview

/// Builds logs by hand, session by session, for tests whose expected numbers are worked out
/// in the test itself.
struct LogBuilder {
    var lines: [LogLine] = []
    var schedule: LogEvent.ScheduleInfo
    var counter = 0
    /// Two exercises: 2 sets of a 30 s hold, and 1 set of 10 reps on each side.
    let planned = [
        LogEvent.PlannedExercise(name: "Plank", kind: "hold", sets: 2, sides: [], holdSeconds: 30),
        LogEvent.PlannedExercise(name: "Bridge", kind: "reps", sets: 1, sides: ["left", "right"], reps: 10),
    ]

    init(schedule: LogEvent.ScheduleInfo) { self.schedule = schedule }

    /// A session starting at `ts` ("2026-11-02T07:30:00+01:00"): `sets` sets done in plan order
    /// (of 4), the ratings given (`notes` by exercise name go with them), and how it ended (nil:
    /// interrupted).
    mutating func session(_ ts: String, sets: Int = 4, ratings: [(String, Int)] = [], notes: [String: String] = [:],
                          stop: (String, Int)? = nil, end: String? = "completed", stopAt: Int = 7, title: String = "Test program") {
        counter += 1
        let id = "s\(counter)"
        var start = LogEvent(type: .sessionStart)
        start.program = .init(title: title, path: "/p.yaml", sha256: "abc")
        start.planned = .init(totalSeconds: 300, openSteps: 0, exercises: planned)
        start.schedule = schedule
        start.discomfortRule = .init(ask: "after_exercise", stopAt: stopAt, onStop: "end_session")
        lines.append(LogLine(ts: ts, session: id, event: start))
        let order = [("Plank", 1, nil), ("Plank", 2, nil), ("Bridge", 1, "left"), ("Bridge", 1, "right")] as [(String, Int, String?)]
        for (name, set, side) in order.prefix(sets) {
            var e = LogEvent(type: .set)
            e.exercise = name
            e.set = set
            e.side = side.flatMap(Side.init(rawValue:))
            e.status = "done"
            lines.append(LogLine(ts: ts, session: id, event: e))
        }
        for (name, rating) in ratings {
            var e = LogEvent(type: .discomfort)
            e.exercise = name
            e.rating = rating
            e.stopAt = stopAt
            e.note = notes[name]
            lines.append(LogLine(ts: ts, session: id, event: e))
        }
        if let (name, rating) = stop {
            var e = LogEvent(type: .stop)
            e.exercise = name
            e.rating = rating
            e.stopAt = stopAt
            e.action = .endSession
            e.reason = "discomfort"
            lines.append(LogLine(ts: ts, session: id, event: e))
        }
        if let end {
            var e = LogEvent(type: .sessionEnd)
            e.status = end
            e.elapsedSeconds = 310
            lines.append(LogLine(ts: ts, session: id, event: e))
        }
    }

    var summaries: [SessionSummary] {
        var c = SessionCollector()
        for line in lines { c.add(line) }
        return c.summaries
    }
}
