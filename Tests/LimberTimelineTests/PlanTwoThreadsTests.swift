import Foundation
import LimberBasics
import LimberProgram
@testable import LimberTimeline
import Testing

/// A long plan is made in two halves at once (``Alongside``): the speech plan, the text table's
/// rows and lines, and the JSON's steps and cues. Each cut, wherever it falls, gives the bytes
/// made in one go.
@Suite("Plan on two threads")
struct PlanTwoThreadsTests {
    /// A timeline compiled in two halves (the second moved to follow the first) is the one
    /// compiled in one go: cut after every number of exercises, with open steps, rests between
    /// exercises or none, and every way of asking about discomfort.
    @Test(arguments: 0..<3)
    func timelineCompiledInHalvesIsTheWhole(seed: Int) throws {
        for count in 1...14 {
            var program = try PlanFastPathTests.program(count, seed: seed)
            for ask in [DiscomfortRule.Ask.afterSet, .afterExercise, .atEnd, .never] {
                program.discomfort.ask = ask
                program.defaults.restBetweenExercises = ask == .atEnd ? 0 : 10
                let whole = TimelineCompiler.compile(program, halvesFrom: .max)
                #expect(TimelineCompiler.compile(program, halvesFrom: 2) == whole, "\(count) exercises, \(ask)")
                #expect(whole.steps.indices.allSatisfy { whole.steps[$0].index == $0 })
                let most = TimelineCompiler.most(program, 0..<count)
                #expect(most.steps >= whole.steps.count && most.cues >= whole.cues.count, "the lists' room is enough")
                // Each step's cues are the list's next ones, and the totals kept are the steps' sums.
                #expect(whole.steps.map(\.cueRange.lowerBound) == [0] + whole.steps.dropLast().map(\.cueRange.upperBound))
                #expect(whole.steps.last?.cueRange.upperBound == whole.cues.count)
                #expect(whole.steps.allSatisfy { step in whole.cues(of: step).allSatisfy { $0.stepIndex == step.index } })
                #expect(whole.totalSeconds == whole.steps.reduce(0) { $0 + ($1.length ?? 0) })
                #expect(whole.openStepCount == whole.steps.filter(\.isOpen).count)
            }
        }
        let long = try PlanFastPathTests.program(TimelineCompiler.halvesFrom, seed: seed)
        #expect(TimelineCompiler.compile(long) == TimelineCompiler.compile(long, halvesFrom: .max))
    }

    /// A program's timeline with prompts, some too long for their room (warnings), under `voice`.
    static func timeline(_ count: Int, seed: Int, voice: VoiceSettings) throws -> Timeline {
        var program = try PlanFastPathTests.spoken(count, seed: seed, voice: voice)
        for i in program.exercises.indices where i % 5 == 2 {
            let long = String(repeating: "Keep breathing slowly and steadily, ", count: 3)
            program.exercises[i].prompts.append(Prompt(text: long, moment: .at(1), location: .init(line: 100 + i % 3, column: 5)))
        }
        return TimelineCompiler.compile(program)
    }

    /// The phrases and warnings of two runs of steps joined, cut at every step, are the plan made
    /// in one go; a timeline long enough to be split by itself is too.
    @Test(arguments: 0..<3)
    func speechPlannedInTwoRunsIsTheWhole(seed: Int) throws {
        for voice in PlanFastPathTests.voices {
            let timeline = try Self.timeline(6, seed: seed, voice: voice)
            let whole = SpeechPlanner.plan(timeline, steps: timeline.steps.indices)
            #expect(!whole.cues.isEmpty)
            for cut in 0...timeline.steps.count {
                let steps = timeline.steps.count
                let joined = SpeechPlanner.joined(SpeechPlanner.plan(timeline, steps: 0..<cut), SpeechPlanner.plan(timeline, steps: cut..<steps))
                #expect(joined == whole, "cut at \(cut) of \(steps)")
            }
        }
        let long = try Self.timeline(240, seed: seed, voice: VoiceSettings())
        #expect(long.steps.count >= Alongside.minimumSteps)
        let whole = SpeechPlanner.plan(long, steps: long.steps.indices)
        #expect(!whole.warnings.isEmpty)
        #expect(SpeechPlanner.plan(long) == whole)
    }

