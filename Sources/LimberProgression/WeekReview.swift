import LimberBasics
import LimberProgram

/// One rule of the pain-monitoring model, checked over one week.
public struct RuleCheck: Sendable, Equatable {
    public enum Rule: String, Sendable, CaseIterable {
        /// Pain during the exercise at most the limit (5/10 unless the therapist set another).
        case inSession = "in_session"
        /// Pain right after the session at most 5/10.
        case afterSession = "after_session"
        /// Next-morning pain not above the morning before the session.
        case nextMorning = "next_morning"
        /// Morning pain and stiffness not rising from week to week.
        case weeklyTrend = "weekly_trend"
    }

    public enum State: String, Sendable {
        case held
        case broken
        /// No data: a missing check-in neither passes nor fails.
        case notJudged = "not_judged"
    }

    public var rule: Rule
    public var state: State
    /// What was seen, in words.
    public var detail: String
    /// For an in-session check: the exercise it is about.
    public var exercise: String?
}

/// One program week seen through the model: its sessions, its check-ins and every rule's state.
public struct WeekReview: Sendable, Equatable {
    public var week: Int
    public var first: CalendarDate
    public var sessions: [SessionRecord]
    /// Mean morning pain and stiffness of the week's check-ins; nil without any.
    public var morningPain: Double?
    public var morningStiffness: Double?
    public var checks: [RuleCheck]

    /// Rising by this much or more (0–10 means) breaks the weekly-trend rule; less is noise.
    public static let trendThreshold = 1.0

    /// - Parameter limits: each exercise's in-session pain limit, by name; an exercise not named
    ///   is held to the model's 5/10.
    init(week: Int, first: CalendarDate, limits: [String: Int], evidence: Evidence, previous: WeekReview?) {
        self.week = week
        self.first = first
        let days = first...first.adding(days: 6)
        sessions = evidence.sessions.filter { days.contains($0.date) }
        let mornings = evidence.checkIns.filter { $0.moment == .morning && days.contains($0.date) }
        morningPain = Self.mean(mornings.map(\.pain))
        morningStiffness = Self.mean(mornings.compactMap(\.stiffness))
        var checks: [RuleCheck] = []
        // In session: per exercise, against its own limit.
        for name in Set(sessions.flatMap(\.exercises.keys)).sorted() {
            let limit = limits[name] ?? ProgressionRule.modelLimit
            let rated = sessions.compactMap { s in s.exercises[name]?.maxRating.map { (s.date, $0) } }
            guard let worst = rated.max(by: { ($0.1, $1.0) < ($1.1, $0.0) }) else { continue }
            let over = worst.1 > limit
            checks.append(RuleCheck(rule: .inSession, state: over ? .broken : .held,
                                    detail: over ? "\(name) rated \(worst.1)/10 on \(worst.0), above \(limit)/10"
                                        : "\(name) at most \(worst.1)/10 (limit \(limit)/10)", exercise: name))
        }
        // After the session.
        let after = evidence.checkIns.filter { $0.moment == .afterSession && days.contains($0.date) }
        if let worst = after.max(by: { $0.pain < $1.pain }) {
            let over = worst.pain > ProgressionRule.modelLimit
            checks.append(RuleCheck(rule: .afterSession, state: over ? .broken : .held,
                                    detail: "pain after the session \(over ? "reached" : "at most") \(worst.pain)/10 on \(worst.date)"
                                        + (over ? ", above 5/10" : "")))
        } else {
            checks.append(RuleCheck(rule: .afterSession, state: .notJudged, detail: "no after-session check-in"))
        }
        checks.append(Self.nextMorning(sessions: sessions, evidence: evidence))
        checks.append(Self.trend(morningPain, morningStiffness, previous: previous))
        self.checks = checks
    }

    /// The next-morning rule over every session day of the week: the morning after must not
    /// hurt more than the last morning check-in on or before the session day (within a week).
    static func nextMorning(sessions: [SessionRecord], evidence: Evidence) -> RuleCheck {
        let mornings = evidence.checkIns.filter { $0.moment == .morning }
        var held: [String] = []
        var broken: [String] = []
        var missing: [String] = []
        for day in Set(sessions.map(\.date)).sorted() {
            let baseline = mornings.last { $0.date <= day && $0.date >= day.adding(days: -7) }
            let next = mornings.first { $0.date == day.adding(days: 1) }
            guard let baseline, let next else {
                missing.append("\(day)")
                continue
            }
            if next.pain > baseline.pain {
                broken.append("next-morning pain \(next.pain)/10 on \(next.date), above \(baseline.pain)/10 on \(baseline.date)")
            } else {
                held.append("\(day)")
            }
        }
        let unknown = missing.isEmpty ? "" : "; no check-in pair for the session\(missing.count == 1 ? "" : "s") of \(missing.joined(separator: ", "))"
        if !broken.isEmpty { return RuleCheck(rule: .nextMorning, state: .broken, detail: broken.joined(separator: "; ") + unknown) }
        if !held.isEmpty {
            return RuleCheck(rule: .nextMorning, state: .held, detail: "the morning after no worse than before (\(held.joined(separator: ", ")))" + unknown)
        }
        return RuleCheck(rule: .nextMorning, state: .notJudged,
                         detail: sessions.isEmpty ? "no sessions" : "no next-morning check-in" + unknown)
    }

    /// Morning pain and stiffness against the week before.
    static func trend(_ pain: Double?, _ stiffness: Double?, previous: WeekReview?) -> RuleCheck {
        guard let previous, pain != nil || stiffness != nil,
              previous.morningPain != nil || previous.morningStiffness != nil else {
            return RuleCheck(rule: .weeklyTrend, state: .notJudged, detail: "not two weeks of morning check-ins to compare")
        }
        var rising: [String] = []
        if let now = pain, let before = previous.morningPain, now - before >= trendThreshold {
            rising.append("morning pain rose from \(words(before)) to \(words(now))")
        }
        if let now = stiffness, let before = previous.morningStiffness, now - before >= trendThreshold {
            rising.append("morning stiffness rose from \(words(before)) to \(words(now))")
        }
        if rising.isEmpty { return RuleCheck(rule: .weeklyTrend, state: .held, detail: "morning pain and stiffness not rising") }
        return RuleCheck(rule: .weeklyTrend, state: .broken, detail: rising.joined(separator: "; ") + " (weekly mean)")
    }

    /// The week's verdict: broken when any rule broke, held when some rule held and none broke.
    public var verdict: RuleCheck.State {
        if checks.contains(where: { $0.state == .broken }) { return .broken }
        return checks.contains(where: { $0.state == .held }) ? .held : .notJudged
    }

    /// The rules broken for one exercise: the program-wide ones and its own in-session rule
    /// (checked against `limit`), in words.
    func broken(for exercise: String, limit: Int) -> [String] {
        checks.filter { $0.state == .broken && ($0.exercise == nil || $0.exercise == exercise) }.map(\.detail)
    }

    /// The rules that had no data, in words.
    var notJudged: [String] {
        checks.filter { $0.state == .notJudged && $0.rule != .afterSession && !($0.rule == .weeklyTrend && week == 1) }.map(\.detail)
    }

    static func mean(_ values: [Int]) -> Double? {
        values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count)
    }

    /// A mean as reasons show it: "2/10", "2.5/10".
    static func words(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return (tenths == tenths.rounded() ? "\(Int(tenths))" : "\(tenths)") + "/10"
    }
}
