import LimberConfig
import LimberProgram
import Testing

@Suite struct UserConfigTests {
    func parse(_ text: String) -> (UserConfig, [Diagnostic]) {
        ConfigFile.parse(text, folder: "/home/p/.config/limber", home: "/home/p")
    }

    @Test func everyKeyIsReadAndPathsAreResolved() {
        let (config, problems) = parse("patient: p-0042\ndevice: hw:1\nvolume: 80\nvoice: on\nlibrary: ~/exercises\nlog: logs/limber.jsonl\n")
        #expect(problems.isEmpty)
        #expect(config.patient == "p-0042")
        #expect(config.device == "hw:1")
        #expect(config.volume == 80)
        #expect(config.voice == true)
        #expect(config.library == "/home/p/exercises")
        #expect(config.log == "/home/p/.config/limber/logs/limber.jsonl")
        #expect(config.locations[.volume] == SourceLocation(line: 3, column: 9))
    }

    @Test func anEmptyFileOrOnlyCommentsSetsNothing() {
        #expect(parse("").0 == UserConfig())
        #expect(parse("# nothing yet\n").1.isEmpty)
    }

    /// The whole message, as `limber config` prints it: place, line, caret, suggestion.
    @Test func anUnknownKeyIsLocatedWithASuggestion() {
        let text = "patient: p-1\nvolme: 80\n"
        let (_, problems) = parse(text)
        let rendered = DiagnosticRenderer().render(problems, path: "config.yaml", source: SourceLines(text))
        #expect(rendered == "config.yaml:2:1: error: unknown setting 'volme'; did you mean 'volume'?\nvolme: 80\n^\n")
    }

    @Test func aKeyLikeNoneListsTheSettings() {
        #expect(parse("colour: blue\n").1.first?.message == "unknown setting 'colour'; settings are patient, device, volume, voice, library, log")
    }

    @Test func badValuesAreErrorsAtTheValue() {
        let (config, problems) = parse("volume: 120\nvoice: maybe\npatient: Jane Doe\n")
        #expect(problems.map(\.location) == [SourceLocation(line: 1, column: 9), SourceLocation(line: 2, column: 8), SourceLocation(line: 3, column: 10)])
        #expect(problems[0].message == "'volume': expected a whole number from 0 to 100, found '120'")
        #expect(problems[1].message == "'voice': expected on or off, found 'maybe'")
        #expect(problems[2].message.hasPrefix("'patient': a patient id is letters, digits"))
        #expect(config.volume == nil && config.voice == nil && config.patient == nil)
    }

    @Test func brokenYAMLIsLocated() {
        let (_, problems) = parse("patient: p-1\ndevice: \"hw:1\n")
        #expect(problems.count == 1)
        #expect(problems[0].severity == .error)
        #expect(problems[0].location.line == 2)
        #expect(parse("- a list\n").1.first?.message.hasPrefix("expected the configuration to be 'key: value' lines") == true)
    }

    @Test func theCommandLineWinsOverTheFileAndTheFileOverDefaults() {
        var file = ConfigFile(path: "/c.yaml", exists: true, config: UserConfig(), diagnostics: [], text: nil)
        (file.config, _) = parse("device: hw:1\nvolume: 80\n")
        let settings = Setting.resolve(file: file, commandLine: [.volume: "30"], defaults: [.device: "default", .volume: "100", .log: "/d/log.jsonl"])
        let byKey = Dictionary(uniqueKeysWithValues: settings.map { ($0.key, $0) })
        #expect(byKey[.volume] == Setting(key: .volume, value: "30", source: "command line"))
        #expect(byKey[.device] == Setting(key: .device, value: "hw:1", source: "/c.yaml:1"))
        #expect(byKey[.log] == Setting(key: .log, value: "/d/log.jsonl", source: "default"))
        #expect(byKey[.patient] == Setting(key: .patient, value: nil, source: "not set"))
    }

    @Test func theFileIsFoundThroughXDGOrHome() {
        #expect(ConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/limber/config.yaml")
        #expect(ConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]) == "/h/.config/limber/config.yaml")
        #expect(ConfigFile.defaultPath(environment: [:]) == nil)
    }
}
