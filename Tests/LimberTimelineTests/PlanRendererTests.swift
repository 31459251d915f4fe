import Foundation
import LimberBasics
import LimberProgram
import LimberTimeline
import Testing

@Suite("Rendering plans")
struct PlanRendererTests {
    static let program = """
        limber: 1
        title: Short plan
        author: Test Clinic
        safety: [Stop on sharp pain.]
        schedule: { days: [mon, thu], weeks: 2 }
        discomfort: { stop_at: 6, on_stop: skip_exercise }
        defaults: { prepare: 5s, rest: 10s, rest_between_exercises: 15s }
        exercises:
          - name: Side plank
            sides: [left, right]
            sets: 2
            hold: 20s
          - name: Bridge
            reps: 2
            tempo: 1-1-1
          - name: March
            reps: 10
        """

    func timeline() throws -> Timeline {
        TimelineCompiler.compile(try #require(ProgramParser.parse(Self.program).program))
    }

    @Test func textGolden() throws {
        #expect(PlanRenderer.text(try timeline()) == """
            Short plan
            by Test Clinic · Mon, Thu for 2 weeks · discomfort asked after each exercise; 6+ skips the exercise

              start  length  step                                                        cues
              ─────  ──────  ──────────────────────────────────────────────────────────  ─────────────────────────────────────

              1. Side plank — 2 × 20s hold, left then right, rest 10s
               0:00    0:05  Get ready                                                   get ready, 3-2-1
               0:05    0:20  Hold · set 1/2 · left                                       start, halfway, 3-2-1
               0:25    0:05  Switch sides → right · set 1/2                              switch sides, 3-2-1
               0:30    0:20  Hold · set 1/2 · right                                      start, halfway, 3-2-1
               0:50    0:10  Rest                                                        rest, 3-2-1
               1:00    0:20  Hold · set 2/2 · left                                       start, last set, halfway, 3-2-1
               1:20    0:05  Switch sides → right · set 2/2                              switch sides, 3-2-1
               1:25    0:20  Hold · set 2/2 · right · then rate discomfort 0–10          start, halfway, 3-2-1, exercise done

              2. Bridge — 2 reps at 1-1-1
               1:45    0:15  Rest before this exercise                                   rest, 3-2-1
               2:00    0:05  Get ready                                                   get ready, 3-2-1
               2:05    0:06  2 reps, tempo 1-1-1 · then rate discomfort 0–10             start, up/hold/down ×2, exercise done

              3. March — 10 reps
               2:11    0:15  Rest before this exercise                                   rest, 3-2-1
               2:26    0:05  Get ready                                                   get ready, 3-2-1
               2:31    open  10 reps, press Space when done · then rate discomfort 0–10  start, session done

            Exercises
              Side plank               2 × 20s hold, left then right, rest 10s           1:45
              Bridge                   2 reps at 1-1-1                                   0:11
              March                    10 reps                                  0:05 + 1 open
              Rests between exercises                                                    0:30
              Total                                                                      2:31

            + 1 open step that lasts until you press Space (not in the total)
              Without a terminal each ends on its own after 3 s a rep (10 reps: ~30s).

            """)
    }

    @Test func jsonCarriesTotalsStepsAndCues() throws {
        let t = try timeline()
        let data = Data(PlanRenderer.json(t).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["total_seconds"] as? Int == 151)
        #expect(root["open_steps"] as? Int == 1)
        let steps = try #require(root["steps"] as? [[String: Any]])
        #expect(steps.count == t.steps.count)
        #expect(steps.last?["open"] as? Bool == true)
        #expect(steps.last?["length"] is NSNull)
        let cues = try #require(root["cues"] as? [[String: Any]])
        #expect(cues.count == t.cues.count)
        let first = try #require(cues.first)
        #expect(first["at"] as? Int == 0)
        #expect(first["cue"] as? String == "get_ready")
        #expect(first["exercise"] as? String == "Side plank")
        let ats = cues.compactMap { $0["at"] as? Int }
        #expect(ats == ats.sorted(), "cues are in time order")
    }

    // MARK: Notes, media, per-exercise rules and terminal width (issue 12)

    static let annotated = """
        limber: 1
        title: Notes and widths
        author: Test Clinic
        safety: [Stop on sharp pain.]
        schedule: { per_week: 3 }
        discomfort: { stop_at: 7 }
        defaults: { prepare: 5s, rest: 10s, rest_between_exercises: 15s }
        exercises:
          - name: 腰のストレッチ
            sides: [left, right]
            hold: 20s
            notes: |
              Go gently the first week; it should feel like a stretch, never a pinch.
              Tell me at your next visit how it went.
            media: [images/stretch.png, https://example.org/videos/stretch.mp4]
          - name: Bridge
            sets: 2
            reps: 3
            tempo: 1-1-1
            discomfort: { ask: after_set, stop_at: 5, on_stop: skip_exercise }
        """

    func annotated() throws -> Timeline {
        TimelineCompiler.compile(try #require(ProgramParser.parse(Self.annotated).program))
    }

    @Test func notesMediaAndTheExercisesOwnRuleUnboundedAndAt200Columns() throws {
        let golden = """
            Notes and widths
            by Test Clinic · 3 days a week · discomfort asked after each exercise; 7+ ends the session

              start  length  step                                                       cues
              ─────  ──────  ─────────────────────────────────────────────────────────  ──────────────────────────────────────────────

              1. 腰のストレッチ — 20s hold, left then right
                 Notes: Go gently the first week; it should feel like a stretch, never a pinch.
                        Tell me at your next visit how it went.
                 Media: images/stretch.png
                        https://example.org/videos/stretch.mp4
               0:00    0:05  Get ready                                                  get ready, 3-2-1
               0:05    0:20  Hold · left                                                start, halfway, 3-2-1
               0:25    0:05  Switch sides → right                                       switch sides, 3-2-1
               0:30    0:20  Hold · right · then rate discomfort 0–10                   start, halfway, 3-2-1, exercise done

              2. Bridge — 2 × 3 reps at 1-1-1, rest 10s
                 Discomfort asked after each set; 5+ skips the exercise
               0:50    0:15  Rest before this exercise                                  rest, 3-2-1
               1:05    0:05  Get ready                                                  get ready, 3-2-1
               1:10    0:09  3 reps, tempo 1-1-1 · set 1/2 · then rate discomfort 0–10  start, up/hold/down ×3
               1:19    0:10  Rest                                                       rest, 3-2-1
               1:29    0:09  3 reps, tempo 1-1-1 · set 2/2 · then rate discomfort 0–10  start, last set, up/hold/down ×3, session done

            Exercises
              腰のストレッチ           20s hold, left then right      0:50
              Bridge                   2 × 3 reps at 1-1-1, rest 10s  0:33
              Rests between exercises                                 0:15
              Total                                                   1:38

            """
        #expect(PlanRenderer.text(try annotated()) == golden)
        #expect(PlanRenderer.text(try annotated(), width: 200) == golden, "a table that fits is not touched")
    }

    @Test func at80ColumnsTheStepAndCueColumnsWrapInTheirCells() throws {
        let text = PlanRenderer.text(try annotated(), width: 80)
        #expect(text == """
            Notes and widths
            by Test Clinic · 3 days a week · discomfort asked after each exercise; 7+ ends
            the session

              start  length  step                            cues
              ─────  ──────  ──────────────────────────────  ───────────────────────────────

              1. 腰のストレッチ — 20s hold, left then right
                 Notes: Go gently the first week; it should feel like a stretch, never a
                        pinch.
                        Tell me at your next visit how it went.
                 Media: images/stretch.png
                        https://example.org/videos/stretch.mp4
               0:00    0:05  Get ready                       get ready, 3-2-1
               0:05    0:20  Hold · left                     start, halfway, 3-2-1
               0:25    0:05  Switch sides → right            switch sides, 3-2-1
               0:30    0:20  Hold · right · then rate        start, halfway, 3-2-1, exercise
                             discomfort 0–10                 done

              2. Bridge — 2 × 3 reps at 1-1-1, rest 10s
                 Discomfort asked after each set; 5+ skips the exercise
               0:50    0:15  Rest before this exercise       rest, 3-2-1
               1:05    0:05  Get ready                       get ready, 3-2-1
               1:10    0:09  3 reps, tempo 1-1-1 · set 1/2   start, up/hold/down ×3
                             · then rate discomfort 0–10
               1:19    0:10  Rest                            rest, 3-2-1
               1:29    0:09  3 reps, tempo 1-1-1 · set 2/2   start, last set, up/hold/down
                             · then rate discomfort 0–10     ×3, session done

            Exercises
              腰のストレッチ           20s hold, left then right      0:50
              Bridge                   2 × 3 reps at 1-1-1, rest 10s  0:33
              Rests between exercises                                 0:15
              Total                                                   1:38

            """)
    }

    @Test(arguments: [80, 60])
    func everyLineFitsTheWidth(_ width: Int) throws {
        let long = Self.program.replacingOccurrences(
            of: "name: March",
            with: "name: Marching on the spot with high knees and arms swinging, slowly, keeping the trunk upright")
        for timeline in [try annotated(), try timeline(), TimelineCompiler.compile(try #require(ProgramParser.parse(long).program))] {
            for line in PlanRenderer.text(timeline, width: width).split(separator: "\n") {
                #expect(line.displayWidth <= width, "\(line.displayWidth) columns: \(line)")
            }
        }
    }

    @Test func jsonCarriesNotesMediaAndEachExercisesRule() throws {
        let data = Data(PlanRenderer.json(try annotated()).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let exercises = try #require(root["exercises"] as? [[String: Any]])
        #expect(exercises[0]["notes"] as? String == "Go gently the first week; it should feel like a stretch, never a pinch.\nTell me at your next visit how it went.")
        #expect(exercises[0]["media"] as? [String] == ["images/stretch.png", "https://example.org/videos/stretch.mp4"])
        #expect(exercises[1]["notes"] is NSNull)
        #expect(exercises[1]["media"] as? [String] == [])
        let programRule = try #require(exercises[0]["discomfort"] as? [String: Any])
        #expect(programRule["ask"] as? String == "after_exercise")
        #expect(programRule["stop_at"] as? Int == 7)
        #expect(programRule["on_stop"] as? String == "end_session")
        let ownRule = try #require(exercises[1]["discomfort"] as? [String: Any])
        #expect(ownRule["ask"] as? String == "after_set")
        #expect(ownRule["stop_at"] as? Int == 5)
        #expect(ownRule["on_stop"] as? String == "skip_exercise")
    }
}
