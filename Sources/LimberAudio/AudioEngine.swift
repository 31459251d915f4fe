import Foundation
import LimberBasics

/// Plays cues at their moments on the session clock.
///
/// Cues are queued with absolute times and placed in one continuous output stream at the
/// frame that will sound at that time; overlapping cues are mixed. One output thread keeps the
/// device fed a little ahead of the clock, with one write per wake-up. The engine paces itself against the clock, so a
/// device that takes data instantly (ALSA's `null` or `file`) records every cue at the same
/// frame a speaker would play it; with a real card it follows the card's own clock (measured
/// with `snd_pcm_delay`) so a cue at minute 30 is as punctual as one at minute 1. If the device
/// fails, the engine says so once and goes on silently; the session's timing never depends on it.
/// Between cues a real card is stopped (its queued silence dropped) and started again shortly
/// before the next sound, so the thread sleeps instead of feeding it silence.
/// A device that stops taking data (a write, drain or close that never returns) is given up
/// after ``releaseDeadline``: stopping never waits longer than that.
public final class AudioEngine: @unchecked Sendable {
    /// Counters for tests, `limber sounds check` and benchmarks.
    public struct Stats: Sendable, Equatable {
        /// Frames sent to the device.
        public var framesWritten: Int64 = 0
        /// Cues that came after their frame had been written, and so started late.
        public var lateCues = 0
        /// The worst lateness, in frames.
        public var worstLateness: Int64 = 0
        /// The card-clock correction in frames (0 for devices that play nothing).
        public var correction: Double = 0
        /// Times a real card was stopped between cues.
        public var pauses = 0
    }

    private let lock = NSLock()
    private var sink: AudioSink?
    private let time: @Sendable () -> Duration
    private let notice: @Sendable (String) -> Void
    private var bank: CueBank
    private var mixer = Mixer()
    private var origin: Duration = .zero
    private var started = false
    private var running = false
    private var thread: Thread?
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var sawDelay = false
    /// Frames the device held after the last write (its delay).
    private var queued = 0
    /// True while a real card is stopped between cues; the thread sleeps until the next sound.
    private var idle = false
    /// True once a newly queued sound woke the sleeping thread (one signal per sleep).
    private var wakeSent = false
    /// When the output thread next feeds a playing device.
    private var feedDeadline: Duration = .zero
    private var lastMeasurement: Double?
    private var driftPerSecond = 0.0
    private var stats = Stats()
    /// When the write in progress began (on `time`); nil between writes.
    private var writingSince: Duration?
    private var _volume = 100
    private var _muted = false
    public let rate: Int
    /// Frames the stream runs ahead of the clock.
    public let leadFrames: Int
    /// Frames per period of the device: the least written at a time.
    public let blockFrames: Int
    /// Frames before a sound at which a stopped card is started again.
    public let restartFrames: Int
    /// How long ``stop(drain:)`` waits for the device (the write in progress, then drain and
    /// close) before leaving it to itself.
    public let releaseDeadline: Duration
    /// How often a device that plays nothing (ALSA's `file` or `null`) is fed: each wake-up
    /// costs more than the frames, and what it is given is the same however it is cut. Each feed
    /// is one block of at most ~6 s of samples (~0.6 MB); feeding every two seconds woke the
    /// thread 0.3 times a second more.
    public static let quietFeedSeconds = 5

    /// - Parameters:
    ///   - sink: the opened device, or nil to run silently (no device, `--no-sound`).
    ///   - bank: the cue sounds.
    ///   - time: the session's monotonic clock.
    ///   - notice: where the one-line message goes if the device fails mid-session.
    ///   - releaseDeadline: how long stopping may wait for the device.
    public init(sink: AudioSink?, bank: CueBank, time: @escaping @Sendable () -> Duration,
                notice: @escaping @Sendable (String) -> Void, releaseDeadline: Duration = .seconds(1)) {
        self.sink = sink
        self.releaseDeadline = releaseDeadline
        self.bank = bank
        self.time = time
        self.notice = notice
        rate = sink?.rate ?? bank.rate
        blockFrames = max(64, sink?.periodFrames ?? rate / 100)
        leadFrames = max(blockFrames * 2, (sink?.bufferFrames ?? blockFrames * 4) - blockFrames)
        restartFrames = max(rate / 10, 2 * leadFrames)
    }

    deinit { stop(drain: false) }

    // MARK: Control

    /// True when no device is playing (none opened, or it failed).
    public var isSilent: Bool { lock.withLock { sink == nil } }

    public var currentStats: Stats { lock.withLock { stats } }

    /// Software volume, 0–100.
    public var volume: Int {
        get { lock.withLock { _volume } }
        set { lock.withLock { _volume = max(0, min(100, newValue)) } }
    }

