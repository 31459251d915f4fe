import Foundation
import LimberBasics
#if canImport(Glibc)
import Glibc
#endif

/// The kinds of event in a Limber log. Readers skip types they don't know (a newer Limber may
/// add some).
public enum LogEventType: String, Codable, Sendable, CaseIterable {
    case sessionStart = "session_start"
    case set
    case discomfort
    case stop
    case pause
    case resume
    case note
    case sessionEnd = "session_end"
    /// A check-in outside a session: next-morning pain and stiffness, or pain after a session.
    case checkin
}

/// One thing that happened in a session, as the log records it. A flat record: each type uses
/// the fields listed in docs/log-format.md and leaves the others out.
public struct LogEvent: Codable, Equatable, Sendable {
    public var type: LogEventType

    // session_start
    public var program: ProgramInfo?
    public var planned: PlannedWork?
    public var schedule: ScheduleInfo?
    public var discomfortRule: RuleInfo?
    public var limber: String?
    /// The pseudonymous patient id the session was run under (`run --patient`, or the user
    /// configuration); nil in logs from before patient ids and when none was set.
    public var patient: String?

    // set, discomfort, stop
    public var exercise: String?
    public var exerciseIndex: Int?
    public var set: Int?
    public var sets: Int?
    public var side: Side?
    /// The word as written: for `set` events read it as ``setStatus``, for `session_end` as
    /// ``endStatus`` (one field in the file, two vocabularies).
    public var status: String?
    public var reps: Int?
    /// Seconds of work the set took (its steps' time, pauses excluded).
    public var seconds: Double?
    public var plannedSeconds: Int?

    // discomfort, stop
    public var rating: Int?
    public var note: String?
    public var stopAt: Int?
    public var reason: String?
    public var action: StopAction?

    // resume
    public var pausedSeconds: Double?

    // session_end
    public var elapsedSeconds: Double?
    public var setsDone: Int?
    public var setsSkipped: Int?

    // session_start: the dose in force and why (progression); the day when LIMBER_TODAY set it
    public var progression: ProgressionInfo?
    public var simulatedDate: String?

    // checkin
    /// morning or after_session.
    public var moment: String?
    public var pain: Int?
    public var stiffness: Int?

    public init(type: LogEventType) {
        self.type = type
    }

    /// The program as it was run.
    public struct ProgramInfo: Codable, Equatable, Sendable {
        public var title: String
        public var path: String
        /// SHA-256 of the file's bytes, hex: which version of the program was run.
        public var sha256: String
        public init(title: String, path: String, sha256: String) {
            self.title = title
            self.path = path
            self.sha256 = sha256
        }
    }

    /// What the session prescribed: every set (each side counted), and the total time.
    public struct PlannedWork: Codable, Equatable, Sendable {
        public var totalSeconds: Int
        public var openSteps: Int
        public var exercises: [PlannedExercise]
        public init(totalSeconds: Int, openSteps: Int, exercises: [PlannedExercise]) {
            self.totalSeconds = totalSeconds
            self.openSteps = openSteps
            self.exercises = exercises
        }
    }

    public struct PlannedExercise: Codable, Equatable, Sendable {
        public var name: String
        /// hold, reps or duration.
        public var kind: String
        public var sets: Int
        public var sides: [String]
        public var reps: Int?
        public var holdSeconds: Int?
        public var durationSeconds: Int?
        public init(name: String, kind: String, sets: Int, sides: [String], reps: Int? = nil,
                    holdSeconds: Int? = nil, durationSeconds: Int? = nil) {
            self.name = name
            self.kind = kind
            self.sets = sets
            self.sides = sides
            self.reps = reps
            self.holdSeconds = holdSeconds
            self.durationSeconds = durationSeconds
        }
    }

