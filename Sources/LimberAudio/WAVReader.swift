import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A sound ready to mix: mono 16-bit samples at ``rate``, the device's own format (half the
/// memory of floats; the mixer scales them as it sums).
public struct Sound: Sendable, Equatable {
    /// The samples, full scale ±32768.
    public var pcm: [Int16]
    public var rate: Int

    public init(pcm: [Int16], rate: Int) {
        self.pcm = pcm
        self.rate = rate
    }

    /// A sound from samples in -1…1, rounded to 16 bits.
    public init(samples: [Float], rate: Int) {
        self.init(pcm: samples.map(Self.quantised), rate: rate)
    }

    /// The samples in -1…1 (a copy, for analysis and checks).
    public var samples: [Float] { pcm.map { Float($0) / 32768 } }

    /// Length in frames.
    public var frameCount: Int { pcm.count }

    /// Length in seconds.
    public var seconds: Double { Double(pcm.count) / Double(rate) }

    /// `x` in -1…1 as the nearest 16-bit sample (clamped).
    static func quantised(_ x: Float) -> Int16 {
        Int16(max(-32768, min(32767, (x * 32768).rounded())))
    }
}

/// Why a WAV file can't be used; the description names the file and what is wrong.
public struct WAVError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}

/// Reads RIFF/WAVE files: PCM 8/16/24/32-bit or 32/64-bit float, mono or stereo, any common
/// rate; converts to mono at the output rate. Checks every size field against the bytes there.
public enum WAVReader {
    /// Largest file accepted: cues are short, and a huge file is a mistake or an attack.
    public static let maxBytes = 16 << 20
    /// Longest sound accepted, in seconds.
    public static let maxSeconds = 30.0

    public static func read(file path: String, rate: Int = AudioFormat.sampleRate, maxSeconds: Double = maxSeconds,
                            maxBytes: Int = maxBytes) throws -> Sound {
        // stat follows links (the loader has already refused links that leave the program's
        // folder); a pipe or device would block or never end.
        var info = stat()
        guard stat(path, &info) == 0 else { throw WAVError(file: path, problem: "can't be read") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw WAVError(file: path, problem: "is not a regular file")
        }
        let size = Int(info.st_size)
        if size > maxBytes {
            throw WAVError(file: path, problem: "is \(size >> 20) MB; a cue sound may be at most \(maxBytes >> 20) MB")
        }
        guard let bytes = readAll(path, size: size) else { throw WAVError(file: path, problem: "can't be read") }
        return try decode(bytes, name: path, rate: rate, maxSeconds: maxSeconds, maxBytes: maxBytes)
    }

