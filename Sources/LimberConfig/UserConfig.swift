import Foundation
import LimberBasics
import LimberLog
import LimberProgram
import Yams

/// A setting the user configuration file may hold.
public enum ConfigKey: String, CaseIterable, Sendable {
    case patient, device, volume, voice, library, log

    /// What the key sets, for `limber config` and docs.
    public var help: String {
        switch self {
        case .patient: "pseudonymous patient id recorded in each session start (run --patient)"
        case .device: "ALSA device to play through (run --device)"
        case .volume: "cue volume, 0 to 100 (run --volume)"
        case .voice: "spoken guidance on or off"
        case .library: "folder of exercise library files"
        case .log: "the log file run writes and report, log and export read (--log, or the logs named)"
        }
    }
}

/// The user's own defaults, from `$XDG_CONFIG_HOME/limber/config.yaml`: what a command uses when
/// its command line doesn't say. Every value is checked as the command line would check it.
public struct UserConfig: Sendable, Equatable {
    public var patient: String?
    public var device: String?
    public var volume: Int?
    public var voice: Bool?
    /// Absolute (`~` and relative paths are resolved when read).
    public var library: String?
    /// Absolute (`~` and relative paths are resolved when read).
    public var log: String?
    /// Where each key was set in the file.
    public var locations: [ConfigKey: SourceLocation] = [:]

    public init() {}

    /// The value of `key` as `limber config` shows it; nil when not set.
    public func shown(_ key: ConfigKey) -> String? {
        switch key {
        case .patient: patient
        case .device: device
        case .volume: volume.map(String.init)
        case .voice: voice.map { $0 ? "on" : "off" }
        case .library: library
        case .log: log
        }
    }
}

/// The configuration file as read: where it is, whether it exists, what it sets and what is
/// wrong with it (located, rendered by ``DiagnosticRenderer`` like a program's problems).
public struct ConfigFile: Sendable {
    public var path: String
    public var exists: Bool
    public var config: UserConfig
    public var diagnostics: [Diagnostic]
    /// The text, for quoting lines under diagnostics.
    public var text: String?

    public init(path: String, exists: Bool, config: UserConfig, diagnostics: [Diagnostic], text: String?) {
        self.path = path
        self.exists = exists
        self.config = config
        self.diagnostics = diagnostics
        self.text = text
    }

    /// Any diagnostic is an error: a configuration is used whole or not at all.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// A configuration file is small; anything larger is not one.
    public static let maxBytes = 64 * 1024