    /// The program's schedule, so a report can judge adherence from the log alone.
    public struct ScheduleInfo: Codable, Equatable, Sendable {
        public var perWeek: Int?
        public var days: [String]?
        public var perDay: Int
        public var start: String?
        public var weeks: Int?
        public init(perWeek: Int?, days: [String]?, perDay: Int, start: String?, weeks: Int?) {
            self.perWeek = perWeek
            self.days = days
            self.perDay = perDay
            self.start = start
            self.weeks = weeks
        }
    }

    /// The progression decision a session ran with: the program week, the phase, and per
    /// exercise what changed and why (the dose itself is in ``planned``).
    public struct ProgressionInfo: Codable, Equatable, Sendable {
        public var week: Int
        public var phase: String?
        public var exercises: [ExerciseDecision]
        public init(week: Int, phase: String?, exercises: [ExerciseDecision]) {
            self.week = week
            self.phase = phase
            self.exercises = exercises
        }
    }

    public struct ExerciseDecision: Codable, Equatable, Sendable {
        public var name: String
        /// held, up, down, suggested, phase or start.
        public var decision: String
        public var reasons: [String]
        public init(name: String, decision: String, reasons: [String]) {
            self.name = name
            self.decision = decision
            self.reasons = reasons
        }
    }

    public struct RuleInfo: Codable, Equatable, Sendable {
        public var ask: String
        public var stopAt: Int?
        public var onStop: String
        public init(ask: String, stopAt: Int?, onStop: String) {
            self.ask = ask
            self.stopAt = stopAt
            self.onStop = onStop
        }
    }
}

/// One line of the log: the format version, when, which session, and the event.
public struct LogLine: Codable, Equatable, Sendable {
    /// The log format version this build writes.
    public static let formatVersion = 1

    public var v: Int
    /// ISO 8601 with milliseconds and the UTC offset, e.g. 2026-12-01T07:30:05.123+01:00.
    public var ts: String
    public var session: String
    public var event: LogEvent

    public init(v: Int = LogLine.formatVersion, ts: String, session: String, event: LogEvent) {
        self.v = v
        self.ts = ts
        self.session = session
        self.event = event
    }

    enum Envelope: String, CodingKey { case v, ts, session }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Envelope.self)
        v = try c.decode(Int.self, forKey: .v)
        ts = try c.decode(String.self, forKey: .ts)
        session = try c.decode(String.self, forKey: .session)
        event = try LogEvent(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Envelope.self)
        try c.encode(v, forKey: .v)
        try c.encode(ts, forKey: .ts)
        try c.encode(session, forKey: .session)
        try event.encode(to: encoder)
    }

    /// The line as written to the log: compact JSON and a newline (``LogLineWriter``).
    public func encoded() -> Data {
        var bytes = LogLineWriter.bytes(self) ?? Array("{}".utf8)
        bytes.append(0x0A)
        return Data(bytes)
    }

    /// Decodes one line; nil for a line that is not a Limber event (torn, foreign, unknown type).
    public static func decode(_ line: Data) -> LogLine? {
        try? decoder.decode(LogLine.self, from: line)
    }

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }()

    /// A timestamp as the log writes it: local time with milliseconds and the UTC offset.
    /// Formatted with the C library's `localtime_r` (no ICU tables loaded for it).
    public static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        let millis = min(999, Int(((seconds - Double(whole)) * 1000).rounded(.down)))
        var parts = tm()
        localtime_r(&whole, &parts)
        let offset = Int(parts.tm_gmtoff)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        let sign = offset < 0 ? "-" : "+"
        return "\(Int(parts.tm_year) + 1900)-\(two(Int(parts.tm_mon) + 1))-\(two(Int(parts.tm_mday)))"
            + "T\(two(Int(parts.tm_hour))):\(two(Int(parts.tm_min))):\(two(Int(parts.tm_sec))).\(ms)"
            + "\(sign)\(two(abs(offset) / 3600)):\(two(abs(offset) % 3600 / 60))"
    }
}
