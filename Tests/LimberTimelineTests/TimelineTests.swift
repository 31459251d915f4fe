import Foundation
import LimberProgram
import LimberTestSupport
import LimberTimeline
import Testing

@Suite("Compiling programs to timelines")
struct TimelineTests {
    func compile(_ exercises: [Exercise], defaults: Defaults = Defaults(prepare: 5, rest: 30, restBetweenExercises: 20, switchSides: 5),
                 discomfort: DiscomfortRule = DiscomfortRule(ask: .afterExercise, stopAt: 7)) -> Timeline {
        TimelineCompiler.compile(Program(title: "T", discomfort: discomfort, defaults: defaults, exercises: exercises))
    }

    /// Compact view of the steps: kind, start, length, side, set.
    func shape(_ t: Timeline) -> [String] {
        t.steps.map { s in
            "\(s.kind.rawValue)@\(s.start)+\(s.length.map(String.init) ?? "open")"
                + (s.set > 0 ? " set \(s.set)/\(s.sets)" : "") + (s.side.map { " \($0.rawValue)" } ?? "")
        }
    }

    func cues(_ t: Timeline) -> [String] { t.cues.map { "\($0.kind.rawValue)@\($0.at)" } }

    @Test func holdWithSidesSetsAndRests() {
        let t = compile([Exercise(name: "Lunge", sides: [.left, .right], sets: 2, work: .hold(seconds: 30), rest: 15)])
        #expect(shape(t) == [
            "get_ready@0+5",
            "hold@5+30 set 1/2 left", "switch_sides@35+5 set 1/2 right", "hold@40+30 set 1/2 right",
            "rest@70+15 set 1/2",
            "hold@85+30 set 2/2 left", "switch_sides@115+5 set 2/2 right", "hold@120+30 set 2/2 right",
        ])
        #expect(t.totalSeconds == 150)
        #expect(t.openStepCount == 0)
        #expect(cues(t) == [
            "get_ready@0", "countdown@2", "countdown@3", "countdown@4",
            "start@5", "halfway@20", "countdown@32", "countdown@33", "countdown@34",
            "switch_sides@35", "countdown@37", "countdown@38", "countdown@39",
            "start@40", "halfway@55", "countdown@67", "countdown@68", "countdown@69",
            "rest@70", "countdown@82", "countdown@83", "countdown@84",
            "start@85", "last_set@85", "halfway@100", "countdown@112", "countdown@113", "countdown@114",
            "switch_sides@115", "countdown@117", "countdown@118", "countdown@119",
            "start@120", "halfway@135", "countdown@147", "countdown@148", "countdown@149",
            "session_done@150",
        ])
        // Asked once, after the last side of the last set.
        #expect(t.steps.filter(\.asksDiscomfort).map(\.index) == [7])
    }

    @Test func tempoRepsAreCuedPhaseByPhase() {
        let t = compile([Exercise(name: "Bridge", sets: 1, work: .reps(count: 3, tempo: Tempo(up: 2, hold: 1, down: 3)))],
                        defaults: Defaults(prepare: 0, rest: 30, restBetweenExercises: 0, switchSides: 5))
        #expect(shape(t) == [
            "tempo_up@0+2 set 1/1", "tempo_hold@2+1 set 1/1", "tempo_down@3+3 set 1/1",
            "tempo_up@6+2 set 1/1", "tempo_hold@8+1 set 1/1", "tempo_down@9+3 set 1/1",
            "tempo_up@12+2 set 1/1", "tempo_hold@14+1 set 1/1", "tempo_down@15+3 set 1/1",
        ])
        #expect(t.steps.map(\.rep) == [1, 1, 1, 2, 2, 2, 3, 3, 3])
        #expect(cues(t) == [
            "start@0", "tempo_up@0", "tempo_hold@2", "tempo_down@3",
            "tempo_up@6", "tempo_hold@8", "tempo_down@9",
            "tempo_up@12", "tempo_hold@14", "tempo_down@15", "session_done@18",
        ])
    }

    @Test func aZeroHoldPhaseIsLeftOut() {
        let t = compile([Exercise(name: "Cat-cow", work: .reps(count: 2, tempo: Tempo(up: 3, hold: 0, down: 3)))],
                        defaults: Defaults(prepare: 0, rest: 0, restBetweenExercises: 0, switchSides: 0))
        #expect(t.steps.map(\.kind) == [.tempoUp, .tempoDown, .tempoUp, .tempoDown])
        #expect(t.totalSeconds == 12)
    }

    @Test func repsWithoutTempoAreOpenStepsCountedApart() {
        let t = compile([
            Exercise(name: "March", sets: 2, work: .reps(count: 10, tempo: nil), rest: 20),
            Exercise(name: "Plank", work: .hold(seconds: 10)),
        ])
        #expect(shape(t) == [
            "get_ready@0+5", "reps@5+open set 1/2", "rest@5+20 set 1/2", "reps@25+open set 2/2",
            "rest@25+20", "get_ready@45+5", "hold@50+10 set 1/1",
        ])
        #expect(t.openStepCount == 2)
        #expect(t.totalSeconds == 60)
        #expect(t.steps.map(\.openStepsBefore) == [0, 0, 1, 1, 2, 2, 2])
        #expect(t.steps[4].betweenExercises)
        #expect(t.exerciseTotals[0] == Timeline.ExerciseTotal(seconds: 25, openSteps: 2))
        #expect(t.secondsBetweenExercises == 20)
        // The end-of-exercise cue of an open step fires when the patient ends it.
        let done = t.cues.first { $0.kind == .exerciseDone }!
        #expect(done.stepIndex == 3 && done.atEnd && done.offset == 0)
    }

    @Test func durationWithIntervalCues() {
        let t = compile([Exercise(name: "Rolling", sides: [.left, .right], work: .duration(seconds: 60), cueEvery: 15)],
                        defaults: Defaults(prepare: 0, rest: 0, restBetweenExercises: 0, switchSides: 5))
        #expect(shape(t) == ["work@0+60 set 1/1 left", "switch_sides@60+5 set 1/1 right", "work@65+60 set 1/1 right"])
        let firstSide = t.cues(of: t.steps[0]).map { "\($0.kind.rawValue)@\($0.offset)" }
        // The interval at 30s gives way to the halfway cue; the one at 45s is before the countdown.
        #expect(firstSide == ["start@0", "interval@15", "halfway@30", "interval@45", "countdown@57", "countdown@58", "countdown@59"])
    }

    @Test func shortStepsHaveNoCountdownOrHalfway() {
        let t = compile([Exercise(name: "Tiny", work: .hold(seconds: 3))],
                        defaults: Defaults(prepare: 3, rest: 0, restBetweenExercises: 0, switchSides: 0))
        #expect(cues(t) == ["get_ready@0", "start@3", "session_done@6"])
    }

    @Test func discomfortQuestionsFollowTheRule() {
        let exercises = [
            Exercise(name: "A", sets: 2, work: .hold(seconds: 10)),
            Exercise(name: "B", sets: 2, work: .hold(seconds: 10), discomfort: DiscomfortRule(ask: .never)),
        ]
        let asks = { (rule: DiscomfortRule) in
            self.compile(exercises, discomfort: rule).steps.filter(\.asksDiscomfort).map { "\($0.exerciseIndex):\($0.set)" }
        }
        #expect(asks(DiscomfortRule(ask: .afterSet)) == ["0:1", "0:2"])
        #expect(asks(DiscomfortRule(ask: .afterExercise)) == ["0:2"])
        #expect(asks(DiscomfortRule(ask: .atEnd)) == ["1:2"])
        #expect(asks(DiscomfortRule(ask: .never)) == [])
    }

    @Test func exerciseDoneBetweenExercisesAndSessionDoneAtTheEnd() {
        let t = compile([Exercise(name: "A", work: .hold(seconds: 10)), Exercise(name: "B", work: .hold(seconds: 10))])
        #expect(t.cues.filter { $0.kind == .exerciseDone }.map(\.at) == [15])
        #expect(t.cues.filter { $0.kind == .sessionDone }.map(\.at) == [t.totalSeconds])
        #expect(t.totalSeconds == 5 + 10 + 20 + 5 + 10)
    }

    /// A step's fields kept in fewer bits read back as set, nil and every other value alike.
    @Test func aStepKeepsEveryFieldItIsGiven() {
        var step = compile([Exercise(name: "Bridge", work: .reps(count: 10, tempo: nil))]).steps[1]
        #expect(step.isOpen && step.length == nil && step.reps == 10 && step.rep == nil && step.question != nil)
        #expect(MemoryLayout<Step>.stride <= 80, "a step's size is what a long plan's memory is made of")
        for n in [0, 1, 7, 65_535, Int(Int32.max)] {
            step.index = n
            step.exerciseIndex = n
            step.set = n
            step.sets = n
            step.openStepsBefore = n
            step.rep = n
            step.reps = n
            step.length = n
            step.cueRange = n..<n
            #expect([step.index, step.exerciseIndex, step.set, step.sets, step.openStepsBefore, step.rep, step.reps, step.length,
                     step.cueRange.lowerBound] == Array(repeating: n, count: 9))
            #expect(!step.isOpen)
        }
        step.reps = Int.max
        step.length = Int.max
        #expect(step.reps == Int.max && step.length == Int.max)
        for question in [Question(exerciseIndex: nil, set: nil, stopAt: nil, onStop: .skipExercise),
                         Question(exerciseIndex: 3, set: 2, stopAt: 7, onStop: .endSession),
                         Question(exerciseIndex: 0, set: nil, stopAt: 0, onStop: .skipExercise)] {
            step.question = question
            #expect(step.question == question && step.asksDiscomfort)
        }
        step.question = nil
        step.rep = nil
        step.reps = nil
        step.length = nil
        #expect(step.question == nil && !step.asksDiscomfort && step.rep == nil && step.reps == nil && step.isOpen)
    }

    @Test func stepsAreContiguous() throws {
        for url in Fixtures.allPrograms {
            let program = try #require(ProgramFile.read(url.path).result.program)
            let t = TimelineCompiler.compile(program)
            var clock = 0
            for step in t.steps {
                #expect(step.start == clock, "\(url.lastPathComponent) step \(step.index)")
                clock += step.length ?? 0
                for cue in t.cues(of: step) {
                    #expect(cue.at == step.start + cue.offset)
                    #expect(cue.offset <= (step.length ?? 0))
                }
            }
            #expect(clock == t.totalSeconds)
            #expect(t.cues.last?.kind == .sessionDone)
        }
    }
}
