import Foundation
import LimberAudio
import LimberBasics
import LimberProgram
import LimberSpeech
import LimberTestSupport
import LimberTimeline
import Testing

/// Phrases synthesised by libespeak-ng, placed by the engine and played through real libasound
/// into a `file` PCM; the capture analysed sample by sample. One at a time: espeak-ng keeps some
/// of a voice's settings after another voice is chosen (English said after German comes out a
/// little differently), so a capture and its reference must not have a German phrase between them.
@Suite("Speaking through libasound", .serialized)
struct SpeechCaptureTests {
    static let rate = AudioFormat.sampleRate

    /// Plays `tones` and `phrases` with the clock stepped 10 ms at a time up to `until`.
    func capture(tones: [(CueKind, Duration)], phrases: [SpeechPlayer.Phrase], language: String = "en",
                 until: Duration) throws -> (samples: [Float], stats: SpeechPlayer.Stats) {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let alsa = try TestALSA(folder: folder)
        let pcm = try ALSAPCM(name: alsa.device, configFile: alsa.configFile.path)
        let engine = AudioEngine(sink: pcm, bank: CueBank.synthesised(), time: { .zero }, notice: { _ in })
        engine.begin(at: .zero)
        for (cue, at) in tones { engine.schedule(cue, at: at) }
        let player = SpeechPlayer(output: engine, language: language, rate: SpeechSynthesiser.defaultRate, notice: { _ in })
        player.say(phrases)
        SpeechSynthesiser.shared.flush()
        var t = Duration.zero
        while t <= until {
            engine.pump(until: t)
            t += .milliseconds(10)
        }
        engine.stop(drain: false)
        let samples = try WAVReader.read(file: alsa.capture.path, maxSeconds: 3_600, maxBytes: 1 << 30).samples
        return (samples, player.currentStats)
    }

    static func frame(_ d: Duration) -> Int { Int((d.inSeconds * Double(rate)).rounded()) }

    /// Pearson correlation of the two spans' loudness in 10 ms frames: espeak-ng's voice has a
    /// slight flutter whose phase carries over from one phrase to the next, so two renderings of
    /// the same text match in their loudness over time, not sample for sample.
    static func envelopeCorrelation(_ a: ArraySlice<Float>, _ b: [Float]) -> Float {
        let size = rate / 100
        func envelope(_ s: [Float]) -> [Float] {
            stride(from: 0, to: s.count - size + 1, by: size).map { i in
                (s[i..<i + size].reduce(0) { $0 + $1 * $1 } / Float(size)).squareRoot()
            }
        }
        let x = envelope(Array(a)), y = envelope(b)
        let n = min(x.count, y.count)
        let mx = x.prefix(n).reduce(0, +) / Float(n), my = y.prefix(n).reduce(0, +) / Float(n)
        var xy: Float = 0, xx: Float = 0, yy: Float = 0
        for i in 0..<n {
            xy += (x[i] - mx) * (y[i] - my)
            xx += (x[i] - mx) * (x[i] - mx)
            yy += (y[i] - my) * (y[i] - my)
        }
        return xy / (xx * yy).squareRoot()
    }

    func reference(_ text: String, _ language: String = "en") throws -> [Float] {
        try SpeechSynthesiser.shared.render(text, language: language).get().samples
    }

