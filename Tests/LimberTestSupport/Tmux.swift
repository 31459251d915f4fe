import Foundation

/// A private tmux server running one command in a pseudo-terminal of a fixed size, for driving
/// the full-screen UI as a person would: send keys, read the screen back.
public final class Tmux {
    public let socket = "limber-test-\(UUID().uuidString.prefix(8))"

    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    }

    /// Starts `command` (run by sh) in a `columns`×`rows` window.
    public init(_ command: String, columns: Int = 80, rows: Int = 24, in directory: URL) throws {
        let result = Self.tmux(["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-c", directory.path,
                                "-x", "\(columns)", "-y", "\(rows)", command])
        guard result.status == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: result.output]) }
    }

    deinit {
        _ = Self.tmux(["-L", socket, "kill-server"])
    }

    /// The visible screen, one string per row.
    public func screen() -> String {
        Self.tmux(["-L", socket, "capture-pane", "-p", "-t", "t"]).output
    }

    /// Sends keys in tmux's notation: "Space", "q", "C-c", "Left".
    public func send(_ keys: String...) {
        _ = Self.tmux(["-L", socket, "send-keys", "-t", "t"] + keys)
    }

    /// Runs tmux with posix_spawn and a blocking waitpid. (Foundation's Process can miss the
    /// exit of tmux's client, which forks the server and leaves at once.)
    static func tmux(_ arguments: [String]) -> (status: Int32, output: String) {
        let outPath = NSTemporaryDirectory() + "limber-tmux-\(UUID().uuidString)"
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv = (["tmux"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawnp(&pid, "tmux", &actions, nil, argv, environ) == 0 else { return (127, "tmux could not start") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return ((status >> 8) & 0xFF, output)
    }

    /// Polls the screen until `predicate` holds or `timeout` passes; returns the last screen.
    @discardableResult
    public func waitFor(timeout: Double = 10, _ predicate: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = screen()
        while !predicate(last), Date() < deadline {
            usleep(50_000)
            last = screen()
        }
        return last
    }
}

/// Polls until `predicate` holds or `timeout` passes (for files written by another process).
public func eventually(timeout: Double = 10, _ predicate: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if predicate() { return true }
        usleep(50_000)
    }
    return predicate()
}
