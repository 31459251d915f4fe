import Foundation
import LimberBasics
import LimberHandout
import LimberProgram
import LimberTestSupport
import LimberTimeline
import Testing

@Suite("Handout: the printable page")
struct HandoutTests {
    static let program = """
        limber: 1
        title: Knee class
        author: Dr. A. Example, physiotherapist
        description: Two exercises for the knee.
        safety:
          - Stop if the knee swells.
        schedule: { days: [tue, thu], start: 2026-12-01, weeks: 2 }
        discomfort: { stop_at: 6 }
        exercises:
          - name: Wall calf stretch
            instructions: Lean into the wall.
            equipment: a wall
            sides: [left, right]
            hold: 30s
          - name: Bridge
            notes: Slowly.
            sets: 2
            reps: 10
            tempo: 2-1-2
            weeks: 2-
            progression: { reps: +2, max: 14, down: 2 }
        phases:
          - name: Longer holds
            weeks: 2
            exercises:
              Wall calf stretch: { hold: 45s }

        """

    static func page(_ yaml: String, paper: PaperSize = .auto) throws -> String {
        Handout.page(TimelineCompiler.compile(try #require(ProgramParser.parse(yaml).program)), runCommand: "limber run knee.yaml", paper: paper)
    }

    /// The page's body, compared with Golden/handout-body.html (re-record with LIMBER_RECORD_GOLDEN=1).
    @Test func bodyMatchesTheGolden() throws {
        let html = try Self.page(Self.program)
        let body = String(html[html.range(of: "<body>")!.lowerBound...])
        let file = Fixtures.packageRoot.appendingPathComponent("Tests/LimberHandoutTests/Golden/handout-body.html")
        if ProcessInfo.processInfo.environment["LIMBER_RECORD_GOLDEN"] == "1" {
            try body.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(body == (try String(contentsOf: file, encoding: .utf8)), "differs from \(file.lastPathComponent)")
    }

    @Test func theLogHasOneRowPerPrescribedSession() throws {
        let html = try Self.page(Self.program)
        #expect(html.components(separatedBy: "<rect ").count - 1 == 4, "Tue and Thu for 2 weeks")
        for date in ["2026-12-01", "2026-12-03", "2026-12-08", "2026-12-10"] { #expect(html.contains("<td class=\"date\">\(date)</td>")) }
        let twiceDaily = try Self.page(Self.program.replacingOccurrences(of: "{ days: [tue, thu], start: 2026-12-01, weeks: 2 }",
                                                                         with: "{ per_week: 3, per_day: 2, weeks: 6 }"))
        #expect(twiceDaily.components(separatedBy: "<rect ").count - 1 == 36)
    }

    /// Every text the program carries reaches the page escaped, never as markup.
    @Test func everyProgramTextIsEscaped() throws {
        let evil = "<script>alert(1)</script> & \\\"q\\\" <img src=x onerror=y>"
        let yaml = """
            limber: 1
            title: "T \(evil)"
            author: "A \(evil)"
            description: "D \(evil)"
            safety: ["S \(evil)"]
            schedule: { per_week: 1 }
            discomfort: { stop_at: 6 }
            exercises:
              - name: "N \(evil)"
                instructions: "I \(evil)"
                notes: "O \(evil)"
                equipment: "E \(evil)"
                media: "m<b>&.png"
                hold: 30s
            phases:
              - name: "P \(evil)"
                weeks: 1
                exercises:
                  "N \(evil)": { hold: 40s }

            """
        let html = try Self.page(yaml)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>"))
        for prefix in ["T", "A", "D", "S", "N", "I", "O", "E", "P"] {
            #expect(html.contains("\(prefix) &lt;script&gt;alert(1)&lt;/script&gt; &amp;"), "\(prefix) is escaped")
        }
        #expect(html.contains("m&lt;b&gt;&amp;.png"))
    }

    /// Standalone: nothing is fetched, whatever the paper.
    @Test func noExternalResource() throws {
        for paper in PaperSize.allCases {
            let html = try Self.page(Self.program, paper: paper)
            for needle in ["http:", "https:", "src=", "href=", "url(", "@import", "<script", "<link"] {
                #expect(!html.contains(needle), "\(paper): \(needle)")
            }
        }
        #expect(try Self.page(Self.program, paper: .a4).contains("@page{size:A4;margin:12mm}"))
        #expect(try Self.page(Self.program, paper: .letter).contains("@page{size:letter;margin:12mm}"))
    }

    /// A program that progresses says so on paper: each rule as one sentence, the phases with
    /// their dose, and the weeks an exercise is in the session (Programs/ ships both kinds).
    @Test func progressionPhasesAndWeeksArePrinted() throws {
        func shipped(_ name: String) throws -> String {
            try Self.page(String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Programs/\(name)"), encoding: .utf8))
        }
        let planks = try shipped("core-planks.yaml")
        #expect(planks.contains("<strong>Progression: </strong>The hold goes up by 5s a week, up to 45s, after a week with at least "
            + "2 sessions done in full at discomfort 3/10 or less and no flare-up; it goes back 5s after a flare-up (pain above "
            + "5/10 during or after a session, or more pain the next morning or from week to week), never below 15s."))
        #expect(planks.contains("Each set goes up by 2 reps a week, up to 12 reps, after a week with at least 2 sessions done in "
            + "full at discomfort 2/10 or less and no flare-up; it goes back 2 reps after a flare-up"))
        #expect(planks.contains("never below 8 reps."), "no min: the program's own value")
        let back = try shipped("low-back-basics.yaml")
        #expect(back.contains("<strong>Weeks 4–6, \n      <bdi>Longer stretches</bdi>: \n     </strong>3 × 45s hold, left then right, rest 15s.\n    </p>"))

        let yaml = Self.program.replacingOccurrences(of: "weeks: 2-\n    progression: { reps: +2, max: 14, down: 2 }",
                                                     with: "weeks: 1\n    progression: { sets: +1, max: 3, sessions: 1, pain_limit: 4, apply: suggest }")
        let suggested = try Self.page(yaml)
        #expect(suggested.contains("<p class=\"weeks\">Do this in week 1 only.</p>"))
        #expect(suggested.contains("The session may go up (ask your therapist first) by 1 set a week, up to 3 sets, after a week with at least "
            + "1 session done in full at discomfort 2/10 or less and no flare-up; it stays the same after a flare-up (pain above "
            + "4/10 during or 5/10 after a session"))
        let plain = try Self.page(String(Self.program[..<Self.program.range(of: "    weeks: 2-")!.lowerBound]))
        #expect(!plain.contains("class=\"weeks\"") && !plain.contains("class=\"phase\"") && !plain.contains("class=\"progression\""))
    }
}
