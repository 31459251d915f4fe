import LimberProgram

/// One log's report: who (the file name, or the name recorded), what it holds, the adherence.
public struct PatientReport: Sendable {
    public var name: String
    public var logPath: String
    /// The patient id and every log file read for this patient; nil when built from one log alone.
    public var patient: PatientFiles?
    public var adherence: Adherence
    /// Lines of the log that could not be read, with their numbers.
    public var problems: [String]
    /// Doses, steps, check-ins and the model's weekly verdicts; nil when the log has none.
    public var progression: ProgressionReview?
    /// What needs attention: adherence's, then the pain-monitoring rules broken.
    public var attention: [String] { adherence.attention + (progression?.attention ?? []) }
    /// The program in force at the end of the window: named even when the window holds no session.
    public var program: String? { adherence.program?.title }

    public init(name: String, logPath: String, adherence: Adherence, problems: [String]) {
        self.name = name
        self.logPath = logPath
        self.adherence = adherence
        self.problems = problems
    }

    /// The exercise whose discomfort rises, if any, for the summary table.
    public var risingDiscomfort: [String] { adherence.discomfort.filter { $0.trend == .rising }.map(\.name) }

    /// One word for the whole patient's discomfort trend.
    public var overallTrend: String {
        let trends = adherence.discomfort.map(\.trend)
        if trends.contains(.rising) { return "rising" }
        if trends.contains(.falling), !trends.contains(.steady) { return "falling" }
        if trends.contains(.steady) || trends.contains(.falling) { return "steady" }
        return "—"
    }
}
