import LimberBasics
import LimberProgram
import LimberSession
import LimberTerminal
import LimberTestSupport
import LimberTimeline
import Testing

/// The runner draws through ``FrameCache``, which lays a step out once and then redraws only the
/// clock and the progress bar: every frame must be exactly what a full render gives.
@Suite("Frames drawn from the cache")
struct FrameCacheTests {
    static let sizes = [(80, 24), (40, 12), (200, 60), (60, 16), (120, 40), (50, 14), (30, 6), (59, 15), (1, 1)]

    /// A real session driven through random times, keys and sizes: each frame from the cache
    /// equals the full render, and so does its page count.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func cachedFramesEqualFullRenders(seed: UInt64) throws {
        var random = SeededGenerator(state: seed)
        let program = try #require(ProgramFile.read(Fixtures.program("low-back-basics.yaml").path).result.program)
        var session = Session(timeline: TimelineCompiler.compile(program), options: SessionOptions(volume: 80))
        _ = session.begin(at: .zero)
        var now = Duration.zero
        var cache = FrameCache()
        var size = Self.sizes[0]
        let palettes: [Styled.Palette] = [.none, .monochrome, .color]
        let palette = palettes[Int(seed) % palettes.count]
        let ascii = seed % 2 == 0
        let keys: [Key] = [.space, .space, .char("n"), .char("?"), .char("i"), .char("3"), .enter, .char("q"), .char("x"),
                           .char("m"), .char("+"), .down, .left]
        let warnings = [nil, nil, nil, "No sound: default can't be opened (try --device or --no-sound)"]
        var drawn = 0
        for _ in 0..<600 {
            if session.isFinished { break }
            now += .milliseconds(Int64.random(in: 50...1_700, using: &random))
            _ = session.advance(to: now)
            if Int.random(in: 0..<6, using: &random) == 0 {
                _ = session.handle(.key(keys.randomElement(using: &random)!), at: now)
            }
            if Int.random(in: 0..<25, using: &random) == 0 { size = Self.sizes.randomElement(using: &random)! }
            let warning = warnings[Int.random(in: 0..<warnings.count, using: &random) == 0 ? 3 : 0]
            let screen = Screen.session(ScreenBuilder.session(session, at: now, warning: warning, silent: seed == 3))
            let renderer = ScreenRenderer(columns: size.0, rows: size.1, palette: palette, ascii: ascii)
            let frame = cache.frame(screen, renderer: renderer)
            #expect(frame.lines == renderer.render(screen), "seed \(seed), \(size.0)x\(size.1) at \(now)")
            #expect(frame.pages == renderer.pageCount(screen))
            session.setPageCount(frame.pages)
            drawn += 1
        }
        #expect(drawn > 100)
    }

    /// Each second of a countdown across the minute and ten-second marks (the digits' count
    /// changes the big digits' scale), at every size, with a start and an end screen between.
    @Test func aCountdownAtEverySize() throws {
        let program = Program(title: "Timer", exercises: [Exercise(name: "Wall sit", instructions: "Back flat against the wall, knees over the ankles.", work: .hold(seconds: 75))])
        var session = Session(timeline: TimelineCompiler.compile(program))
        let start = Screen.start(ScreenBuilder.start(session.timeline, audioNote: nil))
        _ = session.begin(at: .zero)
        for (columns, rows) in Self.sizes {
            var cache = FrameCache()
            let renderer = ScreenRenderer(columns: columns, rows: rows, palette: .color)
            #expect(cache.frame(start, renderer: renderer).lines == renderer.render(start))
            for second in 0..<95 {
                let now = Duration.seconds(second) + .milliseconds(1)
                _ = session.advance(to: now)
                let screen = Screen.session(ScreenBuilder.session(session, at: now, warning: nil))
                #expect(cache.frame(screen, renderer: renderer).lines == renderer.render(screen), "\(columns)x\(rows) at \(second) s")
                // The same screen again (a wake-up with nothing new) is the same frame.
                #expect(cache.frame(screen, renderer: renderer).lines == renderer.render(screen))
            }
        }
    }

    /// At any scale, drawn ahead (1–3) or on the spot (4), the digits are scale 1 with each
    /// character repeated `scale` times across and each row `scale` times down.
    @Test func bigDigitsAtEveryScaleAreScaleOneEnlarged() {
        let text = "1:23:45 67890"
        for ascii in [false, true] {
            let one = BigDigits.render(text, scale: 1, ascii: ascii)
            #expect(one.count == BigDigits.height)
            for scale in 2...4 {
                let enlarged = one.flatMap { row in
                    Array(repeating: String(row.flatMap { repeatElement($0, count: scale) }), count: scale)
                }
                #expect(BigDigits.render(text, scale: scale, ascii: ascii) == enlarged, "scale \(scale)")
            }
        }
    }
}
