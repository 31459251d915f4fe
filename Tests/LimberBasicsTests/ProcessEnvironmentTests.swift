import Foundation
import LimberBasics
import Testing

/// Variables read one by one with `getenv` are those of ProcessInfo's whole-environment dictionary.
@Suite("Process environment")
struct ProcessEnvironmentTests {
    @Test func valuesAreProcessInfos() {
        let all = ProcessInfo.processInfo.environment
        #expect(!all.isEmpty)
        for (name, value) in all { #expect(ProcessEnvironment.value(name) == value, "\(name)") }
        #expect(ProcessEnvironment.value("LIMBER_TEST_SURELY_UNSET_\(UInt32.random(in: 0...UInt32.max))") == nil)
    }

    @Test func valuesHoldOnlyTheNamedVariablesThatAreSet() throws {
        let all = ProcessInfo.processInfo.environment
        let name = try #require(all.keys.first)
        #expect(ProcessEnvironment.values(name, "LIMBER_TEST_SURELY_UNSET") == [name: all[name]!])
        #expect(ProcessEnvironment.values().isEmpty)
    }
}
