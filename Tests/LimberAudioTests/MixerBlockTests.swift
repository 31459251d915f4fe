import LimberTestSupport
import Testing

@testable import LimberAudio

/// The mixer reuses its block and silences only the frames that held sound last time: each
/// block must be what a fresh mixer, whose block is all silence, renders for the same frames.
@Suite("Mixer blocks")
struct MixerBlockTests {
    /// The mix frame by frame, as the mixer's arithmetic defines it: each voice's sample over
    /// 32768 summed in the voices' order, then the gain, the limiter and the scale to 16 bits.
    static func mixed(_ voices: [Mixer.Voice], from: Int64, count: Int, gain: Float) -> [Int16] {
        (0..<count).map { i in
            let frame = from + Int64(i)
            var sum: Float = 0
            var sounding = false
            for voice in voices where voice.start <= frame && frame < voice.end {
                sum += Float(voice.sound.pcm[Int(frame - voice.start)]) * (1.0 / 32768)
                sounding = true
            }
            return sounding && gain > 0 ? Int16(Mixer.limit(sum * gain) * 32767) : 0
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func eachBlockIsWhatAFreshMixerRenders(seed: UInt64) {
        var random = SeededGenerator(state: seed)
        var mixer = Mixer()
        var position: Int64 = 0
        var rendered = (sounding: 0, silent: 0)
        for _ in 0..<300 {
            if Int.random(in: 0..<3, using: &random) == 0 {
                let pcm = (0..<Int.random(in: 1...3_000, using: &random)).map { _ in Int16.random(in: -30_000...30_000, using: &random) }
                mixer.add(Sound(pcm: pcm, rate: 48_000), at: position + Int64.random(in: -500...6_000, using: &random))
            }
            if Int.random(in: 0..<40, using: &random) == 0 { mixer.cancel(startingAtOrAfter: position + 1_000) }
            // Blocks of varying length, as the engine's feeds are: they shrink and grow.
            let count = Int.random(in: 1...5_000, using: &random)
            let gain = Int.random(in: 0..<10, using: &random) == 0 ? 0 : Mixer.gain(volume: Int.random(in: 1...100, using: &random))
            var fresh = Mixer()
            for voice in mixer.voices { fresh.add(voice.sound, at: voice.start) }
            fresh.render(from: position, count: count, gain: gain)
            mixer.render(from: position, count: count, gain: gain)
            #expect(mixer.block == fresh.block, "block at \(position), \(count) frames")
            #expect(mixer.block == Self.mixed(mixer.voices, from: position, count: count, gain: gain), "block at \(position)")
            if mixer.block.contains(where: { $0 != 0 }) { rendered.sounding += 1 } else { rendered.silent += 1 }
            position += Int64(count)
        }
        #expect(rendered.sounding > 50 && rendered.silent > 20)
    }
}
