/// The last frame's layout, kept so that the next frame of the same step at the same size
/// redraws only what a passing second changes (the clock and the progress bar): the title,
/// exercise, instructions and footer are laid out, wrapped and styled once per step, size or
/// state, not once a second. ``frame(_:renderer:)`` gives exactly ``ScreenRenderer/render(_:)``'s
/// lines (the tests compare them over sequences of screens and sizes).
public struct FrameCache {
    /// What the kept layout was made for: the renderer's settings and the screen with its time
    /// and progress taken out (see ``ScreenRenderer/hasTimedLayout(_:)``), or the whole screen.
    private struct Key: Equatable {
        var columns: Int
        var rows: Int
        var palette: Styled.Palette
        var ascii: Bool
        var screen: Screen
    }

    /// A kept line: done, or drawn from the screen each frame.
    private enum Line {
        case done(String)
        case slot(ScreenRenderer.Slot)
    }

    private var key: Key?
    private var lines: [Line] = []
    private var pages = 1
    private var last: (screen: Screen, lines: [String])?

    public init() {}

    /// `screen`'s lines at `renderer`'s size, and its page count.
    public mutating func frame(_ screen: Screen, renderer: ScreenRenderer) -> (lines: [String], pages: Int) {
        let key = Key(columns: renderer.columns, rows: renderer.rows, palette: renderer.palette, ascii: renderer.ascii,
                      screen: renderer.hasTimedLayout(screen) ? Self.withoutTime(screen) : screen)
        if key != self.key {
            let (slots, pages) = renderer.layout(screen)
            self.key = key
            self.pages = pages
            lines = slots.prefix(renderer.rows).map { slot in
                if case .text(let line) = slot { return .done(renderer.finished(line)) }
                return .slot(slot)
            }
            last = nil
        } else if let last, Self.sameTime(last.screen, screen), last.screen == screen {
            return (last.lines, pages)
        }
        var clock = ScreenRenderer.Clock()
        var drawn = lines.map { line in
            switch line {
            case .done(let text): text
            case .slot(let slot): renderer.finished(slot, screen, clock: &clock)
            }
        }
        while drawn.count < renderer.rows { drawn.append("") }
        last = (screen, drawn)
        return (drawn, pages)
    }

    /// False when the two session screens' time or progress differ (a new second: most frames),
    /// which is found before comparing the screens whole.
    private static func sameTime(_ a: Screen, _ b: Screen) -> Bool {
        guard case .session(let a) = a, case .session(let b) = b else { return true }
        return a.elapsed == b.elapsed && a.time == b.time
    }

    /// The screen with what changes each second made constant: the time's digits (their count
    /// still decides the big digits' scale) and the progress.
    private static func withoutTime(_ screen: Screen) -> Screen {
        guard case .session(var s) = screen else { return screen }
        s.time = String(s.time.map { $0 >= "0" && $0 <= "9" ? "0" : $0 })
        s.elapsed = 0
        return .session(s)
    }
}
