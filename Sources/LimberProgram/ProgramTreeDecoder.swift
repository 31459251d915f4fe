import LimberBasics
import Yams

/// Walks the YAML node tree of a program, building the ``Program`` and recording every
/// problem with its place. Each helper reports its own errors and returns nil, so one bad
/// value never hides the next.
final class ProgramTreeDecoder {
    private typealias Limits = ProgramFields.Limits
    var diagnostics: [Diagnostic] = []
    /// Exercise names seen so far (trimmed, lowercased) and where each was first written.
    private var exerciseNames: [String: SourceLocation] = [:]
    /// Where `use:` looks up library exercises; nil when there is none (a `use:` is then an error).
    var library: ExerciseLibrary?
    /// The program's file, for the library folder beside it.
    var programPath: String?
    /// The library files being read, outermost first, to refuse a cycle.
    var chain: [String] = []
    /// Safety notes of the library exercises used, added to the program's.
    var librarySafety: [String] = []
    /// The text of each library file read, by path.
    var librarySources: [String: String] = [:]
    /// Whether a long list of exercises may be decoded in two halves at once (``Alongside``):
    /// only when no node is shared between exercises (an alias is: Yams' tags resolve lazily,
    /// a write) and no `use:` reads a library (its reads and caches are one thread's).
    var decodesInTwo = false
    /// Whether an exercise may be a `use:` of a library exercise; false only when the text
    /// can't spell the key (``ProgramParser/sharesNodesOrUsesLibrary(_:)``), to skip looking.
    var mayUseLibrary = true
    /// The fewest exercises decoded in two halves (one decodes in ~15 µs; a thread starts in ~0.1 ms).
    var halvesFrom = 64
    /// Names checked for uniqueness later, by the decoder of the first half (the second half's).
    private var namesToCheck: [(String, SourceLocation)]?

    /// A mapping's values by key, and the allowed keys an unknown key was taken for a misspelling
    /// of (already reported with "did you mean", so "missing" would only repeat it).
    ///
    /// Kept as two short lists, in the file's order, looked up from the end (the last of a key
    /// written twice counts): a mapping holds a handful of keys, and comparing short strings
    /// costs less than hashing them into a dictionary made for each mapping.
    struct Fields {
        private var keys: [String] = []
        private var values: [Node] = []
        var misspelt: Set<String> = []

        init(capacity: Int = 0) {
            keys.reserveCapacity(capacity)
            values.reserveCapacity(capacity)
        }

        subscript(key: String) -> Node? { keys.lastIndex(of: key).map { values[$0] } }

        /// Records `value` under `key`.
        mutating func add(_ key: String, _ value: Node) {
            keys.append(key)
            values.append(value)
        }

        /// Whether `key` is neither written nor misspelt: the case for a "missing" diagnostic.
        func lacks(_ key: String) -> Bool { self[key] == nil && (misspelt.isEmpty || !misspelt.contains(key)) }
    }

    // MARK: Program

    func program(_ root: Node) -> Program? {
        // A newer format may have keys and rules this build doesn't know: say only that.
        if let node = root.mapping?.first(where: { $0.key.string == "limber" })?.value,
           let n = scalarInt(node), n > Program.currentFormatVersion {
            error("this program is written for Limber format \(n); this Limber reads format \(Program.currentFormatVersion) — update Limber", node)
            return nil
        }
        guard let fields = mapping(root, what: "the program", allowed: ProgramFields.program) else { return nil }
        let rootLocation = location(root)

        var version: Int?
        if let node = fields["limber"] {
            if let n = scalarInt(node), n == Program.currentFormatVersion {
                version = n
            } else {
                error("'limber' must be the format version 1, found \(describe(node))", node)
            }
        } else if fields.lacks("limber") {
            diagnostics.append(.error("missing 'limber: 1' (the format version) at the top of the program", at: rootLocation))
        }

        var title: String?
        if let node = fields["title"] { title = text(node, "title", maxLength: 200) } else if fields.lacks("title") {
            diagnostics.append(.error("missing 'title': every program needs a title", at: rootLocation))
        }
        let author = fields["author"].flatMap { text($0, "author", maxLength: 200) }
        let description = fields["description"].flatMap { text($0, "description", maxLength: 4000, multiline: true) }

        var safety: [String] = []
        if let node = fields["safety"] {
            safety = textList(node, "safety") ?? []
        } else if fields.lacks("safety") {
            diagnostics.append(.warning(
                "no 'safety' notes: patients should be told when to stop and when to seek care", at: rootLocation))
        }

        var schedule: Schedule?
        if let node = fields["schedule"] { schedule = self.schedule(node) } else if fields.lacks("schedule") {
            diagnostics.append(.warning(
                "no 'schedule': without one, limber report can't judge whether sessions were done as prescribed", at: rootLocation))
        }

        var discomfort = DiscomfortRule()
        if let node = fields["discomfort"] { discomfort = discomfortRule(node, over: DiscomfortRule()) ?? discomfort }
        let stopAtWritten = fields["discomfort"]?.mapping?.keys.contains { $0.string == "stop_at" } ?? false
        if discomfort.ask != .never, discomfort.stopAt == nil, !stopAtWritten {
            diagnostics.append(.warning(
                "no 'discomfort: stop_at': ratings will be recorded but will never stop a session",
                at: fields["discomfort"].map(location) ?? rootLocation))
        }

        let defaults = fields["defaults"].flatMap(self.defaults) ?? Defaults()

        var exercises: [Exercise] = []
        if let node = fields["exercises"] {
            if case .sequence(let items) = node {
                if items.isEmpty { error("'exercises' is empty: a program needs at least one exercise", node) }
                exercises = self.exercises(items, program: discomfort, defaults: defaults)
            } else {
                error("'exercises' must be a list (each item starting with '- '), found \(describe(node))", node)
            }
        } else if fields.lacks("exercises") {
            diagnostics.append(.error("missing 'exercises': a program needs at least one exercise", at: rootLocation))
        }

        for line in librarySafety where !safety.contains(line) { safety.append(line) }
        let voice = fields["voice"].flatMap(self.voice)
        let phases = fields["phases"].map { self.phases($0, exercises: exercises) } ?? []

        guard let version, let title else { return nil }
        var program = Program(formatVersion: version, title: title, author: author, description: description,
                              safety: safety, schedule: schedule, discomfort: discomfort, defaults: defaults,
                              exercises: exercises, voice: voice)
        program.phases = phases
        return program
    }

