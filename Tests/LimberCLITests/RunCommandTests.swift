import Foundation
import LimberAudio
import LimberLog
import LimberLogStore
import LimberTestSupport
import Testing

/// `limber run` as a user runs it: unattended without a terminal, under tmux with one, killed.
/// These run a few seconds of real session; the timing itself is tested on a controllable clock
/// in LimberSessionTests.
@Suite("limber run, end to end", .serialized)
struct RunCommandTests {
    /// Three exercises (a 2-set hold, a hold on each side, 2 reps of tempo 1-0-1) whose steps
    /// last `seconds` each.
    static func program(title: String, seconds: Int) -> String {
        """
        limber: 1
        title: \(title)
        safety: [Stop if pain is sharp.]
        schedule: { per_week: 3 }
        discomfort: { ask: after_exercise, stop_at: 7 }
        defaults: { prepare: \(seconds)s, rest: \(seconds)s, rest_between_exercises: \(seconds)s, switch: \(seconds)s }
        exercises:
          - name: Plank
            sets: 2
            hold: \(seconds)s
          - name: Lunge
            sides: [left, right]
            hold: \(seconds)s
          - name: Bridge
            reps: 2
            tempo: 1-0-1

        """
    }

    static let shortProgram = program(title: "Short test", seconds: 1)

    /// Steps two seconds apart, so every cue's sound (spoken word included) ends before the next.
    static let spacedProgram = program(title: "Spaced test", seconds: 2)

    struct Workspace {
        let folder: URL
        let alsa: TestALSA
        var program: URL { folder.appendingPathComponent("short.yaml") }
        var log: URL { folder.appendingPathComponent("data/limber/log.jsonl") }

        init() throws {
            folder = try Fixtures.temporaryFolder()
            alsa = try TestALSA(folder: folder)
            try RunCommandTests.shortProgram.write(to: folder.appendingPathComponent("short.yaml"), atomically: true, encoding: .utf8)
            try RunCommandTests.spacedProgram.write(to: folder.appendingPathComponent("spaced.yaml"), atomically: true, encoding: .utf8)
        }

        func events() throws -> [LogLine] {
            var lines: [LogLine] = []
            try LogReader(path: log.path).forEach { if case .event(let e) = $0 { lines.append(e) } }
            return lines
        }

        var environment: [String: String] { ["HOME": folder.path, "XDG_DATA_HOME": folder.appendingPathComponent("data").path] }
    }

