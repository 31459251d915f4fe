import LimberAudio
import LimberTestSupport
import Foundation
import Testing

@Suite("Reading WAV files")
struct WAVReaderTests {
    @Test func sixteenBitMono() throws {
        let bytes = WAVBuilder.wav(data: WAVBuilder.pcm16([0, 16384, -16384, 32767]))
        let sound = try WAVReader.decode(bytes, name: "a.wav")
        #expect(sound.samples == [0, 0.5, -0.5, Float(32767) / 32768])
        #expect(sound.rate == 48_000)
    }

    @Test func everySupportedEncodingDecodesToTheSameHalfScaleSample() throws {
        let cases: [(UInt16, UInt16, [UInt8])] = [
            (1, 8, [192]),                                   // unsigned 8-bit: 128 + 64
            (1, 16, WAVBuilder.le16(16384)),
            (1, 24, [0x00, 0x00, 0x40]),
            (1, 32, WAVBuilder.le32(0x4000_0000)),
            (3, 32, WAVBuilder.le32(Float(0.5).bitPattern)),
            (3, 64, Array(withUnsafeBytes(of: Double(0.5).bitPattern.littleEndian) { Array($0) })),
        ]
        for (format, bits, data) in cases {
            let sound = try WAVReader.decode(WAVBuilder.wav(format: format, bits: bits, data: data), name: "x.wav")
            #expect(sound.samples == [0.5], "format \(format) \(bits)-bit")
        }
    }

    /// 16-bit mono is copied straight from the bytes; the same samples as 32-bit PCM (their top
    /// 16 bits, random low bits) go through the per-sample loop: both give the same sound, at
    /// every length, with and without a chunk before the data, at the device's rate or resampled.
    @Test func sixteenBitMonoCopiedMatchesThePerSampleLoop() throws {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 7, 64, 481, 4_801] {
            let samples = (0..<count).map { i in i % 5 == 0 ? [Int16.min, Int16.max, 0, -1, 1][i / 5 % 5] : Int16.random(in: .min ... .max, using: &generator) }
            let wide = samples.flatMap { WAVBuilder.le32(UInt32(UInt16(bitPattern: $0)) << 16 | UInt32.random(in: 0...0xFFFF, using: &generator)) }
            for (rate, extra) in [(UInt32(48_000), false), (48_000, true), (44_100, true), (16_000, false)] {
                let copied = try WAVReader.decode(WAVBuilder.wav(rate: rate, data: WAVBuilder.pcm16(samples), extraChunk: extra), name: "a.wav")
                let looped = try WAVReader.decode(WAVBuilder.wav(rate: rate, bits: 32, data: wide, extraChunk: extra), name: "b.wav")
                #expect(copied == looped, "\(count) samples at \(rate) Hz")
                if rate == 48_000 { #expect(copied.pcm == samples) }
            }
        }
    }

    @Test func stereoIsMixedToMonoAndRatesAreConverted() throws {
        let stereo = WAVBuilder.wav(channels: 2, data: WAVBuilder.pcm16([16384, 0, 16384, 0]))
        #expect(try WAVReader.decode(stereo, name: "s.wav").samples == [0.25, 0.25])
        let slow = WAVBuilder.wav(rate: 24_000, data: WAVBuilder.pcm16([Int16](repeating: 1000, count: 240)))
        #expect(try WAVReader.decode(slow, name: "r.wav").samples.count == 480)
        let cd = WAVBuilder.wav(rate: 44_100, data: WAVBuilder.pcm16([Int16](repeating: 1000, count: 441)), extraChunk: true)
        #expect(try WAVReader.decode(cd, name: "cd.wav").samples.count == 480)
    }

