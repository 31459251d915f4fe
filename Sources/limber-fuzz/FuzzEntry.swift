import Foundation
import LimberFuzzTargets

#if LIMBER_FUZZ
// Built by scripts/fuzz with `--sanitize fuzzer`: libFuzzer supplies `main` and calls this with
// every input it makes. LIMBER_FUZZ_TARGET (program, log, wav or config) picks the reader under test.
let fuzzTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["LIMBER_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("limber-fuzz: set LIMBER_FUZZ_TARGET to program, log, wav or config\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzTarget.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
/// Without the fuzzer: replays saved inputs, `limber-fuzz TARGET FILE…`, to reproduce a finding
/// in an ordinary build (a broken property is printed with its file, and the exit status is 1).
@main
struct FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            FileHandle.standardError.write(Data("usage: limber-fuzz program|log|wav|config FILE…\n".utf8))
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("limber-fuzz: can't read \(path)\n".utf8))
                exit(1)
            }
            do {
                try target.check([UInt8](data))
            } catch {
                FileHandle.standardError.write(Data("limber-fuzz: \(path): property broken: \(error)\n".utf8))
                exit(1)
            }
        }
        print("\(arguments.count - 1) input(s) kept every property")
    }
}
#endif
