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

@Suite("limber validate, voice checks")
struct VoiceValidateTests {
    static let program = """
        limber: 1
        title: T
        safety: [Stop if pain is sharp.]
        schedule: { per_week: 3 }
        discomfort: { stop_at: 7 }
        voice:
          language: de-de
        exercises:
          - name: Plank
            hold: 10s
            say:
              - at: 6s
                say: Keep breathing slowly and tuck the pelvis under you

        """

    @Test func anUnknownLanguageAndAPromptWithNoRoomAreLocated() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.program.write(to: folder.appendingPathComponent("v.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.limber(["validate", "v.yaml"], in: folder)
        #expect(result.status == 0, "warnings only")
        #expect(result.stdout == """
            v.yaml:7:13: warning: no voice installed here speaks 'de-de' (see espeak-ng --voices); sessions will play tones only; did you mean 'de'?
              language: de-de
                        ^
            v.yaml:12:9: warning: the prompt "Keep breathing slowly and tuck the pelvis under you" needs about 3.1 s but only 0.4 s is free at 6s before the next cue; it will not be spoken
                  - at: 6s
                    ^
            0 errors, 2 warnings

            """)
    }

    @Test func theExampleProgramsWithVoiceValidateClean() throws {
        let result = try CommandRunner.limber(["validate", "Programs/de-rueckenuebungen.yaml", "Programs/low-back-basics.yaml"],
                                              in: Fixtures.packageRoot)
        #expect(result.status == 0)
        #expect(result.stdout == "2 programs: ok\n")
    }
}
