import LimberBasics
import LimberLog
@testable import LimberReview
import Testing

/// A session list's rows read straight from the compact records give the cells (and the text
/// table) that the same sessions made whole gave: checked on generated sessions with awkward
/// titles and notes (wide characters, combining marks, emoji, controls, bidi overrides).
@Suite("Session list rows read from the records")
struct SessionRowTests {
    typealias Mix = ScannedReadingTests.Mix

    static let awkward = ["Plank", "片手プランク", "Cafe\u{301} stretch", "🧘‍♀️ yoga", "tab\there", "bell\u{7}\u{1B}[31mred",
                          "\u{202E}evil", "zero\u{200B}width", "", "very long title of a program that goes on and on · — …"]

    static func sessions(seed: UInt64) -> [SessionSummary] {
        var g = Mix(state: seed)
        let plans = SessionListTests.plans(&g).map { p in
            SessionSummary.Plan(title: awkward.randomElement(using: &g)!, planned: p.planned, schedule: p.schedule, stopAt: p.stopAt,
                                progression: nil)
        }
        return (0..<200).map { n in
            var s = SessionListTests.session(&g, n: n, plans: plans)
            for _ in 0..<Int.random(in: 0..<3, using: &g) {
                s.add(RatingRecord(exercise: "Clam", rating: Int.random(in: 0...10, using: &g), time: s.start, stopAt: 7,
                                   note: awkward.randomElement(using: &g)! + awkward.randomElement(using: &g)!))
            }
            return s
        }
    }

    @Test(arguments: [5, 6, 7] as [UInt64])
    func rowsFromRecordsMatchWholeSessions(seed: UInt64) {
        let all = Self.sessions(seed: seed)
        var list = SessionList()
        for s in all { _ = list.append(s) }
        for i in list.indices {
            let fast = list.row(i), whole = LogListing.Row(list[i])
            #expect(fast.notes == whole.notes)
            #expect(fast.fields(notes: Format.notePreview(fast.notes)) == whole.fields(notes: Format.notePreview(whole.notes)))
        }
        var fromRecords = "", fromWhole = ""
        LogListing.table(count: list.count, row: { [list] in list.row($0) }, indent: "  ", none: "none") { fromRecords += $0 }
        LogListing.table(count: list.count, row: { [list] in LogListing.Row(list[$0]) }, indent: "  ", none: "none") { fromWhole += $0 }
        #expect(fromRecords == fromWhole)
        #expect(!fromRecords.contains("\u{1B}"))
    }
}
