import Foundation
import LimberAudio
@testable import LimberSpeech
import LimberTestSupport
import Testing

/// The speech worker (`limber` as `limber-speech-worker`) and the session's side of it: the
/// messages both ways, the real worker's answers, and every way a worker can fail — each one
/// killed, reaped, and one `workerFailed` for that call and the later ones.
@Suite("The speech worker")
struct SpeechWorkerTests {
    // MARK: Messages

    @Test func everyFieldAndErrorReadsBackAsWritten() throws {
        let errors: [SpeechError] = [.noLibrary("libespeak-ng.so.1: no"), .noVoiceData("/usr/share"), .unknownVoice("xx"),
                                     .synthesisFailed(-7), .workerFailed("it ended")]
        var writer = SpeechWire.Writer()
        writer.int(-5)
        writer.string("Ünïcode \u{1}")
        writer.samples([0, 1, -1, .max, .min])
        errors.forEach { writer.error($0) }
        var reader = SpeechWire.Reader(writer.bytes)
        #expect(try reader.int() == -5)
        #expect(try reader.string() == "Ünïcode \u{1}")
        #expect(try reader.samples() == [0, 1, -1, .max, .min])
        for error in errors { #expect(try reader.error() == error) }
        try reader.end()
    }

    @Test func aMessageCutAtAnyByteIsGarbledNeverACrash() {
        var writer = SpeechWire.Writer()
        writer.string("Hold")
        writer.samples([1, 2, 3])
        for cut in 0..<writer.bytes.count {
            var reader = SpeechWire.Reader(Array(writer.bytes.prefix(cut)))
            #expect(throws: SpeechWire.Failure.self) {
                _ = try reader.string()
                _ = try reader.samples()
            }
        }
        var long = SpeechWire.Reader(writer.bytes + [0])
        #expect(throws: SpeechWire.Failure.self) {
            _ = try long.string()
            _ = try long.samples()
            try long.end()
        }
    }

    // MARK: The real worker

    static func realWorker() -> SpeechWorkerClient {
        SpeechWorkerClient(executable: CommandRunner.limberBinary.path, arguments: [SpeechWorker.name])
    }

    @Test func theWorkerSpeaksAsTheProcessItselfWould() throws {
        let worker = Self.realWorker()
        let other = Self.realWorker()
        defer { worker.stop(); other.stop() }
        let info = try worker.start().get()
        #expect(info == (try SpeechSynthesiser.shared.info().get()))
        #expect(worker.select("en") == nil)
        #expect(worker.select("../../etc/passwd") == .unknownVoice("../../etc/passwd"))
        #expect(worker.voices() == SpeechSynthesiser.shared.voices())
        let phrase = try worker.synthesise("Hold for thirty seconds", language: "en", rate: 175).get()
        #expect(phrase.rate == AudioFormat.sampleRate)
        // Same history, same samples: a second worker says the same phrase sample for sample.
        #expect(try other.synthesise("Hold for thirty seconds", language: "en", rate: 175).get() == phrase)
        let inProcess = try SpeechSynthesiser.shared.render("Hold for thirty seconds", language: "en").get()
        #expect(abs(phrase.frameCount - inProcess.frameCount) < inProcess.frameCount / 20)
        #expect(worker.synthesise("x", language: "zz-nope", rate: 175).failure == .unknownVoice("zz-nope"))
        // A refusal is the engine's, not the worker's: it still speaks.
        #expect(try worker.synthesise("one", language: "en", rate: 175).get().frameCount > 0)
    }

    @Test func theWorkerEndsWhenItsInputEnds() throws {
        let result = try CommandRunner.run(URL(fileURLWithPath: "/bin/bash"),
                                           ["-c", "exec -a \(SpeechWorker.name) \"$0\" </dev/null", CommandRunner.limberBinary.path],
                                           in: Fixtures.packageRoot)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
    }

    // MARK: Workers that fail

    /// A worker that reads the `start` request, answers it and then runs `then` (a shell command;
    /// `head -c N` reads a request of N bytes: a fake that ends before the session has written
    /// its request would make that write, not the read, fail; in a folder with the
    /// replies `selected` (a voice taken) and `half` (the first 40 bytes of a phrase)).
    static func fakeWorker(_ then: String, timeout: Duration = .seconds(5)) throws -> (SpeechWorkerClient, URL) {
        let folder = try Fixtures.temporaryFolder()
        var hello = SpeechWire.Writer()
        hello.string("eSpeak NG fake")
        hello.string("/fake")
        hello.int(22_050)
        try Data(SpeechWire.framed(SpeechWire.ok, hello.bytes)).write(to: folder.appendingPathComponent("hello"))
        try Data(SpeechWire.framed(SpeechWire.ok, [])).write(to: folder.appendingPathComponent("selected"))
        var phrase = SpeechWire.Writer()
        phrase.samples([Int16](repeating: 100, count: 1_000))
        try Data(SpeechWire.framed(SpeechWire.ok, phrase.bytes).prefix(40)).write(to: folder.appendingPathComponent("half"))
        let client = SpeechWorkerClient(executable: "/bin/sh", arguments: ["sh", "-c", "cd '\(folder.path)' && head -c 5 >/dev/null && cat hello && \(then)"],
                                        timeout: timeout)
        return (client, folder)
    }

    static func isGone(_ pid: pid_t) -> Bool { kill(pid, 0) != 0 }

    func expectFailure(_ then: String, reason: String, timeout: Duration = .seconds(5)) throws {
        let (worker, folder) = try Self.fakeWorker(then, timeout: timeout)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try worker.start().get().engine == "eSpeak NG fake")
        let pid = worker.pid
        #expect(worker.synthesise("Hold", language: "en", rate: 175).failure == .workerFailed(reason))
        #expect(Self.isGone(pid) && worker.pid == 0)
        // Every later call gives the same answer at once, without a new worker.
        #expect(worker.synthesise("Rest", language: "en", rate: 175).failure == .workerFailed(reason))
        #expect(worker.pid == 0)
    }

    @Test func aWorkerThatEndsFailsTheCall() throws {
        try expectFailure("head -c 1 >/dev/null; exit 0", reason: "it ended")
    }

    @Test func aWorkerKilledMidPhraseFailsTheCall() throws {
        try expectFailure("head -c 1 >/dev/null; cat half; kill -9 $$", reason: "it ended")
    }

    @Test func garbageInsteadOfAReplyFailsTheCall() throws {
        try expectFailure("printf '\\002\\000\\000\\000\\000'; exec sleep 30", reason: "it answered nonsense")
        try expectFailure("printf 'garbage!'; exec sleep 30", reason: "it answered nonsense")
    }

    @Test func aWorkerThatHangsIsKilledAtTheTimeout() throws {
        let started = ContinuousClock.now
        try expectFailure("exec sleep 30", reason: "it did not answer in time", timeout: .milliseconds(300))
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aWorkerThatCannotStartIsOneReason() {
        let worker = SpeechWorkerClient(executable: "/nonexistent/limber", arguments: [SpeechWorker.name])
        #expect(worker.start().failure == .workerFailed("it could not start: No such file or directory"))
        #expect(SpeechPlayer.failureNotice(.workerFailed("it could not start: No such file or directory"))
                == "limber: no voice guidance (the speech engine stopped (it could not start: No such file or directory)); the session goes on with tones")
    }

    @Test func theWorkerGetsOnlyItsSocketAndDevNullInItsOwnProcessGroup() throws {
        let (worker, folder) = try Self.fakeWorker("exec sleep 30")
        defer { worker.stop(); try? FileManager.default.removeItem(at: folder) }
        let inherited = open(Fixtures.packageRoot.appendingPathComponent("Package.swift").path, O_RDONLY) // not close-on-exec
        defer { close(inherited) }
        #expect(inherited > 2)
        _ = try worker.start().get()
        let fds = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(worker.pid)/fd").sorted()
        #expect(fds == ["0", "1", "2"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(worker.pid)/fd/2") == "/dev/null")
        #expect(getpgid(worker.pid) == worker.pid)
    }

    @Test func aSessionWhoseWorkerDiesGivesOneNoticeAndGoesOn() throws {
        let (worker, folder) = try Self.fakeWorker("head -c 11 >/dev/null; cat selected; head -c 1 >/dev/null; exit 0") // starts, takes the voice, ends
        defer { try? FileManager.default.removeItem(at: folder) }
        let synthesiser = SpeechSynthesiser(engine: worker)
        let placer = Placer()
        let notices = Notices()
        let player = SpeechPlayer(synthesiser: synthesiser, output: placer, language: "en", rate: 175, notice: notices.add)
        #expect(synthesiser.check(language: "en") == nil)
        player.say([.init(text: "Hold", at: .seconds(1), seconds: 2), .init(text: "Rest", at: .seconds(4), seconds: 2)])
        synthesiser.flush()
        player.say([.init(text: "Again", at: .seconds(8), seconds: 2)])
        synthesiser.flush()
        #expect(notices.all == [SpeechPlayer.failureNotice(.workerFailed("it ended"))])
        #expect(player.hasFailed && placer.count == 0)
    }
}

