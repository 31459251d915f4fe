import Foundation
import LimberBasics
import LimberSession
#if canImport(Glibc)
import Glibc
#endif

/// The terminal as a full-screen device: raw mode (keys without Enter, Ctrl-C as a key), the
/// alternate screen, a hidden cursor, and the original settings restored exactly on every
/// exit — normal end, error, signal, even a crash.
public final class TTY {
    public let input: Int32
    public let output: Int32
    private var saved = termios()
    private var raw = termios()
    private var active = false
    private var previous: [String] = []
    private var decoder = KeyDecoder()

    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
    }

    /// True when both ends are terminals.
    public static func isInteractive(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) -> Bool {
        isatty(input) == 1 && isatty(output) == 1
    }

    /// Columns and rows as last measured (by ``enter()`` or ``resized()``; at first use if
    /// neither ran), or 80×24 when the terminal won't say. Reading it makes no system call, so
    /// a frame costs none: the size changes only with SIGWINCH, or while the process is stopped.
    public var size: (columns: Int, rows: Int) {
        if let measured { return measured }
        resized()
        return measured ?? (80, 24)
    }

    private var measured: (columns: Int, rows: Int)?

    /// Measures the terminal again (TIOCGWINSZ): call on SIGWINCH.
    public func resized() {
        var ws = winsize()
        measured = ioctl(output, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0
            ? (Int(ws.ws_col), Int(ws.ws_row)) : (80, 24)
    }

    /// Raw mode, alternate screen, hidden cursor. Installs crash handlers that restore the
    /// terminal before the process dies. Called again while active (after SIGCONT: the shell
    /// may have reset the terminal), it sets raw mode and the screen up again.
    public func enter() throws {
        // Resized while stopped, or first use: SIGWINCH went to the foreground job, maybe not this one.
        resized()
        if active {
            tcsetattr(input, TCSANOW, &raw)
            write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[2J")
            previous = []
            return
        }
        guard tcgetattr(input, &saved) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .ENOTTY) }
        raw = saved
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        // ISIG stays on for the suspend key alone (Ctrl-Z stops the session as in any terminal
        // program: the kernel sends SIGTSTP only to a foreground job that a shell can resume);
        // Ctrl-C and Ctrl-\ arrive as keys (their characters are disabled).
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN)
        raw.c_cflag |= tcflag_t(CS8)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
            cc[Int(VINTR)] = 0 // _POSIX_VDISABLE
            cc[Int(VQUIT)] = 0
        }
        guard tcsetattr(input, TCSAFLUSH, &raw) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .ENOTTY) }
        active = true
        CrashRestore.install(fd: input, termios: saved, output: output)
        write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[2J")
        previous = []
    }

    /// Puts the terminal back exactly as it was.
    public func restore() {
        guard active else { return }
        write("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l")
        tcsetattr(input, TCSAFLUSH, &saved)
        active = false
        CrashRestore.uninstall()
    }

    /// Draws a frame: only the lines that changed, all in one write, so nothing flickers.
    public func draw(_ lines: [String], full: Bool = false) {
        let redrawAll = full || previous.count != lines.count
        var out: [UInt8] = []
        if redrawAll { out.append(contentsOf: "\u{1B}[2J".utf8) }
        for (i, line) in lines.enumerated() where redrawAll || previous[i] != line {
            if out.isEmpty { out.reserveCapacity(4 * line.utf8.count + 64) }
            out.append(contentsOf: [0x1B, UInt8(ascii: "[")])
            var row = String(i + 1), line = line
            row.withUTF8 { out.append(contentsOf: $0) }
            out.append(contentsOf: Self.lineStart)
            line.withUTF8 { out.append(contentsOf: $0) }
            out.append(contentsOf: Self.lineEnd)
        }
        previous = lines
        if !out.isEmpty { WriteAll.write(output, out) }
    }

    /// What follows a line's row number (column 1, attributes reset), and what ends the line
    /// (reset, the rest of the row cleared).
    private static let lineStart = Array(";1H\u{1B}[0m".utf8), lineEnd = Array("\u{1B}[0m\u{1B}[K".utf8)

    /// Rings the terminal bell.
    public func bell() { write("\u{07}") }

    /// The keys available to read now (call when `input` is readable). The start of an escape
    /// sequence is held for the next read (see ``KeyDecoder``).
    public func readKeys() -> [Key] {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = Glibc.read(input, &buffer, buffer.count)
        guard n > 0 else { return n == 0 ? [.ctrlC] : [] } // end of input: treat as a hang-up
        return decoder.decode(Array(buffer[0..<n]))
    }

    /// True while the start of an escape sequence waits for the rest.
    public var holdingKeys: Bool { decoder.holding }

    /// The held bytes as keys, once the escape timeout passed with nothing more (a lone Esc).
    public func flushKeys() -> [Key] { decoder.flush() }

    private func write(_ s: String) {
        WriteAll.write(output, s)
    }
}

