import Foundation
import LimberAudio
import LimberBasics
import LimberTestSupport
import Testing

/// A card with a clock that can be stopped: `drop()` discards what it holds and stops it; the
/// next write starts it again from that moment. Its clock runs `ppm` fast against the session's.
final class StoppableCard: AudioSink, @unchecked Sendable {
    let name = "stoppable"
    let rate = 48_000
    let bufferFrames = 1_920
    let periodFrames = 480
    var ppm = 0.0
    /// The session time now (set by the test).
    var now = Duration.zero
    /// Fails every write from this one on.
    var failAfterWrites: Int?
    private(set) var writes = 0
    private(set) var drops = 0
    /// Session times at which sound began after at least 10 ms of silence (or after a start).
    private(set) var onsets: [Double] = []
    private var written: Int64 = 0
    /// Where the card started: its first frame then, and the session time.
    private var start: (frame: Int64, at: Double)?
    private var silentRun = Int.max

    private var seconds: Double { Double(now.components.seconds) + Double(now.components.attoseconds) * 1e-18 }
    private var speed: Double { Double(rate) * (1 + ppm / 1e6) }

    func write(_ frames: UnsafeBufferPointer<Int16>) throws -> Int {
        writes += 1
        if let limit = failAfterWrites, writes > limit { throw ALSAError(code: -19, device: name, operation: "play on") }
        if start == nil { start = (written, seconds) }
        for (i, s) in frames.enumerated() {
            if s == 0 {
                if silentRun < Int.max { silentRun += 1 }
                continue
            }
            if silentRun >= 480, let start { onsets.append(start.at + Double(written + Int64(i) - start.frame) / speed) }
            silentRun = 0
        }
        written += Int64(frames.count)
        return frames.count
    }

    func delay() throws -> Int {
        guard let start else { return 0 }
        let consumed = min(Double(written), Double(start.frame) + (seconds - start.at) * speed)
        return Int(Double(written) - consumed)
    }

    func drop() {
        drops += 1
        start = nil
        silentRun = Int.max
    }

    func drain() {}
    func close() {}
}

@Suite("The output thread's turns")
struct EngineTurnTests {
    /// Runs the engine's turns as its thread would, on a clock stepped 5 ms at a time: a turn
    /// whenever the time it asked for has come, or when a cue was just queued after it asked
    /// for none. Returns the session times of the turns.
    static func drive(_ engine: AudioEngine, card: StoppableCard? = nil, from start: Duration = .zero, until end: Duration,
                      cues: [(CueKind, Duration)], cancel: Duration? = nil) -> [Duration] {
        var turns: [Duration] = []
        var next: Duration? = start
        var pending = cues
        var t = start
        while t <= end {
            card?.now = t
            var woken = false
            // Each cue is queued a second ahead, as the session does.
            while let first = pending.first, first.1 - .seconds(1) <= t {
                engine.schedule(first.0, at: first.1)
                pending.removeFirst()
                woken = true
            }
            if let cancel, t == cancel { engine.cancel(from: t) }
            if woken || (next.map { $0 <= t } ?? false) {
                turns.append(t)
                next = engine.turn(at: t)
            }
            t += .milliseconds(5)
        }
        return turns
    }

    @Test func aDeviceThatPlaysNothingGetsOneWriteASecond() {
        let card = FakeCard()
        card.plays = false
        let engine = AudioEngine(sink: card, bank: .synthesised(), time: { .zero }, notice: { _ in })
        engine.begin(at: .zero)
        let cues: [(CueKind, Duration)] = [(.start, .milliseconds(2_003)), (.rest, .milliseconds(4_517))]
        let turns = Self.drive(engine, until: .seconds(6), cues: cues)
        // Once a second plus one for each cue queued (a cue wakes nothing here, but the driver
        // turns when it queues one).
        #expect(turns.count <= 6 + 1 + cues.count)
        #expect(card.writes == turns.count, "one write per turn")
        for (onset, (_, at)) in zip(card.onsets, cues) {
            #expect(abs(onset - Int64((at.inSeconds * 48_000).rounded())) <= 2, "cue at \(at)")
        }
        #expect(engine.currentStats.lateCues == 0)
    }

