import Foundation
import LimberBasics
import LimberProgram

/// A phrase the voice says at a moment of the session.
public struct SpeechCue: Sendable, Equatable {
    public var text: String
    /// The step it belongs to.
    public var stepIndex: Int
    /// Seconds into that step (may equal the step's length: said as it ends).
    public var offset: Double
    /// Seconds from the session start, open steps counted as taking no time (as ``Cue/at``).
    public var at: Double
    /// The longest it may last: the time to the next tone or phrase, less a gap. A phrase that
    /// runs longer is cut there, so speech never overlaps a tone or another phrase.
    public var seconds: Double
}

/// The phrases of a session and the prompts that could not be fitted.
public struct SpeechPlan: Sendable, Equatable {
    public var cues: [SpeechCue]
    /// One located warning per therapist prompt that has no room where it was asked for.
    public var warnings: [Diagnostic]

    /// The phrases of step `index`, in time order.
    public func cues(step index: Int) -> [SpeechCue] { cues.filter { $0.stepIndex == index } }
}

/// Decides what the voice says, when and for how long: pure, from the timeline alone.
///
/// Each tone cue is taken to sound for ``toneSeconds``; a phrase starts after the tone it goes
/// with and must end ``gap`` before the next tone or phrase (a rest's phrase one second before
/// the 3-2-1). A phrase that doesn't fit is shortened by its own rule — "Next: …" is dropped
/// first, then the details — and left out if even its shortest form doesn't fit. How long a
/// phrase takes is estimated from its letters and the speaking rate.
public enum SpeechPlanner {
    /// How long a tone cue is taken to sound (the standard tones are at most 0.43 s).
    public static let toneSeconds = 0.5
    /// Silence kept between a phrase and whatever comes next.
    public static let gap = 0.2
    /// How long before the 3-2-1 a rest's phrase ends.
    public static let restMargin = 1.0
    /// The room given to a phrase in a step with no end (reps the patient counts).
    static let openRoom = 6.0

    /// The phrases of `timeline`, in its program's language and with its voice settings. A long
    /// timeline is planned in two halves at once (``Alongside``): a step's phrases depend only
    /// on the timeline, so the halves joined are the plan made in one go.
    public static func plan(_ timeline: Timeline) -> SpeechPlan {
        let steps = timeline.steps.indices
        guard steps.count >= Alongside.minimumSteps else { return plan(timeline, steps: steps) }
        let middle = steps.count / 2
        // The first half's list has room for the whole: the second is appended without a new one.
        let (first, second) = Alongside.both({ plan(timeline, steps: 0..<middle, room: steps.count) },
                                              { plan(timeline, steps: middle..<steps.upperBound) })
        return joined(first, second)
    }

    /// The phrases of the steps at `steps` only (all of them: the whole plan), in a list with
    /// room for a phrase per `room` steps (nil: these steps) to start with (a long plan says about
    /// one per two steps: grown by doubling, its list was copied and paged in again and again);
    /// `reusingPhrases: false` makes every repeated phrase afresh (the tests' check on what is reused).
    static func plan(_ timeline: Timeline, steps: Range<Int>, room: Int? = nil, reusingPhrases: Bool = true) -> SpeechPlan {
        let voice = timeline.program.voice ?? VoiceSettings()
        let words = SpeechWords.forLanguage(voice.language)
        let rate = voice.rate ?? 175
        var planner = Planner(timeline: timeline, voice: voice, words: words, rate: rate, reusing: reusingPhrases)
        planner.cues.reserveCapacity(room ?? steps.count)
        for index in steps { planner.plan(index) }
        return SpeechPlan(cues: planner.cues, warnings: planner.warnings)
    }

    /// The plans of two runs of steps, the second following the first, as one: the phrases in
    /// order, and a prompt warned about once, where it first had no room (as in one go).
    /// (`first` is consumed: its list is appended to in place, not copied.)
    static func joined(_ first: consuming SpeechPlan, _ second: SpeechPlan) -> SpeechPlan {
        let known = first.warnings.count
        first.cues += second.cues
        for warning in second.warnings where !first.warnings[..<known].contains(where: { $0.location == warning.location }) {
            first.warnings.append(warning)
        }
        return first
    }

