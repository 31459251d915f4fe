import Foundation
import LimberBasics
import LimberProgram
@testable import LimberTimeline
import Testing

/// The plan's fast paths against the straightforward code they replace, on generated programs
/// with awkward names (quotes, backslashes, controls, bidi and invisible characters, wide and
/// combining text) and phrases said in open steps.
@Suite("Plan fast paths")
struct PlanFastPathTests {
    static let awkward = [
        "Quote \" and back\\slash", "Tab\there", "Bidi \u{202E}evil\u{202C}", "Zero\u{200B}width", "BOM\u{FEFF}",
        "C1 \u{85} next", "NBSP\u{A0}name", "Emoji 🧘 pose", "Flag 🇩🇪 ZWJ 👩‍💻", "漢字の運動", "Cafe\u{301}",
        "Arrow → … —", "DEL\u{7F}", "Soft\u{AD}hyphen", "Line\u{2028}sep", "Esc \u{1B}[31m", "Bell\u{7}", "plain",
        "new\nline", "CR\r\nLF", "°C", "\u{FFFD}", "",
    ]

    static let kinds = [
        "sides: [left, right]\n    sets: 2\n    hold: 12s\n    rest: 5s",
        "sets: 2\n    reps: 3\n    tempo: 1-1-1",
        "reps: 4",
        "duration: 30s\n    cue_every: 5s",
        "sets: 3\n    reps: 5\n    rest: 5s",
    ]

    /// A program of `count` exercises of every kind, renamed with awkward names after parsing
    /// (so even names the parser refuses reach the renderer).
    static func program(_ count: Int, seed: Int) throws -> Program {
        var yaml = "limber: 1\ntitle: Generated\nsafety: [Stop on sharp pain.]\ndiscomfort: { ask: after_set, stop_at: 5 }\n"
        yaml += "defaults: { rest_between_exercises: 10s }\nexercises:\n"
        for i in 0..<count {
            yaml += "  - name: Exercise \(i)\n    \(kinds[(i + seed) % kinds.count])\n"
        }
        var program = try #require(ProgramParser.parse(yaml).program)
        for i in program.exercises.indices {
            let a = awkward[(i * 7 + seed) % awkward.count], b = awkward[(i * 3 + seed) % awkward.count]
            program.exercises[i].name = "\(a) \(i) \(b)"
            if i % 3 == 0 { program.exercises[i].notes = "Notes \(b)\nsecond \(a)" }
        }
        program.title = "Title \(awkward[seed % awkward.count])"
        return program
    }

    @Test(arguments: 0..<6)
    func jsonIsWhatTheValueTreeRendered(seed: Int) throws {
        let timeline = TimelineCompiler.compile(try Self.program(12, seed: seed))
        for speech in [nil, SpeechPlanner.plan(timeline)] {
            #expect(PlanRenderer.json(timeline, speech: speech) == Self.referenceJSON(timeline, speech: speech))
        }
    }

    /// The voices the speech tests plan with: both languages, both ways of counting, rates, and
    /// parts left out (so every option list has each of its lengths).
    static let voices: [VoiceSettings] = [
        VoiceSettings(), VoiceSettings(language: "de", counts: .phases), VoiceSettings(rate: 80, parts: [.sets, .counts]),
        VoiceSettings(language: "de-ch", rate: 400, parts: [.names, .next, .halfway]), VoiceSettings(parts: [.sets, .counts, .next], counts: .phases),
    ]

    /// A generated program with prompts said at each rep and at times, under `voice`.
    static func spoken(_ count: Int, seed: Int, voice: VoiceSettings) throws -> Program {
        var program = try program(count, seed: seed)
        for i in program.exercises.indices where i % 4 == seed % 4 {
            switch program.exercises[i].work {
            case .reps(_, _?): program.exercises[i].prompts = [Prompt(text: i % 8 == 0 ? "Breathe" : "Keep your back flat and breathe slowly", moment: .eachRep)]
            case .hold, .duration: program.exercises[i].prompts = [Prompt(text: "Relax \(i)", moment: .at(2)), Prompt(text: "Steady", moment: .at(3))]
            default: break
            }
        }
        program.voice = voice
        return program
    }

