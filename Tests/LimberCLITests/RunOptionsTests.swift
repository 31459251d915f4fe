import Foundation
import LimberTestSupport
import Testing

/// `run` declares the sound, library and voice options itself instead of through the option
/// groups the other commands use (start-up speed, see `Limber.Run`): each must stay the same
/// option as the group's, in the group's order, with the group's check.
@Suite("limber run's own copies of the shared options")
struct RunOptionsTests {
    /// The options of `command` as `--experimental-dump-help` describes them, by long name, in order.
    static func options(_ command: [String]) throws -> [(name: String, description: NSDictionary)] {
        let result = try CommandRunner.limber(command + ["--experimental-dump-help"])
        #expect(result.status == 0, "\(result.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let arguments = try #require((root["command"] as? [String: Any])?["arguments"] as? [[String: Any]])
        return arguments.compactMap { argument in
            guard let name = (argument["preferredName"] as? [String: Any])?["name"] as? String else { return nil }
            return (name, argument as NSDictionary)
        }
    }

    @Test func eachSharedOptionIsTheGroupsOption() throws {
        let run = try Self.options(["run"])
        let groups: [(command: [String], names: [String])] = [
            (["sounds", "play"], ["device", "volume", "sounds"]),
            (["validate"], ["library"]),
            (["plan"], ["voice", "language"]),
        ]
        var expectedOrder: [String] = []
        for (command, names) in groups {
            let theirs = try Self.options(command)
            for name in names {
                let mine = try #require(run.first { $0.name == name }, "run has no --\(name)")
                let group = try #require(theirs.first { $0.name == name }, "\(command) has no --\(name)")
                #expect(mine.description == group.description, "--\(name): run's \(mine.description) vs \(group.description)")
                expectedOrder.append(name)
            }
        }
        // Where the groups stood: after --log, before --patient.
        let names = run.map(\.name)
        let log = try #require(names.firstIndex(of: "log"))
        #expect(Array(names[(log + 1)...].prefix(expectedOrder.count + 1)) == expectedOrder + ["patient"])
        let voice = try #require(run.first { $0.name == "voice" })
        #expect(voice.description["allValues"] as? [String] == ["on", "off"])
    }

    @Test func theVolumeIsCheckedBeforeThePatientAsByItsGroup() throws {
        let both = try CommandRunner.limber(["run", "--volume", "101", "--patient", "bad id!", "Programs/core-planks.yaml"])
        #expect(both.status == 2)
        #expect(both.stderr.hasPrefix("Error: --volume must be from 0 to 100, not 101.\n"), "\(both.stderr)")
        let play = try CommandRunner.limber(["sounds", "play", "--volume", "101", "start"])
        #expect(play.stderr.hasPrefix("Error: --volume must be from 0 to 100, not 101.\n"), "\(play.stderr)")
        let voice = try CommandRunner.limber(["run", "--voice", "maybe", "Programs/core-planks.yaml"])
        #expect(voice.stderr.hasPrefix("Error: The value 'maybe' is invalid for '--voice <on|off>'. Please provide one of 'on' and 'off'.\n"), "\(voice.stderr)")
    }
}