    /// Seconds espeak-ng takes to say `text` at `rate` words per minute, estimated from its
    /// letters, numbers (each said as a word) and pauses; measured phrases take at most this long.
    public static func estimatedSeconds(_ text: String, rate: Int = 175) -> Double {
        asciiEstimate(text, rate: rate) ?? characterEstimate(text, rate: rate)
    }

    /// ``estimatedSeconds(_:rate:)`` counted character by character: any text.
    static func characterEstimate(_ text: String, rate: Int) -> Double {
        var letters = 0, numbers = 0, pauses = 0
        var previous: Character = " "
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if let last = body.last, ".!?".contains(last) { body = body.dropLast() } // the closing pause is not heard
        for c in body {
            if c.isNumber { if !previous.isNumber { numbers += 1 } } else if c.isLetter { letters += 1 } else if ".,:;!?".contains(c) { pauses += 1 }
            previous = c
        }
        return seconds(letters: letters, numbers: numbers, pauses: pauses, rate: rate)
    }

    /// ``estimatedSeconds(_:rate:)`` counted byte by byte for ASCII text (nearly every phrase,
    /// a few hundred thousand of them in a long plan); nil for other text. The same counts: in
    /// ASCII a letter or digit is one byte, whitespace to trim is a space or a tab, and the one
    /// character of two bytes (CR LF) is neither a letter, a digit nor a pause.
    static func asciiEstimate(_ text: String, rate: Int) -> Double? {
        var text = text
        return text.withUTF8 { bytes -> Double? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            func blank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
            var start = 0, end = bytes.count
            while start < end, blank(bytes[start]) { start += 1 }
            while end > start, blank(bytes[end - 1]) { end -= 1 }
            if end > start, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "!") || bytes[end - 1] == UInt8(ascii: "?") {
                end -= 1
            }
            var letters = 0, numbers = 0, pauses = 0
            var previousDigit = false
            for b in bytes[start..<end] {
                let digit = b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
                if digit {
                    if !previousDigit { numbers += 1 }
                } else if (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") {
                    letters += 1
                } else if b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || b == UInt8(ascii: ":") || b == UInt8(ascii: ";")
                            || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
                    pauses += 1
                }
                previousDigit = digit
            }
            return seconds(letters: letters, numbers: numbers, pauses: pauses, rate: rate)
        }
    }

    private static func seconds(letters: Int, numbers: Int, pauses: Int, rate: Int) -> Double {
        (0.1 + 0.07 * Double(letters) + 0.35 * Double(numbers) + 0.33 * Double(pauses)) * 175 / Double(rate)
    }

    /// A phrase and how long it takes to say (estimated once).
    struct Phrase {
        var text: String
        var seconds: Double

        init(_ text: String, rate: Int) {
            self.text = text
            seconds = SpeechPlanner.estimatedSeconds(text, rate: rate)
        }
    }

    /// The forms a phrase may take, longest first, the first that fits said: at most three, kept
    /// inline (an array per step was a third of the planning).
    struct Options {
        private var first: Phrase?, second: Phrase?, third: Phrase?
        private(set) var count = 0

        init() {}
        init(_ phrases: Phrase...) { for phrase in phrases { append(phrase) } }

        var isEmpty: Bool { count == 0 }

        mutating func append(_ phrase: Phrase) {
            switch count {
            case 0: first = phrase
            case 1: second = phrase
            default: precondition(count == 2, "at most three forms of a phrase"); third = phrase
            }
            count += 1
        }

        mutating func append(_ other: Options) { for i in 0..<other.count { append(other[i]) } }

        subscript(i: Int) -> Phrase { i == 0 ? first! : i == 1 ? second! : third! }
    }

    /// Places the phrases of one step after another.
    private struct Planner {
        let timeline: Timeline
        let steps: [Step]
        /// The timeline's tones (each step's at its ``Step/cueRange``).
        let tones: [Cue]
        let voice: VoiceSettings
        let words: SpeechWords
        let rate: Int
        var cues: [SpeechCue] = []
        var warnings: [Diagnostic] = []
        /// The parts the voice says, looked up once (asked several times per step).
        let saysNames: Bool, saysNext: Bool, saysSets: Bool, saysHalfway: Bool, saysCounts: Bool
        /// The step being planned: its tones and the phrases placed so far (storage reused from step to step).
        var slots = Slots()
        /// Whether `slots` holds the current step's tones yet (filled on the first phrase: most
        /// steps of a tempo set say nothing).
        var slotsReady = false
        /// Phrases said again and again, made and estimated once: the numbers counted, the
        /// phases, the fixed words, the set phrases and a rest's "Next: set …".
        var counted: [Phrase?] = []
        var setPhrases: [SetKey: Options] = [:]
        var nextSets: [SetKey: Phrase] = [:]
        let phases: [StepKind: Phrase]
        let rest: Phrase, halfway: Phrase, switchSides: Phrase, sessionDone: Phrase
        let sides: [Side: Phrase]
        /// "Switch sides. Left side." for each side (made once: a phrase per switch cost ~2,600 instructions).
        let switchTo: [Side: Phrase]
        /// Each exercise's prompt said at each rep, if any.
        let eachRep: [Prompt?]
        /// Whether the phrases made once are looked up (false: made afresh each time).
        let reusing: Bool

        struct SetKey: Hashable {
            var set: Int, sets: Int, side: Side?
        }

        init(timeline: Timeline, voice: VoiceSettings, words: SpeechWords, rate: Int, reusing: Bool) {
            self.reusing = reusing
            self.timeline = timeline
            self.steps = timeline.steps
            self.tones = timeline.cues
            self.voice = voice
            self.words = words
            self.rate = rate
            saysNames = voice.parts.contains(.names)
            saysNext = voice.parts.contains(.next)
            saysSets = voice.parts.contains(.sets)
            saysHalfway = voice.parts.contains(.halfway)
            saysCounts = voice.parts.contains(.counts)
            func phrase(_ text: String) -> Phrase { Phrase(text, rate: rate) }
            phases = Dictionary(uniqueKeysWithValues: [StepKind.tempoUp, .tempoHold, .tempoDown].map { ($0, phrase(words.phase($0))) })
            rest = phrase(words.rest)
            halfway = phrase(words.halfway)
            switchSides = phrase(words.switchSides)
            sessionDone = phrase(words.sessionDone)
            sides = Dictionary(uniqueKeysWithValues: Side.allCases.map { ($0, phrase(words.side($0))) })
            switchTo = Dictionary(uniqueKeysWithValues: Side.allCases.map { ($0, phrase(words.switchSides + " " + words.side($0))) })
            eachRep = timeline.program.exercises.map { $0.prompts.first { $0.moment == .eachRep } }
        }

        func phrase(_ text: String) -> Phrase { Phrase(text, rate: rate) }

        /// Plans step `index` (its fields read in place: a copy of each Step cost a retain and a release).
        mutating func plan(_ index: Int) {
            let first = cues.count
            slotsReady = false
            let after = SpeechPlanner.toneSeconds
            let exerciseIndex = steps[index].exerciseIndex
            switch steps[index].kind {
            case .getReady:
                if saysNames {
                    let name = timeline.program.exercises[exerciseIndex].name
                    place(Options(phrase(words.intro(timeline.program.exercises[exerciseIndex])), phrase(name)), at: after, index)
                }
            case .rest:
                var options = Options()
                if saysNext, let next = nextWork(after: index) { options.append(next) }
                options.append(rest)
                let ticks: Cue? = tones[steps[index].cueRange].first { $0.kind == .countdown }
                let countdown = Double(ticks?.offset ?? steps[index].length ?? 0)
                place(options, at: after, index, end: countdown - SpeechPlanner.restMargin)
            case .switchSides:
                var options = Options()
                if saysSets, let side = steps.dropFirst(index + 1).first?.side {
                    options.append(reusing ? switchTo[side]! : phrase(words.switchSides + " " + words.side(side)))
                }
                options.append(switchSides)
                place(options, at: after, index)
            case .hold, .work, .reps:
                if saysSets, let set = setPhrase(index) { place(set, at: after, index) }
                if saysHalfway, let half = tones[steps[index].cueRange].first(where: { $0.kind == .halfway }) {
                    place(Options(halfway), at: Double(half.offset) + after, index)
                }
                for prompt in timeline.program.exercises[exerciseIndex].prompts {
                    if case .at(let t) = prompt.moment { place(Options(phrase(prompt.text)), at: Double(t), index, prompt: prompt) }
                }
            case .tempoUp, .tempoHold, .tempoDown:
                let kind = steps[index].kind, rep = steps[index].rep
                let firstOfRep = kind == .tempoUp || steps[index - 1].rep != rep
                let firstOfSet = firstOfRep && rep == 1
                var options = Options()
                if firstOfSet, saysSets, let set = setPhrase(index) { options.append(set) }
                if firstOfRep, let prompt = eachRep[exerciseIndex] {
                    options.append(phrase(prompt.text))
                    place(options, at: after, index, prompt: prompt)
                    break
                }
                if saysCounts {
                    switch voice.counts {
                    case .numbers: if firstOfRep, let rep { options.append(count(rep)) }
                    case .phases: options.append(phases[kind]!)
                    }
                }
                if !options.isEmpty { place(options, at: after, index) }
            }
            if index == steps.count - 1, let length = steps[index].length {
                // The closing words, after the last step's closing tone.
                let end = Double(length) + after
                place(Options(sessionDone), at: end, index, end: end + SpeechPlanner.openRoom)
            }
            guard cues.count - first > 1 else { return }
            // In time order; a phrase placed earlier ends where a later-placed one in its room begins.
            // (Mostly placed in order already: sorted only when not, which the stable sort kept as it was.)
            let mineSorted = zip(cues[first...], cues[(first + 1)...]).allSatisfy { !($1.offset < $0.offset) }
            if !mineSorted { cues[first...].sort { $0.offset < $1.offset } }
            let mine = cues.indices.dropFirst(first)
            for (i, j) in zip(mine, mine.dropFirst()) {
                cues[i].seconds = min(cues[i].seconds, Slots.hundredths(cues[j].offset - cues[i].offset - SpeechPlanner.gap))
            }
        }

        /// The number `n` as counted, made once.
        mutating func count(_ n: Int) -> Phrase {
            if reusing, n >= 0, n < counted.count, let phrase = counted[n] { return phrase }
            let phrase = phrase(words.count(n))
            if n >= 0, n < 1000 {
                if n >= counted.count { counted += repeatElement(nil, count: n + 1 - counted.count) }
                counted[n] = phrase
            }
            return phrase
        }

        /// "Set 2 of 3. Left side.", then shorter forms; nil for a single set on no side.
        mutating func setPhrase(_ index: Int) -> Options? {
            let key = SetKey(set: steps[index].set, sets: steps[index].sets, side: steps[index].side)
            if reusing, let known = setPhrases[key] { return known.isEmpty ? nil : known }
            var set: String?
            if key.sets > 1 { set = key.set == key.sets ? words.lastSet : words.set(key.set, of: key.sets) }
            var options = Options()
            switch (set, key.side) {
            case (let set?, let side?): options = Options(phrase(set + " " + sides[side]!.text), sides[side]!)
            case (let set?, nil): options = Options(phrase(set))
            case (nil, let side?): options = Options(sides[side]!)
            case (nil, nil): break
            }
            setPhrases[key] = options
            return options.isEmpty ? nil : options
        }

        /// What a rest says it leads to: "Rest. Next: " and the next exercise (its name and first
        /// side), or its next set.
        mutating func nextWork(after index: Int) -> Phrase? {
            guard let n = steps.indices.dropFirst(index + 1).first(where: { steps[$0].kind.isWork }) else { return nil }
            let next = steps[n].exerciseIndex
            if steps[index].betweenExercises || next != steps[index].exerciseIndex {
                guard saysNames else { return nil }
                let name = timeline.program.exercises[next].name
                return phrase(words.rest + " " + words.next(steps[n].side.map { "\(name), \(words.sides[$0]!)" } ?? name))
            }
            let key = SetKey(set: steps[n].set, sets: steps[n].sets, side: nil)
            if reusing, let known = nextSets[key] { return known }
            let phrase = phrase(words.rest + " " + words.next(String((key.set == key.sets ? words.lastSet : words.set(key.set, of: key.sets)).dropLast())))
            nextSets[key] = phrase
            return phrase
        }

        /// Places the first of `options` that fits from `wanted` on in step `index`; warns for a
        /// prompt that can't.
        mutating func place(_ options: Options, at wanted: Double, _ index: Int, end: Double? = nil, prompt: Prompt? = nil) {
            if !slotsReady {
                slots.reset(tones[steps[index].cueRange], length: steps[index].length)
                slotsReady = true
            }
            let (start, free) = slots.room(from: wanted, until: end)
            var fitting: Phrase?
            for i in 0..<options.count where options[i].seconds <= free {
                fitting = options[i]
                break
            }
            guard let fitting else {
                if let prompt, !warnings.contains(where: { $0.location == prompt.location }) {
                    let moment = switch prompt.moment {
                    case .at(let t): "at \(DurationText.format(t))"
                    case .eachRep: "at each rep"
                    }
                    let needs = SpeechPlanner.estimatedSeconds(prompt.text, rate: rate)
                    warnings.append(.warning(
                        "the prompt \"\(TextSanitizer.singleLine(prompt.text))\" needs about \(Self.format(needs)) s but only "
                            + "\(Self.format(max(0, free))) s is free \(moment) before the next cue; it will not be spoken",
                        at: prompt.location))
                }
                return
            }
            // The gap after it is taken too: what is placed later starts after it, so this
            // phrase's room never shrinks below what it needs.
            slots.take(start, start + fitting.seconds + SpeechPlanner.gap)
            cues.append(SpeechCue(text: fitting.text, stepIndex: index, offset: start, at: Double(steps[index].start) + start, seconds: free))
        }

        static func format(_ seconds: Double) -> String { String(format: "%.1f", seconds) }
    }

    /// The parts of a step already taken by tones and phrases.
    struct Slots {
        /// Intervals (start, end) in seconds into the step.
        var taken: [(Double, Double)] = []
        var length: Double?

        /// Makes the slots a step's, given its tones and length: its tones (those not at its end)
        /// taken, nothing else (the storage kept).
        mutating func reset(_ tones: ArraySlice<Cue>, length: Int?) {
            taken.removeAll(keepingCapacity: true)
            for cue in tones where !cue.atEnd {
                taken.append((Double(cue.offset), Double(cue.offset) + SpeechPlanner.toneSeconds))
            }
            self.length = length.map(Double.init)
        }

        /// The first free moment at or after `wanted` and how long it stays free (less the gap).
        func room(from wanted: Double, until limit: Double?) -> (start: Double, seconds: Double) {
            var start = wanted
            while let cover = taken.first(where: { $0.0 <= start && start < $0.1 }) { start = cover.1 }
            var end = limit ?? length ?? start + SpeechPlanner.openRoom
            if let length, limit == nil { end = min(end, length) }
            if let next = taken.lazy.map(\.0).filter({ $0 > start }).min() { end = min(end, next) }
            return (start, Self.hundredths(end - start - SpeechPlanner.gap))
        }

        /// `seconds` to the hundredth below (a room is never rounded up).
        static func hundredths(_ seconds: Double) -> Double { (seconds * 100 + 1e-9).rounded(.down) / 100 }

        mutating func take(_ start: Double, _ end: Double) { taken.append((start, end)) }
    }
}

