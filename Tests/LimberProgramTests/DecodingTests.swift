import LimberBasics
import LimberProgram
import LimberTestSupport
import Foundation
import Testing

@Suite("Decoding programs")
struct DecodingTests {
    static let minimal = """
        limber: 1
        title: Minimal
        safety: [Stop if it hurts.]
        schedule: { per_week: 3 }
        discomfort: { stop_at: 7 }
        exercises:
          - name: Plank
            hold: 30s
        """

    @Test func minimalProgramTakesDefaults() throws {
        let result = ProgramParser.parse(Self.minimal)
        #expect(result.diagnostics.isEmpty)
        let program = try #require(result.program)
        #expect(program.title == "Minimal")
        #expect(program.safety == ["Stop if it hurts."])
        #expect(program.schedule == Schedule(frequency: .perWeek(3)))
        #expect(program.discomfort == DiscomfortRule(ask: .afterExercise, stopAt: 7, onStop: .endSession))
        #expect(program.defaults == Defaults(prepare: 5, rest: 30, restBetweenExercises: 30, switchSides: 5))
        let plank = try #require(program.exercises.first)
        #expect(plank.work == .hold(seconds: 30))
        #expect(plank.sets == 1)
        #expect(plank.sides.isEmpty)
        #expect(plank.location == SourceLocation(line: 7, column: 5))
    }

