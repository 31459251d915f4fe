import LimberBasics
#if canImport(Glibc)
import Glibc
#endif

/// Draws a ``Screen`` at a terminal size: a pure function of the screen and the size, so it
/// is tested as text. Big digits when there is room (60×16 and up), a compact layout below
/// that, and one status line on a very small terminal (under 40×8). Text that must be read
/// whole (the safety notes, a stop notice, the instructions, the help) is never cut: it is
/// paged, with a "more" line and keys, and ``pageCount(_:)`` tells the session how many pages.
public struct ScreenRenderer: Sendable {
    public var columns: Int
    public var rows: Int
    public var palette: Styled.Palette
    /// ASCII digits, frames, bars and `...` for a terminal whose locale is not UTF-8.
    public var ascii: Bool

    public init(columns: Int, rows: Int, palette: Styled.Palette, ascii: Bool = false) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        self.palette = palette
        self.ascii = ascii
    }

    /// Exactly `rows` lines, none wider than `columns`.
    public func render(_ screen: Screen) -> [String] {
        let (slots, _) = layout(screen)
        return finished(slots, screen)
    }

    /// How many pages `screen` takes at this size (1 when it fits).
    public func pageCount(_ screen: Screen) -> Int { layout(screen).pages }

    /// A line of a layout: fixed text, or one of the lines that change as the session's time
    /// passes (the clock, the progress bar), drawn from the screen when the frame is made.
    enum Slot: Equatable {
        case text(Styled)
        /// Row `row` of the clock: in big digits at `scale`, or the one-line time when `scale` is 0.
        case clock(row: Int, scale: Int)
        case progress
    }

    /// The layout's first `rows` lines as the terminal gets them, padded to `rows`.
    func finished(_ slots: [Slot], _ screen: Screen) -> [String] {
        var clock = Clock()
        var out = slots.prefix(rows).map { finished($0, screen, clock: &clock) }
        while out.count < rows { out.append("") }
        return out
    }

    /// The clock's lines of one frame, each distinct row finished once (at scale 2 or 3 each
    /// row of the digits repeats).
    struct Clock {
        var lines: [String?] = []
    }

    /// One line of the layout as the terminal gets it, drawn from `screen`.
    func finished(_ slot: Slot, _ screen: Screen, clock: inout Clock) -> String {
        switch slot {
        case .text(let line): return finished(line)
        case .clock(let row, let scale):
            guard case .session(let s) = screen else { return "" }
            let distinct = row / max(1, scale)
            if clock.lines.isEmpty { clock.lines = Array(repeating: nil, count: scale > 0 ? BigDigits.height : 1) }
            if let done = clock.lines[distinct] { return done }
            let line = clockBytes(s, row: distinct, scale: scale) ?? {
                let (text, width) = clockLine(s, row: distinct, scale: scale)
                return finished(text, width: width)
            }()
            clock.lines[distinct] = line
            return line
        case .progress:
            guard case .session(let s) = screen else { return "" }
            return progressBytes(s) ?? {
                let (text, width) = progress(s)
                return finished(text, width: width)
            }()
        }
    }

    /// One line as the terminal gets it: in ASCII if need be, cut to the width, with the palette's
    /// codes. `width`, when the caller knows it (the lines drawn every second), spares measuring
    /// the line's graphemes to see that it fits: it must be the line's ``Styled/width``.
    func finished(_ line: Styled, width: Int? = nil) -> String {
        let line = ascii ? line.ascii : line
        if let width, width <= columns { return line.rendered(palette) }
        return line.truncated(columns, ellipsis: ellipsis).rendered(palette)
    }

    /// The lines of `screen` at this size, and its page count.
    func layout(_ screen: Screen) -> (lines: [Slot], pages: Int) {
        switch screen {
        case .start(let s): let (lines, pages) = start(s); return (lines.map(Slot.text), pages)
        case .session(let s): return columns < 40 || rows < 8 ? ([.text(statusLine(s))], 1) : session(s)
        case .end(let s): return (end(s).map(Slot.text), 1)
        }
    }

    /// True when `screen`'s layout depends on its time and progress only through ``Slot/clock(row:scale:)``
    /// and ``Slot/progress`` lines (and on the time's digits only through their count), so the
    /// same layout serves every second of a step.
    func hasTimedLayout(_ screen: Screen) -> Bool {
        guard case .session(let s) = screen, columns >= 40, rows >= 8 else { return false }
        return s.overlay == nil || s.overlay == .confirmQuit
    }

    private var width: Int { columns - 2 }
    private var ellipsis: String { ascii ? "..." : "…" }
    private func pad(_ s: Styled) -> Styled { Styled(" ") + s }
    private func text(_ s: String, _ color: Styled.Color? = nil, bold: Bool = false) -> Styled {
        pad(Styled(s, color: color, bold: bold))
    }
    private func centered(_ s: String, _ color: Styled.Color? = nil, bold: Bool = false) -> Styled {
        Styled(s, color: color, bold: bold).centered(columns, ellipsis: ellipsis)
    }
    /// `s` wrapped to the screen, each line indented by one column.
    private func paragraph(_ s: String, _ color: Styled.Color? = nil, bold: Bool = false) -> [Styled] {
        s.wrapped(width, ellipsis: ellipsis).map { text($0, color, bold: bold) }
    }
    /// Each note as a bullet, wrapped whole, continuation lines indented.
    private func bullets(_ notes: [String], _ color: Styled.Color? = nil) -> [Styled] {
        notes.flatMap { note in
            note.wrapped(width - 2, ellipsis: ellipsis).enumerated().map { text(($0.offset == 0 ? "• " : "  ") + $0.element, color) }
        }
    }

    // MARK: Pages

    /// `body` between `header` and `footer`, on as many pages as it needs. Lines that are nil
    /// are blank lines given up first when space is short. Every page but the last ends with
    /// "more ↓" instead of the footer, which the last page shows.
    private func paged(header: [Styled], body: [Styled?], footer: [Styled], page: Int) -> (lines: [Styled], pages: Int) {
        let room = rows - header.count - footer.count
        // Give up blank lines, the last first, until it fits or none is left.
        var body = body
        var excess = body.count - room
        for i in body.indices.reversed() where excess > 0 && body[i] == nil {
            body.remove(at: i)
            excess -= 1
        }
        let lines = body.map { $0 ?? Styled() }
        if lines.count <= room {
            return (header + lines + Array(repeating: Styled(), count: max(0, room - lines.count)) + footer, 1)
        }
        let perPage = max(1, room - 1)
        let pages = (lines.count + perPage - 1) / perPage
        let shown = min(max(0, page), pages - 1)
        var slice = Array(lines[(shown * perPage)..<min(lines.count, (shown + 1) * perPage)])
        slice += Array(repeating: Styled(), count: perPage - slice.count)
        let status: Styled
        if shown < pages - 1 {
            let back = shown > 0 ? ", ↑ back" : ""
            let count = " · \(shown + 1)/\(pages)"
            let long = "more ↓ (Space/↓ next page\(back))" + count
            status = text(long.displayWidth <= width ? long : "more ↓ (Space/↓)" + count, .yellow, bold: true)
        } else {
            status = text("↑ previous page · \(shown + 1)/\(pages)", .gray)
        }
        let end = shown < pages - 1 ? footer.map { _ in Styled() } : footer
        return (header + slice + [status] + end, pages)
    }

    // MARK: Start

    private func start(_ s: StartScreen) -> (lines: [Styled], pages: Int) {
        var body: [Styled?] = [nil, text(s.title, bold: true)]
        if let author = s.author { body += paragraph("by " + author, .gray) }
        if let description = s.description {
            body.append(nil)
            body += paragraph(description)
        }
        body.append(nil)
        if !s.safety.isEmpty {
            body.append(text("Safety", .yellow, bold: true))
            body += bullets(s.safety, .yellow)
            body.append(nil)
        }
        if !s.needs.isEmpty {
            body += paragraph("What you need: " + s.needs.joined(separator: ", "))
            body.append(nil)
        }
        for (i, e) in s.exercises.enumerated() { body.append(text("\(i + 1). \(e.name) — \(e.prescription)")) }
        body.append(nil)
        var total = "Total time \(s.totalTime)"
        if s.openSteps > 0 { total += " plus \(s.openSteps) set\(s.openSteps == 1 ? "" : "s") you end with Space" }
        body.append(text(total))
        if let progress = s.progress { body += paragraph(progress, .cyan) }
        if let note = s.audioNote { body += paragraph(note, .red) }
        body.append(nil)
        return paged(header: [], body: body, footer: [text("Press Space to begin · q to quit", .green, bold: true)], page: s.page)
    }

    // MARK: Session

    private func session(_ s: SessionScreen) -> (lines: [Slot], pages: Int) {
        var top = Styled(" " + s.title, bold: true)
        var flags: [String] = []
        if s.paused { flags.append("PAUSED") }
        flags.append(!s.sound ? "no sound" : s.muted ? "muted" : "vol \(s.volume)")
        let right = flags.joined(separator: "  ")
        top = top.truncated(max(1, columns - right.displayWidth - 2), ellipsis: ellipsis)
        top = top + Styled(String(repeating: " ", count: max(1, columns - top.width - right.displayWidth - 1)))
            + Styled(right, color: s.paused ? .yellow : .gray, bold: s.paused)
        let header: [Styled] = [top, Styled(" " + String(repeating: "─", count: max(0, width)), color: .gray)]

        switch s.overlay {
        case .stop(let notice, let safety, let ended)?:
            var body: [Styled?] = [nil]
            body += paragraph(notice, .yellow, bold: true)
            if !safety.isEmpty {
                body.append(nil)
                body.append(text("Safety", .yellow, bold: true))
                body += bullets(safety, .yellow)
            }
            let go = ended ? "Press any key for the summary" : "Press any key to go on"
            let (lines, pages) = paged(header: header, body: body, footer: [text(go, .green, bold: true)], page: s.page)
            return (lines.map(Slot.text), pages)
        case .instructions(let sheet)?:
            var body: [Styled?] = [nil, text(sheet.name, bold: true)]
            if let instructions = sheet.instructions { body.append(nil); body += paragraph(instructions) }
            if let equipment = sheet.equipment { body.append(nil); body += paragraph("Equipment: " + equipment) }
            if let notes = sheet.notes { body.append(nil); body += paragraph("Notes: " + notes, .cyan) }
            if !sheet.media.isEmpty { body.append(nil); body += paragraph("See: " + sheet.media.joined(separator: ", "), .cyan) }
            let (lines, pages) = paged(header: header, body: body, footer: [text("Paused · any key: back to the exercise", .gray)], page: s.page)
            return (lines.map(Slot.text), pages)
        case .help?:
            let keys = [
                "Space   pause / resume; ends a set of reps you count (so does Enter)",
                "n  →    skip this step", "b  ←    back: restart this step (twice: the one before)",
                "i       the exercise's whole instructions", "q       quit (asks first) · Ctrl-C quits at once",
                "m       mute / unmute", "+  -    volume up / down",
                "Ctrl-Z  suspend (the shell's fg brings the session back, paused)", "?       this help",
            ]
            let body: [Styled?] = [nil, text("Keys", bold: true)] + keys.flatMap { paragraph("  " + $0) }
            let (lines, pages) = paged(header: header, body: body, footer: [text("Paused · any key closes the help", .gray)], page: s.page)
            return (lines.map(Slot.text), pages)
        case .rating(let question, let note, let editing)?:
            return (rating(s, header, question: question, note: note, editing: editing).map(Slot.text), 1)
        case .confirmQuit?, nil:
            return (timed(s, header), 1)
        }
    }

    /// The running session: phase, time, exercise, instructions, what comes next, progress.
    /// Its clock and progress bar are ``Slot``s: the rest of it stays the same through a step.
    private func timed(_ s: SessionScreen, _ header: [Styled]) -> [Slot] {
        var lines = header.map(Slot.text)
        var middle: [Slot] = []
        func add(_ line: Styled) { middle.append(.text(line)) }
        if s.overlay == .confirmQuit {
            [Styled(), centered("Quit the session?", bold: true), Styled()].forEach(add)
            "y = quit (what you did is saved) · any other key = go on".wrapped(width).forEach { add(centered($0, .gray)) }
        } else {
            let phase = s.paused ? "PAUSED · \(s.phase)" : s.phase
            add(Styled(" \(phase) ", color: s.phaseColor, bold: true, inverse: true).centered(columns, ellipsis: ellipsis))
            add(Styled())
            let big = rows >= 16 && columns >= 60
            if big {
                let scale = clockScale(s.time)
                middle += (0..<BigDigits.height * scale).map { Slot.clock(row: $0, scale: scale) }
            } else {
                middle.append(.clock(row: 0, scale: 0))
            }
            add(Styled())
            add(centered(s.exercise, bold: true))
            if !s.detail.isEmpty { add(centered(s.detail)) }
            if let notice = s.notice {
                for line in notice.wrapped(width - 2, maxLines: 4, ellipsis: ellipsis) { add(centered(line, .yellow, bold: true)) }
            } else {
                let spare = rows - lines.count - middle.count - 5
                if let instructions = s.instructions, spare > 0 {
                    let all = instructions.wrapped(min(width, 76))
                    let room = min(spare, big ? 4 : 2)
                    // What doesn't fit is one key away: the last line says so.
                    let shown = all.count <= room ? all : Array(all.prefix(room - 1))
                    for line in shown { add(centered(line, .gray)) }
                    if shown.count < all.count { add(centered("i  read all the instructions", .cyan)) }
                }
                if let equipment = s.equipment, rows - lines.count - middle.count - 5 > 0 {
                    add(centered("Equipment: " + equipment, .gray))
                }
                let bottomLines = 2 + (s.next == nil ? 0 : 1) + (s.warning == nil ? 0 : 1)
                if s.instructions != nil, spare <= 0, rows - lines.count - middle.count - bottomLines > 1 {
                    add(centered("i  read the instructions", .cyan))
                }
            }
        }
        lines += middle

        var bottom: [Slot] = []
        if let warning = s.warning { bottom.append(.text(text(warning, .red))) }
        if let next = s.next { bottom.append(.text(text(next))) }
        bottom.append(.progress)
        bottom.append(.text(text(columns >= 72 ? "Space pause · n skip · b back · q quit · m mute · +/- volume · ? help"
                                               : "Space pause · n skip · q quit · ? help", .gray)))
        let gap = rows - lines.count - bottom.count
        if gap > 0 { lines += Array(repeating: .text(Styled()), count: gap) } else { lines = Array(lines.prefix(max(2, rows - bottom.count))) }
        return lines + bottom
    }

    /// The big digits' scale for `time`: as large as fits, up to 3.
    private func clockScale(_ time: String) -> Int {
        let available = rows - 14
        var scale = 1
        while scale < 3, BigDigits.width(time, scale: scale + 1) <= width,
              BigDigits.height * (scale + 1) <= available { scale += 1 }
        return scale
    }

    /// Row `row` of the clock as ``finished(_:width:)`` makes ``clockLine(_:row:scale:)``, built
    /// straight as bytes (it is drawn every second), when it fits: big digits whose every
    /// character has a glyph, or a one-line time in ASCII. Nil otherwise (the line is then cut,
    /// measured the slow way).
    func clockBytes(_ s: SessionScreen, row: Int, scale: Int) -> String? {
        var line = LineBytes(capacity: 3 * columns + 16)
        let opening = Styled.opening(color: s.phaseColor, bold: true, palette: palette)
        if scale > 0 {
            guard let width = BigDigits.knownWidth(s.time, scale: scale), width <= columns else { return nil }
            line.spaces((columns - width) / 2)
            line.append(opening)
            BigDigits.appendRow(row, of: s.time, scale: scale, ascii: ascii, to: &line)
        } else {
            let text = s.time + (s.countsUp ? " so far" : " left")
            guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), text.utf8.count <= columns else { return nil }
            line.spaces((columns - text.utf8.count) / 2)
            line.append(opening)
            line.append(text)
        }
        if !opening.isEmpty { line.append(Styled.reset) }
        return line.string
    }

    /// Row `row` of the time left (or so far): of the big digits at `scale` (each row drawn
    /// `scale` times), or the one line when `scale` is 0; with its width when the digits fit,
    /// known from the glyphs (the line is then `centered` without measuring it).
    func clockLine(_ s: SessionScreen, row: Int, scale: Int) -> (line: Styled, width: Int?) {
        guard scale > 0 else { return (centered(s.time + (s.countsUp ? " so far" : " left"), s.phaseColor, bold: true), nil) }
        let digits = BigDigits.row(row, of: s.time, scale: scale, ascii: ascii)
        guard let width = BigDigits.knownWidth(s.time, scale: scale), width <= columns else {
            return (centered(digits, s.phaseColor, bold: true), nil)
        }
        let left = (columns - width) / 2
        return (Styled(String(repeating: " ", count: left)) + Styled(digits, color: s.phaseColor, bold: true), left + width)
    }

    /// The 0–10 question: the question, the scale, the note being typed and the keys always
    /// show; blank lines, what comes next and the progress bar give way on a small screen.
    private func rating(_ s: SessionScreen, _ header: [Styled], question: String, note: String, editing: Bool) -> [Styled] {
        // Each line with how readily it gives way (0: never).
        var middle: [(Styled, Int)] = [(Styled(), 3)]
        middle += question.wrapped(width - 2, ellipsis: ellipsis).map { (centered($0, bold: true), 0) }
        middle.append((centered("0 = none … 10 = worst imaginable"), 1))
        middle.append((Styled(), 3))
        middle.append((centered(" 0  1  2  3  4  5  6  7  8  9  10 ", .cyan, bold: true), 0))
        middle.append((Styled(), 3))
        let keys: String
        if editing {
            // The end of the note, so what is typed stays in view.
            let room = max(1, width - "Note: ▏".displayWidth)
            var shown = note
            while shown.displayWidth > room { shown.removeFirst() }
            middle.append((centered("Note: \(shown)▏", .yellow, bold: true), 0))
            keys = "Type a short note · Enter to keep it · Esc to drop it"
        } else {
            if !note.isEmpty { middle += note.wrapped(width - 6, ellipsis: ellipsis).enumerated().map { (centered(($0.offset == 0 ? "Note: " : "      ") + $0.element, .yellow), 0) } }
            keys = "Press 0–9, or T for 10 · Enter to skip · N to add a note"
        }
        middle += keys.wrapped(width).map { (centered($0, .gray), 0) }
        var bottom: [(Styled, Int)] = []
        if let warning = s.warning { bottom.append((text(warning, .red), 0)) }
        if let next = s.next { bottom.append((text(next), 2)) }
        bottom.append((progress(s).line, 2))
        let keysLine = columns >= 50 ? "0–9 · T = 10 · Enter skip · n note · q quit" : "0–9 · T=10 · Enter skip · n note"
        bottom.append((text(editing ? "Enter keep · Esc drop · Backspace erase" : keysLine, .gray), 0))
        var items = middle + [(Styled(), 4)] + bottom
        for level in stride(from: 3, through: 1, by: -1) where header.count + items.count > rows {
            var excess = header.count + items.count - rows
            items = items.filter { item in
                guard excess > 0, item.1 == level else { return true }
                excess -= 1
                return false
            }
        }
        // What is left fills the screen: the gap marker grows to push the bottom down.
        let gapAt = items.firstIndex { $0.1 == 4 }
        var lines = items.map(\.0)
        if let gapAt {
            lines.remove(at: gapAt)
            let fill = max(0, rows - header.count - lines.count)
            lines.insert(contentsOf: Array(repeating: Styled(), count: fill), at: gapAt)
        }
        return header + lines
    }

    /// The progress bar's parts: its label and the label's length in characters (the clock's
    /// digits are ASCII; `·` is two bytes), the bar's length and how much of it is filled.
    private func progressParts(_ s: SessionScreen) -> (label: String, length: Int, bar: Int, filled: Int) {
        let elapsed = DurationText.clock(s.elapsed), left = DurationText.clock(max(0, s.total - s.elapsed))
        let label = " \(elapsed) done · \(left) left"
        let length = label.utf8.count - 1
        let barWidth = max(4, columns - length - 4)
        return (label, length, barWidth, s.total > 0 ? min(barWidth, barWidth * s.elapsed / s.total) : 0)
    }

    /// The progress bar and its label, with its width (every character of it takes one column).
    func progress(_ s: SessionScreen) -> (line: Styled, width: Int) {
        let (label, length, barWidth, filled) = progressParts(s)
        let line = Styled(" ") + Styled(String(repeating: "█", count: filled), color: .green)
            + Styled(String(repeating: "░", count: barWidth - filled), color: .gray) + Styled(label)
        return (line, 1 + barWidth + length)
    }

    /// ``progress(_:)`` as ``finished(_:width:)`` makes it, built straight as bytes (it is drawn
    /// every second); nil when it does not fit (it is then cut the slow way).
    func progressBytes(_ s: SessionScreen) -> String? {
        let (label, length, barWidth, filled) = progressParts(s)
        guard 1 + barWidth + length <= columns else { return nil }
        var line = LineBytes(capacity: 3 * barWidth + label.utf8.count + 24)
        line.spaces(1)
        func part(_ block: String, _ ascii: String, _ count: Int, _ color: Styled.Color) {
            let opening = Styled.opening(color: color, bold: false, palette: palette)
            line.append(opening)
            line.repeating(self.ascii ? ascii : block, count: count)
            if !opening.isEmpty { line.append(Styled.reset) }
        }
        part("█", "#", filled, .green)
        part("░", "-", barWidth - filled, .gray)
        line.append(ascii ? Styled(label).ascii.plain : label)
        return line.string
    }

    private func statusLine(_ s: SessionScreen) -> Styled {
        switch s.overlay {
        case .rating?: return Styled("Discomfort 0-9, T=10, Enter skips", bold: true)
        case .confirmQuit?: return Styled("Quit? y/n", bold: true)
        case .stop(let notice, let safety, _)?:
            // Too small to page: the whole text on one line that the terminal can show in part;
            // the summary after the session prints it again in full.
            return Styled(([notice] + safety).joined(separator: " "), color: .yellow, bold: true)
        default: break
        }
        let phase = s.paused ? "PAUSED" : s.phase
        return Styled(phase, color: s.phaseColor, bold: true) + Styled(" \(s.time) · \(s.exercise) \(s.detail)")
    }

    // MARK: End

    private func end(_ s: EndScreen) -> [Styled] {
        var lines: [Styled] = [Styled(), text(s.title, bold: true), Styled()]
        lines.append(text("Session \(s.status) · \(s.timeTaken)", s.completed ? .green : .yellow, bold: true))
        lines.append(text("Sets done: \(s.setsDone)" + (s.setsSkipped > 0 ? " · skipped: \(s.setsSkipped)" : "")))
        if let progress = s.progress { lines += paragraph(progress, .cyan) }
        if !s.ratings.isEmpty {
            lines.append(Styled())
            lines.append(text("Discomfort (0–10)", bold: true))
            for r in s.ratings { lines.append(text("  " + r)) }
        }
        var stop: [Styled] = []
        if let notice = s.notice { stop += [Styled()] + paragraph(notice, .yellow, bold: true) }
        if !s.safety.isEmpty { stop += [Styled()] + bullets(s.safety, .yellow) }
        var last = [Styled()] + ("Log: " + s.logPath).wrapped(width, ellipsis: ellipsis).map { text($0, .gray) }
        if let unsaved = s.unsaved { for line in unsaved.wrapped(width) { last.append(text(line, .red, bold: true)) } }
        last.append(text("Press any key to exit", .green))
        // The stop's text is shown whole or, when it can't be, said to follow on leaving.
        if lines.count + stop.count + last.count > rows, !stop.isEmpty {
            stop = [Styled()] + paragraph("The safety notes are printed when you leave this screen.", .yellow, bold: true)
        }
        return keepingLast(last.count, of: lines + stop + last)
    }

    /// The lines cut to fit the screen, always keeping the last `count` (what to press).
    private func keepingLast(_ count: Int, of lines: [Styled]) -> [Styled] {
        guard lines.count > rows, rows > count else { return lines }
        return Array(lines.prefix(rows - count)) + Array(lines.suffix(count))
    }
}

extension ScreenRenderer {
    /// True when the locale's character set is UTF-8; otherwise the screens are drawn in ASCII.
    /// Reads LC_CTYPE as `setlocale(LC_CTYPE, "")` finds it (LC_ALL, LC_CTYPE, LANG), then puts
    /// the process's own locale back, so nothing else (number formats) changes.
    public static func localeIsUTF8() -> Bool {
        let saved = setlocale(LC_CTYPE, nil).map { String(cString: $0) }
        setlocale(LC_CTYPE, "")
        defer { if let saved { setlocale(LC_CTYPE, saved) } }
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
