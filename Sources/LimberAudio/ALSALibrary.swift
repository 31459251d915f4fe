import CALSA

/// Facts about the libasound the process is linked against.
public enum ALSALibrary {
    /// The runtime version of libasound, e.g. "1.2.8".
    public static var version: String {
        String(cString: snd_asoundlib_version())
    }

    /// Stops libasound from printing its own diagnostics to stderr for the rest of the process.
    ///
    /// Limber reports device problems itself, as one sentence the user can act on.
    public static func silenceDiagnostics() {
        _ = limber_alsa_silence_errors()
    }
}
