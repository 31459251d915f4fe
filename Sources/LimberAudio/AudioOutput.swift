import Foundation

/// Opens the sound device for a session and turns any failure into one sentence the user can
/// act on; the session then goes on silently.
public enum AudioOutput {
    /// The opened device, or nil and the sentence to show.
    public static func open(device: String, configFile: String? = nil) -> (sink: AudioSink?, notice: String?) {
        do {
            return (try ALSAPCM(name: device, configFile: configFile), nil)
        } catch let error as ALSAError {
            return (nil, noDeviceNotice(device: device, reason: error.reason))
        } catch {
            return (nil, noDeviceNotice(device: device, reason: "\(error)"))
        }
    }

    /// `limber: the sound device "default" can't be opened (No such file or directory); continuing without sound — try --device or --no-sound`
    public static func noDeviceNotice(device: String, reason: String) -> String {
        "limber: the sound device \"\(device)\" can't be opened (\(reason)); continuing without sound — try --device or --no-sound"
    }
}
