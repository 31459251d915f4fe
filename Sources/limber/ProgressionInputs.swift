import Foundation
import LimberBasics
import LimberLog
import LimberLogStore
import LimberProgram
import LimberProgression

/// The log as progression reads it: the lines that can matter for one program's decisions.
enum ProgressionInputs {
    /// The evidence in the log at `path` for the program titled `title`; a log not written yet
    /// is no evidence.
    static func evidence(log path: String, programTitle title: String) throws -> Evidence {
        guard FileManager.default.fileExists(atPath: path) else { return Evidence() }
        var builder = EvidenceBuilder(programTitle: title)
        do {
            try LogReader(path: path).forEach { item in
                if case .event(let line) = item { builder.add(line) }
            }
        } catch {
            throw CommandFailure("can't read \(LogInputs.displayName(path)): \((error as NSError).localizedDescription)")
        }
        return builder.evidence
    }

    /// The plan for today (`LIMBER_TODAY` when set) of `program`, from the log at `path`. A log
    /// that can't be read doesn't stop a session: it runs the calendar's doses with no step up or
    /// down (the cautious choice), and stderr says so. With `onlyIfProgressing`, a program with no
    /// phases, weeks or progression doesn't read the log at all (a session's start-up stays quick
    /// however long the log).
    static func plan(_ program: Program, log path: String, onlyIfProgressing: Bool = false)
        throws -> (plan: DayPlan, evidence: Evidence, day: CalendarDate) {
        var evidence = Evidence()
        do {
            if program.progresses || !onlyIfProgressing {
                evidence = try self.evidence(log: path, programTitle: program.title)
            }
        } catch let failure as CommandFailure {
            if program.progresses { Console.err("limber: \(failure.message); the doses follow the calendar only, with no step up or down\n") }
        }
        let day = try TodayDate.date()
        return (Progression.plan(program, evidence: evidence, on: day), evidence, day)
    }
}

extension ProgressionInputs {
    /// The program file of the newest session start in the log, for `limber today` without a
    /// program; nil for an empty or missing log.
    static func lastProgramPath(log path: String) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var newest: (ts: String, path: String)?
        try? LogReader(path: path).forEach { item in
            guard case .event(let line) = item, line.event.type == .sessionStart, let p = line.event.program?.path, !p.isEmpty,
                  newest.map({ line.ts >= $0.ts }) ?? true else { return }
            newest = (line.ts, p)
        }
        return newest?.path
    }
}
