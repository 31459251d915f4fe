import ArgumentParser

extension Limber {
    /// `limber sounds`: the cue set and the audio device.
    struct Sounds: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sounds", 
            abstract: "List the cues, play one, speak a phrase, or check the audio device.",
            subcommands: [List.self, Play.self, Check.self, Say.self],
            defaultSubcommand: List.self
        )
    }
}
