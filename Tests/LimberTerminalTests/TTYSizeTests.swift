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
}
