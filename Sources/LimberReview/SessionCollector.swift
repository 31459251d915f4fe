import LimberBasics
import LimberLog
import LimberProgram

/// Builds session summaries from a stream of log lines (any order within a session is fine),
/// holding no more than the report shows: a session is summarised while open and, once it ends
/// (or is clearly over: nothing from it for longer than any session lasts, before the newest
/// line read), folded into a ``SessionHistory`` — kept whole if it started in the window, else
/// reduced to the few facts the window needs. Never holds the lines.
public struct SessionCollector {
    /// Reads the lines given to ``add(scanned:session:at:)``: one for all the files of a
    /// patient, as the ids it gives nested values are what ``StartCache`` goes by.
    public let scanner = LogLineParser.Scanner()
    /// Sessions not yet ended, by their id as written.
    var open: [String: SessionSummary] = [:]
    /// The session of the last line taken while it is open, and where it sits in `open` (nil
    /// whenever `open` gains or loses a session, which moves its entries).
    private var lastOpen: (session: String, slot: Dictionary<String, SessionSummary>.Index)?
    /// The sessions folded so far.
    var folded: SessionHistory
    /// Where each session kept whole sits in `folded`, by id as written, for lines read after its end.
    var kept = KeptIndex()
    /// The newest moment of any line read.
    var newestInstant = -Double.infinity
    /// Open sessions are checked for being over when there are this many.
    private var sweepAt = 64
    /// Lines skipped because they were not Limber events, with where.
    public private(set) var problems: [String] = []
    /// Lines from a newer log format, read as far as possible.
    public internal(set) var newerFormatLines = 0

    /// - Parameter window: the days whose sessions are kept whole; nil keeps every session.
    public init(window: ClosedRange<CalendarDate>? = nil) { folded = SessionHistory(window: window) }

    /// A collector for the later part of a file, whose ``part()`` can be merged into the
    /// collector of the part before (``merge(_:)``).
    init(laterPartWithin window: ClosedRange<CalendarDate>?) {
        self.init(window: window)
        watch = PartWatch()
    }

    /// Set only on a collector of a later part: what it notes for its part to merge exactly.
    var watch: PartWatch?

    /// Takes one line in. `location` ("log.jsonl:12") names it in a problem.
    public mutating func add(_ line: LogLine, at location: String? = nil) {
        let place = location.map { "\($0): " } ?? ""
        guard let time = LogTime(line.ts) else {
            if line.v > LogLine.formatVersion { newerFormatLines += 1 }
            report(problem: "\(place)an event with an unreadable time '\(TextSanitizer.singleLine(String(line.ts.prefix(40))))' was skipped")
            return
        }
        if line.v > LogLine.formatVersion { newerFormatLines += 1 }
        var e = line.event
        guard Self.makeSane(&e) else { return report(insane: e.type, place: place) }
        let newestBefore = newestInstant
        newestInstant = max(newestInstant, time.instant)
        if e.type == .checkin {
            checkIns.append(LogLine(v: line.v, ts: line.ts, session: line.session, event: e))
            return
        }
        take(TakenEvent(e), session: line.session, time: time, newestBefore: newestBefore)
    }

    /// Takes in the event ``scanner`` has just read: the fast way of ``add(_:at:)``, with the same
    /// result. Only the fields a report uses are decoded; the nested objects of a session start
    /// once per distinct value (every session of a program carries the same plan), the names of
    /// exercises and sessions once per distinct spelling in a row. `location` is made only for a problem.
    public mutating func addScanned(session: String, at location: () -> String) {
        if scanner.type == .checkin {
            add(scanner.line(), at: location())
            return
        }
        let v = scanner.int(.v) ?? LogLine.formatVersion
        let plainTime = scanner.plainString(.ts)
        guard let time = plainTime.flatMap({ LogTime(utf8: $0, memo: &days) }) ?? (plainTime == nil ? scanner.string(.ts).flatMap(LogTime.init) : nil) else {
            add(scanner.line(), at: location())
            return
        }
        if v > LogLine.formatVersion { newerFormatLines += 1 }
        var e = TakenEvent(type: scanner.type,
                           exercise: scanner.has(.exercise) ? names.text(scanner, .exercise, cleaned: true) : nil,
                           exerciseIndex: scanner.int(.exerciseIndex), rating: scanner.int(.rating), stopAt: scanner.int(.stopAt),
                           note: scanner.has(.note) ? scanner.string(.note) : nil,
                           action: scanner.has(.action) ? scanner.string(.action).flatMap(StopAction.init(rawValue:)) : nil,
                           status: scanner.has(.status) ? names.text(scanner, .status) : nil,
                           elapsedSeconds: scanner.double(.elapsedSeconds), start: starts.objects(scanner))
        guard e.makeSane() else { return report(insane: e.type, place: location() + ": ") }
        let newestBefore = newestInstant
        newestInstant = max(newestInstant, time.instant)
        take(e, session: session, time: time, newestBefore: newestBefore)
    }