    // MARK: Sections

    /// The exercises of `items` in order, their diagnostics recorded as one by one. A long list
    /// (``decodesInTwo``) is decoded in two halves at once: the second by a decoder of its own
    /// whose names are checked for uniqueness here afterwards, in order, and whose diagnostics
    /// follow the first half's (the same list once sorted by place).
    private func exercises(_ items: Node.Sequence, program rule: DiscomfortRule, defaults: Defaults) -> [Exercise] {
        guard decodesInTwo, items.count >= halvesFrom else {
            return items.compactMap { exercise($0, program: rule, defaults: defaults) }
        }
        let middle = items.count / 2
        let second = Nodes(items[middle..<items.endIndex])
        let (programPath, chain, mayUseLibrary) = (self.programPath, self.chain, self.mayUseLibrary)
        let (first, (exercises, found, names)) = Alongside.both({
            items[0..<middle].compactMap { exercise($0, program: rule, defaults: defaults) }
        }, {
            let decoder = ProgramTreeDecoder()
            decoder.programPath = programPath
            decoder.chain = chain
            decoder.mayUseLibrary = mayUseLibrary
            decoder.namesToCheck = []
            let exercises = second.nodes.compactMap { decoder.exercise($0, program: rule, defaults: defaults) }
            return (exercises, decoder.diagnostics, decoder.namesToCheck ?? [])
        })
        for (name, location) in names { checkUnique(name, at: location) }
        diagnostics.append(contentsOf: found)
        return first + exercises
    }

    /// Exercise nodes handed to the thread decoding them.
    ///
    /// `@unchecked Sendable`: the thread started with them is the only one to read them (the
    /// first half's nodes are others) until it is joined, and they share no node with the rest
    /// of the tree (``decodesInTwo``): Yams' nodes hold classes, read (and their tags resolved)
    /// by one thread at a time.
    private struct Nodes: @unchecked Sendable {
        let nodes: ArraySlice<Node>
        init(_ nodes: ArraySlice<Node>) { self.nodes = nodes }
    }

    private func schedule(_ node: Node) -> Schedule? {
        guard let fields = mapping(node, what: "'schedule'", allowed: ProgramFields.schedule) else { return nil }
        var frequency: Schedule.Frequency?
        switch (fields["per_week"], fields["days"]) {
        case (let perWeek?, let days?):
            error("'days' and 'per_week' can't both be set: use 'days' for fixed weekdays or 'per_week' for any days", days)
            _ = perWeek
        case (let perWeek?, nil):
            frequency = int(perWeek, "per_week", Limits.perWeek).map { .perWeek($0) }
        case (nil, let days?):
            frequency = weekdays(days).map { .weekdays($0) }
        case (nil, nil):
            if fields.lacks("per_week"), fields.lacks("days") {
                error("'schedule' needs 'per_week' (training days a week) or 'days' (e.g. [mon, wed, fri])", node)
            }
        }
        let perDay = fields["per_day"].map { int($0, "per_day", Limits.perDay) } ?? 1
        var start: CalendarDate?
        if let node = fields["start"] {
            start = date(node, "start")
        }
        let weeks = fields["weeks"].flatMap { int($0, "weeks", Limits.weeks) }
        guard let frequency, let perDay else { return nil }
        return Schedule(frequency: frequency, perDay: perDay, start: start, weeks: weeks)
    }

