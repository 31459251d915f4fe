import Glibc
import LimberTerminal
import Testing

/// The terminal's size is measured on entering and on SIGWINCH (``TTY/resized()``), not on
/// every frame: reading ``TTY/size`` makes no system call.
@Suite("The terminal's size")
struct TTYSizeTests {
    @Test func measuredOnceThenOnlyWhenResized() throws {
        // A pseudo-terminal pair (posix_openpt and friends are not in Swift's Glibc module):
        // TIOCSPTLCK unlocks the terminal end, TIOCGPTN gives its number.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        defer { close(master) }
        var unlock: Int32 = 0, number: UInt32 = 0
        try #require(ioctl(master, 0x4004_5431, &unlock) == 0 && ioctl(master, 0x8004_5430, &number) == 0)
        let terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        try #require(terminal >= 0)
        defer { close(terminal) }
        func setSize(_ columns: UInt16, _ rows: UInt16) {
            var ws = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
            _ = ioctl(master, UInt(TIOCSWINSZ), &ws)
        }
        setSize(100, 30)
        let tty = TTY(input: terminal, output: terminal)
        #expect(tty.size == (100, 30))
        setSize(40, 12)
        #expect(tty.size == (100, 30), "no new measure until SIGWINCH")
        tty.resized()
        #expect(tty.size == (40, 12))
        setSize(0, 0)
        tty.resized()
        #expect(tty.size == (80, 24), "a terminal that won't say is taken as 80×24")
    }

    /// A frame's bytes: only the lines that changed, each placed, reset and cleared to its end,
    /// after a clear when the whole screen is drawn — as the String-built frames were.
    @Test func framesWriteOnlyTheChangedLines() throws {
        var pipe: [Int32] = [0, 0]
        try #require(Glibc.pipe(&pipe) == 0)
        defer { close(pipe[0]) }
        _ = fcntl(pipe[0], F_SETFL, fcntl(pipe[0], F_GETFL) | O_NONBLOCK)
        let tty = TTY(input: pipe[0], output: pipe[1])
        func written(_ lines: [String], full: Bool = false) -> String {
            tty.draw(lines, full: full)
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let n = read(pipe[0], &buffer, buffer.count)
            return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
        }
        func placed(_ row: Int, _ line: String) -> String { "\u{1B}[\(row);1H\u{1B}[0m" + line + "\u{1B}[0m\u{1B}[K" }
        let first = ["title", "\u{1B}[1;32m█████\u{1B}[0m", "", "é 平板"]
        #expect(written(first) == "\u{1B}[2J" + first.enumerated().map { placed($0.offset + 1, $0.element) }.joined())
        #expect(written(first) == "", "nothing changed: nothing written")
        var second = first
        second[1] = "\u{1B}[1;32m█   █\u{1B}[0m"
        second[3] = "e\u{301} 平板" // the same text to String's ==: not drawn again
        #expect(written(second) == placed(2, second[1]))
        #expect(written(second, full: true) == "\u{1B}[2J" + second.enumerated().map { placed($0.offset + 1, $0.element) }.joined())
        let longer = second + (0..<11).map { "line \($0)" }
        #expect(written(longer).hasPrefix("\u{1B}[2J"), "a new line count draws it all")
        close(pipe[1])
    }
}
