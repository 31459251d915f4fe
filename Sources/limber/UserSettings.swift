import Foundation
import LimberBasics
import LimberConfig
import LimberLogStore
import LimberProgram

/// The user configuration file, read once per command: the defaults a command line leaves open.
enum UserSettings {
    /// The file as read (an empty configuration when there is none, or no home to look in).
    static let file: ConfigFile = {
        let environment = ProcessEnvironment.values("XDG_CONFIG_HOME", "HOME")
        guard let path = ConfigFile.defaultPath(environment: environment) else {
            return ConfigFile(path: "(no $HOME)", exists: false, config: UserConfig(), diagnostics: [], text: nil)
        }
        return ConfigFile.read(path, home: environment["HOME"])
    }()

    /// The configuration, or the failure that prints its located errors (file:line:column, the
    /// line and a caret, as for a program) and stops the command.
    static func config() throws -> UserConfig {
        guard file.hasErrors else { return file.config }
        let source = file.text.map(SourceLines.init)
        Console.err(DiagnosticRenderer(colored: Console.wantsColor(fd: 2)).render(file.diagnostics, path: file.path, source: source))
        throw CommandFailure("the configuration file \(file.path) has errors (fix them, or move it away)")
    }

    /// The configuration for options that only refine a default (sound device, volume): a broken
    /// file is reported by the commands that read it up front.
    static var lenient: UserConfig { file.hasErrors ? UserConfig() : file.config }

    /// The log a command writes or reads: `--log`, else the configuration's `log`, else the
    /// default ($XDG_DATA_HOME/limber/log.jsonl).
    static func logPath(_ option: String?) throws -> String {
        try option ?? config().log ?? LogStore.defaultPath()
    }
}