    @Test func phrasesStartOnTheirSampleAndSoundAsLibespeakRendersThem() throws {
        let phrases = [
            SpeechPlayer.Phrase(text: "Set 2 of 3. Left side.", at: .milliseconds(1_500) + .microseconds(123), seconds: 3),
            SpeechPlayer.Phrase(text: "Halfway.", at: .milliseconds(5_500), seconds: 1.2),
        ]
        let tones: [(CueKind, Duration)] = [(.start, .seconds(1)), (.halfway, .seconds(5)), (.countdown, .seconds(7))]
        let (samples, stats) = try capture(tones: tones, phrases: phrases, until: .seconds(8))
        #expect(stats == SpeechPlayer.Stats(placed: 2, late: 0, cut: 0))
        let tolerance = Self.rate * 5 / 1000
        for phrase in phrases {
            let planned = Self.frame(phrase.at)
            let found = try #require(samples[(planned - Self.rate / 10)...].firstIndex { abs($0) > 1.0 / 1024 })
            #expect(abs(found - planned) <= tolerance, "\(phrase.text) starts at \(found), planned \(planned)")
            let ref = try reference(phrase.text)
            #expect(Self.envelopeCorrelation(samples[planned..<planned + ref.count], ref) >= 0.9, "\(phrase.text)")
            // Silence from the phrase's end (give or take the flutter's few samples) to the next tone.
            let end = planned + ref.count + Self.rate / 100
            #expect(samples[end..<end + Self.rate / 10].allSatisfy { $0 == 0 })
        }
        // The tone before each phrase is whole and ends before it.
        let tone = CueBank.synthesised().entry(.start).tone.samples
        #expect(samples[Self.rate + tone.count..<Self.frame(phrases[0].at)].allSatisfy { $0 == 0 })
    }

    /// A planned session played whole: each phrase at its sample, none over a tone, and each
    /// rest's phrase over a second before the 3-2-1.
    @Test func aPlannedSessionSpeaksBetweenItsTones() throws {
        let timeline = TimelineCompiler.compile(Program(title: "T", defaults: Defaults(prepare: 5, rest: 10, restBetweenExercises: 8), exercises: [
            Exercise(name: "Bridge", sets: 2, work: .hold(seconds: 12)),
            Exercise(name: "Side plank", sides: [.left, .right], work: .hold(seconds: 10)),
        ]))
        let plan = SpeechPlanner.plan(timeline)
        let tones = timeline.cues.map { ($0.kind, Duration.seconds($0.at)) }
        let phrases = plan.cues.map { SpeechPlayer.Phrase(text: $0.text, at: .microseconds(Int64($0.at * 1_000_000)), seconds: $0.seconds) }
        let (samples, stats) = try capture(tones: tones, phrases: phrases, until: .seconds(timeline.totalSeconds + 4))
        #expect(stats.placed == phrases.count && stats.late == 0)
        for phrase in phrases {
            let planned = Self.frame(phrase.at)
            let found = try #require(samples[(planned - Self.rate / 20)...].firstIndex { abs($0) > 1.0 / 1024 })
            #expect(abs(found - planned) <= Self.rate * 5 / 1000, "\(phrase.text)")
        }
        // Nothing sounds in the 150 ms before any tone: no phrase runs into one.
        for (_, at) in tones.dropFirst() {
            let frame = Self.frame(at)
            #expect(samples[frame - Self.rate * 15 / 100..<frame].allSatisfy { $0 == 0 }, "sound just before the tone at \(at)")
        }
        // The rests' countdowns have a silent second before them.
        for rest in timeline.steps where rest.kind == .rest {
            let countdown = Self.frame(.seconds(rest.start + rest.length! - 3))
            #expect(samples[countdown - Self.rate..<countdown].allSatisfy { $0 == 0 }, "rest at \(rest.start)")
            #expect(plan.cues(step: rest.index).first?.text.hasPrefix("Rest.") == true)
        }
    }

    @Test func aPreparedPhraseIsPlacedAtOnce() throws {
        let engine = AudioEngine(sink: nil, bank: CueBank.synthesised(), time: { .zero }, notice: { _ in })
        engine.begin(at: .zero)
        let player = SpeechPlayer(output: engine, language: "en", rate: 175, notice: { _ in })
        player.prepare(["Plank."])
        SpeechSynthesiser.shared.flush()
        player.say([SpeechPlayer.Phrase(text: "Plank.", at: .seconds(1), seconds: 2)])
        #expect(player.currentStats.placed == 1, "placed on the caller's thread, no synthesis to wait for")
    }

