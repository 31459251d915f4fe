/// Sums the sounds playing at each moment of the output stream, applies the volume and a soft
/// limiter, and produces 16-bit frames. Overlapping cues are mixed, never cut off.
struct Mixer {
    struct Voice {
        var sound: Sound
        /// Stream frame of the sound's first sample.
        var start: Int64
        var end: Int64 { start + Int64(sound.pcm.count) }
    }

    private(set) var voices: [Voice] = []
    private var scratch: [Float] = []
    /// The last block rendered: its storage is reused from block to block.
    private(set) var block: [Int16] = []
    /// The frames of ``block`` the last render put sound in; the rest of it is silence already.
    private var sounding = 0..<0

    /// Linear gain from the 0–100 volume: squared, so the steps sound even.
    static func gain(volume: Int) -> Float {
        let v = Float(max(0, min(100, volume))) / 100
        return v * v
    }

    mutating func add(_ sound: Sound, at frame: Int64) {
        voices.append(Voice(sound: sound, start: frame))
    }

    /// Drops voices that have not started by `frame` (used when a session pauses or skips).
    mutating func cancel(startingAtOrAfter frame: Int64) {
        voices.removeAll { $0.start >= frame }
    }

    /// Drops the voices that end by `frame`.
    mutating func forget(endingBy frame: Int64) {
        voices.removeAll { $0.end <= frame }
    }

    /// Moves voices that should have started before `frame` (but had not, their stream stopped)
    /// to start there, whole; returns how many.
    mutating func postpone(startingBefore frame: Int64) -> Int {
        var moved = 0
        for i in voices.indices where voices[i].start < frame {
            voices[i].start = frame
            moved += 1
        }
        return moved
    }

    /// Renders frames [from, from + count) into ``block`` (resized to `count`). Only the frames
    /// some voice covers are mixed: the rest of the block is silence, as the mix would make it
    /// (zero through the gain and the limiter), and of that only what held sound last time is
    /// written (a device fed every few seconds gets blocks of ~100,000 frames, mostly silent).
    mutating func render(from: Int64, count: Int, gain: Float) {
        Self.resize(&block, to: count)
        forget(endingBy: from)
        let stale = sounding.clamped(to: 0..<count)
        block.withUnsafeMutableBufferPointer { UnsafeMutableBufferPointer(rebasing: $0[stale]).update(repeating: 0) }
        sounding = 0..<0
        let blockEnd = from + Int64(count)
        var covered = (first: blockEnd, last: from)
        for voice in voices where voice.start < blockEnd && voice.end > from {
            covered = (min(covered.first, max(from, voice.start)), max(covered.last, min(blockEnd, voice.end)))
        }
        guard gain > 0, covered.first < covered.last else { return }
        let first = Int(covered.first - from), last = Int(covered.last - from)
        // The sums cover only those frames: the scratch is as long as the sounds in the block.
        Self.resize(&scratch, to: last - first)
        let scale: Float = 1.0 / 32768
        scratch.withUnsafeMutableBufferPointer { sum in
            sum.update(repeating: 0)
            let origin = from + Int64(first)
            // Plain offsets into the buffers, so the loops run without 64-bit frame arithmetic.
            for voice in voices where voice.start < blockEnd && voice.end > from {
                let start = max(from, voice.start), frames = Int(min(blockEnd, voice.end) - start)
                let into = sum.baseAddress! + Int(start - origin)
                voice.sound.pcm.withUnsafeBufferPointer { samples in
                    let source = samples.baseAddress! + Int(start - voice.start)
                    for k in 0..<frames { into[k] += Float(source[k]) * scale }
                }
            }
            block.withUnsafeMutableBufferPointer { out in
                let target = out.baseAddress! + first
                for k in 0..<(last - first) { target[k] = Int16(Self.limit(sum[k] * gain) * 32767) }
            }
        }
        sounding = first..<last
    }

    /// Makes `array` `count` long, keeping its storage (the block length varies from write to write).
    private static func resize<T: Numeric>(_ array: inout [T], to count: Int) {
        if array.count > count {
            array.removeLast(array.count - count)
        } else if array.count < count {
            array.append(contentsOf: repeatElement(0, count: count - array.count))
        }
    }

    /// Soft limiter: unchanged up to -1 dBFS, then bent smoothly so the sum never clips.
    static func limit(_ x: Float) -> Float {
        let knee: Float = 0.891
        let magnitude = abs(x)
        guard magnitude > knee else { return x }
        let bent = knee + (1 - knee) * tanhf((magnitude - knee) / (1 - knee))
        return x < 0 ? -bent : bent
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
