#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import LimberBasics

/// ByteOutput's raw buffer against a plain `[UInt8]` fed the same appends: growth, chunked
/// writes and every length of decimal.
@Suite("Byte output")
struct ByteOutputTests {
    @Test("every power of ten and its neighbours is spelt as String(_:) spells it")
    func decimalLengths() {
        var values = [0, -1, 1, Int.max, Int.min, Int.min + 1, Int.max - 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
        }
        for value in values {
            let output = ByteOutput()
            output.append("x")
            output.append(decimal: value)
            #expect(output.text == "x" + String(value), "\(value)")
        }
    }

    /// A seeded mix of every kind of append, done to `output` and to the Array returned.
    static func feed(_ output: ByteOutput, seed: UInt64) -> [UInt8] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var expected: [UInt8] = []
        for _ in 0..<3000 {
            switch next(6) {
            case 0:
                let text = String(repeating: "é→a", count: next(40))
                output.append(text)
                expected += Array(text.utf8)
            case 1:
                let raw = (0..<next(300)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
                output.append(raw)
                expected += raw
            case 2:
                let byte = UInt8(next(256))
                output.append(byte: byte)
                expected.append(byte)
            case 3:
                let n = next(70) - 2
                output.append(repeating: 0x20, count: n)
                expected += [UInt8](repeating: 0x20, count: max(0, n))
            case 4:
                // A piece made apart, passed on (straight to the descriptor when a chunk or more).
                let piece = ByteOutput()
                let raw = (0..<next(3000)).map { UInt8(truncatingIfNeeded: $0 &* 13) }
                piece.append(raw)
                output.append(passing: piece)
                expected += raw
            default:
                let value = (next(2) == 0 ? -1 : 1) * next(Int(Int32.max)) << next(30)
                output.append(decimal: value)
                expected += Array(String(value).utf8)
            }
        }
        return expected
    }

    @Test("in memory, the buffer grows and keeps every byte")
    func inMemoryGrowth() {
        for seed in 1...5 as ClosedRange<UInt64> {
            let output = ByteOutput()
            let expected = Self.feed(output, seed: seed)
            #expect(output.bytes == expected)
        }
    }

    @Test("to a descriptor, chunks of any size arrive whole and in order")
    func chunkedDescriptor() throws {
        for chunk in [1, 7, 64, 1 << 16] {
            var template = Array("/tmp/limber-byteoutput-XXXXXX".utf8CString)
            let fd = mkstemp(&template)
            #expect(fd >= 0)
            let path = String(cString: template)
            defer { unlink(path) }
            let output = ByteOutput(fd: fd, chunk: chunk)
            let expected = Self.feed(output, seed: UInt64(chunk))
            #expect(output.flush() == nil)
            close(fd)
            let file = try #require(fopen(path, "rb"))
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = fread(&buffer, 1, buffer.count, file)
                if n == 0 { break }
                received += buffer[0..<n]
            }
            fclose(file)
            #expect(received == expected, "chunk \(chunk)")
        }
    }
}