    @Test func aPhraseLongerThanItsRoomIsCutThere() throws {
        let phrase = SpeechPlayer.Phrase(text: "Rest. Next: side plank, right side.", at: .seconds(1), seconds: 1)
        let (samples, stats) = try capture(tones: [], phrases: [phrase], until: .seconds(4))
        #expect(stats.cut == 1)
        #expect(samples[(2 * Self.rate)...].allSatisfy { $0 == 0 })
        #expect(samples[Self.rate..<2 * Self.rate].contains { abs($0) > 0.05 })
    }

    @Test func germanIsSpokenInGerman() throws {
        let text = "Satz 2 von 3. Linke Seite."
        let phrase = SpeechPlayer.Phrase(text: text, at: .seconds(1), seconds: 4)
        let (samples, _) = try capture(tones: [], phrases: [phrase], language: "de", until: .seconds(5))
        let german = try reference(text, "de")
        #expect(Self.envelopeCorrelation(samples[Self.rate..<Self.rate + german.count], german) >= 0.9)
        // An English voice says the same letters differently.
        let english = try reference(text, "en")
        let n = min(german.count, english.count)
        #expect(n > Self.rate)
        #expect(Self.envelopeCorrelation(samples[Self.rate..<Self.rate + n], english) < 0.5)
    }

    @Test func aPhraseReadyAfterItsMomentIsDroppedNotPlayedLate() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let alsa = try TestALSA(folder: folder)
        let engine = AudioEngine(sink: try ALSAPCM(name: alsa.device, configFile: alsa.configFile.path),
                                 bank: CueBank.synthesised(), time: { .zero }, notice: { _ in })
        engine.begin(at: .zero)
        engine.pump(until: .seconds(2))
        let player = SpeechPlayer(output: engine, language: "en", rate: 175, notice: { _ in })
        player.say([SpeechPlayer.Phrase(text: "Halfway.", at: .seconds(1), seconds: 2)])
        SpeechSynthesiser.shared.flush()
        engine.stop(drain: false)
        #expect(player.currentStats == SpeechPlayer.Stats(placed: 0, late: 1, cut: 0))
    }

    @Test func anUnknownVoiceGivesOneNoticeAndNothingElse() throws {
        let notices = NoticeBox()
        let engine = AudioEngine(sink: nil, bank: CueBank.synthesised(), time: { .zero }, notice: { _ in })
        engine.begin(at: .zero)
        let player = SpeechPlayer(output: engine, language: "xx-nonexistent", rate: 175, notice: { notices.add($0) })
        player.say([SpeechPlayer.Phrase(text: "One", at: .seconds(5), seconds: 1),
                    SpeechPlayer.Phrase(text: "Two", at: .seconds(6), seconds: 1)])
        SpeechSynthesiser.shared.flush()
        player.say([SpeechPlayer.Phrase(text: "Three", at: .seconds(7), seconds: 1)])
        SpeechSynthesiser.shared.flush()
        #expect(notices.all == ["limber: no voice guidance (no installed voice speaks \"xx-nonexistent\"); the session goes on with tones"])
        #expect(player.hasFailed)
    }

    @Test func aVoiceNameThatIsAPathIsRefusedBeforeEspeakReadsIt() throws {
        // Without the guard espeak-ng parses /etc/passwd as a voice, echoes its lines and crashes.
        for path in [String(repeating: "../", count: 8) + "etc/passwd", "/etc/passwd", "en/../../../../../../../../etc/passwd"] {
            #expect(SpeechSynthesiser.shared.check(language: path) == .unknownVoice(path))
        }
        #expect(SpeechSynthesiser.shared.check(language: "en") == nil)
    }

    @Test func theEngineReportsItselfAndItsVoices() throws {
        let info = try SpeechSynthesiser.shared.info().get()
        #expect(info.engine.hasPrefix("eSpeak NG "))
        let voices = SpeechSynthesiser.shared.voices()
        #expect(voices.contains { $0.languages.contains("de") })
        #expect(voices.contains { $0.languages.contains("en") })
    }
}

/// Notices collected from another thread.
final class NoticeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.withLock { items.append(s) } }
    var all: [String] { lock.withLock { items } }
}