/// A phrase asked for while its text is still being prepared takes the prepared sound: a slow
/// synthesiser (the worker starting) never renders it twice, which would shift espeak-ng's
/// flutter and so change every phrase after it.
@Suite("Preparing phrases")
struct SpeechPrepareTests {
    @Test func aPhraseAskedForWhileItsTextIsPreparedIsNotSynthesisedAgain() {
        let engine = GatedEngine()
        let synthesiser = SpeechSynthesiser(engine: engine)
        let placer = Placer()
        let player = SpeechPlayer(synthesiser: synthesiser, output: placer, language: "en", rate: 175, notice: { _ in })
        player.prepare(["Plank"])
        player.say([.init(text: "Plank", at: .seconds(1), seconds: 2), .init(text: "Rest", at: .seconds(5), seconds: 2)])
        (0..<3).forEach { _ in engine.gate.signal() } // enough for the old way's three renderings
        synthesiser.flush()
        #expect(engine.said == ["Plank", "Rest"])
        #expect(placer.all == [Placer.Placed(first: 1, at: .seconds(1)), Placer.Placed(first: 2, at: .seconds(5))])
    }
}

/// Renders each text as ten samples of its rank, once let through its gate.
private final class GatedEngine: SpeechEngine, @unchecked Sendable {
    let gate = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var texts: [String] = []
    var said: [String] { lock.withLock { texts } }

    func start() -> Result<SpeechEngineInfo, SpeechError> { .success(SpeechEngineInfo(engine: "gated", dataPath: "-", sampleRate: 48_000)) }
    func voices() -> [SpeechVoice] { [] }
    func select(_ language: String) -> SpeechError? { nil }
    func synthesise(_ text: String, language: String, rate: Int) -> Result<Sound, SpeechError> {
        gate.wait()
        let rank = lock.withLock { texts.append(text); return texts.count }
        return .success(Sound(pcm: [Int16](repeating: Int16(rank), count: 10), rate: AudioFormat.sampleRate))
    }
}

private final class Placer: SoundPlacer, @unchecked Sendable {
    struct Placed: Equatable {
        var first: Int16
        var at: Duration
    }
    private let lock = NSLock()
    private var placed: [Placed] = []
    var all: [Placed] { lock.withLock { placed } }
    var count: Int { all.count }
    func schedule(_ sound: Sound, at: Duration) -> Bool {
        lock.withLock { placed.append(Placed(first: sound.pcm.first ?? 0, at: at)) }
        return true
    }
}

private final class Notices: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var all: [String] { lock.withLock { lines } }
    func add(_ line: String) { lock.withLock { lines.append(line) } }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
