import Foundation
import LimberAudio
import LimberTestSupport
import Testing

/// A device stand-in: accepts frames like a card, optionally failing or drifting.
final class FakeCard: AudioSink, @unchecked Sendable {
    func drain() {}
    let name = "fake"
    let rate = 48_000
    let bufferFrames: Int
    let periodFrames: Int

    init(periodFrames: Int = 480) {
        self.periodFrames = periodFrames
        bufferFrames = periodFrames * 4
    }
    /// The card's clock runs this much fast (parts per million) against the session clock.
    var ppm = 0.0
    /// Fails every write from this one on.
    var failAfterWrites: Int?
    /// The session time now (set by the test).
    var now = Duration.zero
    var plays = true
    private(set) var writes = 0
    private(set) var written: Int64 = 0
    /// Frames where sound began after at least 10 ms of silence.
    private(set) var onsets: [Int64] = []
    private var silentRun = Int.max
    private(set) var closed = false

    func write(_ frames: UnsafeBufferPointer<Int16>) throws -> Int {
        writes += 1
        if let limit = failAfterWrites, writes > limit { throw ALSAError(code: -19, device: name, operation: "play on") }
        if silentRun >= 480, frames.allSatisfy({ $0 == 0 }) {
            silentRun = Int.max
        } else {
            for (i, s) in frames.enumerated() {
                if s != 0 {
                    if silentRun >= 480 { onsets.append(written + Int64(i)) }
                    silentRun = 0
                } else if silentRun < Int.max {
                    silentRun += 1
                }
            }
        }
        written += Int64(frames.count)
        return frames.count
    }

    func delay() throws -> Int {
        guard plays else { return 0 }
        let seconds = Double(now.components.seconds) + Double(now.components.attoseconds) * 1e-18
        let consumed = min(Double(written), seconds * Double(rate) * (1 + ppm / 1e6))
        return Int(Double(written) - consumed)
    }

    /// When the card plays `frame`, on the session clock.
    func playTime(of frame: Int64) -> Double { Double(frame) / (Double(rate) * (1 + ppm / 1e6)) }

    func close() { closed = true }
}

final class Notices: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.withLock { items.append(s) } }
    var all: [String] { lock.withLock { items } }
}

@Suite("Audio faults and clock lock")
struct EngineFaultTests {
    @Test func missingDeviceGivesOneClearSentence() {
        let (sink, notice) = AudioOutput.open(device: "limber-no-such-device")
        #expect(sink == nil)
        #expect(notice == "limber: the sound device \"limber-no-such-device\" can't be opened (No such file or directory); continuing without sound — try --device or --no-sound")
    }

    @Test func deviceFailingMidSessionGoesSilentOnceAndKeepsTime() {
        let card = FakeCard()
        card.failAfterWrites = 50
        let notices = Notices()
        let engine = AudioEngine(sink: card, bank: .synthesised(), time: { .zero }, notice: notices.add)
        engine.begin(at: .zero)
        for second in 1...5 { engine.schedule(.start, at: .seconds(second)) }
        var t = Duration.zero
        while t < .seconds(6) {
            card.now = t
            engine.pump(until: t)
            t += .milliseconds(10)
        }
        #expect(engine.isSilent)
        #expect(card.closed)
        #expect(notices.all == ["limber: the sound device \"fake\" stopped working (No such device); continuing without sound"])
        // Scheduling and pumping go on without a device.
        engine.schedule(.rest, at: .seconds(7))
        engine.pump(until: .seconds(8))
        #expect(engine.currentStats.framesWritten >= Int64(8 * 48_000))
    }

    @Test func silentEngineNeedsNoDevice() {
        let engine = AudioEngine(sink: nil, bank: .synthesised(), time: { .zero }, notice: { _ in })
        engine.begin(at: .zero)
        engine.schedule(.start, at: .seconds(1))
        #expect(engine.pump(until: .seconds(2)) == 0)
        #expect(engine.isSilent)
    }

    /// A card whose clock runs 200 ppm fast drifts 0.36 s from the session clock in 30 minutes;
    /// the engine follows the card so the cue still sounds on time.
    @Test func cueAtMinuteThirtyIsAsPunctualAsAtMinuteOne() {
        for ppm in [200.0, -150.0] {
            let card = FakeCard(periodFrames: 4_800) // 100 ms blocks keep this debug-build test quick
            card.ppm = ppm
            let engine = AudioEngine(sink: card, bank: .synthesised(), time: { .zero }, notice: { _ in })
            engine.begin(at: .zero)
            let times: [Duration] = [.seconds(60), .seconds(1_800)]
            var t = Duration.zero
            var next = 0
            while t <= .seconds(1_801) {
                card.now = t
                // Schedule each cue a second ahead, as the session does.
                if next < times.count, t >= times[next] - .seconds(1) {
                    engine.schedule(.start, at: times[next])
                    next += 1
                }
                engine.pump(until: t)
                t += .milliseconds(100)
            }
            #expect(card.onsets.count == 2)
            for (onset, scheduled) in zip(card.onsets, times) {
                let error = card.playTime(of: onset) - Double(scheduled.components.seconds)
                #expect(abs(error) < 0.0002, "\(ppm) ppm: cue at \(scheduled) sounded \(error * 1000) ms off")
            }
            #expect(engine.currentStats.lateCues == 0)
        }
    }

