import Foundation

/// Builds WAV files byte by byte, for tests of the reader (valid and deliberately broken).
public enum WAVBuilder {
    /// A RIFF/WAVE file with the given format fields and data bytes; `dataSize` overrides the
    /// data chunk's size field (to fake truncation).
    public static func wav(format: UInt16 = 1, channels: UInt16 = 1, rate: UInt32 = 48_000, bits: UInt16 = 16,
                           data: [UInt8], dataSize: UInt32? = nil, extraChunk: Bool = false) -> [UInt8] {
        var fmt: [UInt8] = []
        fmt += le16(format) + le16(channels) + le32(rate)
        fmt += le32(rate * UInt32(channels) * UInt32(bits / 8)) + le16(channels * (bits / 8)) + le16(bits)
        var body: [UInt8] = Array("WAVE".utf8)
        body += Array("fmt ".utf8) + le32(UInt32(fmt.count)) + fmt
        if extraChunk { body += Array("LIST".utf8) + le32(3) + [1, 2, 3, 0] }
        body += Array("data".utf8) + le32(dataSize ?? UInt32(data.count)) + data
        return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
    }

    /// 16-bit little-endian bytes of samples.
    public static func pcm16(_ samples: [Int16]) -> [UInt8] {
        samples.flatMap { le16(UInt16(bitPattern: $0)) }
    }

    public static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    public static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
}