    /// A device that plays nothing is fed every ``AudioEngine/quietFeedSeconds``, one write each
    /// time, with nothing dropped for being that far behind (that is how a stopped process is told
    /// apart): every frame of the stream reaches it, and the cues land on their frames.
    @Test func aDeviceThatPlaysNothingIsFedEveryFewSecondsWithNoFrameLost() {
        let card = FakeCard()
        card.plays = false
        let engine = AudioEngine(sink: card, bank: .synthesised(), time: { .zero }, notice: { _ in })
        engine.begin(at: .zero)
        let feed = Duration.seconds(AudioEngine.quietFeedSeconds)
        let cues: [(CueKind, Duration)] = [(.start, .milliseconds(1_503)), (.rest, feed * 3 + .milliseconds(1_217))]
        let turns = Self.drive(engine, until: feed * 4, cues: cues)
        // Between the first cue's turn and the second's being queued, only the feeds.
        let quiet = turns.filter { $0 > .seconds(1) && $0 < feed * 3 }
        #expect(quiet.count <= 3, "turns at \(quiet)")
        for (a, b) in zip(quiet, quiet.dropFirst()) { #expect(b - a >= feed) }
        #expect(card.writes == turns.count, "one write per turn")
        #expect(card.written == engine.currentStats.framesWritten, "every frame written")
        #expect(card.onsets.count == cues.count)
        for (onset, (_, at)) in zip(card.onsets, cues) {
            #expect(abs(onset - Int64((at.inSeconds * 48_000).rounded())) <= 2, "cue at \(at)")
        }
        #expect(engine.currentStats.lateCues == 0)
    }

    /// Between cues the card is stopped and the thread asks for no turn at all; each cue still
    /// starts within a millisecond of its time, with the card's clock 200 ppm fast or slow.
    @Test func aRealCardIsStoppedBetweenCuesAndEachStillLandsOnTime() {
        for ppm in [0.0, 200.0, -150.0] {
            let card = StoppableCard()
            card.ppm = ppm
            let engine = AudioEngine(sink: card, bank: .synthesised(), time: { .zero }, notice: { _ in })
            engine.begin(at: .zero)
            let times: [Duration] = [.seconds(2), .milliseconds(11_250), .seconds(40)]
            let turns = Self.drive(engine, card: card, until: .seconds(41), cues: times.map { (.start, $0) })
            #expect(card.onsets.count == times.count, "\(ppm) ppm")
            for (onset, at) in zip(card.onsets, times) {
                #expect(abs(onset - at.inSeconds) < 0.001, "\(ppm) ppm: cue at \(at) sounded at \(onset)")
            }
            // From half a second after a cue to 200 ms before the next: one turn, when the next
            // cue is queued (which wakes the thread), and no other.
            let quiet = turns.filter { $0 > .milliseconds(2_700) && $0 < .milliseconds(11_050) }
            #expect(quiet.count <= 1, "\(ppm) ppm: \(quiet.count) turns between cues")
            #expect(card.drops >= times.count)
            #expect(engine.currentStats.pauses >= times.count)
            #expect(engine.currentStats.lateCues == 0)
        }
    }

    @Test func aCueCancelledWhileTheCardIsStoppedNeverStartsIt() {
        let card = StoppableCard()
        let engine = AudioEngine(sink: card, bank: .synthesised(), time: { .zero }, notice: { _ in })
        engine.begin(at: .zero)
        _ = Self.drive(engine, card: card, until: .seconds(8), cues: [(.start, .seconds(1)), (.rest, .seconds(6))],
                       cancel: .milliseconds(5_500))
        #expect(card.onsets.count == 1, "only the cue before the pause")
    }

    @Test func aCardLostWhileStoppedGivesOneNoticeAndTheSessionGoesOn() {
        let card = StoppableCard()
        let notices = Notices()
        let engine = AudioEngine(sink: card, bank: .synthesised(), time: { .zero }, notice: notices.add)
        engine.begin(at: .zero)
        _ = Self.drive(engine, card: card, until: .seconds(2), cues: [(.start, .seconds(1))])
        card.failAfterWrites = card.writes
        _ = Self.drive(engine, card: card, from: .seconds(2), until: .seconds(6), cues: [(.rest, .seconds(4)), (.start, .seconds(5))])
        #expect(engine.isSilent)
        #expect(notices.all == ["limber: the sound device \"stoppable\" stopped working (No such device); continuing without sound"])
    }
}

@Suite("Reading cue sounds when first needed")
struct LazyCueBankTests {
    static func folder(with cues: [CueKind]) throws -> URL {
        let folder = try Fixtures.temporaryFolder()
        for cue in cues {
            try Data(WAVBuilder.wav(data: WAVBuilder.pcm16([0, 8_000, -8_000, 0])))
                .write(to: folder.appendingPathComponent("\(cue.rawValue).wav"))
        }
        return folder
    }

