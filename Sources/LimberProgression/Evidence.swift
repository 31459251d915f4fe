import LimberBasics
import LimberLog
import LimberProgram

/// What the log says that progression decisions read: the program's sessions (per exercise: sets
/// done and skipped, the highest rating) and every check-in. Built from log lines in any order;
/// everything is sorted here so the decisions never depend on the order logs were read in.
public struct Evidence: Sendable, Equatable {
    public var sessions: [SessionRecord]
    public var checkIns: [CheckIn]

    public init(sessions: [SessionRecord] = [], checkIns: [CheckIn] = []) {
        self.sessions = sessions.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        self.checkIns = checkIns.sorted { ($0.timestamp, $0.moment.rawValue, $0.pain) < ($1.timestamp, $1.moment.rawValue, $1.pain) }
    }

    /// The sessions of the program titled `programTitle` and every check-in, from log lines.
    public init(lines: [LogLine], programTitle: String) {
        var builder = EvidenceBuilder(programTitle: programTitle)
        for line in lines { builder.add(line) }
        self = builder.evidence
    }
}

/// Builds ``Evidence`` from a stream of log lines in any order, keeping only per-session counts
/// (never the lines), so a long log is read in little memory.
public struct EvidenceBuilder: Sendable {
    public let programTitle: String
    private var starts: [String: (date: CalendarDate, planned: [String: Int])] = [:]
    private var sets: [String: [String: (done: Int, skipped: Int)]] = [:]
    private var ratings: [String: [String: Int]] = [:]
    private var checkIns: [CheckIn] = []

    public init(programTitle: String) { self.programTitle = programTitle }

    /// Takes one line in; lines of other programs' sessions are counted but left out at the end.
    public mutating func add(_ line: LogLine) {
        guard let date = CalendarDate(parsing: String(line.ts.prefix(10))) else { return }
        let e = line.event
        switch e.type {
        case .sessionStart where e.program?.title == programTitle:
            var planned: [String: Int] = [:]
            for x in e.planned?.exercises ?? [] { planned[x.name] = x.sets * max(1, x.sides.count) }
            starts[line.session] = (date, planned)
        case .set:
            guard let name = e.exercise else { return }
            var counts = sets[line.session, default: [:]][name, default: (0, 0)]
            if e.setStatus == .skipped { counts.skipped += 1 } else if e.setStatus == .done { counts.done += 1 }
            sets[line.session, default: [:]][name] = counts
        case .discomfort, .stop:
            guard let name = e.exercise, let r = e.rating, ProgressionRule.scale.contains(r) else { return }
            ratings[line.session, default: [:]][name] = max(r, ratings[line.session]?[name] ?? r)
        case .checkin:
            guard let pain = e.pain, ProgressionRule.scale.contains(pain) else { return }
            let moment = e.moment.flatMap(CheckIn.Moment.init(rawValue:)) ?? .morning
            checkIns.append(CheckIn(date: date, timestamp: line.ts, moment: moment, pain: pain,
                                    stiffness: e.stiffness.flatMap { ProgressionRule.scale.contains($0) ? $0 : nil }))
        default:
            return
        }
    }

    /// The program's sessions (those whose start was read) and every check-in.
    public var evidence: Evidence {
        let sessions = starts.map { id, start in
            var exercises: [String: ExerciseRecord] = [:]
            for (name, planned) in start.planned {
                let counts = sets[id]?[name] ?? (0, 0)
                exercises[name] = ExerciseRecord(setsPlanned: planned, setsDone: counts.done, setsSkipped: counts.skipped,
                                                 maxRating: ratings[id]?[name])
            }
            return SessionRecord(id: id, date: start.date, exercises: exercises)
        }
        return Evidence(sessions: sessions, checkIns: checkIns)
    }
}

extension ProgressionRule {
    /// The 0–10 scale of ratings and check-ins.
    static let scale = 0...10
}

/// One session of the program, as far as progression cares.
public struct SessionRecord: Sendable, Equatable {
    public var id: String
    public var date: CalendarDate
    /// By exercise name.
    public var exercises: [String: ExerciseRecord]

    public init(id: String, date: CalendarDate, exercises: [String: ExerciseRecord]) {
        self.id = id
        self.date = date
        self.exercises = exercises
    }
}

/// One exercise in one session: its sets (each side counted) and the highest rating given.
public struct ExerciseRecord: Sendable, Equatable {
    public var setsPlanned: Int
    public var setsDone: Int
    public var setsSkipped: Int
    /// The highest in-session rating; nil when none was given.
    public var maxRating: Int?

    public init(setsPlanned: Int, setsDone: Int, setsSkipped: Int = 0, maxRating: Int? = nil) {
        self.setsPlanned = setsPlanned
        self.setsDone = setsDone
        self.setsSkipped = setsSkipped
        self.maxRating = maxRating
    }

    /// Every planned set done, none skipped.
    public var allSetsDone: Bool { setsSkipped == 0 && setsDone >= setsPlanned && setsPlanned > 0 }
}

/// A check-in: the next-morning one (pain and stiffness) or the after-session one (pain).
public struct CheckIn: Sendable, Equatable {
    public enum Moment: String, Sendable, CaseIterable {
        case morning
        case afterSession = "after_session"
    }

    public var date: CalendarDate
    /// The log's timestamp, for a stable order within a day.
    public var timestamp: String
    public var moment: Moment
    public var pain: Int
    public var stiffness: Int?

    public init(date: CalendarDate, timestamp: String? = nil, moment: Moment = .morning, pain: Int, stiffness: Int? = nil) {
        self.date = date
        self.timestamp = timestamp ?? date.description
        self.moment = moment
        self.pain = pain
        self.stiffness = stiffness
    }
}
