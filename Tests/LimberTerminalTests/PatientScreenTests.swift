import Foundation
import LimberBasics
import LimberProgram
import LimberSession
import LimberTerminal
import LimberTestSupport
import LimberTimeline
import Testing

/// The screens a patient met at 80×24, 40×12 and 200×60 (issue 12): safety text always whole,
/// the rating prompt and note editor visible, wide characters in their columns. Golden files in
/// Golden/; re-record on purpose with LIMBER_RECORD_GOLDEN=1.
@Suite("The patient's screens at every supported size")
struct PatientScreenTests {
    static let sizes = [(80, 24), (40, 12), (200, 60)]

    /// Long safety notes (the author's, as a clinician writes them) and both kinds of stop.
    static let stops = """
        limber: 1
        title: Back care after a flare-up
        description: Gentle mobility, then the glutes.
        safety:
          - Stop and call your clinician at once if you notice numbness in the saddle area, new trouble passing urine or controlling the bladder or bowel, or weakness in a leg.
          - Back pain during the exercises should stay mild (5 of 10 at most) and settle by the next morning; if it does not, stop the program until you have spoken to your therapist.
          - Seek care for pain after a fall, dizziness, or pain that disturbs your sleep.
        discomfort: { ask: after_exercise, stop_at: 8, on_stop: end_session }
        defaults: { prepare: 5s, rest: 10s, rest_between_exercises: 10s }
        exercises:
          - name: Cat-cow
            instructions: On hands and knees, round the back up slowly, then let it sag gently. Move within comfort.
            equipment: mat
            hold: 10s
            discomfort: { stop_at: 6, on_stop: skip_exercise }
          - name: Glute bridge
            instructions: On your back, knees bent, feet flat. Squeeze the buttocks and lift the hips until knees, hips and shoulders are in line.
            equipment: mat
            hold: 10s
        """

    static let wide = """
        limber: 1
        title: 腰痛ケア 🧘 朝のストレッチ
        safety: [痛みが強くなったら中止してください。]
        discomfort: { ask: never }
        defaults: { prepare: 5s }
        exercises:
          - name: キャットアンドカウ 🐈
            instructions: 四つ這いになり、息を吐きながら背中を丸め、吸いながらゆっくり反らします。痛みのない範囲で行ってください。
            equipment: ヨガマット
            hold: 30s
        """

    static func session(_ yaml: String, options: SessionOptions = SessionOptions(volume: 80)) throws -> Session {
        let program = try #require(ProgramParser.parse(yaml).program)
        return Session(timeline: TimelineCompiler.compile(program), options: options)
    }

    /// Renders `screen` at each size and compares it with Golden/`name`-CxR.txt; returns the
    /// page count the renderer reports at each size.
    @discardableResult
    func check(_ name: String, _ screen: (Int, Int) -> Screen) throws -> [Int] {
        var pages: [Int] = []
        for (columns, rows) in Self.sizes {
            let renderer = ScreenRenderer(columns: columns, rows: rows, palette: .none)
            let lines = renderer.render(screen(columns, rows))
            pages.append(renderer.pageCount(screen(columns, rows)))
            try GoldenScreen.compare(lines, name, columns: columns, rows: rows)
        }
        return pages
    }

    /// Every page of a paged screen, joined: what the patient reads by paging through.
    func allPages(_ renderer: ScreenRenderer, _ screen: (Int) -> Screen) -> String {
        let count = renderer.pageCount(screen(0))
        let chrome = ["more ↓", "↑ previous page", "vol 80", "───"]
        return (0..<count).flatMap { renderer.render(screen($0)).filter { line in !chrome.contains { line.contains($0) } } }
            .joined(separator: "\n")
    }

    /// Every page `session` shows at `now` (at 40x12 unless told), paged down with the arrow key.
    func allSessionPages(_ session: Session, at now: Duration, columns: Int = 40, rows: Int = 12) -> String {
        var paging = session
        return allPages(ScreenRenderer(columns: columns, rows: rows, palette: .none)) { page in
            paging.setPageCount(99)
            while paging.page < page { _ = paging.handle(.key(.down), at: now) }
            return .session(ScreenBuilder.session(paging, at: now, warning: nil))
        }
    }