    /// The steps table cut in two at every exercise's first step writes (and renders at a width)
    /// what the table in one part does; a long one is cut by itself.
    @Test(arguments: 0..<3)
    func stepsTableInTwoPartsIsTheWhole(seed: Int) throws {
        for voice in [nil, VoiceSettings(), VoiceSettings(language: "de", counts: .phases)] {
            let timeline = try Self.timeline(7, seed: seed, voice: voice ?? VoiceSettings())
            let speech = voice.map { _ in SpeechPlanner.plan(timeline) }
            let prescriptions = timeline.program.exercises.map { PlanRenderer.prescription($0, timeline.program.defaults) }
            let whole = PlanRenderer.StepsTable(timeline, speech: speech, middle: .some(nil))
            #expect(whole.parts.count == 1)
            #expect(whole.prescriptions == prescriptions)
            let written = Self.written(whole)
            let cuts = timeline.steps.indices.dropFirst().filter { timeline.steps[$0].exerciseIndex != timeline.steps[$0 - 1].exerciseIndex }
            #expect(cuts.count == 6)
            for cut in cuts {
                let table = PlanRenderer.StepsTable(timeline, speech: speech, middle: cut)
                #expect(table.parts.count == 2)
                #expect(Self.written(table) == written, "cut at \(cut)")
                #expect(table.prescriptions == prescriptions, "each part's exercises' prescriptions, cut at \(cut)")
                for width in [40, 100] { #expect(table.table.rendered(width: width) == whole.table.rendered(width: width)) }
            }
        }
        let long = try Self.timeline(240, seed: seed, voice: VoiceSettings())
        let speech = SpeechPlanner.plan(long)
        let prescriptions = long.program.exercises.map { PlanRenderer.prescription($0, long.program.defaults) }
        let split = PlanRenderer.StepsTable(long, speech: speech)
        #expect(split.parts.count == 2)
        #expect(split.prescriptions == prescriptions)
        #expect(Self.written(split) == Self.written(PlanRenderer.StepsTable(long, speech: speech, middle: .some(nil))))
        #expect(PlanRenderer.StepsTable.split(Array(long.steps.prefix(Alongside.minimumSteps - 1))) == nil, "a short plan is not cut")
    }

    static func written(_ table: PlanRenderer.StepsTable) -> String {
        let output = ByteOutput()
        table.write(to: output)
        return output.text
    }

    /// The JSON's steps and cues written in runs of any length, two at once, are the JSON
    /// written in one run.
    @Test(arguments: 0..<3)
    func jsonInRunsIsTheWhole(seed: Int) throws {
        let timeline = try Self.timeline(5, seed: seed, voice: VoiceSettings())
        for speech in [nil, SpeechPlanner.plan(timeline)] {
            func json(_ itemsPerRun: Int) -> String {
                let output = ByteOutput()
                PlanRenderer.json(timeline, speech: speech, week: seed == 0 ? nil : seed, to: output, itemsPerRun: itemsPerRun)
                return output.text
            }
            let whole = json(.max)
            #expect(whole == PlanFastPathTests.referenceJSON(timeline, speech: speech) || seed != 0)
            for itemsPerRun in [1, 2, 3, 7, 50, timeline.steps.count - 1, timeline.steps.count, timeline.steps.count + 1] {
                #expect(json(itemsPerRun) == whole, "runs of \(itemsPerRun)")
            }
            // To a descriptor written out every few bytes or kilobytes: the items are written in
            // its buffer and the second thread's runs passed on straight, the same bytes in order.
            for (chunk, itemsPerRun) in [(1, 3), (100, 7), (5000, 2), (1 << 20, 50)] {
                #expect(try Self.writtenToFile(chunk: chunk) { output in
                    PlanRenderer.json(timeline, speech: speech, week: seed == 0 ? nil : seed, to: output, itemsPerRun: itemsPerRun)
                } == whole, "chunks of \(chunk), runs of \(itemsPerRun)")
            }
        }
    }

    /// What `write` writes to a temporary file through a ``ByteOutput`` of `chunk`-byte chunks.
    static func writtenToFile(chunk: Int, _ write: (ByteOutput) -> Void) throws -> String {
        var template = Array("/tmp/limber-planjson-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        try #require(fd >= 0)
        let path = template.withUnsafeBufferPointer { String(decoding: $0.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        defer { unlink(path) }
        let output = ByteOutput(fd: fd, chunk: chunk)
        write(output)
        #expect(output.flush() == nil)
        close(fd)
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
