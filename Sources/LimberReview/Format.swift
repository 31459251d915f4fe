import LimberBasics
import LimberProgram

/// Numbers, sentences and table cells as every report format shows them.
enum Format {
    static func percent(_ f: Double?) -> String { f.map { "\(Int(($0 * 100).rounded())) %" } ?? "—" }
    static func one(_ d: Double?) -> String { d.map { String(Double(Int(($0 * 10).rounded())) / 10) } ?? "—" }

    /// The ratings a sparkline shows: the last 24.
    static let sparklineLength = 24

    /// ▁▂▃▄▅▆▇█ for 0–10 ratings (the last ``sparklineLength``).
    static func sparkline(_ values: [Int]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String(values.suffix(sparklineLength).map { blocks[min(7, Int((Double($0) / 10 * 7).rounded()))] })
    }

    /// Said in place of the prescription when neither the log nor `--program` gives a schedule.
    static let noSchedule = "No schedule recorded: adherence can't be judged"

    /// "Sessions: 5 held · 4 of 6 prescribed done (67 %) · 1 safety stop · 1 interrupted".
    static func sessions(_ a: Adherence) -> String {
        let safetyStops = a.stops.count
        var line = "Sessions: \(a.sessions.count) held"
        if a.hasSchedule { line += " · \(a.done) of \(a.prescribed) prescribed done (\(percent(a.fraction)))" }
        if safetyStops > 0 { line += " · \(safetyStops) safety stop\(safetyStops == 1 ? "" : "s")" }
        if a.interrupted > 0 { line += " · \(a.interrupted) interrupted" }
        return line
    }

    /// "2026-11-01 – 2026-11-14: Low back basics, 5 days a week"; the last "from 2026-11-15: …".
    static func period(_ p: ProgramPeriod, in a: Adherence) -> String {
        let dates = p.to >= a.until ? "from \(p.from)" : "\(p.from) – \(p.to)"
        return "\(dates): \(p.program.title), " + (p.program.prescription.map { $0.schedule.frequencyWords } ?? "no schedule")
    }

    /// A session's notes in a few words, for a table cell: "tingling into right calf; stiff…".
    static func notePreview(_ notes: [String], limit: Int = 32) -> String {
        let all = notes.joined(separator: "; ")
        return all.count > limit ? String(all.prefix(limit - 1)) + "…" : all
    }

    /// "Glute bridge (rating 8): tingling into right calf".
    static func note(_ r: RatingRecord) -> String {
        "\(r.exercise ?? "Whole session") (rating \(r.rating)): \(r.note ?? "")"
    }
}

/// One exercise's dose and discomfort, each cell as the text and HTML tables show it (nil: not
/// prescribed or not recorded; each format shows that its own way).
struct ExerciseCells {
    var name: String
    /// Sets done of prescribed, "4/6", and that share, "67 %".
    var sets: (count: String, share: String)?
    var reps: String?
    /// Seconds held or worked, "2:30/3:00".
    var hold: String?
    /// The last ratings, as many as a sparkline shows (``Format/sparkline(_:)``).
    var ratings: [Int]
    var mean: String
    var last: String
    var highest: String
    var trend: String

    /// Every exercise with a dose or a rating, in the order of ``ReportData/exerciseNames(_:)``.
    static func all(_ a: Adherence) -> [ExerciseCells] {
        ReportData.exerciseNames(a).map { name in
            ExerciseCells(name: name, dose: a.dose.first { $0.name == name }, discomfort: a.discomfort.first { $0.name == name })
        }
    }

    init(name: String, dose: ExerciseDose?, discomfort d: ExerciseDiscomfort?) {
        self.name = name
        sets = dose.map { ("\($0.setsDone)/\($0.setsPrescribed)", Format.percent($0.fraction)) }
        reps = dose.flatMap { $0.repsPrescribed > 0 ? "\($0.repsDone)/\($0.repsPrescribed)" : nil }
        hold = dose.flatMap { $0.holdSecondsPrescribed > 0 ? "\(DurationText.clock($0.holdSecondsDone))/\(DurationText.clock($0.holdSecondsPrescribed))" : nil }
        ratings = d.map { $0.ratings.suffix(Format.sparklineLength).map(\.rating) } ?? []
        mean = Format.one(d?.mean)
        last = d?.last.map(String.init) ?? "—"
        highest = d?.max.map(String.init) ?? "—"
        trend = d.map { $0.trend == .tooFew ? "too few" : $0.trend.rawValue } ?? "—"
    }
}

extension Prescription {
    /// The prescription as a program's schedule, so the reports word it as `limber plan` does.
    var schedule: Schedule {
        let frequency: Schedule.Frequency = switch self.frequency {
        case .perWeek(let n): .perWeek(n)
        case .weekdays(let days): .weekdays(days.sorted().map { Weekday.allCases[$0] })
        }
        return Schedule(frequency: frequency, perDay: perDay, start: start, weeks: weeks)
    }
}