    @Test func unattendedRunLogsEverySetAndPlaysThePlannedCues() throws {
        let w = try Workspace()
        defer { try? FileManager.default.removeItem(at: w.folder) }
        let result = try CommandRunner.limber(["run", "--yes", "--no-prompt", "--device", w.alsa.device, "spaced.yaml"],
                                              in: w.folder, environment: w.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(!result.stdout.contains("\u{1B}"), "escape codes in plain output")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.range(of: #"^\[\d\d:\d\d:\d\d\] "#, options: .regularExpression) != nil })
        #expect(result.stdout.contains("step 2/"))
        #expect(result.stdout.contains("cue start"))
        #expect(result.stdout.contains("session completed"))

        let events = try w.events()
        #expect(events.first?.event.type == .sessionStart)
        #expect(events.first?.event.program?.sha256 == SHA256.hex(try Data(contentsOf: w.folder.appendingPathComponent("spaced.yaml"))))
        #expect(events.filter { $0.event.type == .set }.map { "\($0.event.exercise!) \($0.event.set!) \($0.event.side?.rawValue ?? "-")" } ==
                ["Plank 1 -", "Plank 2 -", "Lunge 1 left", "Lunge 1 right", "Bridge 1 -"])
        #expect(events.last?.event.type == .sessionEnd)
        #expect(events.last?.event.status == "completed")
        #expect(Set(events.map(\.session)).count == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: w.log.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // The captured stream holds the cues at the times `limber plan` gives, relative to the first.
        let plan = try CommandRunner.limber(["plan", "--format", "json", "spaced.yaml"], in: w.folder)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let cues = try #require(root["cues"] as? [[String: Any]])
        let planned = cues.compactMap { $0["at"] as? Int }
        let samples = try WAVReader.read(file: w.alsa.capture.path, maxSeconds: 600).samples
        var onsets: [Int] = []
        var silent = 4_800
        for (i, s) in samples.enumerated() {
            if abs(s) > 0.004 {
                if silent >= 2_400 { onsets.append(i) }
                silent = 0
            } else {
                silent += 1
            }
        }
        // Every planned moment has a sound starting within 10 ms of it (spoken words add more
        // onsets), counting from the stream's start: the first cue is on time too.
        let distinct = Array(Set(planned)).sorted()
        let first = 0
        for at in distinct {
            let expected = first + (at - distinct[0]) * 48_000
            let nearest = onsets.min { abs($0 - expected) < abs($1 - expected) }!
            #expect(abs(nearest - expected) < 48 * 10, "cue at \(at) s sounded \(Double(nearest - expected) / 48) ms off")
        }
    }

    @Test func sigintQuitsWithStatusQuitAndExit130() throws {
        let w = try Workspace()
        defer { try? FileManager.default.removeItem(at: w.folder) }
        let process = Process()
        process.executableURL = CommandRunner.limberBinary
        process.arguments = ["run", "--yes", "--no-prompt", "--no-sound", "short.yaml"]
        process.currentDirectoryURL = w.folder
        process.environment = ProcessInfo.processInfo.environment.merging(w.environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        #expect(eventually { (try? w.events().contains { $0.event.type == .set }) == true })
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let events = try w.events()
        #expect(events.last?.event.type == .sessionEnd)
        #expect(events.last?.event.status == "quit")
    }

    @Test func anUnwritableLogLosesNothingAndSaysSo() throws {
        let w = try Workspace()
        defer { try? FileManager.default.removeItem(at: w.folder) }
        try FileManager.default.createDirectory(at: w.folder.appendingPathComponent("blocked.jsonl"), withIntermediateDirectories: true)
        let result = try CommandRunner.limber(["run", "--yes", "--no-prompt", "--no-sound", "--log", "blocked.jsonl", "short.yaml"],
                                              in: w.folder, environment: w.environment)
        #expect(result.status == 1)
        #expect(result.stdout.contains("session completed"), "the session ran on")
        #expect(result.stdout.contains("log: can't open blocked.jsonl: Is a directory"), "the problem was shown as it happened")
        #expect(result.stdout.components(separatedBy: "kept in memory").count == 2, "and said once")
        #expect(result.stdout.contains("events could not be saved"))
        // Every event reaches stderr as a JSON line, so nothing is lost.
        let saved = result.stderr.split(separator: "\n").compactMap { LogLine.decode(Data($0.utf8)) }
        #expect(saved.first?.event.type == .sessionStart)
        #expect(saved.filter { $0.event.type == .set }.count == 5)
        #expect(saved.last?.event.status == "completed")
    }

    @Test func aMissingDeviceIsOneTimestampedLine() throws {
        let w = try Workspace()
        defer { try? FileManager.default.removeItem(at: w.folder) }
        let result = try CommandRunner.limber(["run", "--yes", "--no-prompt", "--device", "limber-no-such-device", "short.yaml"],
                                              in: w.folder, environment: w.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("sound device"))
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.range(of: #"^\[\d\d:\d\d:\d\d\] "#, options: .regularExpression) != nil })
        let said = lines.filter { $0.contains("sound device") }.map { $0.dropFirst(11) }
        #expect(said == [#"limber: the sound device "limber-no-such-device" can't be opened (No such file or directory); continuing without sound — try --device or --no-sound"#])
        #expect(lines.dropFirst().first?.contains("sound device") == true, "right after the header")
        #expect(result.stdout.contains("session completed"))
    }

    @Test func aSigtermWhileAnotherProcessHoldsTheLogIsAQuitAtOnce() throws {
        let w = try Workspace()
        defer { try? FileManager.default.removeItem(at: w.folder) }
        try FileManager.default.createDirectory(at: w.log.deletingLastPathComponent(), withIntermediateDirectories: true)
        let held = open(w.log.path, O_RDWR | O_CREAT, 0o600)
        #expect(flock(held, LOCK_EX) == 0)
        let output = w.folder.appendingPathComponent("out.txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = CommandRunner.limberBinary
        process.arguments = ["run", "--yes", "--no-prompt", "--no-sound", "short.yaml"]
        process.currentDirectoryURL = w.folder
        process.environment = ProcessInfo.processInfo.environment.merging(w.environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The loop goes on while the log is locked and says so; then SIGTERM.
        let said = { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        #expect(eventually { said().contains("saving… the log is busy") })
        #expect(said().contains("step 3/"), "the session went on meanwhile")
        kill(process.processIdentifier, SIGTERM)
        usleep(300_000)
        #expect(process.isRunning, "waiting for the locked log, at most 5 s")
        flock(held, LOCK_UN)
        close(held)
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        let events = try w.events()
        #expect(events.first?.event.type == .sessionStart)
        #expect(events.last?.event.endStatus == .quit, "a quit during the stall is a quit")
        let saidLogged = said().split(separator: "\n").filter { $0.hasSuffix("· logged") }.count
        #expect(saidLogged <= events.filter { $0.event.type == .set }.count, "no set said logged that is not in the log")
    }

    @Test func sigkillLosesNoSetAlreadyLogged() throws {
        let w = try Workspace()
        defer { try? FileManager.default.removeItem(at: w.folder) }
        let process = Process()
        process.executableURL = CommandRunner.limberBinary
        process.arguments = ["run", "--yes", "--no-prompt", "--no-sound", "short.yaml"]
        process.currentDirectoryURL = w.folder
        process.environment = ProcessInfo.processInfo.environment.merging(w.environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        // Kill it once the third set has been announced as done (the step after it started).
        #expect(eventually { (try? w.events().filter { $0.event.type == .set }.count) ?? 0 >= 3 })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let raw = try String(contentsOf: w.log, encoding: .utf8)
        #expect(raw.hasSuffix("\n"), "a torn last line")
        var problems = 0
        try LogReader(path: w.log.path).forEach { if case .problem = $0 { problems += 1 } }
        #expect(problems == 0)
        let events = try w.events()
        #expect(events.filter { $0.event.type == .set }.count >= 3)
        #expect(!events.contains { $0.event.type == .sessionEnd }, "a killed session has no end: it reads as interrupted")
    }

    @Test(.enabled(if: Tmux.isAvailable, "tmux is not installed (make test installs it)"))
    func fullScreenSessionUnderAPseudoTerminal() throws {
        let w = try Workspace()
        defer { try? FileManager.default.removeItem(at: w.folder) }
        let binary = CommandRunner.limberBinary.path
        let script = """
            stty -a > stty-before.txt; \
            HOME='\(w.folder.path)' XDG_DATA_HOME='\(w.folder.path)/data' '\(binary)' run --device '\(w.alsa.device)' short.yaml; \
            echo "exit=$?" > exit.txt; stty -a > stty-after.tmp; mv stty-after.tmp stty-after.txt; sleep 60
            """
        let tmux = try Tmux(script, in: w.folder)
        let start = tmux.waitFor { $0.contains("Press Space to begin") }
        #expect(start.contains("Short test"))
        #expect(start.contains("Stop if pain is sharp."))
        tmux.send("Space")
        let running = tmux.waitFor { $0.contains("GET READY") || $0.contains("HOLD") }
        #expect(running.contains("Plank"))
        #expect(running.contains("█"), "big digits")
        // Pause, then resume.
        tmux.send("Space")
        #expect(tmux.waitFor { $0.contains("PAUSED") }.contains("PAUSED"))
        tmux.send("Space")
        // The discomfort question after the first exercise: answer 3.
        let question = tmux.waitFor(timeout: 15) { $0.contains("How much discomfort") }
        #expect(question.contains("How much discomfort did you feel during Plank?"))
        tmux.send("3")
        // Skip ahead, then quit with confirmation.
        tmux.send("n")
        tmux.send("q")
        #expect(tmux.waitFor { $0.contains("Quit the session?") }.contains("Quit the session?"))
        tmux.send("y")
        let end = tmux.waitFor { $0.contains("Press any key to exit") }
        #expect(end.contains("Session quit"), "\(end)")
        #expect(end.contains("Plank: 3"))
        #expect(end.contains(w.log.path))
        tmux.send("x")
        #expect(eventually { FileManager.default.fileExists(atPath: w.folder.appendingPathComponent("stty-after.txt").path) })
        let exit = try String(contentsOf: w.folder.appendingPathComponent("exit.txt"), encoding: .utf8)
        #expect(exit == "exit=0\n")
        let before = try String(contentsOf: w.folder.appendingPathComponent("stty-before.txt"), encoding: .utf8)
        let after = try String(contentsOf: w.folder.appendingPathComponent("stty-after.txt"), encoding: .utf8)
        #expect(before == after, "the terminal was not restored exactly")
        let events = try w.events()
        #expect(events.contains { $0.event.type == .discomfort && $0.event.rating == 3 && $0.event.exercise == "Plank" })
        #expect(events.contains { $0.event.type == .pause })
        #expect(events.last?.event.status == "quit")
    }

    @Test(.enabled(if: Tmux.isAvailable, "tmux is not installed (make test installs it)"))
    func ctrlCAndSigtermRestoreTheTerminal() throws {
        for (how, expected) in [("C-c", "exit=130"), ("TERM", "exit=143"), ("HUP", "exit=129")] {
            let w = try Workspace()
            defer { try? FileManager.default.removeItem(at: w.folder) }
            let binary = CommandRunner.limberBinary.path
            let script = """
                stty -a > stty-before.txt; \
                HOME='\(w.folder.path)' XDG_DATA_HOME='\(w.folder.path)/data' sh -c 'echo $$ > pid.txt; exec "$0" run --yes --no-sound short.yaml' '\(binary)'; \
                echo "exit=$?" > exit.txt; stty -a > stty-after.tmp; mv stty-after.tmp stty-after.txt; sleep 60
                """
            let tmux = try Tmux(script, in: w.folder)
            tmux.waitFor { $0.contains("Plank") }
            if how == "C-c" {
                tmux.send("C-c")
            } else {
                let pid = try String(contentsOf: w.folder.appendingPathComponent("pid.txt"), encoding: .utf8)
                kill(pid_t(pid.trimmingCharacters(in: .whitespacesAndNewlines))!, how == "TERM" ? SIGTERM : SIGHUP)
            }
            #expect(eventually { FileManager.default.fileExists(atPath: w.folder.appendingPathComponent("stty-after.txt").path) }, "\(how)")
            let exit = (try? String(contentsOf: w.folder.appendingPathComponent("exit.txt"), encoding: .utf8)) ?? ""
            #expect(exit == expected + "\n", "\(how)")
            let before = try String(contentsOf: w.folder.appendingPathComponent("stty-before.txt"), encoding: .utf8)
            let after = try String(contentsOf: w.folder.appendingPathComponent("stty-after.txt"), encoding: .utf8)
            #expect(before == after, "\(how): the terminal was not restored exactly")
            #expect(try w.events().last?.event.status == "quit", "\(how)")
            _ = tmux
        }
    }
}
