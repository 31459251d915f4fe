import Foundation
import LimberBasics
import LimberProgram

/// `limber log`: one line per session, as text, JSON or CSV.
public enum LogListing {
    /// What a session's row in the text and HTML lists shows: read from a whole session, or from
    /// a ``SessionList`` record without making the session whole (``SessionList/row(_:)``).
    struct Row {
        var start: LogTime
        var title: String
        var outcome: SessionOutcome
        var durationSeconds: Double
        var shareDone: Double
        var highestRating: Int?
        /// The notes given with ratings, in the order given.
        var notes: [String]

        init(start: LogTime, title: String, outcome: SessionOutcome, durationSeconds: Double, shareDone: Double,
             highestRating: Int?, notes: [String]) {
            (self.start, self.title, self.outcome, self.durationSeconds) = (start, title, outcome, durationSeconds)
            (self.shareDone, self.highestRating, self.notes) = (shareDone, highestRating, notes)
        }

        init(_ s: SessionSummary) {
            self.init(start: s.start, title: s.title, outcome: s.outcome, durationSeconds: s.durationSeconds, shareDone: s.shareDone,
                      highestRating: s.highestRating, notes: s.notes.compactMap(\.note))
        }

        /// The row's cells, `notes` last.
        func fields(notes: String) -> [String] {
            [start.date.description, start.clock, title, outcome.words, DurationText.clock(Int(durationSeconds.rounded())),
             Format.percent(shareDone), highestRating.map(String.init) ?? "—", notes]
        }
    }

    static let headers = ["date", "time", "program", "status", "duration", "done", "max discomfort", "notes"]

    public static func text(_ sessions: [SessionSummary]) -> String {
        var text = ""
        table(sessions.lazy.map(Row.init), indent: "", none: "No sessions in this log.") { text += $0 }
        return text
    }

    /// The sessions as a text table, or a line saying there are none, handed to `write` in
    /// pieces: the columns are measured in a first pass and the rows made again in a second, so
    /// a list of tens of thousands of sessions is never held whole.
    static func table(_ sessions: some Collection<Row>, indent: String, none: String, to write: (String) -> Void) {
        guard !sessions.isEmpty else { return write(indent + none + "\n") }
        let row = { (s: Row) in s.fields(notes: Format.notePreview(s.notes)).map(TextSanitizer.singleLine) }
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