    @Test func onlyTheCuesAskedForAreReadAtOnce() throws {
        let folder = try Self.folder(with: [.start, .rest])
        defer { try? FileManager.default.removeItem(at: folder) }
        let (bank, problems) = CueBank.load(folder: folder, cues: [.start])
        #expect(problems.isEmpty, "no problem reported for cues not asked for")
        // Files changed after loading: what was read stays, what was not is read now.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("start.wav"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("rest.wav"))
        #expect(bank.entry(.start).source.hasSuffix("start.wav"))
        #expect(bank.entry(.rest).source == "synthesised")
        // Copies share what was read.
        let copy = bank.withoutWords()
        #expect(copy.entry(.start).tone == bank.entry(.start).tone)
        let later = CueBank.load(folder: folder, cues: [.rest]).problems
        #expect(later.count == 2 && later.allSatisfy { $0.contains("rest.wav") }, "\(later)")
    }

    @Test func aSilentEngineReadsNoSound() throws {
        let folder = try Self.folder(with: [])
        defer { try? FileManager.default.removeItem(at: folder) }
        let (bank, _) = CueBank.load(folder: folder, cues: [])
        let engine = AudioEngine(sink: nil, bank: bank, time: { .zero }, notice: { _ in })
        engine.begin(at: .zero)
        engine.schedule(.start, at: .seconds(1))
        try Data(WAVBuilder.wav(data: WAVBuilder.pcm16([0, 8_000]))).write(to: folder.appendingPathComponent("start.wav"))
        #expect(bank.entry(.start).source.hasSuffix("start.wav"), "read only now, not when the silent engine was asked")
    }
}

@Suite("16-bit sounds")
struct SixteenBitSoundTests {
    /// The straightforward float resampler the 16-bit one replaced.
    static func reference(_ input: [Float], from: Int, to: Int) -> [Float] {
        guard from != to, !input.isEmpty else { return input }
        let count = max(1, Int((Double(input.count) * Double(to) / Double(from)).rounded()))
        let step = Double(from) / Double(to)
        return (0..<count).map { i in
            let position = Double(i) * step
            let j = Int(position)
            let fraction = Float(position - Double(j))
            let a = input[min(j, input.count - 1)], b = input[min(j + 1, input.count - 1)]
            return a + (b - a) * fraction
        }
    }

    @Test func resamplingIn16BitsMatchesTheFloatResamplerToHalfAStep() {
        var generator = SystemRandomNumberGenerator()
        for (from, to) in [(22_050, 48_000), (44_100, 48_000), (8_000, 48_000), (96_000, 48_000), (48_000, 48_000)] {
            let pcm = (0..<Int.random(in: 1...2_000, using: &generator)).map { _ in Int16.random(in: .min ... .max, using: &generator) }
            let fast = WAVReader.resample(pcm[...], from: from, to: to)
            let slow = Self.reference(pcm.map(Float.init), from: from, to: to)
            #expect(fast.count == slow.count)
            #expect(zip(fast, slow).allSatisfy { abs(Float($0) - $1) <= 0.5 }, "\(from) → \(to)")
        }
    }

    @Test func floatSamplesRoundTripThrough16Bits() {
        let sound = Sound(samples: [0, 0.5, -0.5, -1, 1.5, Float(32767) / 32768], rate: 48_000)
        #expect(sound.pcm == [0, 16_384, -16_384, -32_768, 32_767, 32_767])
        #expect(sound.samples == [0, 0.5, -0.5, -1, Float(32767) / 32768, Float(32767) / 32768])
        #expect(sound.frameCount == 6)
    }
}