    @Test func lateCueStartsAtOnceAndIsCounted() {
        let card = FakeCard()
        card.plays = false
        let engine = AudioEngine(sink: card, bank: .synthesised(), time: { .zero }, notice: { _ in })
        engine.begin(at: .zero)
        engine.pump(until: .seconds(1))
        engine.schedule(.start, at: .milliseconds(900))
        engine.pump(until: .seconds(2))
        #expect(engine.currentStats.lateCues == 1)
        #expect(card.onsets.count == 1)
    }

    @Test func aDeviceWhoseWriteNeverReturnsIsGivenUpAndStopReturns() {
        let card = StuckCard(stuckIn: .write)
        let notices = Notices()
        let engine = AudioEngine(sink: card, bank: .synthesised(), time: MonotonicTime.now, notice: notices.add,
                                 releaseDeadline: .milliseconds(50))
        engine.start()
        card.entered.wait()
        engine.stop(drain: true)
        #expect(notices.all == [#"limber: the sound device "stuck" stopped responding; continuing without sound"#])
        #expect(!card.closed, "a device busy in a write is never closed under it")
        #expect(engine.isSilent)
    }

    @Test func aWriteStuckMidSessionIsGivenUpAtTheNextCueWithOneNotice() {
        let card = StuckCard(stuckIn: .write)
        let notices = Notices()
        let clock = TestTime()
        let engine = AudioEngine(sink: card, bank: .synthesised(), time: clock.now, notice: notices.add,
                                 releaseDeadline: .seconds(1))
        engine.start()
        card.entered.wait()
        engine.schedule(.start, at: .milliseconds(500))
        #expect(notices.all.isEmpty, "a write may take a while")
        clock.set(.seconds(2))
        engine.schedule(.rest, at: .seconds(3))
        #expect(engine.isSilent)
        #expect(notices.all == [#"limber: the sound device "stuck" stopped responding; continuing without sound"#])
        clock.set(.seconds(4))
        engine.stop(drain: true)
        #expect(notices.all.count == 1, "said once")
    }

    @Test func aDrainOrCloseThatNeverReturnsIsGivenUp() {
        for place in [StuckCard.Place.drain, .close] {
            let card = StuckCard(stuckIn: place)
            let notices = Notices()
            let engine = AudioEngine(sink: card, bank: .synthesised(), time: { .zero }, notice: notices.add,
                                     releaseDeadline: .milliseconds(50))
            engine.begin(at: .zero)
            engine.pump(until: .zero)
            engine.stop(drain: true)
            #expect(notices.all.count == 1, "\(place)")
        }
    }

    @Test func aStreamFarBehindTheClockSkipsTheGapInsteadOfPlayingItsCues() {
        let card = FakeCard()
        card.plays = false
        let engine = AudioEngine(sink: card, bank: .synthesised(), time: { .zero }, notice: { _ in })
        engine.begin(at: .zero)
        engine.pump(until: .seconds(1))
        engine.schedule(.start, at: .seconds(10))  // due while the process was stopped
        engine.schedule(.rest, at: .seconds(32))
        engine.pump(until: .seconds(31))           // woken 30 s later
        engine.pump(until: .seconds(32))
        engine.pump(until: .seconds(33))
        #expect(card.onsets.count == 1, "only the cue after the gap sounds")
        #expect(card.written < Int64(48_000 * 5), "the gap was not written out")
    }
}

/// A clock a test sets, read from the engine's thread.
final class TestTime: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Duration.zero
    func set(_ t: Duration) { lock.withLock { value = t } }
    @Sendable func now() -> Duration { lock.withLock { value } }
}

/// A device that stops responding in one place: its write, its drain or its close never returns.
final class StuckCard: AudioSink, @unchecked Sendable {
    enum Place { case write, drain, close }
    let name = "stuck"
    let rate = 48_000
    let bufferFrames = 1_920
    let periodFrames = 480
    let place: Place
    /// Signalled when the stuck call is entered.
    let entered = DispatchSemaphore(value: 0)
    private let never = DispatchSemaphore(value: 0)
    private(set) var closed = false

    init(stuckIn place: Place) { self.place = place }

    func write(_ frames: UnsafeBufferPointer<Int16>) throws -> Int {
        if place == .write { block() }
        return frames.count
    }
    func delay() throws -> Int { 0 }
    func drain() { if place == .drain { block() } }
    func close() {
        if place == .close { block() }
        closed = true
    }

    private func block() {
        entered.signal()
        never.wait()
    }
}
