import CEspeakNG
import Foundation
import LimberAudio

/// The speech worker: `limber` started again under this name by the session's synthesiser
/// (``SpeechSynthesiser/worker``). It loads libespeak-ng, answers the session's requests on its
/// stdin/stdout (a private socket) and ends when the session closes it or dies, so the
/// session process itself never maps espeak-ng and its ~30 libraries (libpulse, libsndfile…).
public enum SpeechWorker {
    /// The argv[0] that makes `limber` a speech worker (read first thing in `Limber.main`).
    public static let name = "limber-speech-worker"

    /// Answers requests until stdin ends, then exits; nonsense in a request ends it too.
    public static func serve() -> Never {
        limber_speech_worker_begin()
        // Replies go out on a descriptor of their own: whatever a library prints on stdout goes
        // where stderr goes (/dev/null), never into a reply.
        let replies = dup(1)
        dup2(2, 1)
        let engine = EspeakEngine()
        while let request = try? SpeechWire.receive(from: 0, deadline: nil) {
            guard let reply = answer(request, engine), (try? SpeechWire.send(reply, to: replies)) != nil else { exit(1) }
        }
        exit(0)
    }

    /// The framed reply to `request`, or nil when it is not a request.
    static func answer(_ request: SpeechWire.Message, _ engine: EspeakEngine) -> [UInt8]? {
        var fields = SpeechWire.Reader(request.body)
        var reply = SpeechWire.Writer()
        let error: SpeechError?
        do {
            switch SpeechWire.Request(rawValue: request.tag) {
            case .start:
                switch engine.start() {
                case .success(let info):
                    reply.string(info.engine)
                    reply.string(info.dataPath)
                    reply.int(info.sampleRate)
                    error = nil
                case .failure(let e): error = e
                }
            case .voices:
                let voices = engine.voices()
                reply.int(voices.count)
                for voice in voices {
                    reply.string(voice.name)
                    reply.string(voice.identifier)
                    reply.int(voice.languages.count)
                    voice.languages.forEach { reply.string($0) }
                }
                error = nil
            case .select:
                error = engine.select(try fields.string())
            case .synthesise:
                let rate = try fields.int(), language = try fields.string(), text = try fields.string()
                switch engine.synthesise(text, language: language, rate: rate) {
                case .success(let sound):
                    reply.samples(sound.pcm)
                    error = nil
                case .failure(let e): error = e
                }
            case nil: return nil
            }
            try fields.end()
        } catch {
            return nil
        }
        guard let error else { return SpeechWire.framed(SpeechWire.ok, reply.bytes) }
        var failure = SpeechWire.Writer()
        failure.error(error)
        return SpeechWire.framed(SpeechWire.failed, failure.bytes)
    }
}

/// The session's side of the speech worker, on its synthesiser's thread: one request at a time,
/// each answered within `timeout`.
///
/// The worker is started on first use from that thread (which never ends: the worker is killed
/// when it does). Its own refusals (no voice data, no such voice) come back as they would in
/// process; a worker that can't start, dies, hangs past `timeout` or replies nonsense is killed
/// and reaped, and that call and every later one fail with ``SpeechError/workerFailed(_:)``: the
/// session gives its one notice and goes on with tones.
final class SpeechWorkerClient: SpeechEngine {
    private let executable: String
    private let arguments: [String]
    private let timeout: Duration
    /// The running worker's pid (0 when none), for tests and their checks of /proc.
    private(set) var pid: pid_t = 0
    private var channel: Int32 = -1
    private var startup: Result<SpeechEngineInfo, SpeechError>?
    private var broken: SpeechError?

    init(executable: String, arguments: [String], timeout: Duration = .seconds(5)) {
        self.executable = executable
        self.arguments = arguments
        self.timeout = timeout
    }

    deinit { stop() }

    func start() -> Result<SpeechEngineInfo, SpeechError> {
        if let startup { return startup }
        let result = launch().flatMap {
            call(.start) { reply in
                SpeechEngineInfo(engine: try reply.string(), dataPath: try reply.string(), sampleRate: try reply.int())
            }
        }
        startup = result
        return result
    }

