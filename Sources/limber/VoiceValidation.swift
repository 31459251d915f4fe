import LimberProgram
import LimberSpeech
import LimberTimeline

/// `validate`'s voice checks, which need the installed voices and the timeline: the language
/// exists, and each therapist prompt has room to be said.
enum VoiceValidation {
    /// `file` with the voice diagnostics added, in file order.
    static func checked(_ file: ProgramFile) -> ProgramFile {
        guard let program = file.result.program, !file.result.diagnostics.hasErrors else { return file }
        var file = file
        if program.voice?.languageLocation != nil {
            let installed = SpeechSynthesiser.shared.voices().flatMap { [$0.identifier, $0.name] + $0.languages }
            file.result.diagnostics += VoiceCheck.diagnostics(program, installed: installed)
        }
        if program.exercises.contains(where: { !$0.prompts.isEmpty }) {
            file.result.diagnostics += SpeechPlanner.plan(TimelineCompiler.compile(program)).warnings
        }
        file.result.diagnostics.sort(by: DiagnosticRenderer.order)
        return file
    }
}