    /// The session id of the event ``scanner`` has just read, the same String while the lines
    /// of one session follow each other.
    public mutating func scannedSessionID() -> String { names.session(scanner) }

    /// Strings of the log made once per spelling: the last session id, and the few exercise
    /// names and status words of a log (a hostile log with many only takes longer).
    private var names = ScannedNames()
    /// The nested objects of session starts, decoded once per distinct value.
    private var starts = StartCache()
    /// The day of the last date read: the lines of a log repeat their day.
    private var days = LogTime.DayMemo()

    /// Notes an event skipped for values no Limber writes (``makeSane(_:)``).
    private mutating func report(insane type: LogEventType, place: String) {
        report(problem: "\(place)a '\(type.rawValue)' event with values no Limber writes (a rating outside 0–10?) was skipped")
    }

    /// The common part of both ways in, for an event of a session made fit (``makeSane(_:)``):
    /// `time` is its parsed `ts`, `newestBefore` the newest moment read before it.
    private mutating func take(_ e: TakenEvent, session: String, time: LogTime, newestBefore: Double) {
        // One probe for a line of an open session (nearly every line), none for the next line of
        // the same session; an id is never both open and kept.
        var slot = lastOpen.flatMap { $0.session == session ? $0.slot : nil } ?? open.index(forKey: session)
        if slot == nil, let index = kept.position(of: session, in: folded.list) {
            watch?.unsure = true
            folded.update(at: index) { Self.apply(e, at: time, to: &$0, planCache: &planCache) }
            return
        }
        if slot == nil {
            // The session id is log text like any other: made visible once, here, for every format.
            open[session] = SessionSummary(id: TextSanitizer.singleLine(session), start: time, title: e.start?.program?.title ?? "(unknown program)", planned: [])
            slot = open.index(forKey: session)
            watch?.opened(session)
        } else if watch != nil {
            watch!.revisited(last: Self.lastInstant(of: &open.values[slot!]), newest: newestBefore)
        }
        lastOpen = (session, slot!)
        // Mutate in place: copying a summary out and back for every line costs more than the parse.
        Self.apply(e, at: time, to: &open.values[slot!], planCache: &planCache)
        if e.type == .sessionEnd, open.values[slot!].hasStart {
            fold(session)
        } else if open.count >= sweepAt {
            sweep()
        }
    }

    /// When `s`'s last line so far happened. In-out, so the session is read where it lies: a copy
    /// of it for every line of a later part cost as much as the rest of taking the line in.
    private static func lastInstant(of s: inout SessionSummary) -> Double { (s.end ?? s.start).instant }

    /// Folds the session `key` into the history.
    private mutating func fold(_ key: String) {
        lastOpen = nil
        guard let s = open.removeValue(forKey: key) else { return }
        if let index = folded.add(s) {
            if watch != nil, s.id != key { watch!.unsure = true }
            kept.insert(key, at: index, in: folded.list)
        }
    }

    /// Folds every open session that is clearly over: its last line more than the longest
    /// possible session before the newest line read (killed, crashed, power lost).
    private mutating func sweep() {
        let cutoff = newestInstant - Self.maxSessionSeconds
        for (key, s) in open where (s.end ?? s.start).instant < cutoff { fold(key) }
        sweepAt = max(64, open.count * 2)
    }

    /// Check-ins (not part of any session), as read: one or two a day at most.
    public internal(set) var checkIns: [LogLine] = []
    /// Ends one source of lines (a file of a patient with several): its open sessions are folded
    /// and the clock for "clearly over" restarts, as the next file may go back in time.
    public mutating func endSource() {
        for key in open.keys { fold(key) }
        newestInstant = -Double.infinity
        sweepAt = 64
    }

    /// Sessions held in memory now: open ones and those kept whole. Bounded by the window.
    public var retainedSessions: Int { open.count + folded.list.count }

    /// Everything read, with the sessions still open taken as ended where the log ends.
    public var history: SessionHistory {
        var c = self
        return c.finish()
    }

