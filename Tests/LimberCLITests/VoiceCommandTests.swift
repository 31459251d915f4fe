import Foundation
import LimberAudio
import LimberTestSupport
import Testing

/// Voice guidance as a user meets it: `sounds say`, `sounds check`, `run` with an unknown voice.
@Suite("limber voice guidance, as a user runs it")
struct VoiceCommandTests {
    @Test func sayGoesThroughTheDevice() throws {
        let home = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let alsa = try TestALSA(folder: home)
        let result = try CommandRunner.limber(["sounds", "say", "Switch sides.", "--device", alsa.device], environment: ["HOME": home.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let captured = try WAVReader.read(file: alsa.capture.path, maxSeconds: 60).samples
        let loud = captured.filter { abs($0) > 0.01 }.count
        #expect(loud > 48_000 / 4, "less than a quarter second of speech")
    }

    @Test func sayWithAnUnknownVoiceIsOneLineAndExitOne() throws {
        let result = try CommandRunner.limber(["sounds", "say", "hello", "--language", "xx-nowhere", "--device", "null"])
        #expect(result.status == 1)
        #expect(result.stderr == "limber: can't speak: no installed voice speaks \"xx-nowhere\"\n")
    }

    @Test func checkNamesTheSpeechEngine() throws {
        let result = try CommandRunner.limber(["sounds", "check", "--device", "null"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("speech:   eSpeak NG "))
        #expect(result.stdout.contains("(default en), data /"))
    }

    /// One notice, then the session with its tones, exit 0.
    @Test func runWithAnUnknownLanguageGoesOnWithTones() throws {
        let w = try RunCommandTests.Workspace()
        defer { try? FileManager.default.removeItem(at: w.folder) }
        try "limber: 1\ntitle: One\ndefaults: { prepare: 0s }\nexercises:\n  - { name: Plank, hold: 1s }\n"
            .write(to: w.folder.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.limber(["run", "--yes", "--no-prompt", "--device", w.alsa.device, "--language", "xx-nowhere", "one.yaml"],
                                              in: w.folder, environment: w.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let notice = "limber: no voice guidance (no installed voice speaks \"xx-nowhere\"); the session goes on with tones"
        #expect(result.stdout.components(separatedBy: notice).count == 2, "\(result.stdout)")
        #expect(result.stdout.contains("session completed"))
        #expect(result.stdout.contains("cue start"))
    }
}