    /// Phrases made once and reused (counts, set phrases, "Next: set …") are what making each
    /// afresh gives, for every voice.
    @Test(arguments: 0..<4)
    func reusedPhrasesAreWhatMakingThemAfreshGives(seed: Int) throws {
        for voice in Self.voices {
            let timeline = TimelineCompiler.compile(try Self.spoken(14, seed: seed, voice: voice))
            let plan = SpeechPlanner.plan(timeline)
            #expect(plan == SpeechPlanner.plan(timeline, steps: timeline.steps.indices, reusingPhrases: false))
            #expect(!plan.cues.isEmpty)
        }
    }

    /// The steps table written straight from its cells' bytes is what ``TextTable`` renders of
    /// the same rows with no width (awkward names reach the cells through "Next: …" phrases and
    /// prompts; a cell's width counted piece by piece must be the whole cell's).
    @Test(arguments: 0..<6)
    func stepsWrittenAsBytesAreWhatTheTableRenders(seed: Int) throws {
        for voice in Self.voices.prefix(3) {
            var program = try Self.spoken(12, seed: seed, voice: voice)
            for i in program.exercises.indices where i % 3 == 1 {
                program.exercises[i].prompts = program.exercises[i].prompts.map {
                    Prompt(text: Self.awkward[(i + seed) % Self.awkward.count] + " \($0.text)", moment: $0.moment)
                }
            }
            let timeline = TimelineCompiler.compile(program)
            var written: [String] = []
            for speech in [nil, SpeechPlanner.plan(timeline)] {
                let table = PlanRenderer.StepsTable(timeline, speech: speech)
                let output = ByteOutput()
                table.write(to: output)
                #expect(output.text == table.table.rendered())
                written.append(output.text)
            }
            #expect(written[0] != written[1], "the phrases are in the table")
        }
    }

    /// A cell's clock and numbers, written digit by digit, are what `DurationText.clock` and
    /// `String` spell, and as wide.
    @Test func cellClocksAndNumbersSpellAsStringsDo() {
        var values = Array(0...4000) + [35_999, 36_000, 86_399, 359_999, 360_000, 412_970, 9_999_999, Int.max, -1, -61, Int.min]
        values += (0..<2000).map { _ in Int.random(in: 0..<100_000_000) }
        for value in values {
            let cell = PlanRenderer.CellWriter()
            cell.append(clock: value)
            #expect(String(decoding: cell.bytes, as: UTF8.self) == DurationText.clock(value), "\(value)")
            #expect(cell.width == DurationText.clock(value).count)
            let number = PlanRenderer.CellWriter()
            number.append(ascii: "x")
            number.append(decimal: value)
            #expect(String(decoding: number.bytes, as: UTF8.self) == "x" + String(value))
            #expect(number.width == 1 + String(value).count)
        }
    }

    /// The JSON item writer's numbers, kind names and phrase strings are what `JSONValue` writes.
    @Test func itemBytesSpellAsJSONValueDoes() {
        func written(_ write: (inout PlanRenderer.ItemBytes) -> Void) -> String {
            let output = ByteOutput()
            var bytes = PlanRenderer.ItemBytes(output)
            bytes.room(64)
            write(&bytes)
            bytes.drain()
            return output.text
        }
        var generator = SystemRandomNumberGenerator()
        var numbers: [Double] = [0, -0.0, 0.5, 1, 1.3, 14.3, 0.01, 0.1 + 0.2, 1e9 - 0.01, 1e9, 1e15, 1e16, 123456.78, -2.5, 1e-5, .nan, .infinity]
        numbers += (0..<3000).map { _ in Double(Int.random(in: 0..<10_000_000, using: &generator)) / 100 }
        numbers += (0..<1000).map { _ in Double.random(in: 0..<5000, using: &generator) }
        numbers += (0..<300).map { _ in (0.1 + 0.07 * Double(Int.random(in: 0..<80, using: &generator))) * 175 / Double(Int.random(in: 80...450, using: &generator)) }
        for number in numbers {
            #expect(written { $0.number(number) } == JSONValue.double(number).rendered(pretty: false), "\(number)")
        }
        for value in [0, 7, 10, 42, 99, 100, 12345, Int.max, -1, -99, Int.min] + (0..<300).map({ $0 * 7 }) {
            #expect(written { $0.decimal(value) } == String(value))
        }
        #expect(written { $0.decimal(nil) } == "null")
        for kind in CueKind.allCases {
            #expect(written { $0.literal(PlanRenderer.quotedName(kind)) } == JSONValue.quote(kind.rawValue))
        }
        for kind in StepKind.allCases {
            #expect(written { $0.literal(PlanRenderer.quotedName(kind)) } == JSONValue.quote(kind.rawValue))
        }
        for text in Self.awkward + ["1", "Set 1 of 3.", "a/b <c> ~", "\u{7F}", "tab\t", String(repeating: "long é \"", count: 40_000)] {
            #expect(written { $0.quoted(text) } == JSONValue.quote(text), "\(text.prefix(20).debugDescription)")
        }
    }

