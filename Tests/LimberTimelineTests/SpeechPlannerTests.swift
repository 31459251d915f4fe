import LimberBasics
import LimberProgram
import LimberTimeline
import Testing

@Suite("Planning what the voice says")
struct SpeechPlannerTests {
    func plan(_ exercises: [Exercise], voice: VoiceSettings? = nil,
              defaults: Defaults = Defaults(prepare: 5, rest: 30, restBetweenExercises: 20, switchSides: 5)) -> (Timeline, SpeechPlan) {
        let timeline = TimelineCompiler.compile(Program(title: "T", defaults: defaults, exercises: exercises, voice: voice))
        return (timeline, SpeechPlanner.plan(timeline))
    }

    /// "at +room text" per phrase, times in seconds from the session start.
    func lines(_ plan: SpeechPlan) -> [String] {
        plan.cues.map { String(format: "%.1f +%.2f %@", $0.at, $0.seconds, $0.text) }
    }

    /// No phrase overlaps a tone (taken as ``SpeechPlanner/toneSeconds`` long) or another phrase.
    func expectNoOverlap(_ timeline: Timeline, _ plan: SpeechPlan, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let tones = timeline.cues.map { (Double($0.at), Double($0.at) + SpeechPlanner.toneSeconds) }
        let phrases = plan.cues.map { ($0.at, $0.at + $0.seconds) }
        for (i, p) in phrases.enumerated() {
            for t in tones { #expect(p.1 <= t.0 || p.0 >= t.1, "phrase \(i) overlaps a tone at \(t.0)", sourceLocation: sourceLocation) }
            for (j, q) in phrases.enumerated() where j != i {
                #expect(p.1 <= q.0 || p.0 >= q.1, "phrases \(i) and \(j) overlap", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func holdWithSidesSetsAndRests() {
        let (t, p) = plan([Exercise(name: "Lunge", sides: [.left, .right], sets: 2, work: .hold(seconds: 30), rest: 15)])
        #expect(lines(p) == [
            "0.5 +1.30 Lunge",
            "5.5 +14.30 Set 1 of 2. Left side.",
            "20.5 +11.30 Halfway.",
            "35.5 +1.30 Switch sides.",
            "40.5 +14.30 Set 1 of 2. Right side.",
            "55.5 +11.30 Halfway.",
            "70.5 +10.30 Rest. Next: Last set.",
            "85.5 +14.30 Last set. Left side.",
            "100.5 +11.30 Halfway.",
            "115.5 +1.30 Switch sides.",
            "120.5 +14.30 Last set. Right side.",
            "135.5 +11.30 Halfway.",
            "150.5 +5.80 Session complete. Well done.",
        ])
        expectNoOverlap(t, p)
    }

    @Test func repsWithTempoAreCounted() {
        let (t, p) = plan([Exercise(name: "Glute bridge", sets: 2, work: .reps(count: 3, tempo: Tempo(up: 2, hold: 1, down: 2)), rest: 20)],
                          defaults: Defaults(prepare: 10, rest: 30, restBetweenExercises: 20, switchSides: 5))
        #expect(lines(p) == [
            "0.5 +6.30 Glute bridge. 2 sets of 3, tempo 2, 1, 2.",
            "10.5 +1.30 Set 1 of 2.",
            "15.5 +1.30 2",
            "20.5 +1.30 3",
            "25.5 +15.30 Rest. Next: Last set.",
            "45.5 +1.30 Last set.",
            "50.5 +1.30 2",
            "55.5 +1.30 3",
            "60.5 +5.80 Session complete. Well done.",
        ])
        expectNoOverlap(t, p)
    }

    @Test func repsWithTempoInPhases() {
        let (_, p) = plan([Exercise(name: "Bridge", work: .reps(count: 1, tempo: Tempo(up: 2, hold: 2, down: 2)))],
                          voice: VoiceSettings(counts: .phases))
        #expect(lines(p) == [
            "0.5 +1.30 Bridge", "5.5 +1.30 up", "7.5 +1.30 hold", "9.5 +1.30 down", "11.5 +5.80 Session complete. Well done.",
        ])
    }

    @Test func durationWithCueEveryAndAPrompt() {
        var rolling = Exercise(name: "Foot rolling", sides: [.left], work: .duration(seconds: 60), cueEvery: 15)
        rolling.prompts = [Prompt(text: "Gentle pressure only", moment: .at(40))]
        let (t, p) = plan([rolling], defaults: Defaults(prepare: 10))
        #expect(lines(p) == [
            "0.5 +6.30 Foot rolling. 1 minute.",
            "10.5 +14.30 Left side.",
            "40.5 +9.30 Halfway.",
            "50.0 +4.80 Gentle pressure only",
            "70.5 +5.80 Session complete. Well done.",
        ])
        expectNoOverlap(t, p)
    }

    @Test func aRestPhraseEndsASecondBeforeTheCountdown() {
        let (t, p) = plan([Exercise(name: "Bridge", work: .hold(seconds: 10)),
                           Exercise(name: "Side plank", sides: [.right, .left], work: .hold(seconds: 10))],
                          defaults: Defaults(prepare: 5, rest: 30, restBetweenExercises: 8, switchSides: 5))
        let rest = try! #require(t.steps.first { $0.kind == .rest })
        let phrase = try! #require(p.cues(step: rest.index).first)
        #expect(phrase.text == "Rest. Next: Side plank, right side.")
        let countdown = Double(rest.start + rest.length! - 3)
        #expect(phrase.at + phrase.seconds <= countdown - 1)
        #expect(phrase.at + SpeechPlanner.estimatedSeconds(phrase.text) <= phrase.at + phrase.seconds)
        expectNoOverlap(t, p)
    }

    @Test func aLongNameIsShortenedNextFirst() {
        let long = "Half-kneeling psoas lunge stretch with overhead reach and rotation"
        let (_, p) = plan([Exercise(name: "Bridge", work: .hold(seconds: 10)), Exercise(name: long, work: .hold(seconds: 10))],
                          defaults: Defaults(prepare: 5, rest: 30, restBetweenExercises: 7, switchSides: 5))
        #expect(lines(p).contains("15.5 +2.30 Rest."))
        // "Next: …" went first; the get-ready phrase loses the dose, then the name, which doesn't fit either.
        #expect(!p.cues.contains { $0.text.contains(long) })
    }

    @Test func aPromptThatCannotFitIsWarnedAtItsPlace() {
        var hold = Exercise(name: "Plank", work: .hold(seconds: 10))
        hold.prompts = [Prompt(text: "Keep breathing slowly and tuck the pelvis under you", moment: .at(6),
                               location: LimberProgram.SourceLocation(line: 12, column: 7))]
        let (_, p) = plan([hold])
        #expect(p.warnings == [.warning(
            "the prompt \"Keep breathing slowly and tuck the pelvis under you\" needs about 3.1 s but only 0.5 s is free "
                + "at 6s before the next cue; it will not be spoken", at: LimberProgram.SourceLocation(line: 12, column: 7))])
    }

    @Test func partsCanBeTurnedOffAndGermanIsSpokenInGerman() {
        let (_, quiet) = plan([Exercise(name: "Bridge", sets: 2, work: .hold(seconds: 10))], voice: VoiceSettings(parts: [.halfway]))
        // "Rest." and the closing words are always said: they stand in for the recorded words.
        #expect(lines(quiet) == ["10.5 +1.30 Halfway.", "15.5 +25.30 Rest.", "50.5 +1.30 Halfway.", "55.5 +5.80 Session complete. Well done."])
        let (_, german) = plan([Exercise(name: "Brücke", sides: [.left], sets: 2, work: .hold(seconds: 30))],
                               voice: VoiceSettings(language: "de"))
        #expect(lines(german).prefix(4) == [
            "0.5 +1.30 Brücke",
            "5.5 +14.30 Satz 1 von 2. Linke Seite.",
            "20.5 +11.30 Halbzeit.",
            "35.5 +25.30 Pause. Als Nächstes: Letzter Satz.",
        ])
    }
}

