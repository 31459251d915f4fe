import CALSA
import Foundation

/// An ALSA playback PCM opened once and kept open: S16 mono at 48 kHz, negotiated through the
/// plug layer when the device itself does not take that format.
///
/// A device that plays nothing (ALSA's `file` over `null`, the capture device of the tests and
/// benchmarks) is recognised at the first write, by reporting no delay, and opened again with a
/// buffer of ``clocklessLatencyMicroseconds``: the `file` plugin writes its file one buffer at a
/// time, so a second of sound reaches the file in one write instead of 25.
public final class ALSAPCM: AudioSink {
    public let name: String
    public private(set) var rate: Int
    /// The buffer negotiated at opening, which the engine paces against (a device reopened with
    /// a larger buffer because it plays nothing keeps this figure).
    public private(set) var bufferFrames: Int = 0
    /// The period negotiated at opening.
    public private(set) var periodFrames: Int = 0
    /// True once the first write showed the device plays nothing and it was reopened with the
    /// larger buffer.
    public private(set) var widened = false
    /// Whether the first write may reopen a device that plays nothing (off: it keeps the buffer it
    /// was opened with; tests compare the two).
    private let widensClockless: Bool
    private var checkedClock = false
    /// The name actually opened (with `plug:` when the device needed converting).
    private var opened: String
    private var handle: OpaquePointer?
    private var config: OpaquePointer?

    /// Requested device latency: small, so a cue starts well within 50 ms of its time.
    public static let latencyMicroseconds: UInt32 = 40_000
    /// Requested latency for a device that plays nothing: nothing waits on it, and each buffer
    /// is one write to its file.
    public static let clocklessLatencyMicroseconds: UInt32 = 1_000_000

    /// Opens `name` for playback.
    ///
    /// - Parameters:
    ///   - name: an ALSA PCM name such as `default`, `hw:0`, or one defined in an asoundrc.
    ///   - configFile: an asoundrc to read PCM definitions from instead of the system's
    ///     configuration (tests use this for a `file` PCM; users set `--device`).
    ///   - widensClockless: reopen a device that plays nothing with a larger buffer at the first
    ///     write (the default; tests turn it off to compare).
    public init(name: String, configFile: String? = nil, rate: Int = AudioFormat.sampleRate,
                widensClockless: Bool = true) throws {
        ALSALibrary.silenceDiagnostics()
        self.name = name
        self.rate = rate
        self.widensClockless = widensClockless
        opened = name
        if let configFile { config = try Self.loadConfig(configFile, device: name) }
        do {
            try open(name)
        } catch let error as ALSAError where error.code == -EINVAL && !name.hasPrefix("plug:") {
            // The device exists but won't take S16 mono 48 kHz directly: let plug convert.
            closeHandle()
            try open("plug:" + name)
        }
        var buffer: snd_pcm_uframes_t = 0, period: snd_pcm_uframes_t = 0
        try alsaCheck(snd_pcm_get_params(handle, &buffer, &period), "read the parameters of", device: name)
        bufferFrames = Int(buffer)
        periodFrames = Int(period)
    }

    deinit { close() }

