import Foundation
import LimberBasics
import LimberProgram

/// `limber log`: one line per session, as text, JSON or CSV.
public enum LogListing {
    static func fields(_ s: SessionSummary) -> [String] {
        [s.start.date.description, s.start.clock, s.title, s.outcome.words, DurationText.clock(Int(s.durationSeconds.rounded())),
         Format.percent(s.shareDone), s.highestRating.map(String.init) ?? "—"]
    }

    public static func text(_ sessions: [SessionSummary]) -> String {
        guard !sessions.isEmpty else { return "No sessions in this log.\n" }
        var table = TextTable()
        table.append(["date", "time", "program", "status", "duration", "done", "max discomfort"])
        for s in sessions { table.append(fields(s).map(TextSanitizer.singleLine)) }
        return table.rendered()
    }

    public static func json(_ sessions: [SessionSummary]) -> String {
        JSONValue.array(sessions.map { s in
            .object([("id", .string(s.id)), ("date", .string(s.start.date.description)), ("time", .string(s.start.clock)),
                     ("program", .string(s.title)), ("status", .string(s.outcome.rawValue)),
                     ("duration_seconds", .int(Int(s.durationSeconds.rounded()))), ("share_done", ReportData.num(s.shareDone)),
                     ("max_discomfort", ReportData.int(s.highestRating))])
        }).rendered() + "\n"
    }

    public static func csv(_ sessions: [SessionSummary]) -> String {
        var out = "session,date,time,program,status,duration_seconds,share_done,max_discomfort\r\n"
        for s in sessions {
            let row = [s.id, s.start.date.description, s.start.clock, s.title, s.outcome.rawValue, String(Int(s.durationSeconds.rounded())),
                       String(format: "%.3f", s.shareDone), s.highestRating.map(String.init) ?? ""]
            out += row.map(ReportData.quote).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