@Suite("The plan with the voice's phrases")
struct SpeechPlanRenderingTests {
    @Test func phrasesFollowEachRowsCuesAndCountsAreSummed() {
        let timeline = TimelineCompiler.compile(Program(title: "T", defaults: Defaults(prepare: 10), exercises: [
            Exercise(name: "Bridge", sets: 2, work: .reps(count: 4, tempo: Tempo(up: 2, hold: 1, down: 2)), rest: 30),
        ]))
        let text = PlanRenderer.text(timeline, speech: SpeechPlanner.plan(timeline))
        #expect(text.contains("get ready, 3-2-1 · \"Bridge. 2 sets of 4, tempo 2, 1, 2.\"\n"))
        #expect(text.contains("start, up/hold/down ×4 · \"Set 1 of 2.\" \"2\"…\"4\"\n"))
        #expect(text.contains("rest, 3-2-1 · \"Rest. Next: Last set.\"\n"))
        #expect(!PlanRenderer.text(timeline).contains("\""), "tones only without a speech plan")
        let json = PlanRenderer.json(timeline, speech: SpeechPlanner.plan(timeline))
        #expect(json.contains(#"{"at":0.5,"cue":"speech","text":"Bridge. 2 sets of 4, tempo 2, 1, 2.","seconds":6.3,"exercise":"Bridge","step":0,"open_steps_before":0}"#))
    }
}