    @Test func everyFieldOfTheFormat() throws {
        let yaml = """
            limber: 1
            title: Everything
            author: A. Therapist
            description: |
              Two lines
              of description.
            safety:
              - Stop on sharp pain.
              - See a clinician for numbness.
            schedule:
              days: [fri, Mon, wednesday]
              per_day: 2
              start: 2026-12-01
              weeks: 6
            discomfort: { ask: after_set, stop_at: 6, on_stop: skip_exercise }
            defaults: { prepare: 8s, rest: 1m, rest_between_exercises: 1m30s, switch: 4s }
            exercises:
              - name: Lunge stretch
                instructions: Tuck the pelvis.
                equipment: mat
                sides: [right, left]
                sets: 3
                hold: 45s
                cue_every: 15s
                rest: 20s
                prepare: 10s
                switch: 6s
                discomfort: { stop_at: 5 }
              - name: Bridge
                reps: 12
                tempo: 2-1-3
              - name: Bridge march
                reps: 10
                sides: both
              - name: Foot rolling
                duration: 2m
                sounds: { start: sounds/bell.wav }
            """
        let result = ProgramParser.parse(yaml)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let p = try #require(result.program)
        #expect(p.author == "A. Therapist")
        #expect(p.description == "Two lines\nof description.")
        #expect(p.schedule == Schedule(frequency: .weekdays([.monday, .wednesday, .friday]), perDay: 2,
                                       start: CalendarDate(year: 2026, month: 12, day: 1), weeks: 6))
        #expect(p.schedule?.sessionsPerWeek == 6)
        #expect(p.defaults == Defaults(prepare: 8, rest: 60, restBetweenExercises: 90, switchSides: 4))
        let lunge = p.exercises[0]
        #expect(lunge.sides == [.right, .left])
        #expect(lunge.cueEvery == 15)
        #expect(lunge.restSeconds(p.defaults) == 20)
        #expect(lunge.prepareSeconds(p.defaults) == 10)
        #expect(lunge.switchSeconds(p.defaults) == 6)
        // The exercise's rule is merged over the program's.
        #expect(lunge.discomfortRule(p.discomfort) == DiscomfortRule(ask: .afterSet, stopAt: 5, onStop: .skipExercise))
        #expect(p.exercises[1].work == .reps(count: 12, tempo: Tempo(up: 2, hold: 1, down: 3)))
        #expect(p.exercises[1].restSeconds(p.defaults) == 60)
        #expect(p.exercises[2].work == .reps(count: 10, tempo: nil))
        #expect(p.exercises[2].sides == [.left, .right])
        #expect(p.exercises[3].work == .duration(seconds: 120))
        #expect(p.exercises[3].sounds[.start]?.path == "sounds/bell.wav")
    }

    @Test(arguments: [
        ("30s", 30), ("90s", 90), ("1m30s", 90), ("2m", 120), ("1m 30s", 90), ("0s", 0),
    ])
    func durations(text: String, seconds: Int) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(arguments: ["30", "", "s", "m", "1h", "30s1m", "-5s", "1.5s", "3 0s x", "99999999999999999999s", "1m1m"])
    func invalidDurations(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test func durationFormatting() {
        #expect(DurationText.format(45) == "45s")
        #expect(DurationText.format(120) == "2m")
        #expect(DurationText.format(90) == "1m30s")
        #expect(DurationText.clock(65) == "1:05")
        #expect(DurationText.clock(3723) == "1:02:03")
    }

    @Test func shippedProgramsAreCleanAndCoverTheBrief() throws {
        let programs = Fixtures.allPrograms
        #expect(programs.count >= 5)
        var names: [String] = []
        for url in programs {
            let loaded = ProgramFile.read(url.path)
            #expect(loaded.result.diagnostics.isEmpty, "\(url.lastPathComponent): \(loaded.result.diagnostics)")
            let program = try #require(loaded.result.program)
            #expect(!program.safety.isEmpty)
            #expect(program.schedule != nil)
            #expect(program.discomfort.stopAt != nil)
            names += program.exercises.map { $0.name.lowercased() }
        }
        for needle in ["psoas", "glute bridge", "single-leg", "front plank", "side plank", "foot rolling"] {
            #expect(names.contains { $0.contains(needle) }, "no shipped exercise mentions \(needle)")
        }
        let combined = try #require(ProgramFile.read(Fixtures.program("low-back-basics.yaml").path).result.program)
        let combinedNames = combined.exercises.map { $0.name.lowercased() }
        for needle in ["psoas", "bridge", "plank", "rolling"] {
            #expect(combinedNames.contains { $0.contains(needle) })
        }
    }

    @Test func notesAndMediaReachTheExercise() throws {
        let result = ProgramParser.parse(Self.minimal + """

                notes: |
                  Go gently the first week.
                  Tell me at your next visit how it went.
                media: https://example.org/plank.mp4
              - name: Bridge
                reps: 10
                media: [images/bridge.png, HTTPS://example.org/bridge.mp4]
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let exercises = try #require(result.program?.exercises)
        #expect(exercises[0].notes == "Go gently the first week.\nTell me at your next visit how it went.")
        #expect(exercises[0].media == ["https://example.org/plank.mp4"])
        #expect(exercises[1].notes == nil)
        #expect(exercises[1].media == ["images/bridge.png", "HTTPS://example.org/bridge.mp4"])
    }

    @Test func aMissingMediaFileIsAWarningAndAURLIsNeverLookedUp() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("images"), withIntermediateDirectories: true)
        try Data("png".utf8).write(to: folder.appendingPathComponent("images/plank.png"))
        let file = folder.appendingPathComponent("p.yaml")
        try (Self.minimal + "\n    media: [images/plank.png, images/bridge.png, https://example.invalid/x.mp4]\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let loaded = ProgramFile.read(file.path)
        #expect(loaded.result.program != nil)
        #expect(loaded.result.diagnostics.map(\.message) == [
            "the media file 'images/bridge.png' does not exist next to the program; the patient won't find it",
        ])
        #expect(loaded.result.diagnostics.first?.severity == .warning)
    }

    @Test func schemaDescribesTheNewKeysInPlainWords() {
        let schema = ProgramSchema.text
        #expect(!schema.contains("Sessions days"))
        #expect(schema.contains("Training days per week (any days); use this or days."))
        #expect(schema.contains("\"notes\"") && schema.contains("\"media\""))
    }
}
