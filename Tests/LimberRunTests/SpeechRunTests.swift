import LimberBasics
import LimberRun
import LimberSpeech
import LimberTerminal
import LimberTimeline
import Testing

/// Records the phrases the runner asks for, as the speech player would take them.
final class RecordingSpeech: PhrasePlayer {
    private(set) var asked: [SpeechPlayer.Phrase] = []
    /// When each phrase in ``asked`` was first asked for, on `clock`.
    private(set) var askedAt: [Duration] = []
    private(set) var cancels: [Duration] = []
    private(set) var prepared: [String] = []
    var hasFailed = false
    var clock: () -> Duration = { .zero }

    func prepare(_ texts: [String]) { prepared += texts }

    func say(_ phrases: [SpeechPlayer.Phrase]) {
        for phrase in phrases where !asked.contains(phrase) {
            asked.append(phrase)
            askedAt.append(clock())
        }
    }

    func cancel(from: Duration) { cancels.append(from) }
}

@Suite("Voice guidance in the runner")
struct SpeechRunTests {
    static let program = """
        limber: 1
        title: Voice
        discomfort: { ask: never }
        defaults: { prepare: 5s, rest: 10s, rest_between_exercises: 10s, switch: 5s }
        exercises:
          - name: Plank
            sets: 2
            hold: 20s

        """

    @Test func everyPhraseIsAskedForAheadOfItsMomentAtItsPlannedTime() {
        let h = RunHarness(Self.program)
        let speech = RecordingSpeech()
        speech.clock = { h.input.now }
        #expect(h.run(audio: RecordingPlayer(), speech: speech).exitCode == 0)
        let plan = SpeechPlanner.plan(h.timeline)
        #expect(speech.prepared == ["Plank"], "the first step's phrase is synthesised before the session starts")
        #expect(speech.asked.map(\.text) == plan.cues.map(\.text))
        #expect(speech.asked.map(\.at) == plan.cues.map { .microseconds(Int64($0.at * 1_000_000)) })
        // Asked for at least 5 s ahead, but for what the first step says at once.
        for (phrase, when) in zip(speech.asked, speech.askedAt).dropFirst() {
            #expect(phrase.at - when >= .seconds(5), "\(phrase.text) asked for at \(when), due \(phrase.at)")
        }
        // The closing words ring out before the session lets go of the device.
        let closing = SpeechPlanner.estimatedSeconds("Session complete. Well done.")
        #expect(h.input.now >= .seconds(55) + .milliseconds(500) + .milliseconds(Int64(closing * 1000)))
    }

    @Test func plainModePrintsEachPhraseAsALineWhenItIsSpokenSanitised() {
        let yaml = Self.program.replacingOccurrences(of: "hold: 20s\n", with: """
            hold: 20s
                say:
                  - at: 4s
                    say: "Breathe \\u202E out"

            """)
        let h = RunHarness(yaml)
        #expect(h.run(audio: RecordingPlayer(), speech: RecordingSpeech()).exitCode == 0)
        let plan = SpeechPlanner.plan(h.timeline)
        #expect(plan.cues.contains { $0.text.contains("\u{202E}") }, "the prompt is planned")
        let says = h.printed.filter { $0.contains(" says: ") }
        #expect(says.map { String($0.dropFirst(11)) } == plan.cues.map { "says: \"\(TextSanitizer.singleLine($0.text))\"" })
        #expect(says.contains { $0.hasSuffix("says: \"Breathe \\u{202E} out\"") })
        // Each at its moment: stamped with its second, after the lines before it.
        let start = h.input.wallTime.addingTimeInterval(-h.input.now.inSeconds)
        for (line, cue) in zip(says, plan.cues) {
            #expect(line.hasPrefix(PlainText.stamp(start.addingTimeInterval(cue.at))), "\(line) due at \(cue.at)")
        }
        let lines = h.lines
        let halfway = lines.firstIndex(of: "says: \"Halfway.\"")!
        #expect(lines[..<halfway].contains { $0.hasPrefix("step 2/") } && !lines[..<halfway].contains { $0.hasPrefix("step 3/") })
        #expect(lines.firstIndex(of: "says: \"Session complete. Well done.\"")! < lines.firstIndex { $0.hasPrefix("session completed") }!)
    }

    @Test func plainModeSaysNothingWithTheVoiceOffOrFailed() {
        let off = RunHarness(Self.program)
        _ = off.run(audio: RecordingPlayer())
        let failed = RunHarness(Self.program)
        let speech = RecordingSpeech()
        speech.hasFailed = true
        _ = failed.run(audio: RecordingPlayer(), speech: speech)
        for h in [off, failed] {
            #expect(!h.lines.contains { $0.hasPrefix("says:") })
            #expect(h.lines.contains("cue start"))
        }
    }

    @Test func aPauseCancelsWhatIsAheadAndResumingAsksAgainLater() {
        let h = RunHarness(Self.program, script: [(.seconds(8), .key(.space)), (.seconds(38), .key(.space))])
        let speech = RecordingSpeech()
        _ = h.run(speech: speech)
        #expect(speech.cancels.first == .seconds(8))
        let halfways = speech.asked.filter { $0.text == "Halfway." }.map(\.at)
        // The first set's halfway asked for before the pause, then again 30 s later.
        #expect(halfways.prefix(2) == [.milliseconds(15_500), .milliseconds(45_500)])
    }
}