    @Test func theWeekIsNamedOnlyWhenGiven() throws {
        let timeline = TimelineCompiler.compile(try Self.program(2, seed: 0))
        let plain = PlanRenderer.json(timeline)
        let week = PlanRenderer.json(timeline, week: 3)
        #expect(!plain.contains("\"week\""))
        #expect(week == plain.replacingOccurrences(of: ",\n  \"total_seconds\"", with: ",\n  \"week\": 3,\n  \"total_seconds\""))
    }

    @Test(arguments: 0..<6)
    func phrasesByStepAreWhatEachStepSays(seed: Int) throws {
        let timeline = TimelineCompiler.compile(try Self.program(10, seed: seed))
        let plan = SpeechPlanner.plan(timeline)
        let byStep = PlanRenderer.PhrasesByStep(plan, stepCount: timeline.steps.count)
        for step in timeline.steps {
            #expect(Array(byStep[step.index..<step.index + 1]) == plan.cues(step: step.index))
        }
        // A run of steps (a row of tempo phases): their phrases one after another.
        for start in timeline.steps.indices {
            let end = min(timeline.steps.count, start + 1 + start % 5)
            #expect(Array(byStep[start..<end]) == (start..<end).flatMap { plan.cues(step: $0) })
        }
    }

    @Test func jsonDecimalsAreWhatStringSpells() {
        var values = [0, 9, 10, 99, 100, 101, 999, 1000, 4242, 65_535, 123_456_789, Int.max, Int.max - 1, -1, -100, Int.min]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, power + power / 2 + 7]
        }
        values += (0..<2000).map { $0 * 37 }
        let output = ByteOutput()
        var bytes = PlanRenderer.ItemBytes(output)
        for value in values {
            bytes.room(32)
            bytes.decimal(value)
            bytes.literal(",")
        }
        bytes.drain()
        #expect(output.text == values.map { "\($0)," }.joined())
    }

    @Test func cueNamesAreTheRawNamesInWords() {
        for kind in CueKind.allCases {
            #expect(PlanRenderer.cueName(kind).description == kind.rawValue.replacingOccurrences(of: "_", with: " "))
        }
    }

    @Test func timeOrderIsTheStableSortOfTonesThenPhrases() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            // Mostly in order, with ties and a few out of order (phrases in open steps).
            var t = 0.0
            let tones = (0..<Int.random(in: 0..<30, using: &generator)).map { _ in
                t += [0, 0, 1, 2.5].randomElement(using: &generator)!
                return t
            }
            let phrases = (0..<Int.random(in: 0..<30, using: &generator)).map { _ in
                Double(Int.random(in: 0..<40, using: &generator)) / 2
            }
            let all = tones + phrases
            let expected = all.indices.sorted { (all[$0], $0) < (all[$1], $1) }
            #expect(PlanRenderer.timeOrder(tones: tones, phrases: phrases) == expected)
        }
    }

    @Test func asciiEstimatesCountAsCharactersDo() {
        let alphabet = Array(" \t.,:;!?abcXYZ0129-'\"\r\n\u{7}")
        var generator = SystemRandomNumberGenerator()
        var texts = ["", " ", "  .  ", "Set 1 of 3.", "12 13", "\r\n", "a.\r\n", "Rest. Next: Exercise 12, left side."]
        for _ in 0..<500 {
            texts.append(String((0..<Int.random(in: 0..<24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for text in texts {
            for rate in [80, 175, 450] {
                #expect(SpeechPlanner.asciiEstimate(text, rate: rate) == SpeechPlanner.characterEstimate(text, rate: rate), "\(text.debugDescription)")
            }
        }
        #expect(SpeechPlanner.asciiEstimate("Übung 1.", rate: 175) == nil, "other text goes character by character")
    }

    // MARK: The rendering replaced, as the oracle

    /// The JSON plan as it was written before the byte writer: a `JSONValue` tree per item.
    static func referenceJSON(_ timeline: Timeline, speech: SpeechPlan?) -> String {
        let program = timeline.program
        let totals = timeline.exerciseTotals
        var out = "{\n  \"title\": \(JSONValue.quote(program.title)),\n"
        out += "  \"total_seconds\": \(timeline.totalSeconds),\n  \"open_steps\": \(timeline.openStepCount),\n"
        func array(_ key: String, _ items: [JSONValue]) {
            out += "  \"\(key)\": ["
            for (i, item) in items.enumerated() { out += (i == 0 ? "\n    " : ",\n    ") + item.rendered(pretty: false) }
            out += items.isEmpty ? "]" : "\n  ]"
        }
        array("exercises", program.exercises.enumerated().map { index, exercise in
            let rule = exercise.discomfortRule(program.discomfort)
            return .object([
                ("index", .int(index)), ("name", .string(exercise.name)),
                ("prescription", .string(PlanRenderer.prescription(exercise, program.defaults))),
                ("seconds", .int(totals[index].seconds)), ("open_steps", .int(totals[index].openSteps)),
                ("discomfort", .object([("ask", .string(rule.ask.rawValue)), ("stop_at", rule.stopAt.map { .int($0) } ?? .null),
                                        ("on_stop", .string(rule.onStop.rawValue))])),
                ("notes", exercise.notes.map { .string($0) } ?? .null), ("media", .array(exercise.media.map { .string($0) })),
            ])
        })
        out += ",\n"
        array("steps", timeline.steps.map { step in
            .object([
                ("index", .int(step.index)), ("kind", .string(step.kind.rawValue)),
                ("exercise", .string(program.exercises[step.exerciseIndex].name)), ("exercise_index", .int(step.exerciseIndex)),
                ("between_exercises", .bool(step.betweenExercises)), ("set", .int(step.set)), ("sets", .int(step.sets)),
                ("side", step.side.map { .string($0.rawValue) } ?? .null), ("rep", step.rep.map { .int($0) } ?? .null),
                ("reps", step.reps.map { .int($0) } ?? .null), ("start", .int(step.start)),
                ("length", step.length.map { .int($0) } ?? .null), ("open", .bool(step.isOpen)),
                ("open_steps_before", .int(step.openStepsBefore)), ("asks_discomfort", .bool(step.asksDiscomfort)),
            ])
        })
        out += ",\n"
        let tones: [(Double, JSONValue)] = timeline.cues.map { cue in
            let step = timeline.steps[cue.stepIndex]
            return (Double(cue.at), .object([
                ("at", .int(cue.at)), ("cue", .string(cue.kind.rawValue)),
                ("exercise", .string(program.exercises[step.exerciseIndex].name)), ("step", .int(cue.stepIndex)),
                ("at_step_end", .bool(cue.atEnd)),
                ("open_steps_before", .int(step.openStepsBefore + (cue.atEnd && step.isOpen ? 1 : 0))),
            ]))
        }
        let phrases: [(Double, JSONValue)] = (speech?.cues ?? []).map { phrase in
            let step = timeline.steps[phrase.stepIndex]
            return (phrase.at, .object([
                ("at", .double(phrase.at)), ("cue", "speech"), ("text", .string(phrase.text)), ("seconds", .double(phrase.seconds)),
                ("exercise", .string(program.exercises[step.exerciseIndex].name)), ("step", .int(phrase.stepIndex)),
                ("open_steps_before", .int(step.openStepsBefore)),
            ]))
        }
        let all = tones + phrases
        array("cues", all.indices.sorted { (all[$0].0, $0) < (all[$1].0, $1) }.map { all[$0].1 })
        return out + "\n}\n"
    }
}