    /// Decodes WAV bytes; `name` is used in error messages.
    public static func decode(_ bytes: [UInt8], name: String, rate outputRate: Int = AudioFormat.sampleRate,
                              maxSeconds: Double = maxSeconds, maxBytes: Int = maxBytes) throws -> Sound {
        func fail(_ problem: String) -> WAVError { WAVError(file: name, problem: problem) }
        guard bytes.count <= maxBytes else { throw fail("is larger than \(maxBytes >> 20) MB") }
        guard bytes.count >= 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x41, 0x56, 0x45] else {
            throw fail("is not a WAV file (no RIFF/WAVE header)")
        }
        var format: (tag: Int, channels: Int, rate: Int, bits: Int, blockAlign: Int)?
        var data: Range<Int>?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = Int(le32(bytes, offset + 4))
            let body = offset + 8
            guard size <= bytes.count - body else {
                if id == "data" { throw fail("is truncated: the data chunk says \(size) bytes but \(bytes.count - body) follow") }
                throw fail("is truncated: the '\(id)' chunk runs past the end of the file")
            }
            switch id {
            case "fmt ":
                guard size >= 16 else { throw fail("has a 'fmt ' chunk that is too short") }
                var tag = Int(le16(bytes, body))
                if tag == 0xFFFE, size >= 40 { tag = Int(le16(bytes, body + 24)) } // WAVE_FORMAT_EXTENSIBLE
                format = (tag, Int(le16(bytes, body + 2)), Int(le32(bytes, body + 4)), Int(le16(bytes, body + 14)),
                          Int(le16(bytes, body + 12)))
            case "data":
                data = body..<body + size
            default:
                break
            }
            offset = body + size + (size & 1)
            if data != nil, format != nil { break }
        }
        guard let format else { throw fail("has no 'fmt ' chunk") }
        guard let data else { throw fail("has no 'data' chunk") }
        guard format.tag == 1 || format.tag == 3 else {
            throw fail("is compressed (format \(format.tag)); save it as PCM WAV")
        }
        guard format.channels == 1 || format.channels == 2 else {
            throw fail("has \(format.channels) channels; use mono or stereo")
        }
        guard (8_000...192_000).contains(format.rate) else { throw fail("has an unusual sample rate of \(format.rate) Hz") }
        // A switch, not a set literal: a set is built and hashed on every call (~30K instructions).
        let validBits = switch (format.tag, format.bits) {
        case (3, 32), (3, 64), (1, 8), (1, 16), (1, 24), (1, 32): true
        default: false
        }
        guard validBits else {
            throw fail("has \(format.bits)-bit \(format.tag == 3 ? "float" : "PCM") samples, which Limber can't play")
        }
        let bytesPerSample = format.bits / 8
        let frameBytes = bytesPerSample * format.channels
        let frames = data.count / frameBytes
        guard frames > 0 else { throw fail("holds no sound") }
        let seconds = Double(frames) / Double(format.rate)
        guard seconds <= maxSeconds else {
            // As many decimals as it takes to show that it is over the limit (30.0001, not 30).
            var decimals = 0
            var shown = String(format: "%.0f", seconds)
            while (Double(shown) ?? 0) <= maxSeconds, decimals < 9 {
                decimals += 1
                shown = String(format: "%.\(decimals)f", seconds)
            }
            throw fail("is \(shown) s long; a cue may be at most \(Int(maxSeconds)) s")
        }
        let float = format.tag == 3, bits = format.bits, channels = format.channels
        let mono: [Int16]
        if !float, bits == 16, channels == 1 {
            mono = copy16(bytes, from: data.lowerBound, frames: frames)
        } else {
            var mixed = [Int16](repeating: 0, count: frames)
            for frame in 0..<frames {
                var sum: Int32 = 0
                for channel in 0..<channels {
                    sum += Int32(sample(bytes, data.lowerBound + frame * frameBytes + channel * bytesPerSample, bits: bits, float: float))
                }
                mixed[frame] = Int16(sum >> (channels - 1)) // mono or the mean of two
            }
            mono = mixed
        }
        return Sound(pcm: resample(mono[...], from: format.rate, to: outputRate), rate: outputRate)
    }

    /// 16-bit mono, the shipped sounds' format and the device's: the data bytes are the samples,
    /// copied as they are (the same values the per-sample loop gives, a fraction of its work): one
    /// memory copy on a little-endian machine, where it is ~1/50 of a per-sample loop's
    /// instructions (the cue bank is read before the first frame).
    private static func copy16(_ bytes: [UInt8], from offset: Int, frames: Int) -> [Int16] {
        precondition(offset + 2 * frames <= bytes.count)
        return [Int16](unsafeUninitializedCapacity: frames) { out, initialised in
            bytes.withUnsafeBytes { raw in
                #if _endian(little)
                UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + 2 * frames]))
                #else
                for i in 0..<frames {
                    out[i] = Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 2 * i, as: Int16.self))
                }
                #endif
            }
            initialised = frames
        }
    }

    /// The whole file, read with open/read (no Foundation file manager: it looks up users and
    /// groups for every file); nil when it can't be read.
    private static func readAll(_ path: String, size: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var failed = false
        // Read straight into the array's storage: no zero-filling of bytes about to be overwritten.
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialised in
            var done = 0
            while done < size {
                let n = Glibc.read(fd, buffer.baseAddress! + done, size - done)
                if n < 0, errno == EINTR { continue }
                guard n >= 0 else { failed = true; break }
                if n == 0 { break } // shorter than when it was measured: decode what is there
                done += n
            }
            initialised = done
        }
        return failed ? nil : bytes
    }

    /// One sample as 16 bits: integers keep their top 16 bits, floats are clamped and rounded.
    private static func sample(_ b: [UInt8], _ i: Int, bits: Int, float: Bool) -> Int16 {
        switch (bits, float) {
        case (8, false): return Int16(Int(b[i]) - 128) << 8
        case (16, false): return Int16(bitPattern: le16(b, i))
        case (24, false): return Int16(bitPattern: UInt16(b[i + 1]) | UInt16(b[i + 2]) << 8)
        case (32, false): return Int16(bitPattern: UInt16(truncatingIfNeeded: le32(b, i) >> 16))
        case (32, true):
            let v = Float(bitPattern: le32(b, i))
            return v.isFinite ? Sound.quantised(v) : 0
        default:
            let bits = UInt64(le32(b, i)) | UInt64(le32(b, i + 4)) << 32
            let v = Double(bitPattern: bits)
            return v.isFinite ? Sound.quantised(Float(max(-1, min(1, v)))) : 0
        }
    }

    /// Linear-interpolation resampling; cues are short beeps and speech, for which it is plenty.
    /// Reads the input once and writes the output once: no intermediate copies.
    public static func resample(_ input: ArraySlice<Int16>, from: Int, to: Int) -> [Int16] {
        guard from != to, !input.isEmpty else { return Array(input) }
        let count = max(1, Int((Double(input.count) * Double(to) / Double(from)).rounded()))
        let step = Double(from) / Double(to)
        let base = input.startIndex, last = input.count - 1
        return [Int16](unsafeUninitializedCapacity: count) { out, initialised in
            for i in 0..<count {
                let position = Double(i) * step
                let j = Int(position)
                let fraction = Float(position - Double(j))
                let a = Float(input[base + min(j, last)]), b = Float(input[base + min(j + 1, last)])
                out[i] = Int16((a + (b - a) * fraction).rounded())
            }
            initialised = count
        }
    }

    private static func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    private static func le32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