    /// The words of `text`, each of which must appear somewhere on the pages (whole, never cut).
    func expectWhole(_ notes: [String], in pages: String, _ size: String) {
        let shown = pages.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for note in notes { #expect(shown.contains(note), "\(size): '\(note)' is not shown whole") }
    }

    @Test func theStartScreenShowsEverySafetyNoteWholeAtEverySize() throws {
        let timeline = try Self.session(Self.stops).timeline
        let pages = try check("start-safety") { _, _ in .start(ScreenBuilder.start(timeline, audioNote: nil)) }
        #expect(pages[0] == 1 && pages[2] == 1, "one page at 80×24 and 200×60")
        #expect(pages[1] > 1, "paged at 40×12")
        for (columns, rows) in Self.sizes + [(30, 6)] {
            let renderer = ScreenRenderer(columns: columns, rows: rows, palette: .none)
            let all = allPages(renderer) { .start(ScreenBuilder.start(timeline, audioNote: nil, page: $0)) }
            expectWhole(timeline.program.safety + ["What you need: mat", "Gentle mobility, then the glutes."], in: all, "\(columns)x\(rows)")
            if renderer.pageCount(.start(ScreenBuilder.start(timeline, audioNote: nil))) > 1 {
                #expect(renderer.render(.start(ScreenBuilder.start(timeline, audioNote: nil))).joined().contains("more ↓"))
            }
        }
    }

    @Test func theStartScreenPagesWithSpaceAndBeginsOnTheLastPage() throws {
        var session = try Self.session(Self.stops)
        session.setPageCount(3)
        _ = session.handle(.key(.space), at: .zero)
        #expect(session.page == 1 && session.phase == .ready, "Space turns the page")
        _ = session.handle(.key(.up), at: .zero)
        #expect(session.page == 0)
        _ = session.handle(.key(.down), at: .zero)
        _ = session.handle(.key(.down), at: .zero)
        #expect(session.page == 2 && session.phase == .ready)
        _ = session.handle(.key(.space), at: .seconds(1))
        #expect(session.phase == .running, "Space on the last page begins")
    }

    /// The session after a `skip_exercise` stop on Cat-cow: the notice waits, its clock held.
    static func skipStop() throws -> Session {
        var session = try session(stops)
        _ = session.begin(at: .zero)
        _ = session.advance(to: .seconds(15))
        _ = session.handle(.key(.char("7")), at: .seconds(16))
        return session
    }

    @Test func aSkipExerciseStopShowsTheWholeSafetyTextAndHoldsTheNextExercise() throws {
        var session = try Self.skipStop()
        #expect(session.phase == .stopNotice)
        let pages = try check("stop-skip") { _, _ in .session(ScreenBuilder.session(session, at: .seconds(40), warning: nil)) }
        #expect(pages[1] > 1)
        for (columns, rows) in Self.sizes {
            let all = allSessionPages(session, at: .seconds(40), columns: columns, rows: rows)
            expectWhole(session.program.safety + ["Discomfort 7 of 10 reached the stop level (6): Cat-cow is stopped for today."], in: all, "\(columns)x\(rows)")
            #expect(!all.contains("Glute bridge"), "the next exercise is not under the notice")
        }
        // Paged at 40×12: Space turns the pages, then any key starts the next exercise's get-ready.
        let small = ScreenRenderer(columns: 40, rows: 12, palette: .none)
        session.setPageCount(small.pageCount(.session(ScreenBuilder.session(session, at: .seconds(40), warning: nil))))
        for _ in 1..<session.pageCount { _ = session.handle(.key(.space), at: .seconds(40)) }
        #expect(session.phase == .stopNotice)
        let last = small.render(.session(ScreenBuilder.session(session, at: .seconds(40), warning: nil))).joined(separator: "\n")
        #expect(last.contains("Press any key to go on"))
        _ = session.handle(.key(.space), at: .seconds(40))
        #expect(session.phase == .running)
        #expect(session.currentStep?.kind == .rest && session.stepStart == .seconds(40), "the next exercise starts once read")
    }

    @Test func anEndSessionStopShowsTheAuthorsTextAtEverySize() throws {
        var session = try Self.session(Self.stops)
        _ = session.begin(at: .zero)
        _ = session.advance(to: .seconds(15))
        _ = session.handle(.key(.char("2")), at: .seconds(16))      // Cat-cow
        _ = session.advance(to: .seconds(46))
        _ = session.handle(.key(.char("9")), at: .seconds(47))      // Glute bridge: 9 ends the session
        #expect(session.phase == .stopNotice && session.lastStop?.endedSession == true)
        try check("stop-end") { _, _ in .session(ScreenBuilder.session(session, at: .seconds(50), warning: nil)) }
        let all = allSessionPages(session, at: .seconds(50))
        expectWhole(session.program.safety, in: all, "40x12")
        #expect(all.contains("Press any key for the summary"))
    }

    static func rating(keys: [Key]) throws -> Session {
        var session = try session(stops)
        _ = session.begin(at: .zero)
        _ = session.advance(to: .seconds(15))
        for key in keys { _ = session.handle(.key(key), at: .seconds(15)) }
        return session
    }

    @Test func theRatingPromptAndTheNoteEditorFitEverySize() throws {
        let asking = try Self.rating(keys: [])
        try check("rating-prompt") { _, _ in .session(ScreenBuilder.session(asking, at: .seconds(15), warning: nil)) }
        let typing = try Self.rating(keys: [.char("N")] + "tingling in calf".map { $0 == " " ? Key.space : .char($0) })
        try check("rating-note") { _, _ in .session(ScreenBuilder.session(typing, at: .seconds(15), warning: "No sound: default can't be opened")) }
        for (columns, rows) in Self.sizes + [(50, 14)] {
            let renderer = ScreenRenderer(columns: columns, rows: rows, palette: .none)
            let prompt = renderer.render(.session(ScreenBuilder.session(asking, at: .seconds(15), warning: "No sound"))).joined(separator: "\n")
            #expect(prompt.contains("Press 0–9, or T for 10") && prompt.contains("Enter to skip"), "\(columns)x\(rows)")
            #expect(prompt.contains("n note"), "the footer names the note key: \(columns)x\(rows)")
            #expect(!prompt.contains("n skip"), "n adds a note here, it doesn't skip")
            let note = renderer.render(.session(ScreenBuilder.session(typing, at: .seconds(15), warning: "No sound"))).joined(separator: "\n")
            #expect(note.contains("Note: tingling in calf▏"), "\(columns)x\(rows)")
        }
    }

    @Test func wideCharactersTakeTwoColumns() throws {
        var session = try Self.session(Self.wide)
        _ = session.begin(at: .zero)
        _ = session.advance(to: .seconds(12))
        try check("wide") { _, _ in .session(ScreenBuilder.session(session, at: .seconds(12), warning: nil)) }
        try check("wide-start") { _, _ in .start(ScreenBuilder.start(session.timeline, audioNote: nil)) }
        let lines = ScreenRenderer(columns: 80, rows: 24, palette: .none).render(.session(ScreenBuilder.session(session, at: .seconds(12), warning: nil)))
        #expect(lines[0].hasSuffix("vol 80"), "the header's volume is not cut")
        let name = try #require(lines.first { $0.contains("キャットアンドカウ") })
        let left = name.prefix { $0 == " " }.count
        let right = 80 - name.displayWidth
        #expect(abs(left - right) <= 1, "the name is centred by its display width")
    }

    @Test func theHeaderSaysNoSoundWhenNothingCanBeHeard() throws {
        var session = try Self.session(Self.stops, options: SessionOptions(volume: 80, sound: false))
        _ = session.begin(at: .zero)
        let header = ScreenRenderer(columns: 80, rows: 24, palette: .none).render(.session(ScreenBuilder.session(session, at: .zero, warning: nil)))[0]
        #expect(header.hasSuffix("no sound") && !header.contains("vol"))
        var loud = try Self.session(Self.stops)
        _ = loud.begin(at: .zero)
        let silent = ScreenRenderer(columns: 80, rows: 24, palette: .none).render(.session(ScreenBuilder.session(loud, at: .zero, warning: nil, silent: true)))[0]
        #expect(silent.hasSuffix("no sound"), "no device")
    }

    @Test func theInstructionsKeyShowsThemWholeAndPauses() throws {
        var session = try Self.session(Self.wide)
        _ = session.begin(at: .zero)
        _ = session.handle(.key(.char("i")), at: .seconds(7))
        #expect(session.sheet == .instructions)
        #expect(session.phase == .paused(since: .seconds(7)))
        let all = allSessionPages(session, at: .seconds(9))
        #expect(all.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "").contains("痛みのない範囲で行ってください。"))
        _ = session.handle(.key(.char("x")), at: .seconds(20))
        #expect(session.sheet == nil && session.phase == .running)
        #expect(session.deadline == .seconds(5 + 13 + 30), "the hold waited while the instructions were read")
    }

    @Test func theHelpListsEveryKeyIncludingTheSuspendKey() throws {
        var session = try Self.session(Self.wide)
        _ = session.begin(at: .zero)
        _ = session.handle(.key(.char("?")), at: .seconds(7))
        let all = allSessionPages(session, at: .seconds(9))
        let words = all.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        for key in ["Space pause", "skip this step", "quit (asks first)", "mute", "volume", "Ctrl-Z suspend", "this help"] {
            #expect(words.contains(key), "\(key)")
        }
    }

    @Test func theInstructionsSheetShowsTheTherapistsNotesAndMedia() throws {
        let yaml = """
            limber: 1
            title: Notes
            exercises:
              - name: Bridge
                instructions: Lift the hips.
                notes: Keep the ribs down; stop if the hamstring cramps.
                media: [https://example.org/bridge.mp4]
                hold: 30s

            """
        var session = try Self.session(yaml)
        _ = session.begin(at: .zero)
        _ = session.handle(.key(.char("i")), at: .seconds(1))
        let lines = ScreenRenderer(columns: 80, rows: 24, palette: .none).render(.session(ScreenBuilder.session(session, at: .seconds(1), warning: nil)))
        let text = lines.joined(separator: "\n")
        #expect(text.contains("Notes: Keep the ribs down; stop if the hamstring cramps."), "\(text)")
        #expect(text.contains("See: https://example.org/bridge.mp4"), "\(text)")
    }

    @Test func progressInTheScheduleOnTheStartAndEndScreens() throws {
        let today = CalendarDate(year: 2026, month: 11, day: 26)! // a Thursday
        let twice = Schedule(frequency: .perWeek(5), perDay: 2)
        let earlier = ["2026-11-23", "2026-11-23", "2026-11-25", "2026-11-26", "2026-11-20"].compactMap(CalendarDate.init(parsing:))
        #expect(ScreenBuilder.progress(twice, earlierStarts: earlier, today: today) == "Session 2 of 2 today · 5 of 10 this week")
        let once = Schedule(frequency: .weekdays([.monday, .wednesday, .friday]), perDay: 1)
        #expect(ScreenBuilder.progress(once, earlierStarts: earlier, today: today) == "Session 5 this week (3 prescribed)")
        #expect(ScreenBuilder.progress(once, earlierStarts: [], today: today) == "Session 1 of 3 this week")
        #expect(ScreenBuilder.progress(nil, earlierStarts: earlier, today: today) == nil)
        let timeline = TimelineCompiler.compile(try #require(ProgramParser.parse(Self.stops).program))
        let start = ScreenRenderer(columns: 80, rows: 60, palette: .none)
            .render(.start(ScreenBuilder.start(timeline, audioNote: nil, progress: "Session 1 of 3 this week")))
        #expect(start.contains { $0.contains("Session 1 of 3 this week") })
    }

    @Test func asciiForANonUTF8Locale() throws {
        var session = try Self.session(Self.stops)
        _ = session.begin(at: .zero)
        _ = session.advance(to: .seconds(7))
        let lines = ScreenRenderer(columns: 80, rows: 24, palette: .none, ascii: true).render(.session(ScreenBuilder.session(session, at: .seconds(7), warning: nil)))
        let text = lines.joined(separator: "\n")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(text)")
        #expect(text.contains("######"), "big digits in #")
        #expect(text.contains(" -----"), "the rule in -")
    }
}