    /// `$XDG_CONFIG_HOME/limber/config.yaml` (an absolute XDG_CONFIG_HOME only, as the XDG spec
    /// says), else `$HOME/.config/limber/config.yaml`; nil with neither.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/limber/config.yaml" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/limber/config.yaml"
    }

    /// Reads `path`: a missing file is an empty configuration, not an error.
    public static func read(_ path: String, home: String?) -> ConfigFile {
        var file = ConfigFile(path: path, exists: false, config: UserConfig(), diagnostics: [], text: nil)
        guard FileManager.default.fileExists(atPath: path) else { return file }
        file.exists = true
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.read(upToCount: maxBytes + 1) else {
            file.diagnostics = [.error("the configuration file can't be read", at: .start)]
            return file
        }
        try? handle.close()
        guard data.count <= maxBytes else {
            file.diagnostics = [.error("the configuration file is larger than \(maxBytes / 1024) KiB; it holds a few settings", at: .start)]
            return file
        }
        guard let text = String(data: data, encoding: .utf8) else {
            file.diagnostics = [.error("the configuration file is not UTF-8 text", at: .start)]
            return file
        }
        file.text = text
        (file.config, file.diagnostics) = parse(text, folder: (path as NSString).deletingLastPathComponent, home: home)
        return file
    }

    /// Parses the text of a configuration file. Paths are resolved: `~/` against `home`,
    /// relative ones against `folder` (the configuration's own folder).
    public static func parse(_ text: String, folder: String, home: String?) -> (UserConfig, [Diagnostic]) {
        var config = UserConfig()
        var problems: [Diagnostic] = []
        let root: Node?
        do {
            root = try YAMLCompose.root(text)
        } catch {
            return (config, [YAMLErrorTranslator.diagnostic(for: error, text: text)])
        }
        guard let root else { return (config, []) } // empty, or only comments
        guard case .mapping(let map) = root else {
            return (config, [.error("expected the configuration to be 'key: value' lines (\(ConfigKey.allCases.map(\.rawValue).joined(separator: ", ")))", at: location(root))])
        }
        let names = ConfigKey.allCases.map(\.rawValue)
        for (keyNode, value) in map {
            guard case .scalar(let keyScalar) = keyNode, let key = ConfigKey(rawValue: keyScalar.string) else {
                let word = TextSanitizer.singleLine(String((keyNode.scalar?.string ?? "?").prefix(60)))
                let hint = Suggestions.closest(to: word, in: names).map { "; did you mean '\($0)'?" } ?? "; settings are \(names.joined(separator: ", "))"
                problems.append(.error("unknown setting '\(word)'\(hint)", at: location(keyNode)))
                continue
            }
            config.locations[key] = location(value)
            guard case .scalar(let scalar) = value, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                problems.append(.error("'\(key.rawValue)' needs a value: \(key.help)", at: location(value)))
                continue
            }
            let word = scalar.string.trimmingCharacters(in: .whitespaces)
            if let problem = set(key, word, in: &config, folder: folder, home: home) {
                problems.append(.error("'\(key.rawValue)': \(problem)", at: location(value)))
                config.locations[key] = nil
            }
        }
        return (config, problems.sorted(by: DiagnosticRenderer.order))
    }

    /// Sets one key from its text; the reason it can't be used, or nil.
    private static func set(_ key: ConfigKey, _ word: String, in config: inout UserConfig, folder: String, home: String?) -> String? {
        if word.unicodeScalars.contains(where: TextSanitizer.isControl) { return "contains a control character" }
        switch key {
        case .patient:
            if let problem = PatientID.problem(word) { return problem }
            config.patient = word
        case .device:
            config.device = word
        case .volume:
            guard let n = Int(word), (0...100).contains(n) else { return "expected a whole number from 0 to 100, found '\(TextSanitizer.singleLine(word))'" }
            config.volume = n
        case .voice:
            switch word.lowercased() {
            case "on", "true", "yes": config.voice = true
            case "off", "false", "no": config.voice = false
            default: return "expected on or off, found '\(TextSanitizer.singleLine(word))'"
            }
        case .library:
            config.library = resolve(word, folder: folder, home: home)
        case .log:
            config.log = resolve(word, folder: folder, home: home)
        }
        return nil
    }

    /// `~/x` under `home`, a relative path under `folder`, an absolute one as it is.
    static func resolve(_ path: String, folder: String, home: String?) -> String {
        if path == "~" || path.hasPrefix("~/"), let home { return home + path.dropFirst() }
        if path.hasPrefix("/") { return path }
        return (folder as NSString).appendingPathComponent(path)
    }

    private static func location(_ node: Node) -> SourceLocation {
        guard let mark = node.mark else { return .start }
        return SourceLocation(line: max(1, mark.line), column: max(1, mark.column))
    }
}

/// One setting in force and where it came from, as `limber config` lists them.
public struct Setting: Sendable, Equatable {
    public var key: ConfigKey
    /// nil: not set anywhere (the command's own behaviour applies).
    public var value: String?
    /// "command line", "/home/p/.config/limber/config.yaml:3", "default" or "not set".
    public var source: String

    public init(key: ConfigKey, value: String?, source: String) {
        self.key = key
        self.value = value
        self.source = source
    }

    /// Each key's value: the command line wins over the file, the file over the defaults.
    public static func resolve(file: ConfigFile, commandLine: [ConfigKey: String], defaults: [ConfigKey: String]) -> [Setting] {
        ConfigKey.allCases.map { key in
            if let value = commandLine[key] { return Setting(key: key, value: value, source: "command line") }
            if let value = file.config.shown(key) {
                let place = file.config.locations[key].map { ":\($0.line)" } ?? ""
                return Setting(key: key, value: value, source: file.path + place)
            }
            if let value = defaults[key] { return Setting(key: key, value: value, source: "default") }
            return Setting(key: key, value: nil, source: "not set")
        }
    }
}
