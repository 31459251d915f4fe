/// The one sample format Limber plays, decodes cue files to and mixes in: 16-bit mono.
public enum AudioFormat {
    /// Frames per second everywhere: the device is opened at this rate and every sound is
    /// resampled to it when read.
    public static let sampleRate = 48_000
}
