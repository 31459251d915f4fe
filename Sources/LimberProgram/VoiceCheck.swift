import LimberBasics

/// Checks a program's `voice: language` against the voices installed on this machine.
public enum VoiceCheck {
    /// A located warning when no installed voice answers to the program's language, with the
    /// closest one as a suggestion; none when the program sets no language or one is installed.
    /// A warning, not an error: the session still runs (with tones), and another machine may
    /// have the voice.
    /// - Parameter installed: every name a voice answers to (its languages, name and file).
    public static func diagnostics(_ program: Program, installed: [String]) -> [Diagnostic] {
        guard let voice = program.voice, let location = voice.languageLocation else { return [] }
        let wanted = voice.language.lowercased()
        let names = installed.map { $0.lowercased() }
        guard !names.contains(wanted) else { return [] }
        // "de-de" → "de": the language without a region that isn't installed.
        let base = wanted.split(separator: "-").first.map(String.init)
        let meant = base.flatMap { names.contains($0) && $0 != wanted ? $0 : nil } ?? Suggestions.closest(to: wanted, in: names)
        return [.warning("no voice installed here speaks '\(TextSanitizer.singleLine(voice.language))' (see espeak-ng --voices); "
                         + "sessions will play tones only\(Suggestions.hint(meant))", at: location)]
    }
}
