import Foundation
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
}