    /// ``history``, made in place: the sessions still open are folded and the kept ones sorted
    /// without a copy of them. Nothing more can be added afterwards.
    public mutating func finish() -> SessionHistory {
        for key in open.keys { fold(key) }
        kept = KeptIndex()
        folded.sort()
        return folded
    }

    /// The sessions kept (those of the window), by start time.
    public var summaries: [SessionSummary] { history.sessions }

    private typealias Limits = ProgramFields.Limits

    /// Makes the event fit for the review, in place: text from the log with control characters
    /// made visible (a log is outside input: its text must not reach a terminal raw), counts kept
    /// to what a program can prescribe (``ProgramFields/Limits``), impossible numbers dropped.
    /// False for an event the review can't use at all: a rating off the 0–10 scale. Nearly every
    /// line is clean, so each value is only tested, and written only when it is not.
    static func makeSane(_ e: inout LogEvent) -> Bool {
        guard makeSaneLine(rating: e.rating, note: &e.note, stopAt: &e.stopAt, elapsedSeconds: &e.elapsedSeconds) else { return false }
        clean(&e.exercise)
        makeSaneStart(&e)
        return true
    }

    /// The part of ``makeSane(_:)`` about the line's own values (both ways in use it): false for a
    /// rating off the scale.
    static func makeSaneLine(rating: Int?, note: inout String?, stopAt: inout Int?, elapsedSeconds: inout Double?) -> Bool {
        if let r = rating, !Limits.rating.contains(r) { return false }
        clean(&note)
        if outside(stopAt, Limits.rating) { stopAt = nil }
        if let seconds = elapsedSeconds, !(seconds.isFinite && (0...maxSessionSeconds).contains(seconds)) { elapsedSeconds = nil }
        return true
    }

    /// The part of ``makeSane(_:)`` about a session start's nested objects (program, plan,
    /// schedule, discomfort rule), which depends on nothing else in the line: the fast way does
    /// it once per distinct value (``StartCache``).
    static func makeSaneStart(_ e: inout LogEvent) {
        if let title = e.program?.title, TextSanitizer.needsEscaping(title) { e.program?.title = TextSanitizer.singleLine(title) }
        if outside(e.discomfortRule?.stopAt, Limits.rating) { e.discomfortRule?.stopAt = nil }
        if let s = e.schedule, outside(s.perWeek, Limits.perWeek) || !Limits.perDay.contains(s.perDay) || outside(s.weeks, Limits.weeks) {
            e.schedule = nil
        }
        if let planned = e.planned?.exercises, planned.contains(where: needsCleaning) {
            e.planned?.exercises = planned.map { x in
                var x = x
                x.name = TextSanitizer.singleLine(x.name)
                x.sides = Array(x.sides.prefix(Limits.sides.upperBound)).map(TextSanitizer.singleLine)
                x.sets = min(max(x.sets, 0), Limits.sets.upperBound)
                return x
            }
        }
    }

    private static func clean(_ text: inout String?) { text = text.map(cleaned) }

    /// `text` with control characters made visible; itself (no copy) when it has none.
    static func cleaned(_ text: String) -> String { TextSanitizer.needsEscaping(text) ? TextSanitizer.singleLine(text) : text }

    private static func outside(_ n: Int?, _ range: ClosedRange<Int>) -> Bool { n.map { !range.contains($0) } ?? false }

    /// A planned exercise as no Limber writes it: control characters, too many sides, too many
    /// sets (none is allowed: a log may record an exercise with its sets all removed).
    private static func needsCleaning(_ x: LogEvent.PlannedExercise) -> Bool {
        TextSanitizer.needsEscaping(x.name) || x.sides.count > Limits.sides.upperBound
            || x.sides.contains(where: TextSanitizer.needsEscaping) || !(0...Limits.sets.upperBound).contains(x.sets)
    }

    private static let skipped = SetStatus.skipped.rawValue

    /// Longer than any session: a week.
    static let maxSessionSeconds = 7.0 * 86_400

    /// The last plans seen: every session of a program carries the same plan, so one copy is kept.
    private var planCache: [SessionSummary.Plan] = []

