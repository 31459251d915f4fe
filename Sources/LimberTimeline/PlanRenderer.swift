import Foundation
import LimberBasics
import LimberProgram

/// Renders a ``Timeline`` for `limber plan`: a readable table for people, JSON for tools.
public enum PlanRenderer {
    // MARK: Text

    /// The plan as a table: one row per step (the phases of tempo reps grouped per set), then
    /// per-exercise and total times.
    ///
    /// - Parameters:
    ///   - width: The terminal's columns: the step and cue columns wrap to fit. Nil (output
    ///     to a pipe or file) keeps every row on one line, as wide as it needs.
    ///   - speech: What the voice says; its phrases follow each row's cues. Nil: tones only.
    public static func text(_ timeline: Timeline, width: Int? = nil, speech: SpeechPlan? = nil) -> String {
        let program = timeline.program
        func paragraph(_ text: String) -> String {
            TextTable.wrap(text, columns: width).map { $0 + "\n" }.joined()
        }
        var out = paragraph(TextSanitizer.singleLine(program.title))
        var facts: [String] = []
        if let author = program.author { facts.append("by " + TextSanitizer.singleLine(author)) }
        if let schedule = program.schedule { facts.append(schedule.words) }
        facts.append(describe(program.discomfort))
        out += paragraph(facts.joined(separator: " · ")) + "\n"

        var rows = TextTable(indent: "  ", rightAligned: [0, 1], ruleUnderFirstRow: true, wrapping: [2, 3])
        rows.append(["start", "length", "step", "cues"])
        var i = 0
        let steps = timeline.steps
        while i < steps.count {
            let step = steps[i]
            let group = step.kind.isTempoPhase ? Array(steps[timeline.setRange(containing: i) ?? i..<i + 1]) : [step]
            if i == 0 || steps[i - 1].exerciseIndex != step.exerciseIndex {
                appendHeading(step.exerciseIndex, of: program, to: &rows)
            }
            rows.append(row(group, in: timeline, speech: speech))
            i += group.count
        }
        out += rows.rendered(width: width)

        out += "\nExercises\n"
        var summary = TextTable(indent: "  ", rightAligned: [2], wrapping: [0, 1])
        let totals = timeline.exerciseTotals
        for (index, exercise) in program.exercises.enumerated() {
            var time = DurationText.clock(totals[index].seconds)
            let open = totals[index].openSteps
            if open > 0 { time += " + \(open) open" }
            summary.append([TextSanitizer.singleLine(exercise.name), prescription(exercise, program.defaults), time])
        }
        if timeline.secondsBetweenExercises > 0 {
            summary.append(["Rests between exercises", "", DurationText.clock(timeline.secondsBetweenExercises)])
        }
        summary.append(["Total", "", DurationText.clock(timeline.totalSeconds)])
        out += summary.rendered(width: width)
        let open = timeline.openStepCount
        if open > 0 {
            out += "\n" + paragraph("+ \(open) open step\(open == 1 ? "" : "s") that last\(open == 1 ? "s" : "") until you press Space (not in the total)")
            // With no keyboard at all (`run` in a script) they can't wait: they end on their own.
            let reps = timeline.steps.filter(\.isOpen).compactMap(\.reps)
            let perRep = Timeline.secondsPerCountedRep
            let each = Set(reps).sorted().map { "\($0) reps: ~\(DurationText.format($0 * perRep))" }.joined(separator: ", ")
            out += paragraph("  Without a terminal each ends on its own after \(perRep) s a rep (\(each)).")
            if timeline.steps.contains(where: { $0.openStepsBefore > 0 }) {
                out += paragraph("  A start marked + comes after open steps: add the time they take.")
            }
        }
        return out
    }

