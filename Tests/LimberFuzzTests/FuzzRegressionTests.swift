import Foundation
@testable import LimberFuzzTargets
import LimberTestSupport
import Testing

/// Every saved fuzz input (Tests/Fuzz/TARGET: hand-made hostile seeds and whatever libFuzzer
/// once found) and the shipped files, replayed through the same properties the fuzzer checks,
/// plus a few thousand seeded mutations of them: the short, deterministic version of
/// `scripts/fuzz` that runs on every `swift test`.
@Suite struct FuzzRegressionTests {
    static func inputs(_ target: FuzzTarget) -> [URL] {
        var folders = [Fixtures.packageRoot.appendingPathComponent("Tests/Fuzz/\(target.rawValue)")]
        switch target {
        case .program: folders.append(Fixtures.packageRoot.appendingPathComponent("Programs"))
        case .wav: folders.append(Fixtures.packageRoot.appendingPathComponent("Sounds"))
        case .log, .config: break
        }
        return folders.flatMap { folder -> [URL] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.sorted().map { folder.appendingPathComponent($0) }.filter { !$0.hasDirectoryPath && $0.lastPathComponent != "README.md" }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func savedInputsKeepEveryProperty(_ target: FuzzTarget) throws {
        let files = Self.inputs(target)
        #expect(files.count >= 5, "seeds for \(target) are missing")
        for file in files {
            do {
                try target.check([UInt8](try Data(contentsOf: file)))
            } catch let broken as PropertyBroken {
                Issue.record("\(file.lastPathComponent): \(broken)")
            }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seededMutationsKeepEveryProperty(_ target: FuzzTarget) throws {
        let seeds = try Self.inputs(target).map { [UInt8](try Data(contentsOf: $0)) }.filter { $0.count < 200_000 }
        var mutator = Mutator(seed: 0x11AB_E12 &+ UInt64(target.rawValue.utf8.count))
        for round in 0..<1_500 {
            let a = seeds[mutator.next(seeds.count)], b = seeds[mutator.next(seeds.count)]
            let input = mutator.mutate(a, splice: b)
            do {
                try target.check(input)
            } catch {
                // The input is kept for `limber-fuzz TARGET FILE` and, if it is worth it, Tests/Fuzz.
                let saved = FileManager.default.temporaryDirectory.appendingPathComponent("limber-fuzz-\(target.rawValue)-\(round)")
                try Data(input).write(to: saved)
                Issue.record("mutation \(round) broke a property: \(error)\ninput (saved at \(saved.path)): \(Self.shown(input))")
                return
            }
        }
    }

    /// A failing input as the report shows it: text with escapes, cut to a readable length.
    static func shown(_ input: [UInt8]) -> String {
        let text = String(decoding: input.prefix(2_000), as: UTF8.self).debugDescription
        return input.count > 2_000 ? text + " … (\(input.count) bytes)" : text
    }

    /// A broken property is thrown (a test failure that names the input), not a crash of the
    /// whole test run.
    @Test func aBrokenPropertyIsThrownNotCrashed() {
        #expect(throws: PropertyBroken.self) { try FuzzTarget.require(false, "broken on purpose") }
        #expect(throws: PropertyBroken.self) { try FuzzTarget.requireNoControl("a\u{1B}b", allowing: [], "test text") }
    }
}

/// A small deterministic mutator in libFuzzer's spirit: bit flips, byte changes, inserts,
/// deletions, copies and splices, with interesting bytes for text formats.
struct Mutator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func nextRaw() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(nextRaw() % UInt64(bound)) }

    static let interesting: [UInt8] = Array("\n\r\t :-&*!|>\"'{}[],#%@`\\0123456789.eE+".utf8) + [0x00, 0x1B, 0x7F, 0xC3, 0xFF, 0xE2, 0x80]

    mutating func mutate(_ input: [UInt8], splice other: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + next(6)) {
            let at = next(bytes.count + 1)
            switch next(7) {
            case 0 where !bytes.isEmpty && at < bytes.count: bytes[at] ^= UInt8(1 << next(8))
            case 1 where at < bytes.count: bytes[at] = Self.interesting[next(Self.interesting.count)]
            case 2: bytes.insert(Self.interesting[next(Self.interesting.count)], at: at)
            case 3 where at < bytes.count: bytes.removeSubrange(at..<min(bytes.count, at + 1 + next(32)))
            case 4 where at < bytes.count:
                let end = min(bytes.count, at + 1 + next(64))
                bytes.insert(contentsOf: bytes[at..<end], at: next(bytes.count + 1))
            case 5 where !other.isEmpty:
                let from = next(other.count), end = min(other.count, from + 1 + next(256))
                bytes.insert(contentsOf: other[from..<end], at: at)
            default: bytes.insert(UInt8(truncatingIfNeeded: nextRaw()), at: at)
            }
        }
        return bytes
    }
}
