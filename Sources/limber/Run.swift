import ArgumentParser
import Foundation
import LimberAudio
import LimberBasics
import LimberLog
import LimberLogStore
import LimberProgram
import LimberRun
import LimberSession
import LimberTerminal
import LimberTimeline

extension Limber {
    /// `limber run PROGRAM`: the guided session.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", 
            abstract: "Follow a program: big countdown, audio cues, discomfort questions, and a durable log.",
            discussion: """
                Keys: Space pause/resume (ends a set of reps you count), n or → skip, b or ← back, \
                q quit, m mute, + and - volume, ? help. Ctrl-C quits at once; what was done is in the log.
                Without a terminal (stdin and stdout both), or with TERM=dumb, it prints one timestamped \
                line per step and cue, the safety notes, and asks no questions; keys (then Enter) are \
                read from the terminal if there is one, and with none a set of reps you count ends on \
                its own after 3 s a rep. Program warnings are for `limber validate`; `run` shows errors only.
                For a program that progresses (docs/progression.md) it runs the dose in force today and \
                says on the start screen what changed and why; on a terminal it then asks the pain \
                right after the session (Enter skips).
                Exit code 0 when the session ends (completed, quit, or stopped for discomfort), \
                1 when the program has errors, 128+N when signal N ended it (130 for Ctrl-C/SIGINT).
                """
        )

        @Argument(help: "The program file.", completion: .file(extensions: ["yaml", "yml"]))
        var program: String

        @Flag(name: .long, help: "Start at once, without the start screen.")
        var yes = false

        @Flag(name: .customLong("no-prompt"), help: "Don't ask discomfort questions.")
        var noPrompt = false

        @Flag(name: .customLong("no-sound"), help: "Don't open the sound device.")
        var noSound = false

        @Flag(name: .long, help: "Ring the terminal bell for the main cues when there is no sound.")
        var bell = false

        @Option(name: .long, help: ArgumentHelp("Log file (default: the configuration's log, else $XDG_DATA_HOME/limber/log.jsonl).", valueName: "file"))
        var log: String?

        // AudioOptions', LibraryOptions' and VoiceOptions' options, declared here rather than as
        // option groups (in the same order, so the help and every message are the same): the
        // parser asks the runtime for five protocol conformances per group, each a scan of every
        // conformance record in the binary, before the first frame (~15 % of the work before it).
        @Option(name: .customLong("device"), help: AudioOptions.deviceHelp)
        var deviceOption: String?

        @Option(name: .customLong("volume"), help: AudioOptions.volumeHelp)
        var volumeOption: Int?

        @Option(name: .long, help: AudioOptions.soundsHelp)
        var sounds: String?

        @Option(name: .customLong("library"), help: LibraryOptions.foldersHelp, completion: .directory)
        var folders: [String] = []

        @Option(name: .long, help: VoiceOptions.voiceHelp)
        var voice: VoiceSwitch?

        @Option(name: .long, help: VoiceOptions.languageHelp)
        var language: String?

        /// Recorded in the session start so one patient's logs from several devices merge.
        @Option(name: .long, help: ArgumentHelp("Pseudonymous patient id recorded in the log (letters, digits, - _ .; default: the user configuration's).", valueName: "id"))
        var patient: String?

        /// The sound options, as the option group would hold them.
        private var audio: AudioOptions { AudioOptions(deviceOption: deviceOption, volumeOption: volumeOption, sounds: sounds) }

        /// The voice options, as the option group would hold them.
        private var voiceOptions: VoiceOptions { VoiceOptions(voice: voice, language: language) }

        func validate() throws {
            // The sound options first, where the option group's own check came.
            try audio.validate()
            if let patient, let problem = PatientID.problem(patient) { throw ValidationError("--patient: \(problem).") }
        }

        func run() throws {
            ALSALibrary.silenceDiagnostics()
            let config = try UserSettings.config()
            let voice = voiceOptions
            let (written, loaded, sounds) = try ProgramInputs.usable(program, library: LibraryOptions.library(explicit: folders), errorsOnly: true)
            let parsed = voice.applied(to: written)
            let interactive = TTY.isInteractive() && ProcessEnvironment.value("TERM") != "dumb"
            // Plain output still takes keys from a terminal (stdin, or /dev/tty under a pipe).
            let keyboard = interactive ? nil : SystemInput.keyboard()
            let logPath = try UserSettings.logPath(log)
            // The dose in force today: the program's phases and progression over the log.
            let (plan, _, today) = try ProgressionInputs.plan(parsed, log: logPath, onlyIfProgressing: true)
            guard !plan.program.exercises.isEmpty else {
                throw CommandFailure("no exercise of this program is in week \(plan.week): see limber today")
            }
            let timeline = TimelineCompiler.compile(plan.program)
            let url = URL(fileURLWithPath: program).standardizedFileURL

            let inbox = NoticeInbox()
            // Read before the screen is taken: its problems are said on stderr. Only the cues this
            // session plays, and none when it plays nothing.
            let loadedBank = audio.loadBank(cues: noSound ? [] : timeline.cues.map(\.kind))

            let setup = RunSetup(
                timeline: timeline,
                origin: SessionOrigin(programPath: url.path, programSHA256: SHA256.hex(loaded.bytes), limberVersion: Limber.version,
                                      progression: parsed.progresses ? plan.logRecord : nil,
                                      simulatedDate: try TodayDate.simulated()?.description, patient: patient ?? config.patient),
                options: SessionOptions(prompts: !noPrompt && interactive, volume: audio.volume, muted: false, sound: !noSound,
                                        secondsPerCountedRep: interactive || keyboard != nil ? nil : Timeline.secondsPerCountedRep),
                skipStartScreen: yes, bell: bell, color: Console.wantsColor(fd: 1), ascii: !ScreenRenderer.localeIsUTF8(),
                cueBanks: [],
                progress: ([Self.progress(parsed.schedule, log: logPath, today: today)]
                           + (parsed.progresses ? plan.startScreenLines : [])).compactMap { $0 }.joined(separator: "\n"))
            let writer = LogWriter(path: logPath, time: MonotonicTime.now)
            let tty = interactive ? TTY() : nil
            let input = SystemInput(signals: SignalWatcher(), tty: tty ?? keyboard, lineMode: tty == nil)
            input.wallTimeShift = try TodayDate.shift()
            // The device and the voice open once the first frame is drawn (they take longer).
            let runner = SessionRunner(
                setup: setup, log: writer, display: tty, input: input, inbox: inbox,
                openingOutputs: { setup in
                    openSound(&setup, program: parsed, dosed: plan.program, bank: loadedBank, decoded: sounds, inbox: inbox)
                },
                writeLine: { Console.out($0 + "\n") })
            let outcome = runner.run()
            if !outcome.unsaved.isEmpty {
                Console.err("limber: \(outcome.unsaved.count) event(s) could not be saved to \(TextSanitizer.singleLine(writer.path)): \(outcome.unsavedReason ?? "unknown error"). Here they are:\n")
                for line in outcome.unsaved { Console.err(String(decoding: line.encoded(), as: UTF8.self)) }
            }
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
            if !outcome.unsaved.isEmpty { throw ExitCode.problems }
            // The pain-monitoring model reads the pain right after a session.
            if parsed.progresses, interactive, !noPrompt { try Checkin.askAfterSession(log: logPath) }
        }

        /// Where a session starting now stands in the program's schedule, from the session starts
        /// at the end of the log.
        static func progress(_ schedule: Schedule?, log: String, today: CalendarDate) -> String? {
            guard schedule != nil else { return nil }
            let earlier = RecentSessions.startDates(inLog: log).compactMap(CalendarDate.init(parsing:))
            return ScreenBuilder.progress(schedule, earlierStarts: earlier, today: today)
        }

        /// Opens the device (none with `--no-sound`), starts the voice when it can speak, and
        /// completes `setup` with each exercise's cue sounds (of `dosed`, today's program) and what
        /// the voice says.
        private func openSound(_ setup: inout RunSetup, program: Program, dosed: Program, bank loadedBank: CueBank,
                               decoded: [String: Sound], inbox: NoticeInbox) -> RunOutputs {
            var sink: AudioSink?
            if !noSound {
                let opened = AudioOutput.open(device: audio.device)
                sink = opened.sink
                opened.notice.map(inbox.post)
            }
            let engine = noSound ? nil : AudioEngine(sink: sink, bank: loadedBank, time: MonotonicTime.now, notice: inbox.post)
            engine?.volume = audio.volume
            let speech = voiceOptions.player(for: program, engine: engine, notice: inbox.post)
            // Speech says more than the recorded words: the tones play alone.
            let bank = speech == nil ? loadedBank : loadedBank.withoutWords()
            engine?.setBank(bank)
            setup.cueBanks = cueBanks(dosed, standard: bank, decoded: decoded)
            if speech != nil { setup.speech = SpeechPlanner.plan(setup.timeline) }
            return RunOutputs(audio: engine, speech: speech)
        }

        /// Each exercise's cue sounds: the standard ones, with the program's own for that exercise
        /// in their place (decoded while loading it: a sound that can't be played already made the
        /// program invalid).
        private func cueBanks(_ program: Program, standard: CueBank, decoded: [String: Sound]) -> [CueBank] {
            program.exercises.map { exercise in
                var bank = standard
                for (cue, reference) in exercise.sounds {
                    let file = ProgramFile.soundFile(reference.path, programPath: self.program)
                    if let sound = decoded[file] { bank.override(cue, with: sound, source: file) }
                }
                return bank
            }
        }
    }
}