    @Test func aCueJustOverTheLimitSaysByHowMuch() {
        let frames = 30 * 48_000 + 5 // 30.0001 s
        let long = WAVBuilder.wav(data: WAVBuilder.pcm16([Int16](repeating: 100, count: frames)))
        #expect(throws: WAVError(file: "long.wav", problem: "is 30.0001 s long; a cue may be at most 30 s")) {
            try WAVReader.decode(long, name: "long.wav")
        }
    }

    @Test func aLinkToAFileIsReadLikeTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limber-wav-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = folder.appendingPathComponent("real.wav").path
        try Data(WAVBuilder.wav(data: WAVBuilder.pcm16([16384]))).write(to: URL(fileURLWithPath: real))
        let link = folder.appendingPathComponent("link.wav").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.wav")
        #expect(try WAVReader.read(file: link).samples == [0.5])
        let toFolder = folder.appendingPathComponent("dir.wav").path
        try FileManager.default.createSymbolicLink(atPath: toFolder, withDestinationPath: folder.path)
        #expect(throws: WAVError.self) { try WAVReader.read(file: toFolder) }
    }

    @Test func brokenFilesGetAClearErrorNamingTheFile() {
        let good = WAVBuilder.pcm16([1, 2, 3, 4])
        let cases: [([UInt8], String)] = [
            (Array("not a wav at all".utf8), "bad.wav: is not a WAV file (no RIFF/WAVE header)"),
            ([], "bad.wav: is not a WAV file (no RIFF/WAVE header)"),
            (WAVBuilder.wav(data: good, dataSize: 1_000), "bad.wav: is truncated: the data chunk says 1000 bytes but 8 follow"),
            (WAVBuilder.wav(format: 2, data: good), "bad.wav: is compressed (format 2); save it as PCM WAV"),
            (WAVBuilder.wav(channels: 3, data: good), "bad.wav: has 3 channels; use mono or stereo"),
            (WAVBuilder.wav(bits: 12, data: good), "bad.wav: has 12-bit PCM samples, which Limber can't play"),
            (WAVBuilder.wav(rate: 1, data: good), "bad.wav: has an unusual sample rate of 1 Hz"),
            (WAVBuilder.wav(data: []), "bad.wav: holds no sound"),
            (Array(WAVBuilder.wav(data: good).prefix(30)), "bad.wav: is truncated: the 'fmt ' chunk runs past the end of the file"),
            (WAVBuilder.wav(rate: 8_000, data: [UInt8](repeating: 0, count: 8_000 * 2 * 31)),
             "bad.wav: is 31 s long; a cue may be at most 30 s"),
        ]
        for (bytes, message) in cases {
            #expect(throws: WAVError.self) { try WAVReader.decode(bytes, name: "bad.wav") }
            do {
                _ = try WAVReader.decode(bytes, name: "bad.wav")
            } catch {
                #expect("\(error)" == message)
            }
        }
    }

    @Test func oversizedFileIsRefusedWithoutDecoding() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("huge.wav").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(WAVReader.maxBytes + 1))
        try handle.close()
        #expect(throws: WAVError(file: path, problem: "is 16 MB; a cue sound may be at most 16 MB")) {
            try WAVReader.read(file: path)
        }
    }

    @Test func shippedSoundsAreCompleteShortAndBelowMinusOneDBFS() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("Sounds")
        let (bank, problems) = CueBank.load(folder: folder)
        #expect(problems.isEmpty, "\(problems)")
        for (cue, entry) in bank.entries {
            #expect(entry.source.hasSuffix("\(cue.rawValue).wav"))
            #expect(entry.tone.seconds < 0.5, "\(cue.rawValue) lasts \(entry.tone.seconds) s")
            let peak = entry.tone.samples.map(abs).max() ?? 0
            #expect(peak <= 0.8913 && peak > 0.5, "\(cue.rawValue) peaks at \(peak)")
            // Faded in: it starts from silence and rises smoothly (no click).
            #expect(abs(entry.tone.samples[0]) < 0.02, "\(cue.rawValue) starts with a click")
            #expect(entry.tone.samples.prefix(10).map(abs).max()! < 0.15, "\(cue.rawValue) starts abruptly")
            #expect(abs(entry.tone.samples.last!) < 0.02, "\(cue.rawValue) ends with a click")
        }
        for cue in CueBank.voiceFiles.keys {
            let voice = try #require(bank.entry(cue).voice, "no spoken word for \(cue.rawValue)")
            #expect(voice.seconds > 0.2 && voice.seconds < 1.5)
            #expect((voice.samples.map(abs).max() ?? 0) <= 0.8913)
        }
    }

    @Test func synthesisedFallbackCoversEveryCue() {
        let bank = CueBank.synthesised()
        for cue in bank.entries.keys {
            let tone = bank.entry(cue).tone
            #expect(tone.seconds > 0.04 && tone.seconds < 0.5)
            #expect((tone.samples.map(abs).max() ?? 0) <= 0.8913)
            #expect(bank.entry(cue).source == "synthesised")
        }
    }
}
