import Testing
@testable import LimberFHIR

@Suite struct StableIDTests {
    @Test func sha1MatchesTheStandardVectors() {
        func hex(_ s: String) -> String { SHA1.digest(Array(s.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
        #expect(hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex(String(repeating: "a", count: 1000)) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    @Test func uuid5MatchesPythonsUUIDModule() {
        // uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"), the example in Python's documentation.
        let dns: [UInt8] = [0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8]
        #expect(StableID.uuid("python.org", namespace: dns) == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        // uuid.uuid5(Limber's namespace, "procedure/<session id>").
        #expect(StableID.uuid("procedure/6f1c2a4e-0b7d-4c55-9a43-2b9d1f0c7e11") == "30343a87-e17b-5a6f-8c3c-850ab5abea82")
    }

    @Test func searchValuesAreEscaped() {
        #expect(FHIRResource.escaped("a|b,c$d\\e") == "a\\|b\\,c\\$d\\\\e")
    }
}
