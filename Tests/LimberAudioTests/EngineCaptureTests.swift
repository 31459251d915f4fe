import Foundation
import LimberAudio
import LimberBasics
import LimberTestSupport
import Testing

/// Cues played through real libasound into a `file` PCM, the capture analysed sample by sample.
@Suite("Playing cues through libasound")
struct EngineCaptureTests {
    static let rate = 48_000
    static let bank = CueBank.load(folder: Fixtures.packageRoot.appendingPathComponent("Sounds")).bank

    /// Plays `cues` with the clock stepped 10 ms at a time up to `until`, and returns the capture.
    func capture(_ cues: [(CueKind, Duration)], until: Duration, volume: Int = 100, step: Duration = .milliseconds(10)) throws -> [Float] {
        let file = try captureFile(cues, until: until, volume: volume, step: step)
        return try WAVReader.decode(file.bytes, name: "capture", maxSeconds: 3_600, maxBytes: 1 << 30).samples
    }

    /// The capture file's bytes, and whether the device was reopened with the larger buffer.
    func captureFile(_ cues: [(CueKind, Duration)], until: Duration, volume: Int = 100, step: Duration = .milliseconds(10),
                     widens: Bool = true) throws -> (bytes: [UInt8], widened: Bool) {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let alsa = try TestALSA(folder: folder)
        let pcm = try ALSAPCM(name: alsa.device, configFile: alsa.configFile.path, widensClockless: widens)
        let engine = AudioEngine(sink: pcm, bank: Self.bank, time: { .zero }, notice: { _ in })
        engine.volume = volume
        engine.begin(at: .zero)
        for (cue, at) in cues { engine.schedule(cue, at: at) }
        var t = Duration.zero
        while t <= until {
            engine.pump(until: t)
            t += step
        }
        engine.stop(drain: false)
        return ([UInt8](try Data(contentsOf: alsa.capture)), pcm.widened)
    }

    /// The capture device plays nothing, so its first write reopens it with a second's buffer
    /// (one write to the file per second instead of 25): the file holds the same bytes, header
    /// included, as through the 40 ms buffer it was opened with, however the stream is cut.
    @Test func aDeviceThatPlaysNothingIsReopenedWiderAndWritesTheSameBytes() throws {
        let cues: [(CueKind, Duration)] = [(.getReady, .milliseconds(30)), (.countdown, .milliseconds(1_210)),
                                           (.start, .milliseconds(2_003)), (.rest, .milliseconds(3_517))]
        for step in [Duration.milliseconds(10), .milliseconds(370), .seconds(1), .seconds(2)] {
            let narrow = try captureFile(cues, until: .seconds(5), step: step, widens: false)
            let wide = try captureFile(cues, until: .seconds(5), step: step)
            #expect(!narrow.widened && wide.widened)
            #expect(narrow.bytes.count > 4 * 2 * Self.rate)
            #expect(narrow.bytes == wide.bytes, "written \(step) at a time")
        }
    }

    static func frame(_ d: Duration) -> Int {
        let c = d.components
        return Int(((Double(c.seconds) + Double(c.attoseconds) * 1e-18) * Double(rate)).rounded())
    }

    static func onset(_ samples: [Float], from: Int = 0, threshold: Float = 0.004) -> Int? {
        guard from < samples.count else { return nil }
        return samples[from...].firstIndex { abs($0) > threshold }
    }

    /// The mixer renders only the frames some voice covers: the stream is the same to the sample
    /// however it is cut into writes (a period at a time, or a second), overlapping cues included.
    @Test func theStreamIsTheSameWhateverTheWriteSize() throws {
        let kinds: [CueKind] = [.sessionDone, .countdown, .switchSides, .lastSet, .interval, .rest]
        // 90 ms apart with fractions of a millisecond: most overlap their neighbours.
        let cues: [(CueKind, Duration)] = (0..<18).map { i in
            (kinds[i % kinds.count], .milliseconds(200 + 90 * i + (i % 3) * 700) + .microseconds(211 * i))
        }
        let small = try capture(cues, until: .seconds(5), volume: 70)
        for step in [Duration.milliseconds(370), .seconds(1)] {
            let large = try capture(cues, until: .seconds(5), volume: 70, step: step)
            let n = min(small.count, large.count)
            #expect(n >= 4 * Self.rate, "past the last cue")
            #expect(small[..<n] == large[..<n], "written \(step) at a time")
        }
        #expect(small.contains { $0 != 0 })
    }