    func voices() -> [SpeechVoice] {
        let listed = call(.voices) { reply in
            try (0..<reply.count()).map { _ in
                SpeechVoice(name: try reply.string(), identifier: try reply.string(),
                            languages: try (0..<reply.count()).map { _ in try reply.string() })
            }
        }
        return (try? listed.get()) ?? []
    }

    func select(_ language: String) -> SpeechError? {
        if case .failure(let error) = call(.select, { $0.string(language) }, { _ in () }) { return error }
        return nil
    }

    func synthesise(_ text: String, language: String, rate: Int) -> Result<Sound, SpeechError> {
        if case .failure(let error) = start() { return .failure(error) }
        return call(.synthesise, { request in
            request.int(rate)
            request.string(language)
            request.string(text)
        }, { Sound(pcm: try $0.samples(), rate: AudioFormat.sampleRate) })
    }

    /// Kills and reaps the worker, if one runs.
    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGKILL)
        close(channel)
        while waitpid(pid, nil, 0) < 0 && errno == EINTR {}
        pid = 0
        channel = -1
    }

    private func launch() -> Result<Void, SpeechError> {
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var fd: Int32 = -1
        let started = limber_speech_spawn(executable, argv, &fd)
        guard started > 0 else { return .failure(fail("it could not start: \(String(cString: strerror(-started)))")) }
        pid = started
        channel = fd
        return .success(())
    }

    /// Sends one request and reads its reply; a failure of the worker itself ends it.
    private func call<T>(_ request: SpeechWire.Request, _ fields: (inout SpeechWire.Writer) -> Void = { _ in },
                         _ decode: (inout SpeechWire.Reader) throws -> T) -> Result<T, SpeechError> {
        if let broken { return .failure(broken) }
        var writer = SpeechWire.Writer()
        fields(&writer)
        do {
            try SpeechWire.send(SpeechWire.framed(request.rawValue, writer.bytes), to: channel)
            let reply = try SpeechWire.receive(from: channel, deadline: .now + timeout)
            var reader = SpeechWire.Reader(reply.body)
            let result: Result<T, SpeechError>
            switch reply.tag {
            case SpeechWire.ok: result = .success(try decode(&reader))
            case SpeechWire.failed: result = .failure(try reader.error())
            default: throw SpeechWire.Failure.garbled
            }
            try reader.end()
            return result
        } catch let failure as SpeechWire.Failure {
            return .failure(fail(failure.description))
        } catch {
            return .failure(fail("\(error)"))
        }
    }

    private func fail(_ reason: String) -> SpeechError {
        stop()
        let error = SpeechError.workerFailed(reason)
        broken = error
        return error
    }
}

/// The speech worker's messages, both ways: a tag byte, a 32-bit length, then that many bytes of
/// fields — integers as 32-bit, strings as a length and UTF-8, samples as a count and 16-bit PCM,
/// all in the machine's byte order (both ends are the same binary on the same machine).
enum SpeechWire {
    /// What the session asks; the worker answers each with ``ok`` or ``failed``.
    enum Request: UInt8 {
        case start = 1, voices, select, synthesise
    }

    /// The reply's tag when it carries the answer.
    static let ok: UInt8 = 0
    /// The reply's tag when it carries a ``SpeechError``.
    static let failed: UInt8 = 1
    /// No message is longer: a reply claiming more is garbled (64 MiB is minutes of speech).
    static let maxLength = 1 << 26

    /// One message as received.
    struct Message {
        var tag: UInt8
        var body: [UInt8]
    }

    /// Why a message could not be had; the description is the reason in the patient's notice.
    enum Failure: Error, CustomStringConvertible {
        case ended, noReply, garbled, io(Int32)

        var description: String {
            switch self {
            case .ended: "it ended"
            case .noReply: "it did not answer in time"
            case .garbled: "it answered nonsense"
            case .io(let code): String(cString: strerror(code))
            }
        }
    }

    /// Fields of a message being written.
    struct Writer {
        var bytes: [UInt8] = []

        mutating func int(_ value: Int) {
            withUnsafeBytes(of: Int32(truncatingIfNeeded: value)) { bytes.append(contentsOf: $0) }
        }

