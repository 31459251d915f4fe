import Foundation
import LimberBasics
import LimberLog
import LimberSession
import LimberTimeline

/// What `limber run` prints without a terminal: the safety notes, one line per step, cue,
/// finished set and notice, a stop's text and the safety notes again, and a summary at the end. Pure: the runner stamps each line with the time and prints it.
/// All text from the program passes through ``TextSanitizer``, as on the screen.
public struct PlainText {
    /// The step last announced and when it started (a step begun again is announced again).
    private var announced: (index: Int, start: Duration)?
    /// A stop notice was printed and is still waiting.
    private var stopSaid = false

    public init() {}

    /// "[14:35:02]": the local time of day, as the log's timestamp holds it.
    public static func stamp(_ date: Date) -> String {
        "[" + LogLine.timestamp(date).dropFirst(11).prefix(8) + "]"
    }

    /// "Low back basics — 12:30 planned".
    public static func header(_ timeline: Timeline) -> String {
        "\(clean(timeline.program.title)) — \(DurationText.clock(timeline.totalSeconds)) planned"
    }

    /// What follows the header as the session starts: the author's safety notes, whole, and
    /// how sets of reps end when no keyboard can end them.
    public static func opening(_ session: Session) -> [String] {
        var lines = session.program.safety.map { "safety: " + clean($0) }
        if let perRep = session.options.secondsPerCountedRep, session.timeline.openStepCount > 0 {
            lines.append("no keyboard: a set of reps you count ends on its own after \(perRep) s a rep")
        }
        return lines
    }

    /// What is new since the last call: "step 3/20 HOLD · 0:30 · Plank · Set 1 of 2" as each
    /// step starts, and a stop rule's text with the safety notes when one fires.
    public mutating func lines(_ session: Session) -> [String] {
        if session.phase == .stopNotice, let stop = session.lastStop {
            guard !stopSaid else { return [] }
            stopSaid = true
            return ["stop · " + Self.clean(stop.text)] + stop.safety.map { "safety: " + Self.clean($0) }
                + [stop.endedSession ? "press any key for the summary" : "press any key to go on"]
        }
        stopSaid = false
        return step(session).map { [$0] } ?? []
    }

    /// "step 3/20 HOLD · 0:30 · Plank · Set 1 of 2", once as each step starts; nil otherwise.
    private mutating func step(_ session: Session) -> String? {
        guard session.phase == .running, let step = session.currentStep else { return nil }
        if let last = announced, last.index == step.index, last.start == session.stepStart { return nil }
        announced = (step.index, session.stepStart)
        let exercise = session.program.exercises[step.exerciseIndex]
        var length = step.length.map { DurationText.clock($0) } ?? "until Space"
        if step.isOpen, let perRep = session.options.secondsPerCountedRep, let reps = step.reps {
            length = "~\(DurationText.clock(reps * perRep)) (\(reps) reps × \(perRep) s, ends on its own)"
        }
        var parts = [ScreenBuilder.phaseWord(step), length, Self.clean(exercise.name)]
        let detail = ScreenBuilder.detail(step, exercise)
        if !detail.isEmpty { parts.append(detail) }
        return "step \(step.index + 1)/\(session.timeline.steps.count) " + parts.joined(separator: " · ")
    }

    /// "cue countdown".
    public static func cue(_ kind: CueKind) -> String { "cue \(kind.rawValue)" }

    /// `says: "Set two of three. Left side."`: a phrase of the voice, as it is spoken, so a
    /// transcript (or a screen reader) holds what was said.
    public static func says(_ phrase: String) -> String { "says: \"\(clean(phrase))\"" }

    /// "set done · Plank · set 2 of 3 · left side · logged" for a set event; nil for other events.
    /// `saved` says whether the event is on disk: the line is a promise about the log.
    public static func set(_ event: LogEvent, saved: Bool) -> String? {
        guard event.type == .set, let name = event.exercise, let set = event.set, let sets = event.sets else { return nil }
        return "set \(event.setStatus?.rawValue ?? "done") · \(clean(name)) · set \(set) of \(sets)"
            + (event.side.map { " · \($0.rawValue) side" } ?? "") + (saved ? " · logged" : " · not yet saved")
    }

    /// The closing lines: status, time, sets, ratings, the stop notice, the log, what was not saved.
    public static func summary(_ end: EndScreen) -> [String] {
        var lines = ["session \(end.status) · \(end.timeTaken) · sets done \(end.setsDone)"
                     + (end.setsSkipped > 0 ? ", skipped \(end.setsSkipped)" : "")]
        lines += end.ratings.map { "discomfort \($0)" }
        if let notice = end.notice { lines.append(notice) }
        lines += end.safety.map { "safety: " + $0 }
        lines.append("log: \(end.logPath)")
        if let unsaved = end.unsaved { lines.append(unsaved) }
        return lines
    }

    private static func clean(_ text: String) -> String { TextSanitizer.singleLine(text) }
}