    @Test func twentyFourCuesOverAMinuteLandOnTheirSample() throws {
        let kinds: [CueKind] = [.getReady, .countdown, .start, .halfway, .interval, .rest, .switchSides, .lastSet,
                                .tempoUp, .tempoHold, .tempoDown, .exerciseDone]
        // Irregular times, with fractions of a millisecond, 2.45 s apart: no two overlap.
        let cues: [(CueKind, Duration)] = (0..<24).map { i in
            (kinds[i % kinds.count], .milliseconds(500 + 2_450 * i) + .microseconds(137 * i))
        }
        let samples = try capture(cues, until: .seconds(61))
        #expect(samples.count >= 61 * Self.rate)
        #expect(samples.map(abs).max()! < Float(32767) / 32768, "clipped")

        var previousEnd = 0
        for (index, (cue, at)) in cues.enumerated() {
            let start = Self.frame(at)
            let tone = Self.bank.entry(cue).tone.samples
            let expected = start + Self.onset(tone)!
            let found = try #require(Self.onset(samples, from: previousEnd), "cue \(index) (\(cue.rawValue)) missing")
            #expect(abs(found - expected) <= Self.rate / 1000,
                    "cue \(index) (\(cue.rawValue)) at frame \(found), expected \(expected)")
            // Silence between cues, to the sample.
            #expect(samples[previousEnd..<start].allSatisfy { $0 == 0 }, "noise before cue \(index)")
            // The whole tone is there (a 16-bit copy of it).
            for (i, value) in tone.enumerated() where i % 7 == 0 {
                #expect(abs(samples[start + i] - value) < 2.0 / 32768, "cue \(index) differs at sample \(i)")
            }
            let layers = Self.bank.layers(cue)
            previousEnd = start + layers.map { $0.offset + $0.sound.samples.count }.max()!
        }
        #expect(samples[previousEnd...].allSatisfy { $0 == 0 })
    }

    @Test func spokenWordFollowsItsTone() throws {
        let samples = try capture([(.switchSides, .seconds(1))], until: .seconds(3))
        let layers = Self.bank.layers(.switchSides)
        #expect(layers.count == 2)
        let voice = layers[1]
        let voiceStart = Self.rate + voice.offset
        let energy = samples[voiceStart..<voiceStart + voice.sound.samples.count].reduce(0) { $0 + $1 * $1 }
        let expected = voice.sound.samples.reduce(0) { $0 + $1 * $1 }
        #expect(abs(energy - expected) / expected < 0.01)
    }

    @Test func overlappingCuesAreMixedNotCutOff() throws {
        // A beep on top of a spoken word: both must be in the mix, limited but not clipped.
        let voiceAt = Duration.seconds(1)
        let layers = Self.bank.layers(.getReady)
        let voice = layers[1]
        let voiceFrame = Self.rate + voice.offset
        let beepAt = voiceAt + .nanoseconds(Int64(voice.offset) * 1_000_000_000 / Int64(Self.rate)) + .milliseconds(100)
        let samples = try capture([(.getReady, voiceAt), (.countdown, beepAt)], until: .seconds(3))
        let beep = Self.bank.entry(.countdown).tone.samples
        let beepFrame = Self.frame(beepAt)
        var mixedMatches = 0
        for i in 0..<beep.count {
            let v = voice.sound.samples[beepFrame - voiceFrame + i]
            let sum = v + beep[i]
            let limited = abs(sum) > 0.891 ? (sum < 0 ? -1 : 1) * (0.891 + 0.109 * tanhf((abs(sum) - 0.891) / 0.109)) : sum
            if abs(samples[beepFrame + i] - limited) < 2.0 / 32768 { mixedMatches += 1 }
        }
        #expect(mixedMatches == beep.count, "the overlap is not the limited sum of both sounds")
        // And the voice continues after the beep.
        let after = beepFrame + beep.count
        #expect(abs(samples[after + 100] - voice.sound.samples[after + 100 - voiceFrame]) < 2.0 / 32768)
        #expect(samples.map(abs).max()! < 1)
    }

    @Test func volumeScalesAndMuteSilences() throws {
        let loud = try capture([(.start, .seconds(1))], until: .seconds(2))
        let half = try capture([(.start, .seconds(1))], until: .seconds(2), volume: 50)
        let muted = try capture([(.start, .seconds(1))], until: .seconds(2), volume: 0)
        let peak = { (s: [Float]) in s.map(abs).max()! }
        #expect(abs(peak(half) / peak(loud) - 0.25) < 0.01)
        #expect(peak(muted) == 0)
    }
}
