import Foundation

/// A test-only ALSA configuration: a `file` PCM over `null` that records what is played to a
/// WAV file. There is no sound card on the build machines; this is how audio is checked.
public struct TestALSA {
    public let folder: URL
    /// The asoundrc defining the `limbertest` PCM.
    public let configFile: URL
    /// Where the PCM writes what it is given.
    public let capture: URL
    /// The PCM's name.
    public let device = "limbertest"

    public init(folder: URL) throws {
        self.folder = folder
        configFile = folder.appendingPathComponent(".asoundrc")
        capture = folder.appendingPathComponent("capture.wav")
        try """
            pcm.limbertest {
                type file
                slave { pcm { type null } }
                file "\(capture.path)"
                format "wav"
            }

            """.write(to: configFile, atomically: true, encoding: .utf8)
    }
}
