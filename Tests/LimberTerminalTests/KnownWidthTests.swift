import LimberBasics
import LimberTestSupport
import Testing

@testable import LimberTerminal

/// The clock's big-digit rows and the progress bar are drawn every second without measuring
/// their graphemes: their width is worked out from the glyphs and the bar's parts. That width
/// must be the line's true width, and the line must come out as the measured path makes it.
@Suite("Lines of known width")
struct KnownWidthTests {
    static let palettes: [Styled.Palette] = [.none, .monochrome, .color]

    static func screen(time: String, elapsed: Int, total: Int) -> SessionScreen {
        SessionScreen(title: "Benchmark", phase: "HOLD", phaseColor: .green, time: time, countsUp: false, exercise: "Plank",
                      detail: "Set 1 of 1", instructions: nil, equipment: nil, next: nil, elapsed: elapsed, total: total,
                      paused: false, muted: false, sound: true, volume: 80, notice: nil, warning: nil, overlay: nil, page: 0)
    }

    /// Times as the screens show them, and some no clock shows (unknown glyphs, long, empty).
    static func time(_ random: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return ["", "∞", "1:0x", "12:34:56:78", "—", "7 "].randomElement(using: &random)!
        case 1: return DurationText.clock(Int.random(in: 3_600..<40_000, using: &random))
        default: return DurationText.clock(Int.random(in: 0..<3_600, using: &random))
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func clockRowsAndProgressMatchTheMeasuredPath(seed: UInt64) {
        var random = SeededGenerator(state: seed)
        var known = 0
        for _ in 0..<600 {
            let renderer = ScreenRenderer(columns: Int.random(in: 1...200, using: &random), rows: Int.random(in: 1...60, using: &random),
                                          palette: Self.palettes.randomElement(using: &random)!, ascii: Bool.random(using: &random))
            let total = Int.random(in: 0..<20_000, using: &random)
            let screen = Self.screen(time: Self.time(&random), elapsed: Int.random(in: 0...max(0, total + 100), using: &random), total: total)
            for scale in 0...4 {
                let row = Int.random(in: 0..<BigDigits.height, using: &random)
                let (line, width) = renderer.clockLine(screen, row: row, scale: scale)
                if let width {
                    known += 1
                    #expect(width == (renderer.ascii ? line.ascii : line).width, "\(screen.time) at scale \(scale), \(renderer.columns) columns")
                    #expect(renderer.finished(line, width: width) == renderer.finished(line))
                }
            }
            let (bar, width) = renderer.progress(screen)
            #expect(width == (renderer.ascii ? bar.ascii : bar).width, "\(screen.elapsed)/\(screen.total), \(renderer.columns) columns")
            #expect(renderer.finished(bar, width: width) == renderer.finished(bar))
        }
        #expect(known > 200)
    }

    /// The clock rows and the progress bar built straight as bytes are the lines the Styled path
    /// finishes, at any size, palette, scale, time and progress; where they can't be (a line
    /// that must be cut, a time with unknown characters) they say so and the Styled path draws.
    @Test(arguments: [4, 5, 6] as [UInt64])
    func linesBuiltAsBytesAreTheStyledLines(seed: UInt64) {
        var random = SeededGenerator(state: seed)
        var built = (clock: 0, line: 0, progress: 0), declined = 0
        for _ in 0..<800 {
            let renderer = ScreenRenderer(columns: Int.random(in: 1...200, using: &random), rows: Int.random(in: 1...60, using: &random),
                                          palette: Self.palettes.randomElement(using: &random)!, ascii: Bool.random(using: &random))
            let total = Int.random(in: 0..<20_000, using: &random)
            var screen = Self.screen(time: Self.time(&random), elapsed: Int.random(in: 0...max(0, total + 100), using: &random), total: total)
            screen.phaseColor = [Styled.Color.green, .yellow, .cyan, .blue].randomElement(using: &random)!
            screen.countsUp = Bool.random(using: &random)
            for scale in 0...4 {
                let row = Int.random(in: 0..<BigDigits.height, using: &random)
                let (line, width) = renderer.clockLine(screen, row: row, scale: scale)
                if let bytes = renderer.clockBytes(screen, row: row, scale: scale) {
                    if scale == 0 { built.line += 1 } else { built.clock += 1 }
                    #expect(bytes == renderer.finished(line, width: width), "\(screen.time) at scale \(scale), \(renderer.columns) columns")
                } else {
                    declined += 1
                }
            }
            let (bar, width) = renderer.progress(screen)
            if let bytes = renderer.progressBytes(screen) {
                built.progress += 1
                #expect(bytes == renderer.finished(bar, width: width), "\(screen.elapsed)/\(screen.total), \(renderer.columns) columns")
            } else {
                declined += 1
            }
        }
        #expect(built.clock > 300 && built.line > 300 && built.progress > 300 && declined > 100)
    }

    /// A wrong width is not trusted blindly: a line wider than the screen is still cut.
    @Test func aLineWiderThanTheScreenIsStillCut() {
        let renderer = ScreenRenderer(columns: 10, rows: 24, palette: .none)
        let line = Styled(String(repeating: "█", count: 30))
        #expect(renderer.finished(line, width: 30) == renderer.finished(line))
        #expect(renderer.finished(line, width: 30).count == 10)
    }
}
