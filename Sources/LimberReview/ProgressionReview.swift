import LimberBasics
import LimberLog
import LimberProgression

/// The progression part of a report, from the log alone: each exercise's dose over time with the
/// decision and reasons its sessions recorded, the check-ins per week, and the pain-monitoring
/// model's weekly verdict for each program that progresses. See docs/progression.md.
public struct ProgressionReview: Sendable {
    /// Morning check-ins of one calendar week (Monday first), and the worst after-session pain.
    public struct CheckInWeek: Sendable, Equatable {
        public var monday: CalendarDate
        public var count: Int
        public var morningPain: Double?
        public var morningStiffness: Double?
        public var afterSessionMax: Int?
    }

    /// An exercise's dose from one session on: its first session in the window and every session
    /// where the dose changed.
    public struct DoseChange: Sendable, Equatable {
        public var date: CalendarDate
        public var program: String
        public var exercise: String
        public var dose: String
        /// The number that steps: reps, else seconds of hold or duration (for the chart).
        public var value: Int
        /// As recorded: start, held, up, down, suggested, phase ("" when not recorded).
        public var decision: String
        public var reasons: [String]
        /// Whether this is a step (up, down, suggested, phase) rather than the first dose seen.
        public var isStep: Bool { ["up", "down", "suggested", "phase"].contains(decision) }
    }

    /// The model's verdict on one program week.
    public struct Verdict: Sendable, Equatable {
        public var program: String
        public var week: Int
        public var first: CalendarDate
        /// held, broken or not_judged.
        public var state: String
        /// The rules broken, in words.
        public var broken: [String]
    }

    public var checkIns: [CheckInWeek]
    public var doses: [DoseChange]
    public var verdicts: [Verdict]

    /// Nil when the sessions record no progression and there are no check-ins.
    public init?(sessions: some Sequence<SessionSummary>, checkIns: [LogLine], until: CalendarDate) {
        let progressing = sessions.filter { $0.progression != nil }.sorted { $0.start < $1.start }
        let checks = checkIns.compactMap(Self.checkIn)
        guard !progressing.isEmpty || !checks.isEmpty else { return nil }
        self.checkIns = Self.weeks(checks)
        doses = Self.doses(progressing)
        verdicts = Dictionary(grouping: progressing, by: \.title).keys.sorted().flatMap { title in
            Self.verdicts(title, sessions: progressing.filter { $0.title == title }, checkIns: checks, until: until)
        }
    }

    /// Every step and every broken week, for the attention list.
    public var attention: [String] {
        verdicts.filter { $0.state == "broken" }.map {
            "\($0.program) week \($0.week) (from \($0.first)): pain-monitoring rule broken — " + $0.broken.joined(separator: "; ")
        }
    }

    static func checkIn(_ line: LogLine) -> CheckIn? {
        guard let day = CalendarDate(parsing: String(line.ts.prefix(10))), let pain = line.event.pain, (0...10).contains(pain) else { return nil }
        return CheckIn(date: day, timestamp: line.ts, moment: line.event.moment.flatMap(CheckIn.Moment.init(rawValue:)) ?? .morning,
                       pain: pain, stiffness: line.event.stiffness.flatMap { (0...10).contains($0) ? $0 : nil })
    }

    static func weeks(_ checks: [CheckIn]) -> [CheckInWeek] {
        Dictionary(grouping: checks, by: \.date.weekStart).map { monday, week in
            let mornings = week.filter { $0.moment == .morning }
            return CheckInWeek(monday: monday, count: mornings.count, morningPain: mean(mornings.map(\.pain)),
                               morningStiffness: mean(mornings.compactMap(\.stiffness)),
                               afterSessionMax: week.filter { $0.moment == .afterSession }.map(\.pain).max())
        }.sorted { $0.monday < $1.monday }
    }

    static func doses(_ sessions: [SessionSummary]) -> [DoseChange] {
        var last: [String: String] = [:]
        var changes: [DoseChange] = []
        for s in sessions {
            for e in s.planned {
                let key = s.title + "\u{0}" + e.name
                let dose = Dose.words(sets: e.sets, reps: e.reps, hold: e.holdSeconds, duration: e.durationSeconds)
                guard last[key] != dose else { continue }
                last[key] = dose
                let decision = s.progression?.exercises.first { $0.name == e.name }
                changes.append(DoseChange(date: s.start.date, program: s.title, exercise: e.name, dose: dose,
                                          value: e.reps ?? e.holdSeconds ?? e.durationSeconds ?? 0,
                                          decision: decision?.decision ?? "", reasons: decision?.reasons.map(TextSanitizer.singleLine) ?? []))
            }
        }
        return changes
    }

    static func verdicts(_ title: String, sessions: [SessionSummary], checkIns: [CheckIn], until: CalendarDate) -> [Verdict] {
        guard let first = sessions.first else { return [] }
        let start = first.schedule?.start.flatMap(CalendarDate.init(parsing:)) ?? first.start.date
        let records = sessions.map { s in
            SessionRecord(id: s.id, date: s.start.date, exercises: Dictionary(s.planned.map { e in
                (e.name, ExerciseRecord(setsPlanned: e.sets * max(1, e.sides.count), setsDone: s.setsDone[e.name] ?? 0,
                                        setsSkipped: s.setsSkipped[e.name] ?? 0,
                                        maxRating: s.ratings.filter { $0.exercise == e.name }.map(\.rating).max()))
            }, uniquingKeysWith: { a, _ in a }))
        }
        let weeks = Progression.weekNumber(of: until, start: start)
        return Progression.reviews(Evidence(sessions: records, checkIns: checkIns), start: start, weeks: weeks)
            .filter { !$0.sessions.isEmpty || $0.morningPain != nil }
            .map { Verdict(program: title, week: $0.week, first: $0.first, state: $0.verdict.rawValue,
                           broken: $0.checks.filter { $0.state == .broken }.map(\.detail)) }
    }

    static func mean(_ values: [Int]) -> Double? {
        values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count)
    }
}
