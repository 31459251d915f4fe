import LimberBasics

/// Draws a ``Screen`` at a terminal size: a pure function of the screen and the size, so it
/// is tested as text. Big digits when there is room (60×16 and up), a compact layout below
/// that, and one status line on a very small terminal (under 40×8).
public struct ScreenRenderer: Sendable {
    public var columns: Int
    public var rows: Int
    public var palette: Styled.Palette

    public init(columns: Int, rows: Int, palette: Styled.Palette) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        self.palette = palette
    }

    /// Exactly `rows` lines, none wider than `columns`.
    public func render(_ screen: Screen) -> [String] {
        let lines: [Styled]
        switch screen {
        case .start(let s): lines = start(s)
        case .session(let s): lines = columns < 40 || rows < 8 ? [statusLine(s)] : session(s)
        case .end(let s): lines = end(s)
        }
        var out = lines.prefix(rows).map { $0.truncated(columns).rendered(palette) }
        while out.count < rows { out.append("") }
        return out
    }

    private var width: Int { columns - 2 }
    private func pad(_ s: Styled) -> Styled { Styled(" ") + s }
    private func text(_ s: String, _ color: Styled.Color? = nil, bold: Bool = false) -> Styled {
        pad(Styled(s, color: color, bold: bold))
    }

    // MARK: Start

    private func start(_ s: StartScreen) -> [Styled] {
        var lines: [Styled] = [Styled(), text(s.title, bold: true)]
        if let author = s.author { lines.append(text("by " + author, .gray)) }
        lines.append(Styled())
        if !s.safety.isEmpty {
            lines.append(text("Safety", .yellow, bold: true))
            for note in s.safety {
                for (i, line) in note.wrapped(width - 2).enumerated() { lines.append(text((i == 0 ? "• " : "  ") + line, .yellow)) }
            }
            lines.append(Styled())
        }
        let room = max(1, rows - lines.count - 6)
        for (i, e) in s.exercises.enumerated() where i < room {
            if i == room - 1, s.exercises.count > room {
                lines.append(text("… and \(s.exercises.count - i) more"))
                break
            }
            lines.append(text("\(i + 1). \(e.name) — \(e.prescription)"))
        }
        lines.append(Styled())
        var total = "Total time \(s.totalTime)"
        if s.openSteps > 0 { total += " plus \(s.openSteps) set\(s.openSteps == 1 ? "" : "s") you end with Space" }
        lines.append(text(total))
        if let note = s.audioNote { lines.append(text(note, .red)) }
        lines.append(Styled())
        return keepingLast(1, of: lines + [text("Press Space to begin · q to quit", .green, bold: true)])
    }

    /// The lines cut to fit the screen, always keeping the last `count` (what to press).
    private func keepingLast(_ count: Int, of lines: [Styled]) -> [Styled] {
        guard lines.count > rows, rows > count else { return lines }
        return Array(lines.prefix(rows - count)) + Array(lines.suffix(count))
    }

    // MARK: Session

    private func session(_ s: SessionScreen) -> [Styled] {
        var top = Styled(" " + s.title, bold: true)
        var flags: [String] = []
        if s.paused { flags.append("PAUSED") }
        flags.append(s.muted ? "muted" : "vol \(s.volume)")
        let right = flags.joined(separator: "  ")
        top = top.truncated(max(1, columns - right.count - 2))
        top = top + Styled(String(repeating: " ", count: max(1, columns - top.width - right.count - 1)))
            + Styled(right, color: s.paused ? .yellow : .gray, bold: s.paused)
        var lines: [Styled] = [top, Styled(" " + String(repeating: "─", count: max(0, width)), color: .gray)]

        var middle: [Styled] = []
        if let overlay = s.overlay {
            middle = self.overlay(overlay, s)
        } else {
            let phase = s.paused ? "PAUSED · \(s.phase)" : s.phase
            middle.append(Styled(" \(phase) ", color: s.phaseColor, bold: true, inverse: true).centered(columns))
            middle.append(Styled())
            let big = rows >= 16 && columns >= 60
            if big {
                let available = rows - 14
                var scale = 1
                while scale < 3, BigDigits.width(s.time, scale: scale + 1) <= width,
                      BigDigits.height * (scale + 1) <= available { scale += 1 }
                for line in BigDigits.render(s.time, scale: scale) {
                    middle.append(Styled(line, color: s.phaseColor, bold: true).centered(columns))
                }
            } else {
                middle.append(Styled(s.time + (s.countsUp ? " so far" : " left"), color: s.phaseColor, bold: true).centered(columns))
            }
            middle.append(Styled())
            middle.append(Styled(s.exercise, bold: true).centered(columns))
            if !s.detail.isEmpty { middle.append(Styled(s.detail).centered(columns)) }
            if let notice = s.notice {
                for line in notice.wrapped(width - 2, maxLines: 4) { middle.append(Styled(line, color: .yellow, bold: true).centered(columns)) }
            } else {
                let spare = rows - lines.count - middle.count - 5
                if let instructions = s.instructions, spare > 0 {
                    for line in instructions.wrapped(min(width, 76), maxLines: min(spare, big ? 4 : 2)) {
                        middle.append(Styled(line, color: .gray).centered(columns))
                    }
                }
                if let equipment = s.equipment, rows - lines.count - middle.count - 5 > 0 {
                    middle.append(Styled("Equipment: " + equipment, color: .gray).centered(columns))
                }
            }
        }
        lines += middle

        var bottom: [Styled] = []
        if let warning = s.warning { bottom.append(text(warning, .red)) }
        if let next = s.next { bottom.append(text(next)) }
        bottom.append(progress(s))
        bottom.append(text(columns >= 72 ? "Space pause · n skip · b back · q quit · m mute · +/- volume · ? help"
                                         : "Space pause · n skip · q quit · ? help", .gray))
        let gap = rows - lines.count - bottom.count
        if gap > 0 { lines += Array(repeating: Styled(), count: gap) } else { lines = Array(lines.prefix(max(2, rows - bottom.count))) }
        return lines + bottom
    }

    private func overlay(_ overlay: SessionScreen.Overlay, _ s: SessionScreen) -> [Styled] {
        switch overlay {
        case .rating(let question, let note, let editing):
            var lines: [Styled] = [Styled()]
            for line in question.wrapped(width - 2) { lines.append(Styled(line, bold: true).centered(columns)) }
            lines.append(Styled("0 = none … 10 = worst imaginable").centered(columns))
            lines.append(Styled())
            lines.append(Styled(" 0  1  2  3  4  5  6  7  8  9  10 ", color: .cyan, bold: true).centered(columns))
            lines.append(Styled())
            if editing {
                lines.append(Styled("Note: \(note)▏", color: .yellow).centered(columns))
                lines.append(Styled("Type a short note · Enter to keep it · Esc to drop it", color: .gray).centered(columns))
            } else {
                if !note.isEmpty { lines.append(Styled("Note: \(note)", color: .yellow).centered(columns)) }
                lines.append(Styled("Press 0–9, or T for 10 · Enter to skip · N to add a note", color: .gray).centered(columns))
            }
            return lines
        case .confirmQuit:
            return [Styled(), Styled("Quit the session?", bold: true).centered(columns), Styled(),
                    Styled("y = quit (what you did is saved) · any other key = go on", color: .gray).centered(columns)]
        case .help:
            let keys = [
                "Space   pause / resume (ends a set of reps you count yourself)",
                "n  →    skip this step", "b  ←    back: restart this step (twice: the one before)",
                "q       quit (asks first) · Ctrl-C quits at once", "m       mute / unmute",
                "+  -    volume up / down", "?       this help (any key closes it)",
            ]
            return [Styled(), Styled("Keys", bold: true).centered(columns)] + keys.map { text("  " + $0) }
        }
    }

    private func progress(_ s: SessionScreen) -> Styled {
        let elapsed = DurationText.clock(s.elapsed), left = DurationText.clock(max(0, s.total - s.elapsed))
        let label = " \(elapsed) done · \(left) left"
        let barWidth = max(4, columns - label.count - 4)
        let filled = s.total > 0 ? min(barWidth, barWidth * s.elapsed / s.total) : 0
        return Styled(" ") + Styled(String(repeating: "█", count: filled), color: .green)
            + Styled(String(repeating: "░", count: barWidth - filled), color: .gray) + Styled(label)
    }

    private func statusLine(_ s: SessionScreen) -> Styled {
        if case .rating = s.overlay { return Styled("Discomfort 0-9, T=10, Enter skips", bold: true) }
        if case .confirmQuit = s.overlay { return Styled("Quit? y/n", bold: true) }
        let phase = s.paused ? "PAUSED" : s.phase
        return Styled(phase, color: s.phaseColor, bold: true) + Styled(" \(s.time) · \(s.exercise) \(s.detail)")
    }

    // MARK: End

    private func end(_ s: EndScreen) -> [Styled] {
        var lines: [Styled] = [Styled(), text(s.title, bold: true), Styled()]
        let color: Styled.Color = s.status == "completed" ? .green : .yellow
        lines.append(text("Session \(s.status) · \(s.timeTaken)", color, bold: true))
        lines.append(text("Sets done: \(s.setsDone)" + (s.setsSkipped > 0 ? " · skipped: \(s.setsSkipped)" : "")))
        if !s.ratings.isEmpty {
            lines.append(Styled())
            lines.append(text("Discomfort (0–10)", bold: true))
            for r in s.ratings { lines.append(text("  " + r)) }
        }
        if let notice = s.notice {
            lines.append(Styled())
            for line in notice.wrapped(width) { lines.append(text(line, .yellow, bold: true)) }
        } else if !s.safety.isEmpty {
            lines.append(Styled())
            for note in s.safety { for line in ("• " + note).wrapped(width) { lines.append(text(line, .yellow)) } }
        }
        lines.append(Styled())
        var last = ("Log: " + s.logPath).wrapped(width).map { text($0, .gray) }
        if let unsaved = s.unsaved { for line in unsaved.wrapped(width) { last.append(text(line, .red, bold: true)) } }
        last.append(text("Press any key to exit", .green))
        return keepingLast(last.count, of: lines + last)
    }

}