        mutating func string(_ value: String) {
            int(value.utf8.count)
            bytes.append(contentsOf: value.utf8)
        }

        mutating func samples(_ pcm: [Int16]) {
            int(pcm.count)
            pcm.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }

        mutating func error(_ error: SpeechError) {
            switch error {
            case .noLibrary(let reason): bytes.append(0); string(reason)
            case .noVoiceData(let path): bytes.append(1); string(path)
            case .unknownVoice(let name): bytes.append(2); string(name)
            case .synthesisFailed(let code): bytes.append(3); int(code)
            case .workerFailed(let reason): bytes.append(4); string(reason)
            }
        }
    }

    /// Fields of a received message, read in order; running short is ``Failure/garbled``.
    struct Reader {
        private let body: [UInt8]
        private var at = 0

        init(_ body: [UInt8]) { self.body = body }

        private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, count <= body.count - at else { throw Failure.garbled }
            defer { at += count }
            return body[at..<at + count]
        }

        mutating func int() throws -> Int {
            Int(try take(4).withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
        }

        /// A count of items that follow (each at least one byte).
        mutating func count() throws -> Int {
            let count = try int()
            guard count >= 0, count <= body.count - at else { throw Failure.garbled }
            return count
        }

        mutating func string() throws -> String {
            String(decoding: try take(try int()), as: UTF8.self)
        }

        mutating func samples() throws -> [Int16] {
            let count = try int()
            guard count >= 0, count <= (body.count - at) / 2 else { throw Failure.garbled }
            let bytes = try take(count * 2)
            return bytes.withUnsafeBytes { raw in
                [Int16](unsafeUninitializedCapacity: count) { buffer, initialised in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
                    initialised = count
                }
            }
        }

        mutating func error() throws -> SpeechError {
            switch try take(1).first {
            case 0: .noLibrary(try string())
            case 1: .noVoiceData(try string())
            case 2: .unknownVoice(try string())
            case 3: .synthesisFailed(try int())
            case 4: .workerFailed(try string())
            default: throw Failure.garbled
            }
        }

        /// Throws unless every byte was read.
        func end() throws {
            guard at == body.count else { throw Failure.garbled }
        }
    }

    /// `body` behind its tag and length.
    static func framed(_ tag: UInt8, _ body: [UInt8]) -> [UInt8] {
        var writer = Writer(bytes: [tag])
        writer.int(body.count)
        return writer.bytes + body
    }

    /// Writes all of `bytes` to the socket `fd` (a closed peer is an error, not SIGPIPE).
    static func send(_ bytes: [UInt8], to fd: Int32) throws {
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + done, raw.count - done, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw errno == EPIPE || errno == ECONNRESET ? Failure.ended : Failure.io(errno)
                }
                done += n
            }
        }
    }

    /// Reads one message from `fd`, waiting until `deadline` (nil: as long as it takes).
    static func receive(from fd: Int32, deadline: ContinuousClock.Instant?) throws -> Message {
        let head = try read(5, from: fd, deadline: deadline)
        var reader = Reader(Array(head[1...]))
        let length = try reader.int()
        guard length >= 0, length <= maxLength else { throw Failure.garbled }
        return Message(tag: head[0], body: try read(length, from: fd, deadline: deadline))
    }

    private static func read(_ count: Int, from fd: Int32, deadline: ContinuousClock.Instant?) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            var wait: Int32 = -1
            var last = false
            if let deadline {
                // Past the deadline, one last look: a session stopped (Ctrl-Z) past it finds its reply there.
                let left = ContinuousClock.now.duration(to: deadline)
                last = left <= .zero
                let (seconds, attoseconds) = left.components
                wait = last ? 0 : Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            }
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, wait)
            if polled < 0 {
                if errno == EINTR { continue }
                throw Failure.io(errno)
            }
            if polled == 0 {
                if last { throw Failure.noReply }
                continue
            }
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, count - done) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw errno == ECONNRESET ? Failure.ended : Failure.io(errno)
            }
            if n == 0 { throw Failure.ended }
            done += n
        }
        return bytes
    }
}
