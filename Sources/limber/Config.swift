import ArgumentParser
import LimberBasics
import LimberConfig
import LimberLogStore

extension Limber {
    /// `limber config`: the settings in force and where each comes from.
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "config", 
            abstract: "Show the user configuration: each setting in force and where it comes from.",
            discussion: """
                The file is $XDG_CONFIG_HOME/limber/config.yaml (default ~/.config/limber/config.yaml), \
                'key: value' lines: patient, device, volume, voice (on/off), library, log. A command's \
                own options win over the file. Exit code 1 when the file has errors (each shown with \
                its line and column).
                """
        )

        func run() throws {
            let file = UserSettings.file
            _ = try UserSettings.config()
            let defaults: [ConfigKey: String] = [.device: "default", .volume: "100", .log: try LogStore.defaultPath()]
            var table = TextTable(indent: "")
            table.append(["setting", "value", "from"])
            for s in Setting.resolve(file: file, commandLine: [:], defaults: defaults) {
                table.append([s.key.rawValue, s.value ?? "—", s.source].map(TextSanitizer.singleLine))
            }
            let where_ = file.exists ? "" : " (none there: every setting is a default)"
            Console.out("Configuration file: \(TextSanitizer.singleLine(file.path))\(where_)\n\n" + table.rendered())
        }
    }
}
