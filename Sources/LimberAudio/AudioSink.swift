/// Where mixed audio goes: an ALSA PCM in production, a small in-memory device in tests of
/// the engine's clock handling. Frames are mono 16-bit samples at ``rate``.
public protocol AudioSink: AnyObject {
    /// The device name, for messages.
    var name: String { get }
    /// Frames per second the device was opened at.
    var rate: Int { get }
    /// Frames the device's buffer holds.
    var bufferFrames: Int { get }
    /// Frames per period (the device's wake-up granularity).
    var periodFrames: Int { get }
    /// Writes frames, blocking while the device is full; returns frames written.
    func write(_ frames: UnsafeBufferPointer<Int16>) throws -> Int
    /// Frames written but not yet played. A device that plays nothing (ALSA's `null` or `file`)
    /// reports 0.
    func delay() throws -> Int
    /// Stops playing at once, discarding what is queued; the next write starts the device again.
    func drop()
    /// Blocks until what was written has played (a device that plays nothing returns at once).
    func drain()
    /// Releases the device.
    func close()
}

extension AudioSink {
    /// A device that can't stop early lets what it holds (silence, between cues) play out.
    public func drop() {}
}