/// The voice's own words in one language.
public struct SpeechWords: Sendable {
    public var rest: String
    public var halfway: String
    public var switchSides: String
    public var lastSet: String
    public var sessionDone: String
    let setOf: @Sendable (Int, Int) -> String
    let nextIs: @Sendable (String) -> String
    let sides: [Side: String]
    let phases: [StepKind: String]
    let dose: @Sendable (Exercise) -> String

    public func set(_ n: Int, of total: Int) -> String { setOf(n, total) }
    public func next(_ what: String) -> String { nextIs(what) }
    /// "Left side." (the table has "left side", as said after "Next: …").
    public func side(_ side: Side) -> String { sides[side]!.prefix(1).uppercased() + sides[side]!.dropFirst() + "." }
    public func count(_ n: Int) -> String { "\(n)" }
    public func phase(_ kind: StepKind) -> String { phases[kind] ?? "" }
    /// "Glute bridge. 3 sets of 12, tempo 2, 2, 2."
    public func intro(_ exercise: Exercise) -> String { "\(exercise.name). \(dose(exercise))." }

    /// The words for `language` ("de", "de-ch" → German); English for any other.
    public static func forLanguage(_ language: String) -> SpeechWords {
        language.lowercased().hasPrefix("de") ? german : english
    }

    static func spokenTime(_ seconds: Int, minute: String, minutes: String, second: String, seconds plural: String) -> String {
        let m = seconds / 60, s = seconds % 60
        var parts: [String] = []
        if m > 0 { parts.append("\(m) \(m == 1 ? minute : minutes)") }
        if s > 0 || m == 0 { parts.append("\(s) \(s == 1 ? second : plural)") }
        return parts.joined(separator: " ")
    }

