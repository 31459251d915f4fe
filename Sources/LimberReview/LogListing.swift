import Foundation
import LimberBasics
import LimberProgram

/// `limber log`: one line per session, as text, JSON or CSV.
public enum LogListing {
    /// A session's cells in the text and HTML lists, `notes` last.
    static func fields(_ s: SessionSummary, notes: String) -> [String] {
        [s.start.date.description, s.start.clock, s.title, s.outcome.words, DurationText.clock(Int(s.durationSeconds.rounded())),
         Format.percent(s.shareDone), s.highestRating.map(String.init) ?? "—", notes]
    }

    static let headers = ["date", "time", "program", "status", "duration", "done", "max discomfort", "notes"]

    public static func text(_ sessions: [SessionSummary]) -> String {
        var text = ""
        table(sessions, indent: "", none: "No sessions in this log.") { text += $0 }
        return text
    }

    /// The sessions as a text table, or a line saying there are none, handed to `write` in
    /// pieces: the columns are measured in a first pass and the rows made again in a second, so
    /// a list of tens of thousands of sessions is never held whole.
    static func table(_ sessions: some Collection<SessionSummary>, indent: String, none: String, to write: (String) -> Void) {
        guard !sessions.isEmpty else { return write(indent + none + "\n") }
        let row = { (s: SessionSummary) in fields(s, notes: Format.notePreview(s)).map(TextSanitizer.singleLine) }
        var widths = headers.map(\.displayWidth)
        for s in sessions {
            for (i, cell) in row(s).enumerated() { widths[i] = max(widths[i], cell.displayWidth) }
        }
        let table = TextTable(indent: indent)
        var piece = table.line(headers, widths: widths)
        for s in sessions {
            piece += table.line(row(s), widths: widths)
            if piece.utf8.count >= 1 << 16 {
                write(piece)
                piece = ""
            }
        }
        write(piece)
    }

    /// A session's notes for JSON: what each was about, its rating, the text.
    static func notes(_ s: SessionSummary) -> JSONValue {
        .array(s.notes.map { r in
            .object([("exercise", r.exercise.map { .string($0) } ?? .null), ("rating", .int(r.rating)), ("note", .string(r.note ?? ""))])
        })
    }

    /// A session's notes for CSV, whole: "Glute bridge (rating 8): tingling into right calf; …".
    static func notesCell(_ s: SessionSummary) -> String { s.notes.map(Format.note).joined(separator: "; ") }

    public static func json(_ sessions: [SessionSummary]) -> String {
        JSONValue.array(sessions.map { s in
            .object([("id", .string(s.id)), ("date", .string(s.start.date.description)), ("time", .string(s.start.clock)),
                     ("program", .string(s.title)), ("status", .string(s.outcome.rawValue)),
                     ("duration_seconds", .int(Int(s.durationSeconds.rounded()))), ("share_done", ReportData.num(s.shareDone)),
                     ("max_discomfort", ReportData.int(s.highestRating)), ("notes", notes(s))])
        }).rendered() + "\n"
    }

    public static func csv(_ sessions: [SessionSummary]) -> String {
        var out = "session,date,time,program,status,duration_seconds,share_done,max_discomfort,notes\r\n"
        for s in sessions {
            let row = [s.id, s.start.date.description, s.start.clock, s.title, s.outcome.rawValue, String(Int(s.durationSeconds.rounded())),
                       String(format: "%.3f", s.shareDone), s.highestRating.map(String.init) ?? "", notesCell(s)]
            out += row.map(ReportData.quote).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