/// Turns terminal bytes into keys: arrows arrive as escape sequences, Enter as CR.
///
/// A sequence may arrive split across reads (over SSH an arrow can come as ESC, then `[C` a
/// little later): an escape sequence or a UTF-8 character cut off at the end of the bytes is held
/// until the next bytes complete it, or until ``flush()`` says it was a lone Esc. The caller
/// flushes once ``holding`` has lasted ``escapeTimeout`` with nothing more arriving, as terminal
/// libraries do.
public struct KeyDecoder: Sendable {
    /// How long a lone ESC waits for the rest of a sequence before it counts as the Esc key.
    public static let escapeTimeout: Duration = .milliseconds(100)
    /// The bytes of an unfinished sequence, held for the next read.
    private var held: [UInt8] = []

    public init() {}

    /// True while the start of a sequence waits for the rest.
    public var holding: Bool { !held.isEmpty }

    public mutating func decode(_ bytes: [UInt8]) -> [Key] {
        let input = held + bytes
        held = []
        return decode(input, final: false)
    }

    /// The held bytes, taken as they are: a lone ESC is the Esc key.
    public mutating func flush() -> [Key] {
        let input = held
        held = []
        return decode(input, final: true)
    }

    private mutating func decode(_ bytes: [UInt8], final: Bool) -> [Key] {
        var keys: [Key] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x1B:
                let introducer = i + 1 < bytes.count && (bytes[i + 1] == UInt8(ascii: "[") || bytes[i + 1] == UInt8(ascii: "O"))
                if !final, i + 1 == bytes.count || (introducer && i + 2 == bytes.count) {
                    held = Array(bytes[i...])
                    return keys
                }
                if introducer, i + 2 < bytes.count {
                    switch bytes[i + 2] {
                    case UInt8(ascii: "A"): keys.append(.up)
                    case UInt8(ascii: "B"): keys.append(.down)
                    case UInt8(ascii: "C"): keys.append(.right)
                    case UInt8(ascii: "D"): keys.append(.left)
                    default: break
                    }
                    i += 3
                    // Skip the rest of longer sequences (e.g. ESC [ 1 ; 5 C).
                    while i < bytes.count, bytes[i - 1] >= 0x30, bytes[i - 1] <= 0x3F, bytes[i] < 0x40 || bytes[i] > 0x7E { i += 1 }
                    continue
                }
                keys.append(.escape)
            case 0x03: keys.append(.ctrlC)
            case 0x0D, 0x0A: keys.append(.enter)
            case 0x20: keys.append(.space)
            case 0x09: keys.append(.tab)
            case 0x7F, 0x08: keys.append(.backspace)
            case 0x21...0x7E: keys.append(.char(Character(Unicode.Scalar(b))))
            case 0xC0...0xF4:
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                if !final, i + length > bytes.count {
                    held = Array(bytes[i...])
                    return keys
                }
                if i + length <= bytes.count, let s = String(bytes: bytes[i..<i + length], encoding: .utf8), let c = s.first {
                    keys.append(.char(c))
                }
                i += length
                continue
            default: break
            }
            i += 1
        }
        return keys
    }
}

/// Restores the terminal from a signal handler if the process crashes, then lets it die.
/// Only async-signal-safe calls (tcsetattr, write, signal, raise) run in the handler.
enum CrashRestore {
    nonisolated(unsafe) static var fd: Int32 = -1
    nonisolated(unsafe) static var out: Int32 = -1
    nonisolated(unsafe) static var saved = termios()
    static let signals = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    static func install(fd: Int32, termios: termios, output: Int32) {
        self.fd = fd
        self.out = output
        saved = termios
        for sig in signals {
            signal(sig) { number in
                let reset: StaticString = "\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l"
                _ = Glibc.write(CrashRestore.out, reset.utf8Start, reset.utf8CodeUnitCount)
                tcsetattr(CrashRestore.fd, TCSANOW, &CrashRestore.saved)
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    static func uninstall() {
        for sig in signals { signal(sig, SIG_DFL) }
        fd = -1
    }
}
