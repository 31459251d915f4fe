import LimberBasics
import LimberLog
import LimberProgram
import LimberProgression
import Testing

/// Log lines as Limber writes them, for building evidence in tests.
enum Log {
    static func day(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }

    static func ts(_ day: CalendarDate, _ time: String) -> String { "\(day)T\(time).000+00:00" }

    /// A session of `program` on `day`: every exercise's sets, `done` of them done (nil: all),
    /// and its rating.
    static func session(_ program: Program, on day: CalendarDate, id: String, ratings: [String: Int] = [:],
                        done: [String: Int] = [:]) -> [LogLine] {
        var start = LogEvent(type: .sessionStart)
        start.program = .init(title: program.title, path: "/p.yaml", sha256: "00")
        start.planned = .init(totalSeconds: 60, openSteps: 0, exercises: program.exercises.map {
            .init(name: $0.name, kind: "hold", sets: $0.sets, sides: $0.sides.map(\.rawValue))
        })
        var lines = [LogLine(ts: ts(day, "18:00:00"), session: id, event: start)]
        for e in program.exercises {
            let total = e.sets * max(1, e.sides.count)
            for n in 0..<total {
                var set = LogEvent(type: .set)
                set.exercise = e.name
                set.setStatus = n < (done[e.name] ?? total) ? .done : .skipped
                lines.append(LogLine(ts: ts(day, "18:01:0\(min(n, 9))"), session: id, event: set))
            }
            if let r = ratings[e.name] {
                var rating = LogEvent(type: .discomfort)
                rating.exercise = e.name
                rating.rating = r
                lines.append(LogLine(ts: ts(day, "18:02:00"), session: id, event: rating))
            }
        }
        var end = LogEvent(type: .sessionEnd)
        end.status = "completed"
        lines.append(LogLine(ts: ts(day, "18:10:00"), session: id, event: end))
        return lines
    }

    static func morning(_ day: CalendarDate, pain: Int, stiffness: Int? = nil) -> LogLine {
        var e = LogEvent(type: .checkin)
        e.moment = "morning"
        e.pain = pain
        e.stiffness = stiffness
        return LogLine(ts: ts(day, "07:30:00"), session: "checkin-\(day)-m", event: e)
    }

    static func afterSession(_ day: CalendarDate, pain: Int) -> LogLine {
        var e = LogEvent(type: .checkin)
        e.moment = "after_session"
        e.pain = pain
        return LogLine(ts: ts(day, "19:00:00"), session: "checkin-\(day)-a", event: e)
    }
}


func program(_ yaml: String) throws -> Program {
    let result = ProgramParser.parse(yaml)
    #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)")
    return try #require(result.program)
}
