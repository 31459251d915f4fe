@testable import LimberProgram
import Testing

@Suite("Did you mean …?")
struct SuggestionTests {
    static let exerciseKeys = ProgramFields.exercise.map(\.key)

    @Test(arguments: [("titel", "title"), ("sets:", "sets"), ("repss", "reps"), ("hodl", "hold"), ("duraton", "duration"),
                      ("rest-between-exercises", "rest_between_exercises"), ("instruction", "instructions"), ("note", "notes")])
    func typosAreSuggested(_ typo: String, _ meant: String) {
        let keys = Self.exerciseKeys + ProgramFields.program.map(\.key) + ProgramFields.defaults.map(\.key)
        #expect(Suggestions.closest(to: typo, in: keys) == meant)
    }

    @Test func unrelatedWordsAreNot() {
        #expect(Suggestions.closest(to: "video", in: ["sides"]) == nil)
        #expect(Suggestions.closest(to: "colour", in: Self.exerciseKeys) == nil)
        #expect(Suggestions.closest(to: "weight", in: Self.exerciseKeys) == nil)
        #expect(Suggestions.closest(to: "notes", in: Self.exerciseKeys) == "notes", "notes is a key of its own, not instructions")
    }

    @Test func weekdayAbbreviations() {
        let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        #expect(Suggestions.closest(to: "thurs", in: days) == "thu")
        #expect(Suggestions.closest(to: "tues", in: days) == "tue")
    }
}