    private func open(_ device: String, latency: UInt32 = latencyMicroseconds) throws {
        var pcm: OpaquePointer?
        let result = config.map { snd_pcm_open_lconf(&pcm, device, SND_PCM_STREAM_PLAYBACK, 0, $0) }
            ?? snd_pcm_open(&pcm, device, SND_PCM_STREAM_PLAYBACK, 0)
        try alsaCheck(result, "open", device: name)
        handle = pcm
        opened = device
        try alsaCheck(snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED,
                                         1, UInt32(rate), 1, latency), "configure", device: name)
    }

    private static func loadConfig(_ path: String, device: String) throws -> OpaquePointer? {
        var top: OpaquePointer?
        try alsaCheck(snd_config_top(&top), "prepare the configuration for", device: device)
        var input: OpaquePointer?
        guard let file = fopen(path, "r") else {
            snd_config_delete(top)
            throw ALSAError(code: -errno, device: device, operation: "read the configuration \(path) for")
        }
        // snd_input_stdio_attach takes ownership of `file` (close = 1).
        guard snd_input_stdio_attach(&input, file, 1) >= 0 else {
            fclose(file)
            snd_config_delete(top)
            throw ALSAError(code: -EIO, device: device, operation: "read the configuration \(path) for")
        }
        defer { snd_input_close(input) }
        let loaded = snd_config_load(top, input)
        if loaded < 0 {
            snd_config_delete(top)
            throw ALSAError(code: loaded, device: device, operation: "parse the configuration \(path) for")
        }
        return top
    }

    public func write(_ frames: UnsafeBufferPointer<Int16>) throws -> Int {
        let done = try writeAll(frames)
        if !checkedClock {
            checkedClock = true
            if widensClockless, playsNothing() { try widen(rewriting: frames) }
        }
        return done
    }

    /// True when the device, just given frames and started, reports that it holds none: it
    /// takes data without playing it (an error, such as an underrun, does not count).
    private func playsNothing() -> Bool {
        var frames: snd_pcm_sframes_t = 0
        guard let handle, snd_pcm_delay(handle, &frames) == 0 else { return false }
        return frames == 0
    }

    /// Opens the device again with the larger buffer and writes the first frames again: the
    /// `file` plugin truncates its file on opening, so the file holds the same bytes as if it
    /// had been opened so. Called once, after the first write, for a device that reported no
    /// delay (a card holding what it was just given reports it).
    private func widen(rewriting frames: UnsafeBufferPointer<Int16>) throws {
        closeHandle()
        try open(opened, latency: Self.clocklessLatencyMicroseconds)
        _ = try writeAll(frames)
        widened = true
    }

    /// Writes all of `frames`, recovering from underruns, and starts the stream.
    private func writeAll(_ frames: UnsafeBufferPointer<Int16>) throws -> Int {
        guard let handle, let base = frames.baseAddress else {
            throw ALSAError(code: -EBADFD, device: name, operation: "write to")
        }
        // Stopped between cues (dropped): ready it again.
        if snd_pcm_state(handle) == SND_PCM_STATE_SETUP {
            try alsaCheck(snd_pcm_prepare(handle), "restart", device: name)
        }
        var done = 0
        while done < frames.count {
            let result = snd_pcm_writei(handle, base + done, snd_pcm_uframes_t(frames.count - done))
            if result >= 0 {
                done += Int(result)
                continue
            }
            // Underrun (EPIPE) and suspend (ESTRPIPE) are recoverable; anything else is a failure.
            let code = Int32(truncatingIfNeeded: result)
            if code == -EAGAIN || code == -EINTR { continue }
            if snd_pcm_recover(handle, code, 1) < 0 {
                throw ALSAError(code: code, device: name, operation: "play on")
            }
        }
        // Start playing now rather than once the buffer is full, so the first frame written
        // sounds when the engine placed it (a restart or a recovered underrun included).
        if snd_pcm_state(handle) == SND_PCM_STATE_PREPARED { snd_pcm_start(handle) }
        return done
    }

    public func drop() {
        if let handle { snd_pcm_drop(handle) }
    }

    public func delay() throws -> Int {
        guard let handle else { return 0 }
        var frames: snd_pcm_sframes_t = 0
        let result = snd_pcm_delay(handle, &frames)
        if result < 0 {
            // A stream not yet started or just recovered has no meaningful delay.
            if result == -EPIPE || result == -EBADFD { return 0 }
            throw ALSAError(code: result, device: name, operation: "query the delay of")
        }
        return max(0, Int(frames))
    }

    /// Lets queued frames play out, then closes.
    public func drain() {
        if let handle { snd_pcm_drain(handle) }
    }

    public func close() {
        closeHandle()
        if let config {
            snd_config_delete(config)
            self.config = nil
        }
    }

    private func closeHandle() {
        if let handle {
            snd_pcm_close(handle)
            self.handle = nil
        }
    }
}
