import Foundation
import LimberAudio
import LimberBasics
import LimberConfig
import LimberLog
import LimberProgram
import LimberReview
import LimberTerminal
import LimberTimeline

/// A fuzz property an input broke, and how.
public struct PropertyBroken: Error, CustomStringConvertible {
    public let description: String
}

/// The three readers that take bytes from someone else — program files, log files, WAV files —
/// each wrapped with the properties every input must keep. ``check(_:)`` throws the first broken
/// property, so the regression tests report it as a failure with its input; ``run(_:)`` crashes
/// on it, which is what libFuzzer (`limber-fuzz`) looks for.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case program
    case log
    case wav
    case config

    /// Runs one input through the target, checking its properties.
    public func check(_ bytes: [UInt8]) throws(PropertyBroken) {
        switch self {
        case .program: try FuzzTarget.checkProgram(bytes)
        case .log: try FuzzTarget.checkLog(bytes)
        case .wav: try FuzzTarget.checkWAV(bytes)
        case .config: try FuzzTarget.checkConfig(bytes)
        }
    }

    /// Runs one input and stops the process on a broken property (for libFuzzer).
    public func run(_ bytes: [UInt8]) {
        do { try check(bytes) } catch { preconditionFailure("fuzz property broken: \(error)") }
    }

    // MARK: The user configuration

    /// A configuration file ends as settings or as located errors, never both; every setting
    /// kept passes its own check, and the rendered errors carry no control character.
    static func checkConfig(_ bytes: [UInt8]) throws(PropertyBroken) {
        let text = String(decoding: bytes, as: UTF8.self)
        let (config, diagnostics) = ConfigFile.parse(text, folder: "/c", home: "/h")
        let lineCount = SourceLines(text).count
        for d in diagnostics {
            try require(d.location.line >= 1 && d.location.line <= lineCount + 1 && d.location.column >= 1, "diagnostic without a place: \(d)")
        }
        let rendered = DiagnosticRenderer(colored: false).render(diagnostics, path: "config.yaml", source: SourceLines(text))
        try requireNoControl(rendered, allowing: ["\n", "\t"], "config diagnostics")
        if let v = config.volume { try require((0...100).contains(v), "volume \(v) kept") }
        if let p = config.patient { try require(PatientID.problem(p) == nil, "patient id '\(p)' kept") }
        for path in [config.log, config.library].compactMap({ $0 }) { try require(path.hasPrefix("/"), "a path kept relative: \(path)") }
    }

    // MARK: Programs

    /// A program file ends as a valid program (or library exercise) or as located errors; nothing printed from it
    /// (diagnostics, plan, screens) carries a control character to the terminal.
    static func checkProgram(_ bytes: [UInt8]) throws(PropertyBroken) {
        let result = ProgramParser.parse(bytes)
        // A long program's YAML is composed in two parts: at any cut, the joined tree is the
        // whole text's, or the join is refused.
        if let text = result.text, let broken = ComposeInTwo.joinBreaking(text, limit: 8) {
            throw PropertyBroken(description: "composed in two parts cut at line \(broken.line), column \(broken.column), the tree is not the whole text's")
        }
        let lineCount = SourceLines(result.text ?? String(decoding: bytes, as: UTF8.self)).count
        for d in result.diagnostics {
            try require(d.location.line >= 1 && d.location.column >= 1, "diagnostic without a place: \(d)")
            try require(d.location.line <= lineCount + 1, "diagnostic at line \(d.location.line) of a \(lineCount)-line file")
            try require(!d.message.isEmpty, "diagnostic without a message")
        }
        let rendered = DiagnosticRenderer(colored: false).render(result.diagnostics, path: "fuzz.yaml", source: result.text.map(SourceLines.init))
        try requireNoControl(rendered, allowing: ["\n", "\t"], "diagnostics")
        guard let program = result.program else {
            // A library exercise (`limber_exercise: 1`) is read, but it is not a program.
            try require(result.diagnostics.hasErrors != (result.exercise != nil), "no program and no error, or a library exercise despite errors")
            return
        }
        try require(!result.diagnostics.hasErrors, "a program despite errors")
        let timeline = TimelineCompiler.compile(program)
        // What the voice says: never two phrases at once, and the plan shows it safely.
        let speech = SpeechPlanner.plan(timeline)
        for (a, b) in zip(speech.cues, speech.cues.dropFirst()) {
            try require(a.seconds >= 0 && (a.stepIndex < b.stepIndex || a.offset + a.seconds <= b.offset), "phrases overlap: \(a) \(b)")
        }
        try requireNoControl(PlanRenderer.text(timeline, speech: speech), allowing: ["\n"], "plan")
        let json = PlanRenderer.json(timeline, speech: speech)
        try require((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "plan JSON does not parse")
        let start = ScreenBuilder.start(timeline, audioNote: nil)
        for (columns, rows) in [(80, 24), (1, 1), (30, 6)] {
            let lines = ScreenRenderer(columns: columns, rows: rows, palette: .none).render(.start(start))
            for line in lines { try requireNoControl(line, allowing: [], "start screen") }
        }
    }

    // MARK: Logs

    /// Every line of a log is an event, an unknown type or reported as malformed; an event
    /// reads back the same after writing; the fast reader reads whatever the Codable reference
    /// reads, in Limber's spelling;
    /// reports made from any log carry no control characters (text) and no markup of the
    /// log's (HTML).
    static func checkLog(_ bytes: [UInt8]) throws(PropertyBroken) {
        var collector = SessionCollector()
        /// The same lines read the fast way (scanned, only the fields a report uses decoded).
        var scanned = SessionCollector()
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = Array(bytes[start..<end])
            start = end + 1
            let outcome = line.withUnsafeBufferPointer { LogLineParser.parse($0) }
            line.withUnsafeBufferPointer { raw in
                switch scanned.scanner.scan(raw) {
                case .event: scanned.addScanned(session: scanned.scannedSessionID()) { "line" }
                case .unknownType: break
                case .malformed: scanned.report(problem: "malformed")
                }
            }
            let reference = LogLine.decode(Data(line))
            // The fast reader is stricter than Foundation's (a key given twice or spelt in
            // another case is refused, not guessed at), but any event the Codable reference
            // reads, once written the way Limber writes, it must read exactly.
            if let reference {
                let canonical = Array(reference.encoded().dropLast())
                let reread = canonical.withUnsafeBufferPointer { LogLineParser.parse($0) }
                try require(reread == .line(reference) || reread == .unknownType, "an event the Codable reference reads can't be read as written")
            }
            switch outcome {
            case .line(let event):
                let again = Array(event.encoded().dropLast())
                let reread = again.withUnsafeBufferPointer { LogLineParser.parse($0) }
                try require(reread == .line(event), "an event does not read back as written")
                collector.add(event, at: "line")
            case .unknownType:
                break
            case .malformed:
                collector.report(problem: "malformed")
            }
        }
        let today = CalendarDate(year: 2026, month: 11, day: 27)!
        let adherence = Adherence(sessions: collector.summaries, since: today.adding(days: -41), until: today,
                                  prescription: nil, today: today)
        var report = PatientReport(name: "fuzz", logPath: "fuzz.jsonl", adherence: adherence, problems: collector.problems)
        report.progression = ProgressionReview(sessions: collector.summaries, checkIns: collector.checkIns, until: today)
        let reports = [report]
        let fastAdherence = Adherence(sessions: scanned.summaries, since: today.adding(days: -41), until: today, prescription: nil, today: today)
        var fast = PatientReport(name: "fuzz", logPath: "fuzz.jsonl", adherence: fastAdherence, problems: scanned.problems)
        fast.progression = ProgressionReview(sessions: scanned.summaries, checkIns: scanned.checkIns, until: today)
        try require(ReportData.json([fast]) == ReportData.json(reports) && ReportData.csv([fast]) == ReportData.csv(reports),
                    "the log read the fast way (scanned) reports otherwise than read line by line")
        try requireNoControl(ReportText(color: false).render(reports, detail: true), allowing: ["\n"], "text report")
        try require((try? JSONSerialization.jsonObject(with: Data(ReportData.json(reports).utf8))) != nil, "JSON report does not parse")
        _ = ReportData.csv(reports)
        let html = ReportHTML.page(reports, generated: today.description)
        for tag in htmlTags(html) {
            try require(reportTags.contains(tag), "the HTML report holds a <\(tag)> element it never writes")
        }
        let stray = strayTag(html)
        try require(stray == nil, "the HTML report holds \(stray ?? "") it never writes: a log's text reached it unescaped")
    }

    /// The elements ReportHTML writes; anything else came from a log.
    static let reportTags: Set<String> = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section", "h1", "h2",
        "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "bdi", "ul", "li", "svg", "rect", "line", "text", "polyline",
        "circle", "g", "figure", "figcaption", "span", "div", "strong", "em", "small", "details", "summary", "caption", "abbr", "path",
    ]

    /// A `<` in `html` that neither opens nor closes an element ReportHTML writes (a log's `<`
    /// joined to a mark is no `<` Character but is a `<` byte, so this reads bytes), or nil.
    static func strayTag(_ html: String) -> String? {
        let bytes = Array(html.utf8)
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "<") {
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "/") { j += 1 }
            let start = j
            while j < bytes.count, bytes[j] == UInt8(ascii: "!") || (bytes[j] | 0x20 >= 0x61 && bytes[j] | 0x20 <= 0x7A)
                || (j > start && bytes[j] >= 0x30 && bytes[j] <= 0x39) { j += 1 }
            let name = String(decoding: bytes[start..<j], as: UTF8.self).lowercased()
            let end = j < bytes.count && (bytes[j] == UInt8(ascii: ">") || bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "/"))
            if !reportTags.contains(name) || !end { return "a tag <\(String(decoding: bytes[i..<min(j + 1, bytes.count)], as: UTF8.self))" }
        }
        return nil
    }

    /// Names of the elements opened in `html`, lowercased.
    static func htmlTags(_ html: String) -> Set<String> {
        var tags: Set<String> = []
        let bytes = Array(html.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                var j = i + 1
                while j < bytes.count, bytes[j] == UInt8(ascii: "!") || (bytes[j] | 0x20 >= 0x61 && bytes[j] | 0x20 <= 0x7A)
                    || (j > i + 1 && bytes[j] >= 0x30 && bytes[j] <= 0x39) { j += 1 }
                if j > i + 1 { tags.insert(String(decoding: bytes[(i + 1)..<j], as: UTF8.self).lowercased()) }
                i = j
            } else {
                i += 1
            }
        }
        return tags
    }

    // MARK: WAV

    /// A WAV file decodes to a bounded, finite sound in -1…1, or to a clear error.
    static func checkWAV(_ bytes: [UInt8]) throws(PropertyBroken) {
        let sound: Sound
        do {
            sound = try WAVReader.decode(bytes, name: "fuzz.wav", rate: AudioFormat.sampleRate)
        } catch let error as WAVError {
            return try require(!error.problem.isEmpty, "an error without words")
        } catch {
            throw PropertyBroken(description: "unexpected error type: \(error)")
        }
        try require(sound.rate == AudioFormat.sampleRate, "resampled to the wrong rate")
        try require(!sound.samples.isEmpty, "an empty sound accepted")
        try require(Double(sound.samples.count) <= (WAVReader.maxSeconds + 0.01) * Double(sound.rate), "a sound longer than the limit")
        try require(sound.samples.allSatisfy { $0.isFinite && abs($0) <= 1 }, "samples outside -1…1")
    }

    // MARK: Checks

    static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) throws(PropertyBroken) {
        if !condition() { throw PropertyBroken(description: message()) }
    }

    static func requireNoControl(_ text: String, allowing allowed: Set<Unicode.Scalar>, _ what: String) throws(PropertyBroken) {
        for scalar in text.unicodeScalars where TextSanitizer.isControl(scalar) && !allowed.contains(scalar) {
            throw PropertyBroken(description: "control character U+\(String(scalar.value, radix: 16)) in the \(what)")
        }
    }
}