    private static func apply(_ e: TakenEvent, at time: LogTime, to s: inout SessionSummary, planCache: inout [SessionSummary.Plan]) {
        if time < s.start { s.start = time }
        if s.end.map({ time > $0 }) ?? true { s.end = time }
        switch e.type {
        case .sessionStart:
            s.start = time
            s.hasStart = true
            s.setPlan(title: e.start?.program?.title ?? s.title, planned: e.start?.planned?.exercises ?? [], schedule: e.start?.schedule,
                      stopAt: e.start?.discomfortRule?.stopAt, progression: e.start?.progression, recent: &planCache)
        case .set:
            let name = e.exercise ?? "?"
            // `setStatus == .skipped` without making the status word a SetStatus on every set line.
            if e.status == Self.skipped { s.setsSkipped.add(1, to: name) } else { s.setsDone.add(1, to: name) }
        case .discomfort:
            if let r = e.rating {
                s.add(RatingRecord(exercise: e.exercise, exerciseIndex: e.exerciseIndex, rating: r, time: time, stopAt: e.stopAt, note: e.note))
            }
        case .stop:
            if let r = e.rating, let at = e.stopAt {
                s.add(SafetyStop(exercise: e.exercise, exerciseIndex: e.exerciseIndex, rating: r, stopAt: at,
                                 action: e.action ?? .endSession, time: time))
            }
        case .sessionEnd:
            s.outcome = e.endStatus.map(SessionOutcome.ended) ?? .quit
            s.durationSeconds = e.elapsedSeconds ?? s.end.map { $0.instant - s.start.instant } ?? 0
        case .pause, .resume, .note, .checkin:
            break
        }
        if s.outcome == .interrupted, let end = s.end { s.durationSeconds = end.instant - s.start.instant }
    }

    /// Notes a line that could not be used. Only the first few are kept word for word; a log
    /// full of damage must not fill memory with messages about it.
    public mutating func report(problem: String) {
        skippedLines += 1
        if problems.count < Self.problemsKept { problems.append(problem) }
        else if problems.count == Self.problemsKept { problems.append("… and more lines skipped (see the count below)") }
    }

    static let problemsKept = 20
    /// How many skipped lines are described one by one.
    public static var problemsLimit: Int { problemsKept }

    /// Adds a remark about the whole log (not a skipped line).
    public mutating func note(_ remark: String) { problems.append(remark) }
    /// Every line skipped, including those not described in ``problems``.
    public private(set) var skippedLines = 0
}

/// The sessions kept whole by their id as written: their positions in a ``SessionList``, in an
/// open-addressed table of 32-bit positions whose ids are the records' own (a dictionary of
/// ids cost 24 bytes and more a session). Each position's id hash is kept beside the list, so a
/// probe compares an id only when the hashes agree and growing the table hashes no id again.
/// An id written with characters the record shows escaped is kept in a small dictionary apart.
struct KeptIndex {
    /// Position + 1 in the list; 0: empty. Its size a power of two, at most half full.
    private var table: [UInt32] = []
    /// The low 32 bits of each inserted position's id hash, by position (0 where none was).
    private var hashes: [UInt32] = []
    private(set) var count = 0
    private var escaped: [String: Int] = [:]

    /// Where the session `id` sits in `list`, if it was inserted.
    func position(of id: String, in list: SessionList) -> Int? {
        if !table.isEmpty {
            let hash = UInt32(truncatingIfNeeded: id.hashValue), mask = table.count - 1
            var slot = Int(hash) & mask
            while table[slot] != 0 {
                let p = Int(table[slot]) - 1
                if hashes[p] == hash, list.records[p].id == id { return p }
                slot = (slot + 1) & mask
            }
        }
        return escaped.isEmpty ? nil : escaped[id]
    }

    /// The ids kept apart because the record shows them escaped.
    var escapedIDs: Dictionary<String, Int>.Keys { escaped.keys }

    /// Notes that the session `id` sits at `position` in `list`.
    mutating func insert(_ id: String, at position: Int, in list: SessionList) {
        guard list.records[position].id == id else { return escaped[id] = position }
        reserve(count + 1)
        let hash = UInt32(truncatingIfNeeded: id.hashValue)
        if hashes.count <= position { hashes.append(contentsOf: repeatElement(0, count: position + 1 - hashes.count)) }
        hashes[position] = hash
        place(UInt32(position + 1), hash)
        count += 1
    }

    /// Makes room for `total` ids in all, so that many inserts grow the table at most once.
    mutating func reserve(_ total: Int) {
        guard total * 2 > table.count else { return }
        var size = max(64, table.count)
        while total * 2 > size { size *= 2 }
        let old = table
        table = Array(repeating: 0, count: size)
        for entry in old where entry != 0 { place(entry, hashes[Int(entry) - 1]) }
    }

    private mutating func place(_ entry: UInt32, _ hash: UInt32) {
        let mask = table.count - 1
        var slot = Int(hash) & mask
        while table[slot] != 0 { slot = (slot + 1) & mask }
        table[slot] = entry
    }
}
