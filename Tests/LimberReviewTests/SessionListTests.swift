import LimberBasics
import LimberLog
@testable import LimberReview
import Testing

/// A session folded into a ``SessionList`` record comes back whole as it went in, and the
/// adherence maths that reads the records directly gives what the same maths over whole
/// sessions gave: checked on generated sessions (property-style, seeded).
@Suite("Sessions folded into compact records")
struct SessionListTests {
    typealias Mix = ScannedReadingTests.Mix

    static let names = ["Plank", "Bridge", "Clam", "Side plank", "Bird dog"]
    static let day0 = CalendarDate(parsing: "2026-01-01")!

    static func time(_ g: inout Mix, day: Int) -> LogTime {
        let d = day0.adding(days: day)
        let offset = ["Z", "+01:00", "-05:30"].randomElement(using: &g)!
        let text = "\(d)T\(String(format: "%02d", Int.random(in: 0..<24, using: &g))):\(String(format: "%02d", Int.random(in: 0..<60, using: &g))):00.5\(offset)"
        return LogTime(text)!
    }

    /// A session with random plan, sets done and skipped, ratings (some with notes, an index or
    /// none), stops, end and outcome.
    static func session(_ g: inout Mix, n: Int, plans: [SessionSummary.Plan]) -> SessionSummary {
        let day = Int.random(in: 0..<70, using: &g)
        var s = SessionSummary(id: "s\(n)-\(Int.random(in: 0..<3, using: &g))", start: time(&g, day: day), title: "", planned: [])
        let plan = plans.randomElement(using: &g)!
        s.plan = plan
        s.hasStart = Int.random(in: 0..<6, using: &g) > 0
        for _ in 0..<Int.random(in: 0..<8, using: &g) {
            let name = names.randomElement(using: &g)!
            if Int.random(in: 0..<4, using: &g) == 0 { s.setsSkipped[name, default: 0] += 1 } else { s.setsDone[name, default: 0] += 1 }
        }
        for _ in 0..<Int.random(in: 0..<4, using: &g) {
            let name = Int.random(in: 0..<5, using: &g) == 0 ? nil : names.randomElement(using: &g)!
            let index = Bool.random(using: &g) ? Int.random(in: -2...Int.max, using: &g) : nil
            s.add(RatingRecord(exercise: name, exerciseIndex: index, rating: Int.random(in: 0...10, using: &g),
                               time: time(&g, day: day), stopAt: Bool.random(using: &g) ? Int.random(in: 0...10, using: &g) : nil,
                               note: Int.random(in: 0..<4, using: &g) == 0 ? "note \(n)" : nil))
        }
        if Int.random(in: 0..<5, using: &g) == 0, let r = s.ratings.randomElement(using: &g) {
            s.add(SafetyStop(exercise: r.exercise, exerciseIndex: r.exerciseIndex, rating: r.rating, stopAt: r.stopAt ?? 7,
                             action: .endSession, time: r.time))
        }
        if Bool.random(using: &g) { s.end = time(&g, day: day) }
        s.outcome = [.completed, .quit, .stoppedForDiscomfort, .interrupted].randomElement(using: &g)!
        s.durationSeconds = Double(Int.random(in: 0..<4000, using: &g)) / 4
        return s
    }

    static func plans(_ g: inout Mix) -> [SessionSummary.Plan] {
        (0..<3).map { p in
            let planned = names.shuffled(using: &g).prefix(Int.random(in: 0...4, using: &g)).map { name in
                LogEvent.PlannedExercise(name: name, kind: "hold", sets: Int.random(in: 0...3, using: &g),
                                         sides: Bool.random(using: &g) ? [] : ["left", "right"],
                                         reps: Bool.random(using: &g) ? 10 : nil, holdSeconds: Bool.random(using: &g) ? 30 : nil)
            }
            let schedule = p == 2 ? nil : LogEvent.ScheduleInfo(perWeek: 3 + p, days: nil, perDay: 1, start: nil, weeks: nil)
            return SessionSummary.Plan(title: "Program \(p)", planned: Array(planned), schedule: schedule, stopAt: 7, progression: nil)
        }
    }

