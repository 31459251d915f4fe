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
        let output = ByteOutput()
        text(timeline, width: width, speech: speech, to: output)
        return output.text
    }

    /// ``text(_:width:speech:)`` written to `output` as it is made: the steps' rows are built as
    /// bytes, each cell measured once, and (with no width to fit) written straight from them.
    public static func text(_ timeline: Timeline, width: Int? = nil, speech: SpeechPlan? = nil, to output: ByteOutput) {
        let program = timeline.program
        func paragraph(_ text: String) -> String {
            TextTable.wrap(text, columns: width).map { $0 + "\n" }.joined()
        }
        output.append(paragraph(TextSanitizer.singleLine(program.title)))
        var facts: [String] = []
        if let author = program.author { facts.append("by " + TextSanitizer.singleLine(author)) }
        if let schedule = program.schedule { facts.append(schedule.words) }
        facts.append(describe(program.discomfort))
        output.append(paragraph(facts.joined(separator: " · ")) + "\n")

        let steps = StepsTable(timeline, speech: speech)
        let prescriptions = steps.prescriptions
        if let width { output.append(steps.table.rendered(width: width)) } else { steps.write(to: output) }

        output.append("\nExercises\n")
        var summary = TextTable(indent: "  ", rightAligned: [2], wrapping: [0, 1])
        let (totals, between) = timeline.totals()
        for (index, exercise) in program.exercises.enumerated() {
            var time = DurationText.clock(totals[index].seconds)
            let open = totals[index].openSteps
            if open > 0 { time += " + \(open) open" }
            summary.append([TextSanitizer.singleLine(exercise.name), prescriptions[index], time])
        }
        if between > 0 {
            summary.append(["Rests between exercises", "", DurationText.clock(between)])
        }
        summary.append(["Total", "", DurationText.clock(timeline.totalSeconds)])
        output.append(summary.rendered(width: width))
        let open = timeline.openStepCount
        if open > 0 {
            output.append("\n" + paragraph("+ \(open) open step\(open == 1 ? "" : "s") that last\(open == 1 ? "s" : "") until you press Space (not in the total)"))
            // With no keyboard at all (`run` in a script) they can't wait: they end on their own.
            let reps = timeline.steps.lazy.filter(\.isOpen).compactMap(\.reps)
            let perRep = Timeline.secondsPerCountedRep
            let each = Set(reps).sorted().map { "\($0) reps: ~\(DurationText.format($0 * perRep))" }.joined(separator: ", ")
            output.append(paragraph("  Without a terminal each ends on its own after \(perRep) s a rep (\(each))."))
            if timeline.steps.contains(where: { $0.openStepsBefore > 0 }) {
                output.append(paragraph("  A start marked + comes after open steps: add the time they take."))
            }
        }
    }

    /// The table of steps: a header, then per exercise its heading lines and one row per step
    /// (a set of tempo reps one row). The rows' cells are kept as bytes with their widths, so a
    /// plan piped to a file is written without a String per cell; fitting a terminal's width
    /// goes through ``TextTable`` (``table``).
    struct StepsTable {
        /// A line of its own under the table's rules (``TextTable/appendHeading(_:hangingIndent:)``
        /// when `blankBefore`, else ``TextTable/appendLine(_:indent:hangingIndent:)``).
        struct Line {
            var text: String
            var blankBefore: Bool
            var indent: Int
            var hangingIndent: Int
        }

        /// A row of four cells (the next four of `cells`), or a line of its own.
        enum Entry {
            case row
            case line(Line)
        }

        static let columns = 4
        static let header = ["start", "length", "step", "cues"]

        /// The rows and lines of a run of whole exercises, in order: the first part's cells
        /// begin with the header's.
        struct Part {
            var entries: [Entry] = []
            /// Every row's cells, four a row.
            var cells = TextTable.Cells()
            /// The prescriptions of the part's exercises (made with the part: on its thread).
            var prescriptions: [String] = []
        }

        /// The table in order, in one part, or (a long plan) two made at once (``Alongside``).
        private(set) var parts: [Part]

        /// The table of `timeline`'s steps, cut in two at step `middle` when given (the first step
        /// of an exercise; by default ``split(_:)``'s).
        init(_ timeline: Timeline, speech: SpeechPlan?, middle: Int?? = nil) {
            let steps = timeline.steps
            let phrases = speech.map { PhrasesByStep($0, stepCount: steps.count) }
            let exercises = timeline.program.exercises.count
            if let middle = middle ?? Self.split(steps) {
                // The parts' exercises: those of their steps (each exercise has steps, in order).
                let cut = steps[middle].exerciseIndex
                let (first, second) = Alongside.both(
                    { Self.part(timeline, phrases: phrases, steps: 0..<middle, exercises: 0..<cut) },
                    { Self.part(timeline, phrases: phrases, steps: middle..<steps.count, exercises: cut..<exercises) })
                parts = [first, second]
            } else {
                parts = [Self.part(timeline, phrases: phrases, steps: steps.indices, exercises: 0..<exercises)]
            }
        }

        /// Every exercise's prescription, by exercise index.
        var prescriptions: [String] { parts.flatMap(\.prescriptions) }

        /// Where a long timeline is cut in two: the first step of the exercise nearest past the
        /// middle (a row never spans exercises); nil to keep it whole.
        static func split(_ steps: [Step]) -> Int? {
            guard steps.count >= Alongside.minimumSteps else { return nil }
            var i = steps.count / 2
            while i < steps.count, steps[i].exerciseIndex == steps[i - 1].exerciseIndex { i += 1 }
            return i < steps.count ? i : nil
        }

        /// The part of the table for the steps at `range`, those of the whole exercises at
        /// `exercises` (starting with the header when it starts the table).
        static func part(_ timeline: Timeline, phrases: PhrasesByStep?, steps range: Range<Int>, exercises: Range<Int>) -> Part {
            let program = timeline.program
            let steps = timeline.steps
            var part = Part()
            part.prescriptions = exercises.map { prescription(program.exercises[$0], program.defaults) }
            let cell = CellWriter()
            if range.lowerBound == 0 {
                for name in Self.header {
                    cell.append(name)
                    cell.end(into: &part.cells)
                }
                part.entries.append(.row)
            }
            part.entries.reserveCapacity(range.count / 2)
            var i = range.lowerBound
            while i < range.upperBound {
                let group = steps[i].kind.isTempoPhase ? timeline.setRange(containing: i) ?? i..<i + 1 : i..<i + 1
                if i == 0 || steps[i - 1].exerciseIndex != steps[i].exerciseIndex {
                    let e = steps[i].exerciseIndex
                    for line in PlanRenderer.heading(e, of: program, prescription: part.prescriptions[e - exercises.lowerBound]) {
                        part.entries.append(.line(line))
                    }
                }
                PlanRenderer.row(group, in: timeline, phrases: phrases, cell: cell, into: &part.cells)
                part.entries.append(.row)
                i = group.upperBound
            }
            return part
        }

        /// The same table as a ``TextTable`` of Strings: for fitting a width.
        var table: TextTable {
            var table = TextTable(indent: "  ", rightAligned: [0, 1], ruleUnderFirstRow: true, wrapping: [2, 3])
            for part in parts {
                var n = 0
                for entry in part.entries {
                    switch entry {
                    case .row:
                        table.append((n..<n + Self.columns).map { String(decoding: part.cells.bytes[part.cells.range($0)], as: UTF8.self) })
                        n += Self.columns
                    case .line(let line) where line.blankBefore:
                        table.appendHeading(line.text, hangingIndent: line.hangingIndent)
                    case .line(let line):
                        table.appendLine(line.text, indent: line.indent, hangingIndent: line.hangingIndent)
                    }
                }
            }
            return table
        }

        /// Writes the table with every row on one line, as ``table`` renders it with no width:
        /// rows through ``TextTable/line(_:widths:to:)``, lines of their own led by the indent.
        /// Two parts are written at once, the second into bytes of its own put after the first's.
        func write(to output: ByteOutput) {
            var columns = [Int](repeating: 0, count: Self.columns)
            for part in parts {
                for (i, w) in part.cells.widths.enumerated() { columns[i % Self.columns] = max(columns[i % Self.columns], w) }
            }
            let widths = columns
            if parts.count == 2 {
                let second = parts[1]
                let (_, bytes) = Alongside.both({ Self.write(parts[0], widths: widths, to: output) }, {
                    let out = ByteOutput()
                    Self.write(second, widths: widths, to: out)
                    return out
                })
                output.append(passing: bytes)
            } else {
                for part in parts { Self.write(part, widths: widths, to: output) }
            }
        }

        /// Writes one part's lines, the columns `widths` wide.
        static func write(_ part: Part, widths: [Int], to output: ByteOutput) {
            let layout = TextTable(indent: "  ", rightAligned: [0, 1])
            let cells = part.cells
            // Lines are made in memory (a table line is trimmed where it lies), then passed on.
            let out = ByteOutput()
            var n = 0
            for (e, entry) in part.entries.enumerated() {
                switch entry {
                case .row:
                    layout.line(cells, from: n, widths: widths, to: out)
                    if n == 0, e == 0 {
                        // The header (only the first part starts with a row).
                        out.append("  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
                        out.append(byte: UInt8(ascii: "\n"))
                    }
                    n += Self.columns
                case .line(let line):
                    if line.blankBefore { out.append(byte: UInt8(ascii: "\n")) }
                    out.append(("  " + String(repeating: " ", count: line.indent) + line.text).trimmingTrailingSpaces())
                    out.append(byte: UInt8(ascii: "\n"))
                }
                if out.gathered >= 1 << 16 {
                    output.append(out)
                    out.removeAll()
                }
            }
            output.append(out)
        }
    }

    /// One cell being written as bytes, with its width in columns counted as it grows: pieces
    /// of printable ASCII and the signs known to take one column add up; a cell with any other
    /// text is measured whole at the end (``DisplayWidth`` reads clusters across pieces).
    ///
    /// The bytes are raw memory reused from cell to cell (an Array's append and clearing were a
    /// third of a row's cost): one writer makes a part's cells one after another.
    final class CellWriter {
        private var base: UnsafeMutablePointer<UInt8>
        private var capacity = 256
        private var count = 0
        var width = 0
        var measureWhole = false

        init() { base = .allocate(capacity: capacity) }

        deinit { base.deallocate() }

        /// The cell's bytes so far (valid until the next change).
        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

        var isEmpty: Bool { count == 0 }

        /// Appends raw bytes (growing the memory by doubling when needed).
        private func append(bytes: UnsafeBufferPointer<UInt8>) {
            guard let from = bytes.baseAddress, bytes.count > 0 else { return }
            if count + bytes.count > capacity { grow(toHold: bytes.count) }
            (base + count).update(from: from, count: bytes.count)
            count += bytes.count
        }

        private func append(byte: UInt8) {
            if count == capacity { grow(toHold: 1) }
            base[count] = byte
            count += 1
        }

        private func grow(toHold more: Int) {
            capacity = max(capacity * 2, count + more)
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            moved.moveInitialize(from: base, count: count)
            base.deallocate()
            base = moved
        }

        /// Printable ASCII (one column a byte).
        func append(ascii literal: StaticString) {
            append(bytes: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
            width += literal.utf8CodeUnitCount
        }

        /// A sign of one column (·, →, ×, –, …): one scalar ``DisplayWidth`` counts as one column.
        func append(sign literal: StaticString) {
            append(bytes: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
            width += 1
        }

        /// `value` in decimal, as `String(value)` spells it: digits written here (a String per
        /// number was most of the clock column's cost).
        func append(decimal value: Int) {
            guard value >= 0 else { return append(String(value)) }
            if value >= 10 { append(decimal: value / 10) } // the leading digits first
            append(byte: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10))
            width += 1
        }

        /// Two digits: `n` (0–99) with a leading zero.
        private func append(twoDigits n: Int) {
            append(byte: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n / 10))
            append(byte: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n % 10))
            width += 2
        }

        /// `m:ss` or `h:mm:ss`, as ``DurationText/clock(_:)``.
        func append(clock seconds: Int) {
            guard seconds >= 0 else { return append(DurationText.clock(seconds)) }
            let h = seconds / 3600, m = (seconds % 3600) / 60, s = seconds % 60
            if h > 0 {
                append(decimal: h)
                append(byte: UInt8(ascii: ":"))
                width += 1
                append(twoDigits: m)
            } else {
                append(decimal: m)
            }
            append(byte: UInt8(ascii: ":"))
            width += 1
            append(twoDigits: s)
        }

        /// Any text: counted when printable ASCII, else the cell is measured whole.
        func append(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                append(bytes: utf8)
                if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { width += utf8.count } else { measureWhole = true }
            }
        }

        /// `text` as ``TextSanitizer/singleLine(_:)`` makes it: printable ASCII (nothing to
        /// escape) as it is, in one pass; any other text through the sanitizer.
        func append(singleLine text: String) {
            var text = text
            let plain = text.withUTF8 { utf8 in
                guard utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return false }
                append(bytes: utf8)
                width += utf8.count
                return true
            }
            if !plain { append(TextSanitizer.singleLine(text)) }
        }

        /// Adds the cell to `cells` and starts the next.
        func end(into cells: inout TextTable.Cells) {
            if measureWhole { width = String(decoding: bytes, as: UTF8.self).displayWidth }
            cells.append(bytes, width: width)
            count = 0
            width = 0
            measureWhole = false
        }
    }

    /// "2. Bridge — 3 × 12 reps", then under it the exercise's own discomfort rule (when it
    /// differs from the program's), the therapist's notes and the media links.
    private static func heading(_ index: Int, of program: Program, prescription: String) -> [StepsTable.Line] {
        let exercise = program.exercises[index]
        let number = "\(index + 1). "
        var lines = [StepsTable.Line(text: number + TextSanitizer.singleLine(exercise.name) + " — " + prescription,
                                     blankBefore: true, indent: 0, hangingIndent: number.count)]
        func labelled(_ label: String, _ texts: [String]) {
            for (n, text) in texts.enumerated() {
                let lead = n == 0 ? label : String(repeating: " ", count: label.count)
                lines.append(.init(text: lead + TextSanitizer.singleLine(text), blankBefore: false, indent: number.count, hangingIndent: label.count))
            }
        }
        if let own = exercise.discomfort, own != program.discomfort {
            let rule = describe(own)
            lines.append(.init(text: rule.prefix(1).uppercased() + rule.dropFirst(), blankBefore: false, indent: number.count, hangingIndent: 0))
        }
        if let notes = exercise.notes {
            labelled("Notes: ", notes.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
        labelled("Media: ", exercise.media)
        return lines
    }

    /// The four cells of the row of the steps at `group`, added to `cells`.
    private static func row(_ group: Range<Int>, in timeline: Timeline, phrases: PhrasesByStep?,
                            cell: CellWriter, into cells: inout TextTable.Cells) {
        let steps = timeline.steps
        let first = group.lowerBound
        cell.append(clock: steps[first].start)
        if steps[first].openStepsBefore > 0 { cell.append(ascii: "+") }
        cell.end(into: &cells)
        var total = 0
        var open = false
        for i in group {
            if let length = steps[i].length { total += length } else { open = true }
        }
        if open { cell.append(ascii: "open") } else { cell.append(clock: total) }
        cell.end(into: &cells)

        let kind = steps[first].kind
        switch kind {
        case .getReady: cell.append(ascii: "Get ready")
        case .rest where steps[first].betweenExercises: cell.append(ascii: "Rest before this exercise")
        case .rest: cell.append(ascii: "Rest")
        case .switchSides:
            cell.append(ascii: "Switch sides")
            if let side = steps[first].side {
                cell.append(ascii: " ")
                cell.append(sign: "→")
                cell.append(ascii: " ")
                cell.append(side.rawValue)
            }
        case .reps:
            cell.append(decimal: steps[first].reps ?? 0)
            cell.append(ascii: " reps, press Space when done")
        case .hold, .work: cell.append(kind.phase)
        case .tempoUp, .tempoHold, .tempoDown:
            if case .reps(let count, let tempo?) = timeline.program.exercises[steps[first].exerciseIndex].work {
                cell.append(decimal: count)
                cell.append(ascii: " reps, tempo ")
                cell.append(tempo.description)
            } else {
                cell.append(kind.phase)
            }
        }
        if steps[first].sets > 1, kind != .rest {
            cell.append(ascii: " ")
            cell.append(sign: "·")
            cell.append(ascii: " set ")
            cell.append(decimal: steps[first].set)
            cell.append(ascii: "/")
            cell.append(decimal: steps[first].sets)
        }
        if kind != .switchSides, let side = steps[first].side {
            cell.append(ascii: " ")
            cell.append(sign: "·")
            cell.append(ascii: " ")
            cell.append(side.rawValue)
        }
        if steps[group.upperBound - 1].asksDiscomfort {
            cell.append(ascii: " ")
            cell.append(sign: "·")
            cell.append(ascii: " then rate discomfort 0")
            cell.append(sign: "–")
            cell.append(ascii: "10")
        }
        cell.end(into: &cells)

        cueSummary(group, of: steps, cues: timeline.cues, to: cell)
        // The phrases after the cues (a summary is empty only when there are no phrases).
        if let phrases, case let said = phrases[group], !said.isEmpty {
            if !cell.isEmpty {
                cell.append(ascii: " ")
                cell.append(sign: "·")
                cell.append(ascii: " ")
            }
            phraseSummary(said, to: cell)
        }
        cell.end(into: &cells)
    }

    /// A speech plan's phrases grouped by step, each step's in their order: one pass, where
    /// asking ``SpeechPlan/cues(step:)`` of every row would scan all phrases each time.
    struct PhrasesByStep {
        private let phrases: [SpeechCue]
        /// Where each step's phrases begin in `phrases`; step i's end where step i + 1's begin.
        private let starts: [Int]

        init(_ plan: SpeechPlan, stepCount: Int) {
            var counts = [Int](repeating: 0, count: stepCount + 1)
            var inOrder = true, last = 0
            for cue in plan.cues {
                counts[cue.stepIndex + 1] += 1
                if cue.stepIndex < last { inOrder = false }
                last = cue.stepIndex
            }
            for i in 1..<counts.count { counts[i] += counts[i - 1] }
            starts = counts
            // The planner lists phrases step by step: then they are grouped already.
            if inOrder {
                phrases = plan.cues
                return
            }
            var next = counts
            var grouped = plan.cues
            for cue in plan.cues {
                grouped[next[cue.stepIndex]] = cue
                next[cue.stepIndex] += 1
            }
            phrases = grouped
        }

        /// The phrases of the steps at `steps` (positions in the timeline), step by step, each
        /// step's in time order: one slice, where a lazy `flatMap` over a row's steps copied each.
        subscript(steps: Range<Int>) -> ArraySlice<SpeechCue> { phrases[starts[steps.lowerBound]..<starts[steps.upperBound]] }
    }

    /// The phrases in quotes, each once; a rep count as its first and last number: `"Set 1 of 3." "1"…"12"`.
    static func phraseSummary<Phrases: Collection<SpeechCue>>(_ phrases: Phrases) -> String {
        let cell = CellWriter()
        phraseSummary(phrases, to: cell)
        return String(decoding: cell.bytes, as: UTF8.self)
    }

    /// ``phraseSummary(_:)`` appended to `cell` (after what it holds, with no separator).
    static func phraseSummary<Phrases: Collection<SpeechCue>>(_ phrases: Phrases, to cell: CellWriter) {
        // A row says a few distinct phrases: each is looked for among those before it (no list
        // nor set made per row).
        var counts: (first: String, last: String, count: Int)?
        var any = false
        for i in phrases.indices {
            let text = phrases[i].text
            if phrases[..<i].contains(where: { $0.text == text }) { continue }
            if Int(text) != nil {
                counts = (counts?.first ?? text, text, (counts?.count ?? 0) + 1)
            } else {
                if any { cell.append(ascii: " ") }
                any = true
                cell.append(ascii: "\"")
                cell.append(singleLine: text)
                cell.append(ascii: "\"")
            }
        }
        if let (first, last, count) = counts {
            if any { cell.append(ascii: " ") }
            cell.append(ascii: "\"")
            cell.append(first)
            cell.append(ascii: "\"")
            if count > 2 {
                cell.append(sign: "…")
            } else if count == 2 {
                cell.append(ascii: " ")
            }
            if count >= 2 {
                cell.append(ascii: "\"")
                cell.append(last)
                cell.append(ascii: "\"")
            }
        }
    }

    /// The group's cue names in order, repeated ones counted: "start, up ×12, countdown ×3".
    /// Cues read in place and counted on the stack (a list per row, and a retain per step, were
    /// half its cost), names from ``cueName(_:)``.
    private static func cueSummary(_ group: Range<Int>, of steps: [Step], cues: [Cue], to cell: CellWriter) {
        // A row has a few kinds of cue, each counted where it first came: no hashing.
        withUnsafeTemporaryAllocation(of: (kind: CueKind, count: Int).self, capacity: CueKind.allCases.count) { counted in
            var kinds = 0
            cues.withUnsafeBufferPointer { cues in
                for i in group {
                    for c in steps[i].cueRange {
                        let kind = cues[c].kind
                        if let n = (0..<kinds).first(where: { counted[$0].kind == kind }) {
                            counted[n].count += 1
                        } else {
                            counted.initializeElement(at: kinds, to: (kind, 1))
                            kinds += 1
                        }
                    }
                }
            }
            var any = false
            for (kind, n) in counted[..<kinds] {
                if kind == .tempoHold || kind == .tempoDown { continue }
                if any { cell.append(ascii: ", ") }
                any = true
                switch kind {
                case .countdown:
                    cell.append(ascii: "3-2-1")
                    if n != 3 {
                        cell.append(ascii: " ")
                        cell.append(sign: "×")
                        cell.append(decimal: n / 3)
                    }
                case .tempoUp:
                    cell.append(ascii: "up/hold/down ")
                    cell.append(sign: "×")
                    cell.append(decimal: n)
                default:
                    cell.append(ascii: cueName(kind))
                    if n > 1 {
                        cell.append(ascii: " ")
                        cell.append(sign: "×")
                        cell.append(decimal: n)
                    }
                }
            }
            // (kind, count) pairs are trivial: nothing to deinitialize.
        }
    }

    /// Each cue's name in words: "exercise done" for `exercise_done` (a switch: the dictionary
    /// it replaces cost a lock-checked global and a hash a cue; literals: no String made).
    static func cueName(_ kind: CueKind) -> StaticString {
        switch kind {
        case .getReady: "get ready"
        case .start: "start"
        case .countdown: "countdown"
        case .halfway: "halfway"
        case .switchSides: "switch sides"
        case .rest: "rest"
        case .lastSet: "last set"
        case .tempoUp: "tempo up"
        case .tempoHold: "tempo hold"
        case .tempoDown: "tempo down"
        case .interval: "interval"
        case .exerciseDone: "exercise done"
        case .sessionDone: "session done"
        }
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

    /// The plan as JSON: `title`, `week` (only when `week` is given: the program week shown),
    /// `total_seconds`, `open_steps`, `exercises`, `steps` and `cues` (each cue's `at` in seconds
    /// from the start, open steps counted as taking no time; with `speech`, its phrases among
    /// them as `{"at", "cue": "speech", "text", "seconds"}`). One item a line.
    ///
    /// Written straight to `output` as bytes (each exercise name quoted once), so a long program
    /// never holds the document, nor a tree of values, in memory.
    public static func json(_ timeline: Timeline, speech: SpeechPlan? = nil, week: Int? = nil, to output: ByteOutput) {
        json(timeline, speech: speech, week: week, to: output, itemsPerRun: itemsPerRun)
    }

    /// ``json(_:speech:week:to:)`` with the steps and cues written `itemsPerRun` a run (the
    /// tests' cuts; two runs at once when there are more).
    static func json(_ timeline: Timeline, speech: SpeechPlan?, week: Int?, to output: ByteOutput, itemsPerRun: Int) {
        let program = timeline.program
        let totals = timeline.exerciseTotals
        let steps = timeline.steps
        let names = program.exercises.map { JSONWriter.quoted($0.name) }
        var json = JSONWriter(output, pretty: false)
        output.append("{\n  \"title\": ")
        json.string(program.title)
        if let week { output.append(",\n  \"week\": \(week)") }
        output.append(",\n  \"total_seconds\": \(timeline.totalSeconds),\n  \"open_steps\": \(timeline.openStepCount),\n")
        // Tones and phrases in time order (a phrase after the tones of its moment): for a long
        // plan, found while another thread writes the exercises.
        let phrases = speech?.cues ?? []
        func cues() -> ([Cue], [Int]) {
            let tones = timeline.cues
            return (tones, timeOrder(tones: tones.map { Double($0.at) }, phrases: phrases.map(\.at)))
        }
        let tones: [Cue], order: [Int]
        if steps.count > itemsPerRun {
            let exercises: ByteOutput
            ((tones, order), exercises) = Alongside.both(cues) {
                let out = ByteOutput()
                writeExercises(timeline, names: names, totals: totals, to: out)
                return out
            }
            output.append(exercises)
        } else {
            writeExercises(timeline, names: names, totals: totals, to: output)
            (tones, order) = cues()
        }
        output.append(",\n")
        // Steps and cues (most of a long plan) are written as bytes at a pointer, one room check
        // per item (through `ByteOutput` each key, number and name was a call of 50–90 instructions);
        // keys are literals, each run of separator, key and colon one copy, names quoted once.
        var bytes = ItemBytes(output)
        writeArray("steps", steps.indices, to: output, bytes: &bytes, itemsPerRun: itemsPerRun) { i, item in
            let name = names[steps[i].exerciseIndex]
            item.room(400 + name.count)
            item.literal("{\"index\":"); item.decimal(i)
            item.literal(",\"kind\":"); item.literal(quotedName(steps[i].kind))
            item.literal(",\"exercise\":"); item.bytes(name)
            item.literal(",\"exercise_index\":"); item.decimal(steps[i].exerciseIndex)
            item.literal(steps[i].betweenExercises ? ",\"between_exercises\":true,\"set\":" : ",\"between_exercises\":false,\"set\":")
            item.decimal(steps[i].set)
            item.literal(",\"sets\":"); item.decimal(steps[i].sets)
            switch steps[i].side {
            case .left: item.literal(",\"side\":\"left\",\"rep\":")
            case .right: item.literal(",\"side\":\"right\",\"rep\":")
            case nil: item.literal(",\"side\":null,\"rep\":")
            }
            item.decimal(steps[i].rep)
            item.literal(",\"reps\":"); item.decimal(steps[i].reps)
            item.literal(",\"start\":"); item.decimal(steps[i].start)
            item.literal(",\"length\":"); item.decimal(steps[i].length)
            item.literal(steps[i].isOpen ? ",\"open\":true,\"open_steps_before\":" : ",\"open\":false,\"open_steps_before\":")
            item.decimal(steps[i].openStepsBefore)
            item.literal(steps[i].asksDiscomfort ? ",\"asks_discomfort\":true}" : ",\"asks_discomfort\":false}")
        }
        output.append(",\n")
        writeArray("cues", order.indices, to: output, bytes: &bytes, itemsPerRun: itemsPerRun) { i, item in
            let n = order[i]
            if n >= tones.count {
                let phrase = phrases[n - tones.count]
                let s = phrase.stepIndex
                let name = names[steps[s].exerciseIndex]
                item.room(400 + name.count)
                item.literal("{\"at\":"); item.number(phrase.at)
                item.literal(",\"cue\":\"speech\",\"text\":"); item.quoted(phrase.text)
                item.literal(",\"seconds\":"); item.number(phrase.seconds)
                item.literal(",\"exercise\":"); item.bytes(name)
                item.literal(",\"step\":"); item.decimal(s)
                item.literal(",\"open_steps_before\":"); item.decimal(steps[s].openStepsBefore)
            } else {
                let cue = tones[n]
                let s = cue.stepIndex
                let name = names[steps[s].exerciseIndex]
                item.room(400 + name.count)
                item.literal("{\"at\":"); item.decimal(cue.at)
                item.literal(",\"cue\":"); item.literal(quotedName(cue.kind))
                item.literal(",\"exercise\":"); item.bytes(name)
                item.literal(",\"step\":"); item.decimal(s)
                item.literal(cue.atEnd ? ",\"at_step_end\":true,\"open_steps_before\":" : ",\"at_step_end\":false,\"open_steps_before\":")
                item.decimal(steps[s].openStepsBefore + (cue.atEnd && steps[s].isOpen ? 1 : 0))
            }
            item.literal("}")
        }
        output.append("\n}\n")
    }

    /// The `exercises` member: each exercise with its prescription, times and rules.
    private static func writeExercises(_ timeline: Timeline, names: [[UInt8]], totals: [Timeline.ExerciseTotal], to output: ByteOutput) {
        let program = timeline.program
        var json = JSONWriter(output, pretty: false)
        writeArray("exercises", program.exercises.indices, to: output) { index in
            let exercise = program.exercises[index]
            json.beginObject()
            json.key(quoted: Key.index); json.int(index)
            json.key(quoted: Key.name); json.string(quoted: names[index])
            json.key(quoted: Key.prescription); json.string(prescription(exercise, program.defaults))
            json.key(quoted: Key.seconds); json.int(totals[index].seconds)
            json.key(quoted: Key.openSteps); json.int(totals[index].openSteps)
            json.key(quoted: Key.discomfort); json.value(discomfortJSON(exercise.discomfortRule(program.discomfort)))
            json.key(quoted: Key.notes); json.value(exercise.notes.map { .string($0) } ?? .null)
            json.key(quoted: Key.media); json.value(.array(exercise.media.map { .string($0) }))
            json.endObject()
        }
    }

    /// A cue's kind as a JSON string (its raw value quoted).
    static func quotedName(_ kind: CueKind) -> StaticString {
        switch kind {
        case .getReady: "\"get_ready\""
        case .start: "\"start\""
        case .countdown: "\"countdown\""
        case .halfway: "\"halfway\""
        case .switchSides: "\"switch_sides\""
        case .rest: "\"rest\""
        case .lastSet: "\"last_set\""
        case .tempoUp: "\"tempo_up\""
        case .tempoHold: "\"tempo_hold\""
        case .tempoDown: "\"tempo_down\""
        case .interval: "\"interval\""
        case .exerciseDone: "\"exercise_done\""
        case .sessionDone: "\"session_done\""
        }
    }

    /// A step's kind as a JSON string (its raw value quoted).
    static func quotedName(_ kind: StepKind) -> StaticString {
        switch kind {
        case .getReady: "\"get_ready\""
        case .hold: "\"hold\""
        case .work: "\"work\""
        case .reps: "\"reps\""
        case .tempoUp: "\"tempo_up\""
        case .tempoHold: "\"tempo_hold\""
        case .tempoDown: "\"tempo_down\""
        case .rest: "\"rest\""
        case .switchSides: "\"switch_sides\""
        }
    }

    /// The plan's JSON items written as bytes at a pointer into room made once per item
    /// (``room(_:)``) in a ``ByteOutput``'s own buffer (written there, not copied in).
    struct ItemBytes {
        private let output: ByteOutput
        /// The room taken in the output's buffer (``ByteOutput/reserve(_:)``): bytes from `start`
        /// to `at` are written and not yet counted, up to `end` is free.
        private var start: UnsafeMutablePointer<UInt8>
        private var at: UnsafeMutablePointer<UInt8>
        private var end: UnsafeMutablePointer<UInt8>

        init(_ output: ByteOutput) {
            self.output = output
            start = output.reserve(0)
            at = start
            end = start
        }

        /// Makes room for `count` more bytes: what is written is counted in the output (which
        /// writes it out when a chunk has gathered) and new room is taken in its buffer.
        mutating func room(_ count: Int) {
            guard end - at < count else { return }
            drain()
            // A few kilobytes at a time: within the slack a descriptor's buffer keeps past its chunk.
            let size = max(count, 4000)
            start = output.reserve(size)
            at = start
            end = start + size
        }

        /// Counts what is written in the output; the room is given up (the output may move or
        /// write out its buffer): nothing is written before the next ``room(_:)``.
        mutating func drain() {
            output.advance(at - start)
            start = at
            end = at
        }

        @inline(__always) mutating func literal(_ text: StaticString) {
            at.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
            at += text.utf8CodeUnitCount
        }

        @inline(__always) mutating func bytes(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { at.update(from: $0.baseAddress!, count: $0.count) }
            at += bytes.count
        }

        /// `text` as a JSON string, escaped as `JSONValue.quote` does: printable ASCII with no
        /// quote or backslash as it is, anything else through ``JSONWriter/quoted(_:)``. Makes its own room.
        mutating func quoted(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
                    room(utf8.count + 2)
                    literal("\"")
                    at.update(from: utf8.baseAddress!, count: utf8.count)
                    at += utf8.count
                    literal("\"")
                } else {
                    let quoted = JSONWriter.quoted(String(decoding: utf8, as: UTF8.self))
                    room(quoted.count)
                    bytes(quoted)
                }
            }
        }

        /// `value` in decimal, as `String(value)` spells it (at most 20 bytes): two digits at a
        /// time from a table (a million numbers in a long plan's JSON).
        mutating func decimal(_ value: Int) {
            if value >= 0, value < 100 { // most numbers of a plan: sets, reps, lengths
                if value >= 10 { at.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10); at += 1 }
                at.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                at += 1
                return
            }
            guard value >= 0 else {
                for b in String(value).utf8 { at.pointee = b; at += 1 }
                return
            }
            var rest = UInt(value), digits = 3, power: UInt = 1000
            while digits < 20, rest >= power { digits += 1; power &*= 10 }
            var end = at + digits
            at = end
            let pairs = Self.digitPairs.utf8Start
            while rest >= 100 {
                let pair = Int(truncatingIfNeeded: rest % 100)
                rest /= 100
                end -= 2
                end[0] = pairs[2 * pair]
                end[1] = pairs[2 * pair + 1]
            }
            if rest >= 10 {
                let pair = Int(truncatingIfNeeded: rest)
                end[-2] = pairs[2 * pair]
                end[-1] = pairs[2 * pair + 1]
            } else {
                end[-1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest)
            }
        }

        /// "00" to "99": two digits at a time.
        private static let digitPairs: StaticString = """
            00010203040506070809101112131415161718192021222324252627282930313233343536373839\
            40414243444546474849505152535455565758596061626364656667686970717273747576777879\
            8081828384858687888990919293949596979899
            """

        /// An integer, or `null`.
        mutating func decimal(_ value: Int?) {
            if let value { decimal(value) } else { literal("null") }
        }

        /// A number as `JSONValue` writes it (`String(value)`, `null` when not finite; at most
        /// 24 bytes): a whole number of hundredths under 10^9 spelled here, as `String` would.
        mutating func number(_ value: Double) {
            let hundredths = (value * 100).rounded()
            if value.sign == .plus, value < 1e9, hundredths / 100 == value {
                let whole = Int(hundredths) / 100, fraction = Int(hundredths) % 100
                decimal(whole)
                at.pointee = UInt8(ascii: "."); at += 1
                at.pointee = UInt8(ascii: "0") + UInt8(fraction / 10); at += 1
                if fraction % 10 != 0 { at.pointee = UInt8(ascii: "0") + UInt8(fraction % 10); at += 1 }
            } else {
                for b in (value.isFinite ? String(value) : "null").utf8 { at.pointee = b; at += 1 }
            }
        }
    }

    /// The keys of the exercises' items, quoted once.
    private enum Key {
        static let discomfort = JSONWriter.quoted("discomfort")
        static let index = JSONWriter.quoted("index")
        static let media = JSONWriter.quoted("media")
        static let name = JSONWriter.quoted("name")
        static let notes = JSONWriter.quoted("notes")
        static let openSteps = JSONWriter.quoted("open_steps")
        static let prescription = JSONWriter.quoted("prescription")
        static let seconds = JSONWriter.quoted("seconds")
    }

    /// The order of tones then phrases (indices past the tones are phrases) sorted by time,
    /// ties in list order, tones first: each list sorted on its own (already in order but for
    /// phrases said in open steps), then merged.
    static func timeOrder(tones: [Double], phrases: [Double]) -> [Int] {
        func sorted(_ times: [Double]) -> [Int] {
            // Nearly always in order already: checked in one pass before sorting.
            if zip(times, times.dropFirst()).allSatisfy({ $0 <= $1 }) { return Array(times.indices) }
            return times.indices.sorted { (times[$0], $0) < (times[$1], $1) }
        }
        let a = sorted(tones), b = sorted(phrases)
        var order: [Int] = []
        order.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && tones[a[i]] <= phrases[b[j]]) {
                order.append(a[i])
                i += 1
            } else {
                order.append(tones.count + b[j])
                j += 1
            }
        }
        return order
    }

    /// The rule in force as `{"ask", "stop_at", "on_stop"}`.
    private static func discomfortJSON(_ rule: DiscomfortRule) -> JSONValue {
        .object([
            ("ask", .string(rule.ask.rawValue)),
            ("stop_at", rule.stopAt.map { .int($0) } ?? .null),
            ("on_stop", .string(rule.onStop.rawValue)),
        ])
    }

    /// The whole JSON plan as one string (for tests and small programs).
    public static func json(_ timeline: Timeline, speech: SpeechPlan? = nil, week: Int? = nil) -> String {
        let output = ByteOutput()
        json(timeline, speech: speech, week: week, to: output)
        return output.text
    }

    /// `"key": [` then each item on a line of its own, as `JSONValue` writes a compact value.
    private static func writeArray(_ key: String, _ indices: Range<Int>, to output: ByteOutput, item: (Int) -> Void) {
        output.append("  \"\(key)\": [")
        for i in indices {
            output.append(i == indices.lowerBound ? "\n    " : ",\n    ")
            item(i)
        }
        output.append(indices.isEmpty ? "]" : "\n  ]")
    }

    /// ``writeArray(_:_:to:item:)`` with items written through `bytes`. A long list is written
    /// in rounds of two runs of `itemsPerRun` items at once (``Alongside``), the second run into
    /// bytes of its own put after the first's: the same bytes, with at most two runs in memory.
    private static func writeArray(_ key: String, _ indices: Range<Int>, to output: ByteOutput, bytes: inout ItemBytes,
                                   itemsPerRun: Int, item: @escaping @Sendable (Int, inout ItemBytes) -> Void) {
        output.append("  \"\(key)\": [")
        var i = indices.lowerBound
        while i < indices.upperBound {
            let run = i..<i + min(itemsPerRun, indices.upperBound - i)
            let next = run.upperBound..<run.upperBound + min(itemsPerRun, indices.upperBound - run.upperBound)
            if next.isEmpty {
                writeItems(run, first: indices.lowerBound, to: &bytes, item: item)
            } else {
                let (_, written) = Alongside.both({ writeItems(run, first: indices.lowerBound, to: &bytes, item: item) }, {
                    let out = ByteOutput()
                    // Room for the run at once (more than its items take: untouched room is never
                    // paged in), where growing by doubling copied it and paged in each size.
                    _ = out.reserve(next.count * bytesPerItem)
                    var bytes = ItemBytes(out)
                    writeItems(next, first: indices.lowerBound, to: &bytes, item: item)
                    bytes.drain()
                    return out
                })
                bytes.drain()
                output.append(passing: written)
            }
            i = max(run.upperBound, next.upperBound)
        }
        bytes.drain()
        output.append(indices.isEmpty ? "]" : "\n  ]")
    }

    /// How many steps or cues a thread writes in one run (a few MB; a list no longer is written
    /// on one thread).
    static let itemsPerRun = 8192

    /// More bytes than a step or cue of a plan's JSON takes, but for long exercise names or phrases.
    static let bytesPerItem = 512

    /// Items `run` of a list starting at `first`, each after its separator.
    private static func writeItems(_ run: Range<Int>, first: Int, to bytes: inout ItemBytes, item: (Int, inout ItemBytes) -> Void) {
        for i in run {
            bytes.room(8)
            bytes.literal(i == first ? "\n    " : ",\n    ")
            item(i, &bytes)
        }
    }
}