    public var muted: Bool {
        get { lock.withLock { _muted } }
        set { lock.withLock { _muted = newValue } }
    }

    /// Starts the output thread; the stream starts now unless ``begin(at:)`` already placed it
    /// (so cues queued before the thread runs are not late by the buffer).
    public func start() {
        if !lock.withLock({ started }) { begin(at: time()) }
        lock.withLock {
            running = true
            feedDeadline = time()
        }
        let thread = Thread { [self] in
            Thread.current.name = "limber-audio" // set from the thread itself, so /proc and top show it
            run()
            finished.signal()
        }
        thread.name = "limber-audio"
        thread.qualityOfService = .userInteractive
        self.thread = thread
        thread.start()
    }

    /// Places the stream's start at `origin` on the session clock, so cues queued before
    /// ``start()`` land on time; without ``start()`` the caller drives it with ``pump(until:)``.
    public func begin(at origin: Duration) {
        lock.withLock {
            self.origin = origin
            started = true
        }
    }

    /// Stops the output thread; with `drain`, lets scheduled cues already due finish first.
    /// Returns within about twice ``releaseDeadline`` whatever the device does: a device still
    /// busy then is given up (left open, never touched again) with one notice.
    public func stop(drain: Bool = true) {
        let wasRunning = lock.withLock { () -> Bool in
            let was = running
            running = false
            return was
        }
        var stuck = false
        if wasRunning {
            wake.signal()
            stuck = finished.wait(timeout: .now() + .nanoseconds(Int(releaseDeadline.nanoseconds))) == .timedOut
        }
        thread = nil
        lock.lock()
        let device = sink
        sink = nil
        lock.unlock()
        guard let device else { return }
        // A write still in progress owns the device: it can't be drained or closed under it.
        if stuck || !release(device, drain: drain) { notice(Self.stuckNotice(device)) }
    }

    /// `limber: the sound device "default" stopped responding; continuing without sound`
    static func stuckNotice(_ device: AudioSink) -> String {
        "limber: the sound device \"\(device.name)\" stopped responding; continuing without sound"
    }

    /// Gives the device up, with one notice, once a write has been stuck for longer than
    /// ``releaseDeadline``: the output thread may stay in that write, but nothing waits for it.
    private func abandonIfStuck() {
        let stuck: AudioSink? = lock.withLock {
            guard let since = writingSince, let device = sink, time() - since > releaseDeadline else { return nil }
            sink = nil
            return device
        }
        if let stuck { notice(Self.stuckNotice(stuck)) }
    }

