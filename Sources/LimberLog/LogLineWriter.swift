/// Writes a ``LogLine`` as the log stores it: byte for byte what `JSONEncoder` gives with
/// snake-case keys, sorted keys and unescaped slashes, without its reflection and boxing (which
/// cost ~1.3M instructions a line, more than a minute of a session's screen).
///
/// Each object's members are written in the sorted order of their keys; a nil member is left
/// out, as `encodeIfPresent` does. Strings are escaped as Foundation's JSON writer escapes them;
/// numbers are written as their `description` (a Double without its trailing `.0`). A number
/// that is not finite makes the whole line `{}`, as the encoder's refusal did.
enum LogLineWriter {
    /// The line's JSON object without its newline; nil when a number is not finite.
    static func bytes(_ line: LogLine) -> [UInt8]? {
        var w = Writer()
        w.bytes.reserveCapacity(256)
        let e = line.event
        w.object {
            $0.member("action", e.action.map(\.rawValue)) { $0.string($1) }
            $0.member("discomfort_rule", e.discomfortRule) { w, rule in
                w.object {
                    $0.member("ask", rule.ask) { $0.string($1) }
                    $0.member("on_stop", rule.onStop) { $0.string($1) }
                    $0.member("stop_at", rule.stopAt) { $0.int($1) }
                }
            }
            $0.member("elapsed_seconds", e.elapsedSeconds) { $0.double($1) }
            $0.member("exercise", e.exercise) { $0.string($1) }
            $0.member("exercise_index", e.exerciseIndex) { $0.int($1) }
            $0.member("limber", e.limber) { $0.string($1) }
            $0.member("moment", e.moment) { $0.string($1) }
            $0.member("note", e.note) { $0.string($1) }
            $0.member("pain", e.pain) { $0.int($1) }
            $0.member("patient", e.patient) { $0.string($1) }
            $0.member("paused_seconds", e.pausedSeconds) { $0.double($1) }
            $0.member("planned", e.planned) { w, planned in
                w.object {
                    $0.member("exercises", planned.exercises) { w, exercises in
                        w.array(exercises) { w, x in
                            w.object {
                                $0.member("duration_seconds", x.durationSeconds) { $0.int($1) }
                                $0.member("hold_seconds", x.holdSeconds) { $0.int($1) }
                                $0.member("kind", x.kind) { $0.string($1) }
                                $0.member("name", x.name) { $0.string($1) }
                                $0.member("reps", x.reps) { $0.int($1) }
                                $0.member("sets", x.sets) { $0.int($1) }
                                $0.member("sides", x.sides) { w, sides in w.array(sides) { $0.string($1) } }
                            }
                        }
                    }
                    $0.member("open_steps", planned.openSteps) { $0.int($1) }
                    $0.member("total_seconds", planned.totalSeconds) { $0.int($1) }
                }
            }
            $0.member("planned_seconds", e.plannedSeconds) { $0.int($1) }
            $0.member("program", e.program) { w, program in
                w.object {
                    $0.member("path", program.path) { $0.string($1) }
                    $0.member("sha256", program.sha256) { $0.string($1) }
                    $0.member("title", program.title) { $0.string($1) }
                }
            }
            $0.member("progression", e.progression) { w, progression in
                w.object {
                    $0.member("exercises", progression.exercises) { w, decisions in
                        w.array(decisions) { w, d in
                            w.object {
                                $0.member("decision", d.decision) { $0.string($1) }
                                $0.member("name", d.name) { $0.string($1) }
                                $0.member("reasons", d.reasons) { w, reasons in w.array(reasons) { $0.string($1) } }
                            }
                        }
                    }
                    $0.member("phase", progression.phase) { $0.string($1) }
                    $0.member("week", progression.week) { $0.int($1) }
                }
            }
            $0.member("rating", e.rating) { $0.int($1) }
            $0.member("reason", e.reason) { $0.string($1) }
            $0.member("reps", e.reps) { $0.int($1) }
            $0.member("schedule", e.schedule) { w, schedule in
                w.object {
                    $0.member("days", schedule.days) { w, days in w.array(days) { $0.string($1) } }
                    $0.member("per_day", schedule.perDay) { $0.int($1) }
                    $0.member("per_week", schedule.perWeek) { $0.int($1) }
                    $0.member("start", schedule.start) { $0.string($1) }
                    $0.member("weeks", schedule.weeks) { $0.int($1) }
                }
            }
            $0.member("seconds", e.seconds) { $0.double($1) }
            $0.member("session", line.session) { $0.string($1) }
            $0.member("set", e.set) { $0.int($1) }
            $0.member("sets", e.sets) { $0.int($1) }
            $0.member("sets_done", e.setsDone) { $0.int($1) }
            $0.member("sets_skipped", e.setsSkipped) { $0.int($1) }
            $0.member("side", e.side.map(\.rawValue)) { $0.string($1) }
            $0.member("simulated_date", e.simulatedDate) { $0.string($1) }
            $0.member("status", e.status) { $0.string($1) }
            $0.member("stiffness", e.stiffness) { $0.int($1) }
            $0.member("stop_at", e.stopAt) { $0.int($1) }
            $0.member("ts", line.ts) { $0.string($1) }
            $0.member("type", e.type.rawValue) { $0.string($1) }
            $0.member("v", line.v) { $0.int($1) }
        }
        return w.finite ? w.bytes : nil
    }

    /// Compact JSON as bytes: objects whose members the caller gives in key order.
    private struct Writer {
        var bytes: [UInt8] = []
        /// False once a number was not finite (the encoder refused the whole line).
        var finite = true
        /// Whether the innermost open object or array has had a member yet.
        private var filled = false

        mutating func object(_ members: (inout Writer) -> Void) {
            open(UInt8(ascii: "{"), members, close: UInt8(ascii: "}"))
        }

        mutating func array<T>(_ items: [T], _ item: (inout Writer, T) -> Void) {
            open(UInt8(ascii: "["), { w in
                for x in items {
                    w.comma()
                    item(&w, x)
                }
            }, close: UInt8(ascii: "]"))
        }

        /// `"key":value` when `value` is not nil.
        mutating func member<T>(_ key: StaticString, _ value: T?, _ write: (inout Writer, T) -> Void) {
            guard let value else { return }
            comma()
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
            write(&self, value)
        }

        mutating func int(_ value: Int) {
            bytes.append(contentsOf: value.description.utf8)
        }

        mutating func double(_ value: Double) {
            guard value.isFinite else {
                finite = false
                return
            }
            let text = value.description
            bytes.append(contentsOf: text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8[...])
        }

        /// A string literal, escaped as Foundation's JSON writer does: quote, backslash, and
        /// control bytes (`\b \f \n \r \t`, the others as `\u00xx` in lower case); slashes,
        /// DEL and everything beyond ASCII as they are.
        mutating func string(_ value: String) {
            bytes.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, UInt8(ascii: "\"")])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }

        private mutating func comma() {
            if filled { bytes.append(UInt8(ascii: ",")) }
            filled = true
        }

        private mutating func open(_ bracket: UInt8, _ members: (inout Writer) -> Void, close: UInt8) {
            bytes.append(bracket)
            let outer = filled
            filled = false
            members(&self)
            filled = outer
            bytes.append(close)
        }
    }
}