    public static let english = SpeechWords(
        rest: "Rest.", halfway: "Halfway.", switchSides: "Switch sides.", lastSet: "Last set.",
        sessionDone: "Session complete. Well done.",
        setOf: { "Set \($0) of \($1)." }, nextIs: { "Next: \($0)." },
        sides: [.left: "left side", .right: "right side"],
        phases: [.tempoUp: "up", .tempoHold: "hold", .tempoDown: "down"],
        dose: { exercise in
            let sets = exercise.sets == 1 ? "" : "\(exercise.sets) sets"
            let time = { (s: Int) in spokenTime(s, minute: "minute", minutes: "minutes", second: "second", seconds: "seconds") }
            switch exercise.work {
            case .hold(let s): return (sets.isEmpty ? "" : sets + ", ") + "hold \(time(s))"
            case .duration(let s): return (sets.isEmpty ? "" : sets + " of ") + time(s)
            case .reps(let n, let tempo):
                let reps = sets.isEmpty ? "\(n) reps" : "\(sets) of \(n)"
                return reps + (tempo.map { ", tempo \($0.up), \($0.hold), \($0.down)" } ?? "")
            }
        })

    public static let german = SpeechWords(
        rest: "Pause.", halfway: "Halbzeit.", switchSides: "Seite wechseln.", lastSet: "Letzter Satz.",
        sessionDone: "Training beendet. Gut gemacht.",
        setOf: { "Satz \($0) von \($1)." }, nextIs: { "Als Nächstes: \($0)." },
        sides: [.left: "linke Seite", .right: "rechte Seite"],
        phases: [.tempoUp: "hoch", .tempoHold: "halten", .tempoDown: "runter"],
        dose: { exercise in
            let sets = exercise.sets == 1 ? "" : "\(exercise.sets) Sätze"
            let time = { (s: Int) in spokenTime(s, minute: "Minute", minutes: "Minuten", second: "Sekunde", seconds: "Sekunden") }
            switch exercise.work {
            case .hold(let s): return (sets.isEmpty ? "" : sets + ", ") + "\(time(s)) halten"
            case .duration(let s): return (sets.isEmpty ? "" : sets + " à ") + time(s)
            case .reps(let n, let tempo):
                let reps = sets.isEmpty ? "\(n) Wiederholungen" : "\(sets) à \(n)"
                return reps + (tempo.map { ", Tempo \($0.up), \($0.hold), \($0.down)" } ?? "")
            }
        })
}