    /// Drains (if asked) and closes `device` on a thread of its own; false when that took longer
    /// than ``releaseDeadline`` (the thread is left to finish, or not, on its own).
    private func release(_ device: AudioSink, drain: Bool) -> Bool {
        nonisolated(unsafe) let device = device
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            if drain { device.drain() }
            device.close()
            done.signal()
        }
        thread.name = "limber-audio-close"
        thread.start()
        return done.wait(timeout: .now() + .nanoseconds(Int(releaseDeadline.nanoseconds))) == .success
    }

    /// Replaces the sounds of the cues queued from now on (an exercise's own cue sounds).
    public func setBank(_ bank: CueBank) {
        lock.withLock { self.bank = bank }
    }

    // MARK: Scheduling

    /// Queues `cue` to sound at `at` on the session clock. A time already written to the device
    /// starts as soon as possible and is counted as late. A device stuck in a write is given up
    /// here (the session queues cues at every step).
    public func schedule(_ cue: CueKind, at: Duration) {
        abandonIfStuck()
        // A silent engine plays nothing, so it reads no sound (the bank reads on first use).
        guard let bank = lock.withLock({ sink == nil ? nil : bank }) else { return }
        let layers = bank.layers(cue)
        lock.withLock {
            for layer in layers { place(layer.sound, at: frame(at) + Int64(layer.offset)) }
            wakeIfIdle()
        }
    }

    /// Queues a ready sound (a spoken phrase) to start at `at` on the session clock; false, and
    /// nothing queued, when that moment was already written to the device: a phrase never
    /// starts late, where it could run over the next cue.
    @discardableResult
    public func schedule(_ sound: Sound, at: Duration) -> Bool {
        abandonIfStuck()
        return lock.withLock {
            let start = frame(at)
            guard start >= writePosition() else { return false }
            mixer.add(sound, at: start)
            wakeIfIdle()
            return true
        }
    }

    /// Forgets cues that have not started by `from` (a pause, a skip, a quit).
    public func cancel(from: Duration) {
        lock.withLock { mixer.cancel(startingAtOrAfter: max(frame(from), writePosition())) }
    }

    /// The stream frame that sounds at session time `t`.
    private func frame(_ t: Duration) -> Int64 {
        let seconds = (t - origin).inSeconds
        return Int64((seconds * Double(rate)).rounded()) + Int64(stats.correction.rounded())
    }

    /// The first frame a sound queued now can still start at: the next one written, or while a
    /// stopped card sleeps, the one the clock is at (under the lock).
    private func writePosition() -> Int64 {
        idle ? max(stats.framesWritten, frame(time())) : stats.framesWritten
    }

    private func place(_ sound: Sound, at wanted: Int64) {
        let written = writePosition()
        var start = wanted
        if wanted < written {
            stats.lateCues += 1
            stats.worstLateness = max(stats.worstLateness, written - wanted)
            start = written
        }
        mixer.add(sound, at: start)
    }

    /// Wakes the output thread sleeping with a stopped card, once per sleep (under the lock).
    private func wakeIfIdle() {
        guard idle, !wakeSent else { return }
        wakeSent = true
        wake.signal()
    }

    // MARK: Output

    /// Writes the stream up to the frame that sounds at `until` plus the lead. Returns the
    /// frames written.
    @discardableResult
    public func pump(until: Duration) -> Int {
        var total = 0
        while true {
            lock.lock()
            guard started, let device = sink else {
                // Silent: keep the position so cue lateness stays meaningful.
                if started { stats.framesWritten = max(stats.framesWritten, frame(until) + Int64(leadFrames)) }
                mixer.cancel(startingAtOrAfter: Int64.min)
                lock.unlock()
                return total
            }
            let target = frame(until) + Int64(leadFrames)
            // A device that plays nothing is normally a feed interval behind.
            let feed = sawDelay ? 0 : Self.quietFeedSeconds * rate
            if target - stats.framesWritten > Int64(leadFrames + feed + 2 * rate) {
                // Two seconds later than due: the process was stopped (SIGSTOP). What
                // fell in the gap is stale; the stream goes on from now (cues due in the gap end
                // before it and are dropped as the mixer renders).
                stats.framesWritten = target - Int64(leadFrames)
                lastMeasurement = nil
            }
            guard stats.framesWritten < target else {
                lock.unlock()
                return total
            }
            let gain = _muted ? 0 : Mixer.gain(volume: _volume)
            // All that is due in one write: each call into libasound costs more than the frames.
            // A card takes at most its buffer at a time (its write would block until it had
            // played the rest); a device that plays nothing takes what the clock has reached.
            let most = sawDelay ? leadFrames + blockFrames : leadFrames + feed + rate
            let count = Int(min(target - stats.framesWritten, Int64(most)))
            mixer.render(from: stats.framesWritten, count: max(count, blockFrames), gain: gain)
            let chunk = mixer.block
            writingSince = time()
            lock.unlock()

            do {
                let written = try chunk.withUnsafeBufferPointer { try device.write($0) }
                let delay = try device.delay()
                lock.withLock {
                    writingSince = nil
                    stats.framesWritten += Int64(written)
                    track(delay: delay, now: until)
                }
                total += written
            } catch {
                lock.withLock { writingSince = nil }
                fail(error)
                return total
            }
        }
    }

    /// Follows a real card's clock: the frame it is playing now is `written - delay`; its
    /// distance from where the session clock says the stream should be is tracked by an
    /// alpha-beta filter (offset and drift rate), which follows a steadily drifting card with no
    /// lag and smooths the jitter of single readings. A device that reports no delay plays
    /// nothing and needs no correction.
    private func track(delay: Int, now: Duration) {
        if delay > 0 { sawDelay = true }
        queued = delay
        guard sawDelay else { return }
        let seconds = (now - origin).inSeconds
        let error = Double(stats.framesWritten - Int64(delay)) - seconds * Double(rate)
        guard let last = lastMeasurement else {
            lastMeasurement = seconds
            stats.correction = error
            return
        }
        let dt = seconds - last
        guard dt > 0 else { return }
        lastMeasurement = seconds
        let predicted = stats.correction + driftPerSecond * dt
        let residual = error - predicted
        stats.correction = predicted + 0.05 * residual
        driftPerSecond += 0.002 * residual / dt
    }

    private func fail(_ error: Error) {
        lock.lock()
        let device = sink
        sink = nil
        lock.unlock()
        device?.close()
        let reason = (error as? ALSAError)?.reason ?? "\(error)"
        notice("limber: the sound device \"\(device?.name ?? "?")\" stopped working (\(reason)); continuing without sound")
    }

    /// The output thread: a turn, then sleep until the time it gives (or until woken), repeat.
    /// Once stopped, it writes what is due up to the moment of stopping (a device fed every few
    /// seconds would otherwise miss the end of a sound that ends just before), unless the card
    /// is already stopped.
    private func run() {
        while lock.withLock({ running }) {
            let now = time()
            if let next = turn(at: now) {
                if next > now { _ = wake.wait(timeout: .now() + .nanoseconds(Int((next - now).nanoseconds))) }
            } else {
                wake.wait()
            }
        }
        if !lock.withLock({ idle }) { pump(until: time()) }
    }

    /// One turn of the output thread at `now` on the session clock: feeds the device up to the
    /// lead, or stops a real card that has nothing to play for a while and starts it again
    /// shortly before the next sound. Returns when to turn again; nil: not before a sound is
    /// queued (which wakes the thread).
    ///
    /// A real card is fed every half buffer (its writes block when full) while something
    /// sounds. A device that plays nothing is fed every ``quietFeedSeconds``, in one write: the
    /// stream never runs more than the lead ahead of the clock either way, so cues land on the
    /// same frames, at a fraction of the wake-ups.
    public func turn(at now: Duration) -> Duration? {
        let asleep = lock.withLock { () -> (Bool, Int64) in
            guard idle else { return (false, 0) }
            wakeSent = false
            let restart = restartFrame()
            guard frame(now) >= restart else { return (true, restart) }
            resumeStream(at: now)
            return (false, 0)
        }
        if asleep.0 { return asleep.1 == .max ? nil : moment(asleep.1) }
        pump(until: now)
        if let restart = lock.withLock({ quietUntil() }) {
            stopCard()
            return restart == .max ? nil : lock.withLock { moment(restart) }
        }
        return lock.withLock {
            // A turn woken before its time (a cue queued) keeps the deadline it had.
            if feedDeadline <= now { feedDeadline += sawDelay ? halfBuffer : .seconds(Self.quietFeedSeconds) }
            if feedDeadline < now { feedDeadline = now } // fell behind (a stall): don't race to catch up
            return feedDeadline
        }
    }

    /// Half the card's buffer, as a duration: how often a playing card is fed.
    private var halfBuffer: Duration { .nanoseconds(Int64(leadFrames + blockFrames) * 500_000_000 / Int64(rate)) }

    /// The session time at which stream frame `frame` sounds (under the lock).
    private func moment(_ frame: Int64) -> Duration {
        origin + .nanoseconds(Int64(((Double(frame) - stats.correction.rounded()) * 1e9 / Double(rate)).rounded()))
    }

    /// For a real card with nothing left to hear in what it holds and no sound due within
    /// ``restartFrames``: the frame to start it again at (`Int64.max` with nothing queued), or
    /// nil to keep feeding it (under the lock).
    private func quietUntil() -> Int64? {
        guard sawDelay, sink != nil else { return nil }
        let played = stats.framesWritten - Int64(queued)
        guard !mixer.voices.contains(where: { $0.start < stats.framesWritten && $0.end > played }) else { return nil }
        let restart = restartFrame()
        return restart > stats.framesWritten + Int64(leadFrames) ? restart : nil
    }

    /// The frame at which the card must be playing again: ``restartFrames`` before the first
    /// sound still to be heard (under the lock).
    private func restartFrame() -> Int64 {
        let played = stats.framesWritten - Int64(queued)
        guard let next = mixer.voices.filter({ $0.end > played }).map(\.start).min() else { return .max }
        return next - Int64(restartFrames)
    }

    /// Stops the card, dropping the silence it holds: the thread sleeps until the next sound.
    private func stopCard() {
        guard let device = lock.withLock({ () -> AudioSink? in
            writingSince = time()
            return sink
        }) else { return }
        device.drop()
        lock.withLock {
            writingSince = nil
            queued = 0
            idle = true
            stats.pauses += 1
        }
    }

    /// Places the stream at the clock again after a stop (under the lock). The card starts
    /// afresh from the session clock, so its drift does not build up between cues; a sound
    /// queued for a moment that passed while it slept starts at once, counted as late.
    private func resumeStream(at now: Duration) {
        idle = false
        // Voices written before the stop have played (it waited for them); the rest start after
        // the frame the stream was at, or the clock is at, whichever is later.
        mixer.forget(endingBy: stats.framesWritten)
        stats.framesWritten = frame(now)
        lastMeasurement = (now - origin).inSeconds
        stats.lateCues += mixer.postpone(startingBefore: stats.framesWritten)
        feedDeadline = now
    }
}

/// The system's monotonic clock, for production: never jumps with wall-clock changes.
public enum MonotonicTime {
    public static func now() -> Duration {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return .seconds(ts.tv_sec) + .nanoseconds(ts.tv_nsec)
    }

    /// Sleeps for the time from `now` to `deadline`; both come from the same clock, so
    /// deadlines stay absolute and sleeping never accumulates drift.
    public static func sleep(until deadline: Duration, from now: Duration) {
        guard deadline > now else { return }
        let wait = (deadline - now).nanoseconds
        var request = timespec(tv_sec: wait / 1_000_000_000, tv_nsec: wait % 1_000_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}
