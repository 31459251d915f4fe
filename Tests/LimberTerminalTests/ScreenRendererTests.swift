import Foundation
import LimberBasics
import LimberProgram
import LimberSession
import LimberTerminal
import LimberTestSupport
import LimberTimeline
import Testing

/// Screens rendered at fixed sizes and compared with golden text files in Golden/.
/// Re-record on purpose with LIMBER_RECORD_GOLDEN=1 swift test --filter ScreenRenderer.
@Suite("Screens at fixed sizes")
struct ScreenRendererTests {
    static let sizes = [(80, 24), (120, 40), (50, 14), (30, 6)]

    static func session(at seconds: Int, keys: [Key] = []) throws -> (Session, Duration) {
        let program = try #require(ProgramFile.read(Fixtures.program("low-back-basics.yaml").path).result.program)
        var session = Session(timeline: TimelineCompiler.compile(program), options: SessionOptions(volume: 80))
        _ = session.begin(at: .zero)
        let now = Duration.seconds(seconds) + .milliseconds(300)
        _ = session.advance(to: now)
        for key in keys { _ = session.handle(.key(key), at: now) }
        return (session, now)
    }

    func check(_ screen: Screen, _ name: String) throws {
        for (columns, rows) in Self.sizes {
            try GoldenScreen.compare(ScreenRenderer(columns: columns, rows: rows, palette: .none).render(screen), name, columns: columns, rows: rows)
        }
    }

    @Test func startScreen() throws {
        let (session, _) = try Self.session(at: 0)
        try check(.start(ScreenBuilder.start(session.timeline, audioNote: nil)), "start")
    }

    @Test func holdWithSideAndSet() throws {
        let (session, now) = try Self.session(at: 22) // 12 s into the first hold, left side
        try check(.session(ScreenBuilder.session(session, at: now, warning: nil)), "hold")
    }

    @Test func pausedTempoRep() throws {
        var (session, now) = try Self.session(at: 235)
        _ = session.handle(.key(.char("2")), at: now)       // answer the question: the rest starts
        now += .seconds(47)                                  // 30 s rest, 10 s get ready, 7 s of reps
        _ = session.advance(to: now)
        _ = session.handle(.key(.space), at: now)
        #expect(session.currentStep?.kind == .tempoUp)
        try check(.session(ScreenBuilder.session(session, at: now, warning: nil)), "tempo-paused")
    }

    @Test func discomfortQuestion() throws {
        let (session, now) = try Self.session(at: 235, keys: [.char("n"), .char("o"), .char("k")])
        guard case .rating = session.phase else { Issue.record("expected the question, got \(session.phase)"); return }
        try check(.session(ScreenBuilder.session(session, at: now, warning: "No sound: default can't be opened (try --device or --no-sound)")), "rating")
    }

    @Test func endScreen() throws {
        var (session, now) = try Self.session(at: 235)
        _ = session.handle(.key(.char("8")), at: now)
        _ = session.handle(.key(.space), at: now + .seconds(1)) // the stop notice, read
        try check(.end(ScreenBuilder.end(session, at: now + .seconds(1), logPath: "/home/p/.local/share/limber/log.jsonl", unsaved: nil)), "end-stopped")
    }

    @Test func colourOnlyWhenAskedAndProgramTextCannotEscape() throws {
        let (session, now) = try Self.session(at: 22)
        let screen = ScreenBuilder.session(session, at: now, warning: nil)
        let coloured = ScreenRenderer(columns: 80, rows: 24, palette: .color).render(.session(screen)).joined()
        #expect(coloured.contains("\u{1B}[1;7;32m"))
        let program = Program(title: "T\u{1B}[2J", exercises: [Exercise(name: "Evil\u{1B}]0;pwned\u{07}", work: .hold(seconds: 5))])
        var evil = Session(timeline: TimelineCompiler.compile(program))
        _ = evil.begin(at: .zero)
        let plain = ScreenRenderer(columns: 80, rows: 24, palette: .none).render(.session(ScreenBuilder.session(evil, at: .zero, warning: nil))).joined()
        #expect(!plain.contains("\u{1B}") && !plain.contains("\u{07}"))
        #expect(plain.contains("T\\u{1B}[2J"))
        #expect(plain.contains("Evil\\u{1B}]0;pwned\\u{7}"), "the exercise name is shown, made harmless")
    }

    @Test func bigDigitsFiveRowsTall() {
        let rows = BigDigits.render("12:05", scale: 1)
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { $0.count == BigDigits.width("12:05", scale: 1) })
    }
}