    static func sessions(seed: UInt64, count: Int) -> [SessionSummary] {
        var g = Mix(state: seed)
        let plans = plans(&g)
        return (0..<count).map { session(&g, n: $0, plans: plans) }
    }

    /// Everything a report can read of a session, as text.
    static func fingerprint(_ s: SessionSummary) -> String {
        let sets = names.map { "\($0):\(s.setsDone[$0].map(String.init) ?? "-")/\(s.setsSkipped[$0].map(String.init) ?? "-")" }
        return "\(s.id) \(s.start) \(String(describing: s.end)) \(s.title) \(s.planned) \(String(describing: s.schedule)) \(String(describing: s.stopAt)) "
            + "\(s.outcome) \(s.durationSeconds) \(sets) \(s.setsDone.total) \(s.setsSkipped.total) \(s.ratings) \(s.stops) "
            + "\(s.hasStart) \(s.counts) \(s.shareDone) \(String(describing: s.program))"
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func aFoldedSessionComesBackAsItWentIn(seed: UInt64) {
        let all = Self.sessions(seed: seed, count: 300)
        var list = SessionList()
        for s in all { _ = list.append(s) }
        #expect(list.count == all.count)
        for (i, s) in all.enumerated() {
            #expect(Self.fingerprint(list[i]) == Self.fingerprint(s))
            #expect(list.counts(i) == s.counts)
            #expect(list.program(i) == s.program)
            #expect(Array(list.stops(i)) == s.stops)
            #expect(list.ratingPositions(i).map(list.rating) == s.ratings)
            for name in Self.names { #expect(list.setsDone(i, number: list.nameNumber(name)) == s.setsDone[name]) }
        }
        // A session replaced (a line read after it ended) reads as the new one; the others unchanged.
        var changed = all[7]
        changed.setsDone["Plank", default: 0] += 3
        changed.add(RatingRecord(exercise: "Clam", rating: 9, time: changed.start, stopAt: 7, note: "late"))
        list.replace(at: 7, with: changed)
        #expect(Self.fingerprint(list[7]) == Self.fingerprint(changed))
        #expect(Self.fingerprint(list[8]) == Self.fingerprint(all[8]))
    }

    /// The adherence maths as it was, over whole sessions: the reference for the record-reading one.
    struct Reference {
        var dose: [ExerciseDose] = []
        var discomfort: [(String, [RatingRecord])] = []
        var byDay: [CalendarDate: (sessions: Int, counted: Int, stops: Int)] = [:]
        var stops: [SafetyStop]
        var notes: [RatingRecord]
        var interrupted: Int

        init(_ sessions: [SessionSummary]) {
            var order: [String] = []
            var dose: [String: ExerciseDose] = [:]
            for s in sessions {
                for e in s.planned {
                    if dose[e.name] == nil {
                        order.append(e.name)
                        dose[e.name] = ExerciseDose(name: e.name, setsDone: 0, setsPrescribed: 0, repsDone: 0, repsPrescribed: 0,
                                                    holdSecondsDone: 0, holdSecondsPrescribed: 0)
                    }
                    let sets = e.sets * max(1, e.sides.count)
                    let done = min(sets, s.setsDone[e.name] ?? 0)
                    dose[e.name]!.setsPrescribed += sets
                    dose[e.name]!.setsDone += done
                    if let reps = e.reps {
                        dose[e.name]!.repsPrescribed += sets * reps
                        dose[e.name]!.repsDone += done * reps
                    }
                    if let hold = e.holdSeconds ?? e.durationSeconds {
                        dose[e.name]!.holdSecondsPrescribed += sets * hold
                        dose[e.name]!.holdSecondsDone += done * hold
                    }
                }
            }
            self.dose = order.map { dose[$0]! }
            var names: [String] = []
            var ratings: [String: [RatingRecord]] = [:]
            for r in sessions.flatMap(\.ratings) {
                let name = r.exercise ?? "Whole session"
                if ratings[name] == nil { names.append(name) }
                ratings[name, default: []].append(r)
            }
            discomfort = names.map { ($0, ratings[$0]!) }
            for s in sessions {
                var t = byDay[s.start.date] ?? (0, 0, 0)
                t.sessions += 1
                t.counted += s.counts ? 1 : 0
                t.stops += s.stops.count
                byDay[s.start.date] = t
            }
            stops = sessions.flatMap(\.stops)
            notes = sessions.flatMap(\.notes).sorted { $0.time < $1.time }
            interrupted = sessions.filter { $0.outcome == .interrupted }.count
        }
    }

    @Test(arguments: [5, 6, 7, 8] as [UInt64])
    func adherenceOnRecordsIsAdherenceOnWholeSessions(seed: UInt64) {
        let all = Self.sessions(seed: seed, count: 400)
        let since = Self.day0.adding(days: 10), until = Self.day0.adding(days: 60)
        let a = Adherence(sessions: all, since: since, until: until, today: until)
        let kept = all.filter { (since...until).contains($0.start.date) }.sorted { ($0.start.instant, $0.id) < ($1.start.instant, $1.id) }
        let reference = Reference(kept)
        #expect(a.sessions.map(Self.fingerprint) == kept.map(Self.fingerprint))
        #expect(a.dose == reference.dose)
        #expect(a.discomfort.map(\.name) == reference.discomfort.map(\.0))
        #expect(a.discomfort.map { Array($0.ratings) } == reference.discomfort.map(\.1))
        let byDay = Adherence.DayTally.byDay(a.sessions)
        #expect(byDay.count == reference.byDay.count)
        for (day, t) in reference.byDay {
            #expect(byDay[day].map { [$0.sessions, $0.counted, $0.stops] } == [t.sessions, t.counted, t.stops])
        }
        #expect(a.stops == reference.stops)
        #expect(a.notes == reference.notes)
        #expect(a.interrupted == reference.interrupted)
    }

    /// The sessions a progression review reads are those whose start recorded a decision.
    @Test(arguments: [14, 15] as [UInt64])
    func theProgressingSessionsAreThoseWithADecision(seed: UInt64) {
        var c = SessionCollector()
        for text in ScannedReadingTests.log(seed: seed, lines: 600) {
            Array(text.utf8).withUnsafeBufferPointer { raw in
                if case .line(let line) = LogLineParser.parse(raw) { c.add(line) }
            }
        }
        let h = c.finish()
        let progressing = h.sessions.filter { $0.progression != nil }
        #expect(!progressing.isEmpty)
        #expect(h.list.progressing.map(Self.fingerprint) == progressing.map(Self.fingerprint))
    }

    /// A history read for a wide window, seen through a narrower one, is the history read for the narrower one.
    @Test(arguments: [9, 10] as [UInt64])
    func aNarrowerWindowOfAHistoryIsTheHistoryOfTheNarrowerWindow(seed: UInt64) {
        let all = Self.sessions(seed: seed, count: 300)
        let wide = Self.day0.adding(days: 5)...Self.day0.adding(days: 65)
        let narrow = Self.day0.adding(days: 20)...Self.day0.adding(days: 40)
        let restricted = SessionHistory(all, window: wide).restricted(to: narrow)
        let direct = SessionHistory(all, window: narrow)
        #expect(restricted.sessions.map(Self.fingerprint) == direct.sessions.map(Self.fingerprint))
        #expect(restricted.before == direct.before)
        #expect(restricted.newest == direct.newest)
        #expect(restricted.firstStart == direct.firstStart)
    }
}

/// What a kept session costs: the sizes the report's memory over years rests on.
@Suite("Compact record sizes")
struct CompactSizeTests {
    @Test func theRecordsStaySmall() {
        #expect(MemoryLayout<LogTime>.stride == 16)
        #expect(MemoryLayout<SessionList.StoredRating>.stride == 40)
        #expect(MemoryLayout<SessionList.SetEntry>.stride == 12)
        #expect(MemoryLayout<SessionList.Record>.stride <= 96)
    }
}

/// The table of kept sessions finds what a dictionary of ids finds, ids written with control
/// characters (shown escaped in the record) and ids that look like their escaped form included.
@Suite("Kept sessions found by id")
struct KeptIndexTests {
    @Test(arguments: [21, 22, 23] as [UInt64])
    func theTableFindsWhatADictionaryFinds(seed: UInt64) {
        var g = ScannedReadingTests.Mix(state: seed)
        let pieces = ["a", "b", "7", "é", "\u{7}", "\\u0007", "\u{1B}[2J", "-", "long-session-id-0123456789abcdef"]
        var list = SessionList(), index = KeptIndex(), reference: [String: Int] = [:]
        let start = LogTime("2026-01-05T07:00:00Z")!
        for i in 0..<600 {
            // Room made ahead at times, as a merge does: the table then grows once, not by doubling.
            if i % 150 == 75 { index.reserve(index.count + Int.random(in: 1...400, using: &g)) }
            let id = (0..<Int.random(in: 1...3, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            guard reference[id] == nil else { continue }
            let p = list.append(SessionSummary(id: TextSanitizer.singleLine(id), start: start, title: "t", planned: []))
            index.insert(id, at: p, in: list)
            reference[id] = p
        }
        for _ in 0..<600 {
            let id = (0..<Int.random(in: 1...4, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            #expect(index.position(of: id, in: list) == reference[id])
        }
        for (id, p) in reference { #expect(index.position(of: id, in: list) == p) }
    }
}

/// The block array reads, writes and sorts as an array does, across block boundaries.
@Suite("Arrays kept in blocks")
struct ChunkedArrayTests {
    @Test func itBehavesAsAnArray() {
        var g = ScannedReadingTests.Mix(state: 31)
        var plain: [Int] = [], blocks = ChunkedArray<Int>()
        for _ in 0..<10_000 {
            let n = Int.random(in: 0..<1_000, using: &g)
            plain.append(n)
            blocks.append(n)
        }
        for _ in 0..<500 {
            let i = Int.random(in: 0..<plain.count, using: &g)
            plain[i] = -i
            blocks[i] = -i
        }
        #expect(Array(blocks) == plain)
        #expect(Array(blocks[4000..<8300]) == Array(plain[4000..<8300]))
        blocks.sort()
        #expect(Array(blocks) == plain.sorted())
        #expect(Array(ChunkedArray(plain)) == plain)
    }

    /// Blocks moved onto a part-filled last block: read, written, appended to and sorted as
    /// one array; a second move copies.
    @Test func movedBlocksReadAsOneArray() {
        for (first, second) in [(5_000, 9_000), (4_096, 10), (0, 5_000), (3, 0)] {
            var a = ChunkedArray(0..<first), b = ChunkedArray(0..<second)
            a.append(moving: &b) { $0 += 100_000 }
            var plain = Array(0..<first) + (0..<second).map { $0 + 100_000 }
            #expect(b.isEmpty && Array(a) == plain)
            a.append(-1)
            plain.append(-1)
            var c = ChunkedArray([7, 8])
            a.append(moving: &c) { $0 *= 2 }
            plain += [14, 16]
            if !plain.isEmpty { a[plain.count / 2] = -5; plain[plain.count / 2] = -5 }
            #expect(Array(a) == plain)
            a.sort()
            #expect(Array(a) == plain.sorted())
        }
    }
}

@Suite("Set counts")
struct SetCountsTests {
    /// `add(_:to:)` counts as `self[name, default: 0] += n` does, in the same order of names.
    @Test func addIsTheSubscriptsIncrement() {
        var g = ScannedReadingTests.Mix(state: 7)
        var added = SetCounts(), incremented = SetCounts()
        for _ in 0..<300 {
            let name = ["Plank", "Bridge", "Pl\u{61}nk", "Side plank", ""].randomElement(using: &g)!
            let n = Int.random(in: 0...3, using: &g)
            added.add(n, to: name)
            incremented[name, default: 0] += n
        }
        #expect(added.entries.map(\.name) == incremented.entries.map(\.name))
        #expect(added.entries.map(\.count) == incremented.entries.map(\.count))
    }
}
