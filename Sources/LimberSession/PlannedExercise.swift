import LimberLog
import LimberProgram

extension LogEvent.PlannedExercise {
    /// A program's exercise as a session start records it (and the FHIR CarePlan shows it).
    public init(_ e: Exercise) {
        switch e.work {
        case .hold(let s): self.init(name: e.name, kind: "hold", sets: e.sets, sides: e.sides.map(\.rawValue), holdSeconds: s)
        case .duration(let s): self.init(name: e.name, kind: "duration", sets: e.sets, sides: e.sides.map(\.rawValue), durationSeconds: s)
        case .reps(let n, _): self.init(name: e.name, kind: "reps", sets: e.sets, sides: e.sides.map(\.rawValue), reps: n)
        }
    }
}
