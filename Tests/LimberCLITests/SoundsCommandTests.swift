import Foundation
import LimberAudio
import LimberTestSupport
import Testing

@Suite("limber sounds, as a user runs it")
struct SoundsCommandTests {
    @Test func listNamesEveryCueAndItsFile() throws {
        let result = try CommandRunner.limber(["sounds", "list"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        for cue in ["get_ready", "start", "countdown", "halfway", "switch_sides", "rest", "last_set", "tempo_up",
                    "tempo_hold", "tempo_down", "interval", "exercise_done", "session_done"] {
            #expect(result.stdout.contains("\(cue) "), "\(cue) missing")
            #expect(result.stdout.contains("Sounds/\(cue).wav"))
        }
    }

    @Test func missingSoundsFolderFallsBackToSynthesisedTones() throws {
        let result = try CommandRunner.limber(["sounds", "list", "--sounds", "/nonexistent/limber-sounds"])
        #expect(result.status == 0)
        #expect(result.stderr == "limber: no sound folder at /nonexistent/limber-sounds; using synthesised tones\n")
        #expect(result.stdout.contains("start            synthesised"))
    }

    /// Plays through a PCM defined in the user's ~/.asoundrc, recorded to a file.
    @Test func playGoesThroughADeviceFromTheUsersAsoundrc() throws {
        let home = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let alsa = try TestALSA(folder: home)
        let result = try CommandRunner.limber(["sounds", "play", "session_done", "--device", alsa.device],
                                              environment: ["HOME": home.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let captured = try WAVReader.read(file: alsa.capture.path, maxSeconds: 60).samples
        let tone = CueBank.load(folder: Fixtures.packageRoot.appendingPathComponent("Sounds")).bank.entry(.sessionDone).tone.samples
        let onset = try #require(captured.firstIndex { $0 != 0 })
        let firstLoud = tone.firstIndex { $0 != 0 }!
        #expect(zip(captured[onset...], tone[firstLoud...]).allSatisfy { abs($0 - $1) < 2.0 / 32768 })
    }

    @Test func checkReportsTheNegotiatedSettings() throws {
        let home = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let alsa = try TestALSA(folder: home)
        let result = try CommandRunner.limber(["sounds", "check", "--device", alsa.device], environment: ["HOME": home.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("device:   limbertest\n"))
        #expect(result.stdout.contains("format:   16-bit, 48000 Hz, 1 channel (mono)\n"))
        #expect(result.stdout.contains("buffer:   1920 frames (40.0 ms)\n"))
        #expect(result.stdout.contains("period:   480 frames (10.0 ms)\n"))
        #expect(result.stdout.contains("latency:  none measured"))
    }

    @Test func missingDeviceIsOneClearLineAndExitOne() throws {
        for command in [["sounds", "check"], ["sounds", "play", "start"]] {
            let result = try CommandRunner.limber(command + ["--device", "limber-no-such-device"])
            #expect(result.status == 1)
            #expect(result.stderr == "limber: can't use the sound device: open \"limber-no-such-device\": No such file or directory — try --device NAME\n")
            #expect(!result.stderr.contains("ALSA lib"))
        }
    }

    @Test func unknownCueIsAUsageError() throws {
        let result = try CommandRunner.limber(["sounds", "play", "gong"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("No cue called 'gong'"))
    }
}
