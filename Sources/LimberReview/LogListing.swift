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

        /// The row's cells, `notes` last: what the text list (``RowCells``) and the HTML list
        /// (`ReportHTML.sessionRows`) write as bytes, and what their tests check them against.
        func fields(notes: String) -> [String] {
            [start.date.description, start.clock, title, outcome.words, DurationText.clock(Int(durationSeconds.rounded())),
             Format.percent(shareDone), highestRating.map(String.init) ?? "—", notes]
        }
    }

    static let headers = ["date", "time", "program", "status", "duration", "done", "max discomfort", "notes"]

    public static func text(_ sessions: [SessionSummary]) -> String {
        var text = ""
        table(count: sessions.count, row: { Row(sessions[$0]) }, indent: "", none: "No sessions in this log.") { text += $0 }
        return text
    }

    /// From how many rows a session list is made on two threads at once (``Alongside``), and
    /// the rows of a run there.
    static let rowsInHalves = 1000, rowsPerTurn = 2048

    /// The sessions (`count` of them, `row(i)` each) as a text table, or a line saying there are
    /// none, handed to `write` in pieces: the columns are measured in a first pass and the rows
    /// made again in a second, so a list of tens of thousands of sessions is never held whole.
    /// The cells are made as bytes (``RowCells``), each measured once.
    ///
    /// From `inHalves` rows on (with a second processor), both passes run on two threads: the
    /// widths of each half of the list at once, then the lines in turns of two runs of `perTurn`
    /// rows, the second run's made into a buffer on the other thread and handed on after the
    /// first. The same bytes as one thread makes.
    static func table(count: Int, row: @escaping @Sendable (Int) -> Row, indent: String, none: String,
                      inHalves: Int = rowsInHalves, perTurn: Int = rowsPerTurn, to write: (String) -> Void) {
        guard count > 0 else { return write(indent + none + "\n") }
        let both = Alongside.available && count >= inHalves
        var widths = headers.map(\.displayWidth)
        if both {
            let split = count / 2
            let (first, second) = Alongside.both({ columnWidths(0..<split, row) }, { columnWidths(split..<count, row) })
            for (i, w) in zip(first, second).map(max).enumerated() { widths[i] = max(widths[i], w) }
        } else {
            for (i, w) in columnWidths(0..<count, row).enumerated() { widths[i] = max(widths[i], w) }
        }
        let piece = ByteOutput()
        var header = TextTable.Cells()
        for h in headers { header.append(Array(h.utf8), width: h.displayWidth) }
        TextTable(indent: indent).line(header, widths: widths, to: piece)
        let lines = { @Sendable [widths] (range: Range<Int>, out: ByteOutput) in
            let table = TextTable(indent: indent)
            var cells = RowCells()
            for i in range {
                cells.fill(row(i))
                table.line(cells.cells, widths: widths, to: out)
            }
        }
        // Two runs a turn when on two threads; runs of 512 rows (~40 KB) on one.
        let run = both ? perTurn : 512
        for start in stride(from: 0, to: count, by: 2 * run) {
            let turn = min(count - start, 2 * run)
            if both {
                Alongside.write(count: turn, run: run, to: piece) { range, out in lines(range.lowerBound + start..<range.upperBound + start, out) }
            } else {
                lines(start..<start + turn, piece)
            }
            write(piece.text)
            piece.removeAll()
        }
    }

    /// The widest cell of each column over the rows of `range`: measured as ``RowCells`` makes
    /// them, without making them.
    private static func columnWidths(_ range: Range<Int>, _ row: (Int) -> Row) -> [Int] {
        var cells = RowCells()
        var widths = headers.map { _ in 0 }
        for i in range { cells.measure(row(i), into: &widths) }
        return widths
    }

    /// A session-list row's cells, sanitised (``TextSanitizer/singleLine(_:)``) and measured,
    /// as ``Row/fields(notes:)`` gives them: printable ASCII (nearly every cell) taken as it
    /// is, one column a byte; the titles of the last few programs, and the last date, duration,
    /// share and rating, kept ready (a long list repeats them from row to row).
    struct RowCells {
        private(set) var cells = TextTable.Cells()
        /// Recent titles, sanitised, with their widths (newest first).
        private var titles: [(title: String, bytes: [UInt8], width: Int)] = []
        private var day = Last<Int>(), duration = Last<Int>(), share = Last<Double>()
        /// The highest rating's cell for each rating a session can have (0–10; the review drops
        /// others), made once; other numbers through `highest`.
        private var ratingCells: [Last<Int?>?] = Array(repeating: nil, count: 11)
        private var highest = Last<Int?>()

        /// The cell made for the last key seen in one column.
        struct Last<Key: Equatable> {
            var key: Key?
            var bytes: [UInt8] = []
            var width = 0

            /// The cell for `key`: the last one when the key is the same, else `text()` sanitised and measured.
            mutating func cell(_ key: Key, _ text: () -> String) -> Last {
                if self.key != key { (bytes, width) = RowCells.clean(text()) }
                self.key = key
                return self
            }
        }

        mutating func fill(_ row: Row) {
            cells.removeAll()
            append(day.cell(row.start.daysSinceEpoch) { row.start.date.description })
            row.start.withClockBytes { cells.append($0, width: $0.count) }
            let t = title(row.title)
            cells.append(titles[t].bytes, width: titles[t].width)
            append(row.outcome.words)
            append(durationCell(row))
            append(share.cell(row.shareDone) { Format.percent(row.shareDone) })
            append(highestCell(row))
            append(row.notes.isEmpty ? "" : Format.notePreview(row.notes))
        }

        /// Raises each of `widths` to the width of `row`'s cell in that column, as ``fill(_:)``
        /// would make them, without making the row (the first of a list's two passes).
        mutating func measure(_ row: Row, into widths: inout [Int]) {
            func widen(_ k: Int, _ w: Int) { if w > widths[k] { widths[k] = w } }
            widen(0, day.cell(row.start.daysSinceEpoch) { row.start.date.description }.width)
            widen(1, LogTime.clockWidth)
            widen(2, titles[title(row.title)].width)
            widen(3, Self.width(row.outcome.words))
            widen(4, durationCell(row).width)
            widen(5, share.cell(row.shareDone) { Format.percent(row.shareDone) }.width)
            widen(6, highestCell(row).width)
            if !row.notes.isEmpty { widen(7, Self.width(Format.notePreview(row.notes))) }
        }

        /// Where `title`'s cell is in `titles`, made and put first when it is not there.
        /// Compared byte for byte: `==` would take "é" and "e\u{301}" for the same title.
        private mutating func title(_ title: String) -> Int {
            var title = title
            if let i = title.withUTF8({ t in titles.firstIndex { Self.sameBytes($0.title, t) } }) { return i }
            let (bytes, width) = Self.clean(title)
            titles.insert((title, bytes, width), at: 0)
            if titles.count > 16 { titles.removeLast() }
            return 0
        }

        private mutating func durationCell(_ row: Row) -> Last<Int> {
            let seconds = Int(row.durationSeconds.rounded())
            return duration.cell(seconds) { DurationText.clock(seconds) }
        }

        private mutating func highestCell(_ row: Row) -> Last<Int?> {
            let text = { row.highestRating.map(String.init) ?? "—" }
            guard let r = row.highestRating, ratingCells.indices.contains(r) else { return highest.cell(row.highestRating, text) }
            if let made = ratingCells[r] { return made }
            var made = Last<Int?>()
            made = made.cell(r, text)
            ratingCells[r] = made
            return made
        }

        /// The width ``append(_:)`` gives `text`'s cell.
        static func width(_ text: String) -> Int {
            var text = text
            return text.withUTF8 { isPrintableASCII($0) } ? text.utf8.count : TextSanitizer.singleLine(text).displayWidth
        }

        private mutating func append<Key>(_ last: Last<Key>) { cells.append(last.bytes, width: last.width) }

        /// Adds `text` sanitised and measured.
        private mutating func append(_ text: String) {
            var text = text
            let ascii = text.withUTF8 { b in
                guard Self.isPrintableASCII(b) else { return false }
                cells.append(b, width: b.count)
                return true
            }
            if !ascii {
                let clean = TextSanitizer.singleLine(text)
                cells.append(Array(clean.utf8), width: clean.displayWidth)
            }
        }

        /// `a`'s UTF-8 is `b`.
        static func sameBytes(_ a: String, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
            var a = a
            return a.utf8.count == b.count && a.withUTF8 { b.isEmpty || memcmp($0.baseAddress!, b.baseAddress!, b.count) == 0 }
        }

        static func isPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }

        /// `text` sanitised, as bytes, and its display width.
        static func clean(_ text: String) -> ([UInt8], Int) {
            var text = text
            if let ascii = text.withUTF8({ isPrintableASCII($0) ? Array($0) : nil }) { return (ascii, ascii.count) }
            let clean = TextSanitizer.singleLine(text)
            return (Array(clean.utf8), clean.displayWidth)
        }
    }

    /// A session's object in the JSON of `limber log` and of the report (`counts`: the report's
    /// member saying it counts towards adherence; nil leaves it out), `title` writing its program.
    static func writeSession(id: String, _ row: Row, title: (inout JSONWriter) -> Void, counts: Bool?,
                             notes: [RatingRecord], _ w: inout JSONWriter) {
        w.beginObject()
        w.key(literal: "id")
        w.string(id)
        w.key(literal: "date")
        w.string(date: row.start.date)
        w.key(literal: "time")
        w.string(row.start.clock)
        w.key(literal: "program")
        title(&w)
        w.key(literal: "status")
        w.string(row.outcome.rawValue)
        if let counts {
            w.key(literal: "counts")
            w.bool(counts)
        }
        w.key(literal: "duration_seconds")
        w.int(Int(row.durationSeconds.rounded()))
        w.key(literal: "share_done")
        w.thousandths(row.shareDone)
        w.key(literal: "max_discomfort")
        w.int(row.highestRating)
        w.key(literal: "notes")
        writeNotes(notes, &w)
        w.endObject()
    }

    /// A session's notes for JSON (`ratings`: those with a note): what each was about, its
    /// rating, the text.
    static func writeNotes(_ ratings: [RatingRecord], _ w: inout JSONWriter) {
        w.beginArray()
        for r in ratings {
            w.beginObject()
            w.key(literal: "exercise")
            if let exercise = r.exercise { w.string(exercise) } else { w.null() }
            w.key(literal: "rating")
            w.int(r.rating)
            w.key(literal: "note")
            w.string(r.note ?? "")
            w.endObject()
        }
        w.endArray()
    }

    /// A session's notes for CSV, whole: "Glute bridge (rating 8): tingling into right calf; …".
    static func notesCell(_ s: SessionSummary) -> String { s.notes.map(Format.note).joined(separator: "; ") }

    public static func json(_ sessions: [SessionSummary]) -> String {
        let out = ByteOutput()
        var w = JSONWriter(out)
        w.beginArray()
        for s in sessions {
            writeSession(id: s.id, Row(s), title: { $0.string(s.title) }, counts: nil, notes: s.notes, &w)
        }
        w.endArray()
        out.append("\n")
        return out.text
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
