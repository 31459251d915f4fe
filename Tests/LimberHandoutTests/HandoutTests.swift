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

            """
        let html = try Self.page(yaml)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>"))
        for prefix in ["T", "A", "D", "S", "N", "I", "O", "E"] {
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
}
