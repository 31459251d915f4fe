import Foundation
import LimberTestSupport
import Testing

@Suite("limber handout, printed by Chromium")
struct HandoutCommandTests {
    /// One Chromium run prints the example program's handout on A4 and on Letter; poppler reads
    /// the PDFs back (pdftoppm: one PNG a page, the paper's size; pdftotext: the text), and
    /// nothing may be wider than the printable width (scripts/check-handout).
    @Test(.enabled(if: HandoutCommandTests.chromium != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftoppm"),
                   "chromium or poppler-utils is not installed (make test installs them)"))
    func handoutPrintsOnA4AndLetter() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("handout.html").path
        let made = try CommandRunner.limber(["handout", "Programs/hip-and-core-from-library.yaml", "--output", html])
        try #require(made.status == 0, "\(made.stderr)")
        var info = stat()
        #expect(stat(html, &info) == 0 && info.st_mode & 0o777 == 0o600, "the handout is private")
        let texts = ["Hip and core from the library", "3 days a week, from 2026-12-07 for 6 weeks", "Safety: when to stop",
                     "Bridges: if the low back rather than the buttocks does the work", "Dead bug", "Session log", "Discomfort 0–10"]
        let checked = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Fixtures.packageRoot.appendingPathComponent("scripts/check-handout").path, html, folder.path] + texts, in: folder)
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        let verdicts = try #require(try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: [String: Any]])
        for paper in ["a4", "letter"] {
            let pages = try #require(verdicts[paper]?["pages"] as? Int)
            #expect(pages >= 2, "the exercises, then the log on a page of its own")
            for page in 1...max(pages, 1) {
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("handout-\(paper)-\(page).png").path))
            }
        }
    }

    @Test func aLibraryExerciseIsNotAProgram() throws {
        let result = try CommandRunner.limber(["handout", "Programs/library/glute-bridge.yaml"])
        #expect(result.status == 1)
        #expect(result.stderr == "limber: Programs/library/glute-bridge.yaml is a library exercise, not a program: name it with 'use:' in a program\n")
    }

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