    /// A date written YYYY-MM-DD that exists on the calendar.
    private func date(_ node: Node, _ field: String) -> CalendarDate? {
        guard let s = scalarString(node)?.trimmedWhitespace, !isNull(node) else {
            error("'\(field)' must be a date written YYYY-MM-DD, e.g. 2026-12-01, found \(describe(node))", node)
            return nil
        }
        if let date = CalendarDate(parsing: s) { return date }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), y >= 0, m >= 0, d >= 0 else {
            error("'\(field)' must be a date written YYYY-MM-DD, e.g. 2026-12-01, found \(describe(node))", node)
            return nil
        }
        let shown = TextSanitizer.singleLine(s)
        if !(1...12).contains(m) {
            error("\(shown) is not a day of the calendar: there is no month \(m) (months go from 01 to 12)", node)
        } else if d < 1 || d > CalendarDate.daysIn(month: m, year: y) {
            error("\(shown) is not a day of the calendar: \(Self.monthNames[m - 1]) \(y) has \(CalendarDate.daysIn(month: m, year: y)) days", node)
        } else if let date = CalendarDate(year: y, month: m, day: d) {
            error("'\(field)' must be a date written YYYY-MM-DD, found '\(shown)'; did you mean \(date)?", node)
        } else {
            error("'\(field)' must be a date from the year 1900 to 9999, found '\(shown)'", node)
        }
        return nil
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                     "September", "October", "November", "December"]

    private func weekdays(_ node: Node) -> [Weekday]? {
        guard case .sequence(let items) = node, !items.isEmpty else {
            error("'days' must be a list of weekdays such as [mon, wed, fri], found \(describe(node))", node)
            return nil
        }
        var days: [Weekday] = []
        var ok = true
        for item in items {
            guard let s = scalarString(item), let day = Weekday(parsing: s) else {
                let names = Weekday.allCases.map(\.short)
                let hint = scalarString(item).map { Suggestions.hint(for: $0, in: names + Weekday.allCases.map(\.rawValue)) } ?? ""
                error("expected a weekday (mon, tue, wed, thu, fri, sat, sun), found \(describe(item))\(hint)", item)
                ok = false
                continue
            }
            if days.contains(day) {
                error("'\(day.short)' is listed twice in 'days'", item)
                ok = false
            }
            days.append(day)
        }
        return ok ? days.sorted() : nil
    }

    private func discomfortRule(_ node: Node, over base: DiscomfortRule) -> DiscomfortRule? {
        guard let fields = mapping(node, what: "'discomfort'", allowed: ProgramFields.discomfort) else { return nil }
        var rule = base
        if let n = fields["ask"] { rule.ask = choice(n, "ask", DiscomfortRule.Ask.self) ?? rule.ask }
        if let n = fields["stop_at"] {
            if let v = int(n, "stop_at", Limits.stopAt, why: " on the 0–10 discomfort scale") { rule.stopAt = v }
        }
        if let n = fields["on_stop"] { rule.onStop = choice(n, "on_stop", StopAction.self) ?? rule.onStop }
        return rule
    }

    private func defaults(_ node: Node) -> Defaults? {
        guard let fields = mapping(node, what: "'defaults'", allowed: ProgramFields.defaults) else { return nil }
        var d = Defaults()
        if let n = fields["prepare"], let v = duration(n, "prepare", Limits.prepareSeconds) { d.prepare = v }
        if let n = fields["rest"], let v = duration(n, "rest", Limits.restSeconds) { d.rest = v }
        if let n = fields["rest_between_exercises"], let v = duration(n, "rest_between_exercises", Limits.restSeconds) {
            d.restBetweenExercises = v
        }
        if let n = fields["switch"], let v = duration(n, "switch", Limits.switchSeconds) { d.switchSides = v }
        return d
    }

    // MARK: Exercise

    func exercise(_ node: Node, program rule: DiscomfortRule, defaults: Defaults) -> Exercise? {
        guard let node = mayUseLibrary ? resolvingUse(node) : node,
              let fields = mapping(node, what: "an exercise", allowed: ProgramFields.exercise) else { return nil }
        let here = location(node)
        var name: String?
        if let n = fields["name"] {
            name = text(n, "name", maxLength: 120)
            if let name {
                if namesToCheck != nil { namesToCheck!.append((name, location(n))) } else { checkUnique(name, at: location(n)) }
            }
        } else if fields.lacks("name") {
            diagnostics.append(.error("this exercise has no 'name'", at: here))
        }
        let called = name.map { "'\($0)'" } ?? "this exercise"
        let instructions = fields["instructions"].flatMap { text($0, "instructions", maxLength: 4000, multiline: true) }
        let notes = fields["notes"].flatMap { text($0, "notes", maxLength: 4000, multiline: true) }
        let equipment = fields["equipment"].flatMap { text($0, "equipment", maxLength: 200) }
        let media = fields["media"].map(self.media) ?? []
        let sides = fields["sides"].flatMap(self.sides) ?? []
        let sets = fields["sets"].map { int($0, "sets", Limits.sets) } ?? 1

        let workKeys = ["reps", "hold", "duration"].filter { fields[$0] != nil }
        var work: Exercise.Work?
        var workSeconds: Int?
        if workKeys.isEmpty {
            if ["reps", "hold", "duration"].allSatisfy(fields.lacks) {
                diagnostics.append(.error("\(called) needs one of 'reps', 'hold' or 'duration'", at: here))
            }
        } else if workKeys.count > 1 {
            let later = workKeys.dropFirst().compactMap { fields[$0] }.min { location($0) < location($1) }!
            error("\(quotedList(workKeys)) can't be combined: an exercise is either reps, a hold or a duration", later)
        } else if let n = fields["reps"] {
            var tempo: Tempo?
            if let t = fields["tempo"] { tempo = self.tempo(t) }
            if let count = int(n, "reps", Limits.reps), fields["tempo"] == nil || tempo != nil {
                work = .reps(count: count, tempo: tempo)
                if count > 50 { warning("\(count) reps in one set is unusually many; check the prescription", n) }
            }
        } else if let n = fields["hold"], let s = duration(n, "hold", Limits.holdSeconds) {
            work = .hold(seconds: s)
            workSeconds = s
            if s > 300 { warning("a hold of \(DurationText.format(s)) is over 5 minutes; check the prescription", n) }
        } else if let n = fields["duration"], let s = duration(n, "duration", Limits.durationSeconds) {
            work = .duration(seconds: s)
            workSeconds = s
            if s > 1800 { warning("a duration of \(DurationText.format(s)) is over 30 minutes; check the prescription", n) }
        }
        if let t = fields["tempo"], fields["reps"] == nil {
            error("'tempo' only applies to 'reps' (seconds up-hold-down of each rep)", t)
        }

        var cueEvery: Int?
        if let n = fields["cue_every"] {
            if fields["reps"] != nil {
                error("'cue_every' applies to a 'hold' or a 'duration', not to 'reps'", n)
            } else if let s = duration(n, "cue_every", Limits.cueEverySeconds) {
                cueEvery = s
                if let total = workSeconds, s >= total {
                    error("'cue_every' (\(DurationText.format(s))) must be shorter than the exercise's \(DurationText.format(total))", n)
                }
            }
        }
        let rest = fields["rest"].flatMap { duration($0, "rest", Limits.restSeconds) }
        let prepare = fields["prepare"].flatMap { duration($0, "prepare", Limits.prepareSeconds) }
        let switchSides = fields["switch"].flatMap { duration($0, "switch", Limits.switchSeconds) }
        if let n = fields["switch"], sides.count < 2 { warning("'switch' has no effect without two 'sides'", n) }
        let discomfort = fields["discomfort"].flatMap { discomfortRule($0, over: rule) }
        let sounds = fields["sounds"].map(self.sounds) ?? [:]

        if let sets, sets > 20, let n = fields["sets"] {
            warning("\(sets) sets is unusually many (over 20); check the prescription", n)
        }
        if let sets, sets > 1, case .hold = work, (rest ?? defaults.rest) == 0 {
            warning("no rest between the \(sets) sets of a hold: is that intended?", fields["rest"] ?? node)
        }

        let prompts = fields["say"].map { self.prompts($0, work: work) } ?? []
        let weeks = fields["weeks"].flatMap { weekRange($0, "weeks") }
        let progression = fields["progression"].flatMap { n in work.flatMap { self.progression(n, work: $0, sets: sets ?? 1, called: called) } }

        guard let name, let sets, let work else { return nil }
        var exercise = Exercise(name: name, instructions: instructions, notes: notes, equipment: equipment, media: media,
                                sides: sides, sets: sets, work: work, cueEvery: cueEvery, rest: rest, prepare: prepare,
                                switchSides: switchSides, discomfort: discomfort, sounds: sounds, location: here)
        exercise.prompts = prompts
        exercise.weeks = weeks
        exercise.progression = progression
        return exercise
    }

    /// `voice:` — the language (checked against the installed voices by `validate`), rate and parts.
    private func voice(_ node: Node) -> VoiceSettings? {
        guard let fields = mapping(node, what: "'voice'", allowed: ProgramFields.voice) else { return nil }
        var voice = VoiceSettings()
        if let n = fields["language"], let language = text(n, "language", maxLength: 40) {
            voice.language = language.trimmedWhitespace
            voice.languageLocation = location(n)
        }
        voice.rate = fields["rate"].flatMap { int($0, "rate", Limits.voiceRate, why: " words per minute") }
        if let n = fields["speak"] {
            if case .sequence(let items) = n {
                voice.parts = Set(items.compactMap { choice($0, "speak", VoiceSettings.Part.self) })
            } else {
                error("'speak' must be a list such as [names, sets, next, counts, halfway], found \(describe(n))", n)
            }
        }
        if let n = fields["counts"] { voice.counts = choice(n, "counts", VoiceSettings.Counts.self) ?? voice.counts }
        return voice
    }

    /// `say:` — a list of `{at: 15s | each_rep, say: text}`; a time must fall within the hold or duration.
    private func prompts(_ node: Node, work: Exercise.Work?) -> [Prompt] {
        guard case .sequence(let items) = node else {
            error("'say' must be a list of prompts (each '- at: 15s' with 'say: ...'), found \(describe(node))", node)
            return []
        }
        return items.compactMap { item -> Prompt? in
            guard let fields = mapping(item, what: "a prompt", allowed: ProgramFields.prompt) else { return nil }
            guard let at = fields["at"], let said = fields["say"] else {
                if fields.lacks("at") || fields.lacks("say") { error("a prompt needs 'at' (15s or each_rep) and 'say'", item) }
                return nil
            }
            guard let text = text(said, "say", maxLength: Limits.promptLength) else { return nil }
            let moment: Prompt.Moment
            if scalarString(at)?.trimmedWhitespace == "each_rep" {
                guard case .reps(_, _?) = work else {
                    error("'at: each_rep' needs 'reps' with a 'tempo' (each rep is then timed)", at)
                    return nil
                }
                moment = .eachRep
            } else {
                guard let seconds = duration(at, "at", 0...Limits.durationSeconds.upperBound) else { return nil }
                switch work {
                case .hold(let total)?, .duration(let total)?:
                    guard seconds < total else {
                        error("'at' (\(DurationText.format(seconds))) must fall within the exercise's \(DurationText.format(total))", at)
                        return nil
                    }
                case .reps?:
                    error("'at: \(DurationText.format(seconds))' needs a 'hold' or a 'duration'; for reps use 'at: each_rep'", at)
                    return nil
                case nil:
                    return nil
                }
                moment = .at(seconds)
            }
            return Prompt(text: text, moment: moment, location: location(item))
        }
    }

    /// Reports a name already used by an earlier exercise: reports key on names and would merge the two.
    private func checkUnique(_ name: String, at location: SourceLocation) {
        let key = name.lowercased()
        if let first = exerciseNames[key] {
            let shown = TextSanitizer.singleLine(name)
            diagnostics.append(.error("exercise name '\(shown)' is used twice (first at line \(first.line)); reports would merge them — "
                                      + "give each exercise its own name", at: location))
        } else {
            exerciseNames[key] = location
        }
    }

    /// Links to an image or video: one or a list of http(s) URLs or paths inside the program's folder.
    private func media(_ node: Node) -> [String] {
        let items: [Node]
        switch node {
        case .scalar: items = [node]
        case .sequence(let list): items = Array(list)
        default:
            error("'media' must be a link or a list of links (paths or http/https URLs), found \(describe(node))", node)
            return []
        }
        if items.count > Limits.media.upperBound {
            error("'media' lists \(items.count) links; at most \(Limits.media.upperBound) are allowed", node)
            return []
        }
        return items.compactMap { item in
            guard let link = text(item, "media", maxLength: Limits.mediaLinkLength) else { return nil }
            if let problem = MediaLink.problem(with: link) {
                error(problem, item)
                return nil
            }
            return link
        }
    }

    private func sides(_ node: Node) -> [Side]? {
        if let s = scalarString(node), s.lowercased() == "both" { return [.left, .right] }
        guard case .sequence(let items) = node, Limits.sides.contains(items.count) else {
            error("'sides' must be [left, right], [right, left], [left], [right] or both, found \(describe(node))", node)
            return nil
        }
        var sides: [Side] = []
        for item in items {
            guard let side = choice(item, "sides", Side.self) else { return nil }
            if sides.contains(side) {
                error("'\(side.rawValue)' is listed twice in 'sides'", item)
                return nil
            }
            sides.append(side)
        }
        return sides
    }

    private func tempo(_ node: Node) -> Tempo? {
        let expected = "'tempo' must be three whole seconds up-hold-down, like 2-1-2"
        guard let s = scalarString(node) else {
            error("\(expected), found \(describe(node))", node)
            return nil
        }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false).map { $0.filter { $0 != " " } }
        guard parts.count == 3, let up = Int(parts[0]), let hold = Int(parts[1]), let down = Int(parts[2]) else {
            error("\(expected), found '\(s)'", node)
            return nil
        }
        guard [up, hold, down].allSatisfy({ Limits.tempoPart.contains($0) }), up + down > 0 else {
            error("\(expected) with each part from 0 to 60 and a non-zero up or down, found '\(s)'", node)
            return nil
        }
        return Tempo(up: up, hold: hold, down: down)
    }

    private func sounds(_ node: Node) -> [CueKind: SoundReference] {
        guard case .mapping(let map) = node else {
            error("'sounds' must map cue names to WAV files, e.g. 'start: sounds/bell.wav', found \(describe(node))", node)
            return [:]
        }
        var result: [CueKind: SoundReference] = [:]
        let names = CueKind.allCases.map(\.rawValue)
        for (key, value) in map {
            guard let keyText = scalarString(key), let cue = CueKind(rawValue: keyText) else {
                let word = scalarString(key) ?? ""
                error("unknown cue '\(word)' in 'sounds'\(Suggestions.hint(for: word, in: names)); cues are \(names.joined(separator: ", "))", key)
                continue
            }
            guard let path = text(value, "sounds: \(keyText)", maxLength: 1024) else { continue }
            if let problem = SoundPath.problem(with: path) {
                error(problem, value)
                continue
            }
            result[cue] = SoundReference(path: path, location: location(value))
        }
        return result
    }

    // MARK: Progression

    /// Weeks written `3`, `2-4` or `5-`.
    private func weekRange(_ node: Node, _ field: String) -> WeekRange? {
        guard let s = scalarString(node), !isNull(node), let range = WeekRange(parsing: s),
              Limits.weeks.contains(range.first), range.last.map(Limits.weeks.contains) ?? true else {
            error("'\(field)' must be a week or weeks such as 3, 2-4 or 5- (from week 5 on), weeks 1 to \(Limits.weeks.upperBound) "
                  + "with the first not after the last, found \(describe(node))", node)
            return nil
        }
        return range
    }

    private func phases(_ node: Node, exercises: [Exercise]) -> [Phase] {
        guard case .sequence(let items) = node, !items.isEmpty else {
            error("'phases' must be a list of phases (each starting with '- '), found \(describe(node))", node)
            return []
        }
        return items.compactMap { item in
            guard let fields = mapping(item, what: "a phase", allowed: ProgramFields.phase) else { return nil }
            let name = fields["name"].flatMap { text($0, "name", maxLength: 120) }
            var weeks: WeekRange?
            if let n = fields["weeks"] { weeks = weekRange(n, "weeks") } else if fields.lacks("weeks") {
                error("this phase needs 'weeks', e.g. 'weeks: 3-' for week 3 on", item)
            }
            var changes: [PhaseChange] = []
            if let n = fields["exercises"] {
                if case .mapping(let map) = n {
                    for (key, value) in map {
                        if let change = phaseChange(key, value, exercises: exercises) { changes.append(change) }
                    }
                } else {
                    error("a phase's 'exercises' must map exercise names to what changes, e.g. 'Glute bridge: { reps: 15 }', "
                          + "found \(describe(n))", n)
                }
            } else if fields.lacks("exercises") {
                error("this phase needs 'exercises': the exercises it changes and how", item)
            }
            guard let weeks else { return nil }
            return Phase(name: name, weeks: weeks, changes: changes)
        }
    }

    /// One exercise's entry in a phase: its name must be one of the program's exercises.
    private func phaseChange(_ key: Node, _ value: Node, exercises: [Exercise]) -> PhaseChange? {
        guard let name = scalarString(key)?.trimmedWhitespace else {
            error("a phase's exercise must be named by its name, found \(describe(key))", key)
            return nil
        }
        guard let exercise = exercises.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            let names = exercises.map(\.name)
            error("no exercise is named '\(TextSanitizer.singleLine(String(name.prefix(60))))'\(Suggestions.hint(for: name, in: names))", key)
            return nil
        }
        guard let fields = mapping(value, what: "the phase's '\(TextSanitizer.singleLine(exercise.name))'", allowed: ProgramFields.phaseChange) else {
            return nil
        }
        var change = PhaseChange(exercise: exercise.name)
        change.sets = fields["sets"].flatMap { int($0, "sets", Limits.sets) }
        change.rest = fields["rest"].flatMap { duration($0, "rest", Limits.restSeconds) }
        change.sides = fields["sides"].flatMap(sides)
        let kind: String
        switch exercise.work {
        case .hold: kind = "hold"
        case .duration: kind = "duration"
        case .reps: kind = "reps"
        }
        for key in ["reps", "tempo", "hold", "duration"] where fields[key] != nil && key != kind && !(key == "tempo" && kind == "reps") {
            error("'\(key)' can't change in '\(TextSanitizer.singleLine(exercise.name))', which is a \(kind) exercise; "
                  + "give the phase the exercise's own kind of work (or a new exercise with 'weeks')", fields[key]!)
        }
        if kind == "reps" {
            change.reps = fields["reps"].flatMap { int($0, "reps", Limits.reps) }
            change.tempo = fields["tempo"].flatMap(tempo)
        }
        if kind == "hold" { change.hold = fields["hold"].flatMap { duration($0, "hold", Limits.holdSeconds) } }
        if kind == "duration" { change.duration = fields["duration"].flatMap { duration($0, "duration", Limits.durationSeconds) } }
        return change
    }

    /// An exercise's `progression`: which parameter steps and by how much, the bounds, and when.
    private func progression(_ node: Node, work: Exercise.Work, sets: Int, called: String) -> ProgressionRule? {
        guard let fields = mapping(node, what: "'progression'", allowed: ProgramFields.progression) else { return nil }
        let written = ProgressionRule.Parameter.allCases.filter { fields[$0.rawValue] != nil }
        guard let parameter = written.first else {
            if ProgressionRule.Parameter.allCases.map(\.rawValue).allSatisfy(fields.lacks) {
                error("'progression' needs the step: one of 'hold', 'duration', 'reps' or 'sets', e.g. 'hold: +5s'", node)
            }
            return nil
        }
        if written.count > 1 {
            error("\(quotedList(written.map(\.rawValue))) can't be combined: a progression steps one parameter", fields[written[1].rawValue]!)
            return nil
        }
        let current: Int
        switch (parameter, work) {
        case (.sets, _): current = sets
        case (.hold, .hold(let s)), (.duration, .duration(let s)): current = s
        case (.reps, .reps(let n, _)): current = n
        default:
            error("this step can never apply: \(called) has no '\(parameter.rawValue)' to step (step the exercise's own 'hold', "
                  + "'reps' or 'duration', or its 'sets')", fields[parameter.rawValue]!)
            return nil
        }
        let isTime = parameter == .hold || parameter == .duration
        let range = parameter == .sets ? Limits.sets : parameter == .reps ? Limits.reps
            : parameter == .hold ? Limits.holdSeconds : Limits.durationSeconds
        func amount(_ n: Node, _ key: String, signed: Bool) -> Int? {
            guard var s = scalarString(n)?.trimmedWhitespace, !isNull(n) else {
                error("'\(key)' must be \(isTime ? "a duration such as 5s" : "a whole number"), found \(describe(n))", n)
                return nil
            }
            if signed, s.hasPrefix("+") { s = String(s.dropFirst()).trimmedWhitespace }
            let value = isTime ? DurationText.seconds(s) : Int(s)
            guard let value, range.contains(value) else {
                let expected = isTime ? "a duration from 1s to \(DurationText.format(range.upperBound)), such as 5s"
                    : "a whole number from 1 to \(range.upperBound)"
                error("'\(key)' of a '\(parameter.rawValue)' progression must be \(expected), found \(describe(n))", n)
                return nil
            }
            return value
        }
        let step = amount(fields[parameter.rawValue]!, parameter.rawValue, signed: true)
        let down = fields["down"].flatMap { amount($0, "down", signed: true) }
        var max: Int?
        if let n = fields["max"] { max = amount(n, "max", signed: false) } else if fields.lacks("max") {
            error("'progression' needs 'max': the most it may step up to", node)
        }
        let min = fields["min"].flatMap { amount($0, "min", signed: false) }
        let sessions = fields["sessions"].map { int($0, "sessions", Limits.progressionSessions) } ?? 2
        let atMost = fields["discomfort_at_most"].map { int($0, "discomfort_at_most", Limits.rating, why: " on the 0–10 scale") } ?? 2
        let limit = fields["pain_limit"].map { int($0, "pain_limit", Limits.rating, why: " on the 0–10 scale") } ?? ProgressionRule.modelLimit
        let apply = fields["apply"].map { choice($0, "apply", ProgressionRule.Apply.self) } ?? .auto
        guard let step, let max, let sessions, let atMost, let limit, let apply else { return nil }
        let shown = parameter.amount
        if let min, min > max {
            error("the bounds are the wrong way round: 'min' (\(shown(min))) is above 'max' (\(shown(max)))", fields["min"]!)
            return nil
        }
        let floor = min ?? current
        if current > max {
            error("'max' (\(shown(max))) is below where \(called) starts (\(shown(current))): a step up could never apply",
                  fields["max"]!)
            return nil
        }
        if current < floor {
            error("\(called) starts at \(shown(current)), below its 'min' of \(shown(floor))", fields["min"]!)
            return nil
        }
        if current == max {
            error("this step can never apply: \(called) already starts at the 'max' of \(shown(max)); raise 'max' or remove the progression",
                  fields["max"]!)
            return nil
        }
        if let n = fields["down"], floor == max {
            error("this step down can never apply: 'min' and 'max' are both \(shown(max))", n)
        }
        if atMost > limit {
            error("'discomfort_at_most' (\(atMost)) is above 'pain_limit' (\(limit)): a step up would need pain that breaks a rule",
                  fields["discomfort_at_most"]!)
            return nil
        }
        return ProgressionRule(parameter: parameter, step: step, down: down, max: max, min: min, sessions: sessions,
                               discomfortAtMost: atMost, painLimit: limit, apply: apply)
    }

    // MARK: Scalars

    /// The mapping's values by key, after reporting non-text keys and unknown keys.
    func mapping(_ node: Node, what: String, allowed: [FieldSpec]) -> Fields? {
        guard case .mapping(let map) = node else {
            error("expected \(what) to be a mapping of 'key: value' lines, found \(describe(node))", node)
            return nil
        }
        var fields = Fields(capacity: map.count)
        for i in map.indices { // by index: iterating a Yams mapping first copies all its pairs into an array
            let (key, value) = map[i]
            guard let name = scalarString(key) else {
                error("a key must be a plain word, found \(describe(key))", key)
                continue
            }
            guard allowed.contains(where: { $0.key == name }) else {
                let keys = allowed.map(\.key)
                let shown = TextSanitizer.singleLine(String(name.prefix(60)))
                let meant = Suggestions.closest(to: name, in: keys)
                if let meant { fields.misspelt.insert(meant) }
                error("unknown key '\(shown)' in \(what)\(Suggestions.hint(meant))", key)
                continue
            }
            fields.add(name, value)
        }
        return fields
    }

    func text(_ node: Node, _ field: String, maxLength: Int, multiline: Bool = false) -> String? {
        guard let raw = scalarString(node), !isNull(node) else {
            error("'\(field)' must be text, found \(describe(node))", node)
            return nil
        }
        let value = raw.trimmedWhitespace
        if value.isEmpty {
            error("'\(field)' is empty", node)
            return nil
        }
        // Printable ASCII (most text) has no control, hidden or direction-changing character,
        // and as many characters as bytes.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            guard value.utf8.count > maxLength else { return value }
            error("'\(field)' is \(value.utf8.count) characters long; at most \(maxLength) are allowed", node)
            return nil
        }
        if let bad = value.unicodeScalars.first(where: {
            TextSanitizer.isControl($0) && !(multiline && ($0 == "\n" || $0 == "\t"))
        }) {
            error("'\(field)' contains the control character U+\(String(bad.value, radix: 16, uppercase: true)), which can't be shown safely", node)
            return nil
        }
        if value.utf8.count > maxLength, value.count > maxLength {  // never more characters than bytes
            error("'\(field)' is \(value.count) characters long; at most \(maxLength) are allowed", node)
            return nil
        }
        if let hidden = value.unicodeScalars.first(where: { TextSanitizer.isHidden($0) || $0.value == 0x200E || $0.value == 0x200F }) {
            warning("'\(field)' contains the invisible or direction-changing character U+\(String(hidden.value, radix: 16, uppercase: true)), "
                    + "which can make the text read differently from what it says; Limber shows it as an escape", node)
        }
        return value
    }

    func textList(_ node: Node, _ field: String) -> [String]? {
        if case .scalar = node { return text(node, field, maxLength: 4000, multiline: true).map { [$0] } }
        guard case .sequence(let items) = node else {
            error("'\(field)' must be a list of text lines (each starting with '- '), found \(describe(node))", node)
            return nil
        }
        return items.compactMap { text($0, field, maxLength: 4000, multiline: true) }
    }

    func int(_ node: Node, _ field: String, _ range: ClosedRange<Int>, why: String = "") -> Int? {
        func expected() -> String { "'\(field)' must be a whole number from \(range.lowerBound) to \(range.upperBound)\(why)" }
        guard let n = scalarInt(node) else {
            error("\(expected()), found \(describe(node))", node)
            return nil
        }
        guard range.contains(n) else {
            error("\(expected()), found \(n)", node)
            return nil
        }
        return n
    }

    private func duration(_ node: Node, _ field: String, _ range: ClosedRange<Int>) -> Int? {
        guard let s = scalarString(node), !isNull(node) else {
            error("'\(field)' must be a duration such as 30s, 1m30s or 2m, found \(describe(node))", node)
            return nil
        }
        guard let seconds = DurationText.seconds(s) else {
            var hint = ""
            if let meant = Suggestions.duration(s.trimmedWhitespace) { hint = "; did you mean \(meant)?" }
            else if s.trimmedWhitespace.hasPrefix("-") { hint = "; a duration can't be negative" }
            error("'\(field)' must be a duration such as 30s, 1m30s or 2m, found '\(TextSanitizer.singleLine(s))'\(hint)", node)
            return nil
        }
        guard range.contains(seconds) else {
            let low = range.lowerBound == 0 ? "0s" : DurationText.format(range.lowerBound)
            error("'\(field)' must be from \(low) to \(DurationText.format(range.upperBound)), found \(DurationText.format(seconds))", node)
            return nil
        }
        return seconds
    }

    private func choice<E: RawRepresentable & CaseIterable>(_ node: Node, _ field: String, _: E.Type) -> E?
    where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        guard let s = scalarString(node), let value = E(rawValue: s) ?? E(rawValue: s.lowercased()) else {
            let hint = scalarString(node).map { Suggestions.hint(for: $0, in: names) } ?? ""
            error("'\(field)' must be one of \(names.joined(separator: ", ")), found \(describe(node))\(hint)", node)
            return nil
        }
        return value
    }

    // MARK: Node helpers

    private func scalarString(_ node: Node) -> String? {
        if case .scalar(let s) = node { return s.string }
        return nil
    }

    func scalarInt(_ node: Node) -> Int? {
        guard let s = scalarString(node) else { return nil }
        return Int(s.trimmedWhitespace)
    }

    private func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else { return false }
        switch s.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    func location(_ node: Node) -> SourceLocation {
        guard let mark = node.mark else { return .start }
        return SourceLocation(line: max(1, mark.line), column: max(1, mark.column))
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            if isNull(node) { return "nothing" }
            let shown = TextSanitizer.singleLine(s.string)
            return "'\(shown.count > 40 ? String(shown.prefix(40)) + "…" : shown)'"
        }
    }

    private func quotedList(_ keys: [String]) -> String {
        let quoted = keys.map { "'\($0)'" }
        return quoted.count == 2 ? quoted.joined(separator: " and ")
            : quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
    }

    func error(_ message: String, _ node: Node) {
        diagnostics.append(.error(message, at: location(node)))
    }

    func warning(_ message: String, _ node: Node) {
        diagnostics.append(.warning(message, at: location(node)))
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines.
    var trimmedWhitespace: String {
        // Starting and ending with a printable ASCII character other than a space: nothing to
        // trim (no grapheme cluster that starts with whitespace ends in one of those).
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) { return self }
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
