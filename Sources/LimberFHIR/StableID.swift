/// Name-based UUIDs (RFC 9562 version 5): the same session gives the same FHIR resource id on
/// every export, so a re-export is byte-identical and a re-import finds what it made before.
///
/// Version 5 is defined on SHA-1, which the project did not have (`LimberLog` carries SHA-256
/// only, and a UUIDv8 over SHA-256 is something no FHIR tool recognises), so SHA-1 is written
/// out below; it names things here and protects nothing, which is all SHA-1 is still fit for.
public enum StableID {
    /// Limber's namespace: UUIDv5 of the URL namespace and `urn:limber:fhir`.
    static let namespace: [UInt8] = [0xda, 0x40, 0x6f, 0xe3, 0xe9, 0x95, 0x52, 0x57, 0xb3, 0xf8, 0x0f, 0x8a, 0x0d, 0x54, 0x76, 0x52]

    /// The version 5 UUID of `name` in Limber's namespace, lowercase with hyphens.
    public static func uuid(_ name: String) -> String { uuid(name, namespace: namespace) }

    /// The version 5 UUID of `name` in `namespace` (16 bytes).
    static func uuid(_ name: String, namespace: [UInt8]) -> String {
        var bytes = Array(SHA1.digest(namespace + Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}

/// SHA-1 (FIPS 180-4), only for name-based UUIDs; checked against the standard test vectors.
enum SHA1 {
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        var message = bytes
        let bitLength = UInt64(message.count) * 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: message.count, by: 64) {
            for i in 0..<16 {
                w[i] = message[chunk + 4 * i..<chunk + 4 * i + 4].reduce(0) { $0 << 8 | UInt32($1) }
            }
            for i in 16..<80 { w[i] = rotate(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch i {
                case 0..<20: ((b & c) | (~b & d), 0x5A827999)
                case 20..<40: (b ^ c ^ d, 0x6ED9EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1BBCDC)
                default: (b ^ c ^ d, 0xCA62C1D6)
                }
                let t = rotate(a, 5) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, rotate(b, 30), a, t)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap { v in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> UInt32($0)) } }
    }

    private static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
}