    /// "2. Bridge — 3 × 12 reps", then under it the exercise's own discomfort rule (when it
    /// differs from the program's), the therapist's notes and the media links.
    private static func appendHeading(_ index: Int, of program: Program, to rows: inout TextTable) {
        let exercise = program.exercises[index]
        let number = "\(index + 1). "
        rows.appendHeading(number + TextSanitizer.singleLine(exercise.name) + " — " + prescription(exercise, program.defaults),
                           hangingIndent: number.count)
        func labelled(_ label: String, _ lines: [String]) {
            for (n, line) in lines.enumerated() {
                let lead = n == 0 ? label : String(repeating: " ", count: label.count)
                rows.appendLine(lead + TextSanitizer.singleLine(line), indent: number.count, hangingIndent: label.count)
            }
        }
        if let own = exercise.discomfort, own != program.discomfort {
            let rule = describe(own)
            rows.appendLine(rule.prefix(1).uppercased() + rule.dropFirst(), indent: number.count)
        }
        if let notes = exercise.notes {
            labelled("Notes: ", notes.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
        labelled("Media: ", exercise.media)
    }

    private static func row(_ group: [Step], in timeline: Timeline, speech: SpeechPlan?) -> [String] {
        let first = group[0]
        let exercise = timeline.program.exercises[first.exerciseIndex]
        let start = DurationText.clock(first.start) + (first.openStepsBefore > 0 ? "+" : "")
        let lengths = group.compactMap(\.length)
        let length = lengths.count == group.count ? DurationText.clock(lengths.reduce(0, +)) : "open"
        var what: String
        switch first.kind {
        case .getReady: what = "Get ready"
        case .rest where first.betweenExercises: what = "Rest before this exercise"
        case .rest: what = "Rest"
        case .switchSides: what = "Switch sides" + (first.side.map { " → \($0.rawValue)" } ?? "")
        case .reps: what = "\(first.reps ?? 0) reps, press Space when done"
        case .hold, .work: what = first.kind.phase
        case .tempoUp, .tempoHold, .tempoDown:
            if case .reps(let count, let tempo?) = exercise.work {
                what = "\(count) reps, tempo \(tempo)"
            } else {
                what = first.kind.phase
            }
        }
        if first.sets > 1, first.kind != .rest { what += " · set \(first.set)/\(first.sets)" }
        if first.kind != .switchSides, let side = first.side { what += " · \(side.rawValue)" }
        if group.last!.asksDiscomfort { what += " · then rate discomfort 0–10" }
        let phrases = speech.map { plan in group.flatMap { plan.cues(step: $0.index) } } ?? []
        return [start, length, what, [cueSummary(group.flatMap(\.cues)), phraseSummary(phrases)].filter { !$0.isEmpty }.joined(separator: " · ")]
    }

    /// The phrases in quotes, each once; a rep count as its first and last number: `"Set 1 of 3." "1"…"12"`.
    private static func phraseSummary(_ phrases: [SpeechCue]) -> String {
        var seen = Set<String>()
        let texts = phrases.map(\.text).filter { seen.insert($0).inserted }
        let counts = texts.filter { Int($0) != nil }
        var out = texts.filter { Int($0) == nil }.map { "\"\(TextSanitizer.singleLine($0))\"" }
        if let first = counts.first, let last = counts.last {
            out.append(counts.count > 2 ? "\"\(first)\"…\"\(last)\"" : counts.map { "\"\($0)\"" }.joined(separator: " "))
        }
        return out.joined(separator: " ")
    }

    /// Cue names in order, repeated ones counted: "start, up ×12, countdown ×3".
    private static func cueSummary(_ cues: [Cue]) -> String {
        var order: [CueKind] = []
        var counts: [CueKind: Int] = [:]
        for cue in cues {
            if counts[cue.kind] == nil { order.append(cue.kind) }
            counts[cue.kind, default: 0] += 1
        }
        return order.compactMap { kind in
            let n = counts[kind]!
            switch kind {
            case .countdown: return n == 3 ? "3-2-1" : "3-2-1 ×\(n / 3)"
            case .tempoHold, .tempoDown: return nil
            case .tempoUp: return "up/hold/down ×\(n)"
            default:
                let name = kind.rawValue.replacingOccurrences(of: "_", with: " ")
                return n > 1 ? "\(name) ×\(n)" : name
            }
        }.joined(separator: ", ")
    }

    /// "3 × 30s hold, left then right" and the like.
    public static func prescription(_ exercise: Exercise, _ defaults: Defaults) -> String {
        var parts: [String] = []
        let sets = exercise.sets > 1 ? "\(exercise.sets) × " : ""
        switch exercise.work {
        case .hold(let s): parts.append("\(sets)\(DurationText.format(s)) hold")
        case .duration(let s): parts.append("\(sets)\(DurationText.format(s))")
        case .reps(let n, let tempo):
            parts.append("\(sets)\(n) reps" + (tempo.map { " at \($0)" } ?? ""))
        }
        if !exercise.sides.isEmpty {
            parts.append(exercise.sides.count == 2 ? "\(exercise.sides[0].rawValue) then \(exercise.sides[1].rawValue)"
                         : "\(exercise.sides[0].rawValue) only")
        }
        if exercise.sets > 1 { parts.append("rest \(DurationText.format(exercise.restSeconds(defaults)))") }
        return parts.joined(separator: ", ")
    }

    /// The discomfort rule in words: "discomfort asked after each exercise; 6+ ends the session".
    public static func describe(_ rule: DiscomfortRule) -> String {
        let when: String = switch rule.ask {
        case .afterSet: "discomfort asked after each set"
        case .afterExercise: "discomfort asked after each exercise"
        case .atEnd: "discomfort asked at the end"
        case .never: "discomfort not asked"
        }
        guard rule.ask != .never, let stop = rule.stopAt else { return when }
        let action = rule.onStop == .endSession ? "ends the session" : "skips the exercise"
        return "\(when); \(stop)+ \(action)"
    }

    // MARK: JSON

    /// The plan as JSON: `total_seconds`, `open_steps`, `exercises`, `steps` and `cues`
    /// (each cue's `at` in seconds from the start, open steps counted as taking no time; with
    /// `speech`, its phrases among them as `{"at", "cue": "speech", "text", "seconds"}`).
    ///
    /// Written item by item to `write` in chunks, so a long program never holds the whole
    /// document in memory.
    public static func json(_ timeline: Timeline, speech: SpeechPlan? = nil, write: (String) -> Void) {
        let program = timeline.program
        let totals = timeline.exerciseTotals
        var out = "{\n"
        out += "  \"title\": \(JSONValue.quote(program.title)),\n"
        out += "  \"total_seconds\": \(timeline.totalSeconds),\n"
        out += "  \"open_steps\": \(timeline.openStepCount),\n"
        let flush = { (buffer: inout String) in write(buffer); buffer = "" }
        appendArray("exercises", program.exercises.indices, to: &out, flush: flush) { index in
            let exercise = program.exercises[index]
            return .object([
                ("index", .int(index)),
                ("name", .string(exercise.name)),
                ("prescription", .string(prescription(exercise, program.defaults))),
                ("seconds", .int(totals[index].seconds)),
                ("open_steps", .int(totals[index].openSteps)),
                ("discomfort", discomfortJSON(exercise.discomfortRule(program.discomfort))),
                ("notes", exercise.notes.map { .string($0) } ?? .null),
                ("media", .array(exercise.media.map { .string($0) })),
            ])
        }
        out += ",\n"
        appendArray("steps", timeline.steps.indices, to: &out, flush: flush) { i in
            let step = timeline.steps[i]
            return .object([
                ("index", .int(step.index)),
                ("kind", .string(step.kind.rawValue)),
                ("exercise", .string(program.exercises[step.exerciseIndex].name)),
                ("exercise_index", .int(step.exerciseIndex)),
                ("between_exercises", .bool(step.betweenExercises)),
                ("set", .int(step.set)),
                ("sets", .int(step.sets)),
                ("side", step.side.map { .string($0.rawValue) } ?? .null),
                ("rep", step.rep.map { .int($0) } ?? .null),
                ("reps", step.reps.map { .int($0) } ?? .null),
                ("start", .int(step.start)),
                ("length", step.length.map { .int($0) } ?? .null),
                ("open", .bool(step.isOpen)),
                ("open_steps_before", .int(step.openStepsBefore)),
                ("asks_discomfort", .bool(step.asksDiscomfort)),
            ])
        }
        out += ",\n"
        // Tones and phrases in time order (a phrase after the tones of its moment).
        let cues = timeline.cues.map { PlanCue.tone($0) } + (speech?.cues ?? []).map { PlanCue.speech($0) }
        let ordered = cues.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        appendArray("cues", ordered.indices, to: &out, flush: flush) { i in
            let cue: Cue
            switch ordered[i] {
            case .tone(let tone): cue = tone
            case .speech(let phrase):
                let step = timeline.steps[phrase.stepIndex]
                return .object([
                    ("at", .double(phrase.at)),
                    ("cue", "speech"),
                    ("text", .string(phrase.text)),
                    ("seconds", .double(phrase.seconds)),
                    ("exercise", .string(program.exercises[step.exerciseIndex].name)),
                    ("step", .int(phrase.stepIndex)),
                    ("open_steps_before", .int(step.openStepsBefore)),
                ])
            }
            let step = timeline.steps[cue.stepIndex]
            return .object([
                ("at", .int(cue.at)),
                ("cue", .string(cue.kind.rawValue)),
                ("exercise", .string(program.exercises[step.exerciseIndex].name)),
                ("step", .int(cue.stepIndex)),
                ("at_step_end", .bool(cue.atEnd)),
                ("open_steps_before", .int(step.openStepsBefore + (cue.atEnd && step.isOpen ? 1 : 0))),
            ])
        }
        write(out + "\n}\n")
    }

    /// The rule in force as `{"ask", "stop_at", "on_stop"}`.
    private static func discomfortJSON(_ rule: DiscomfortRule) -> JSONValue {
        .object([
            ("ask", .string(rule.ask.rawValue)),
            ("stop_at", rule.stopAt.map { .int($0) } ?? .null),
            ("on_stop", .string(rule.onStop.rawValue)),
        ])
    }

    /// A tone cue or a phrase, for the JSON plan's one time-ordered list.
    private enum PlanCue {
        case tone(Cue)
        case speech(SpeechCue)

        var at: Double {
            switch self {
            case .tone(let cue): Double(cue.at)
            case .speech(let phrase): phrase.at
            }
        }
    }

    /// The whole JSON plan as one string (for tests and small programs).
    public static func json(_ timeline: Timeline, speech: SpeechPlan? = nil) -> String {
        var all = ""
        json(timeline, speech: speech) { all += $0 }
        return all
    }

    private static func appendArray(_ key: String, _ indices: Range<Int>, to out: inout String,
                                    flush: (inout String) -> Void, item: (Int) -> JSONValue) {
        out += "  \(JSONValue.quote(key)): ["
        for i in indices {
            out += (i == indices.lowerBound ? "\n    " : ",\n    ") + item(i).rendered(pretty: false)
            if out.utf8.count > 1 << 16 { flush(&out) }
        }
        out += indices.isEmpty ? "]" : "\n  ]"
    }
}
