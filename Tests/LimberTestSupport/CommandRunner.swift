import Foundation

/// What a finished process printed and how it exited.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `limber` binary as a user would.
public enum CommandRunner {
    /// The `limber` executable next to the test bundle (SwiftPM builds it because the test
    /// target depends on it); `LIMBER_BINARY` overrides.
    public static var limberBinary: URL {
        if let path = ProcessInfo.processInfo.environment["LIMBER_BINARY"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for folder in candidates {
            let binary = folder.appendingPathComponent("limber")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/limber")
    }

    /// Runs `limber` with `arguments` in `directory` (the package root by default).
    public static func limber(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> CommandResult {
        try run(limberBinary, arguments, in: directory ?? Fixtures.packageRoot, environment: environment)
    }

    /// Runs `limber` on a pseudo-terminal (made by util-linux `script`) as in a terminal window:
    /// stdin, stdout and stderr are the terminal, except that `pipeOutput` sends stdout through
    /// `cat`. Everything comes back in `stdout`, with the terminal's "\r\n" line ends.
    public static func limberOnTerminal(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                                        pipeOutput: Bool = false) throws -> CommandResult {
        let quoted = ([limberBinary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = quoted.joined(separator: " ") + (pipeOutput ? " | cat" : "")
        return try run(URL(fileURLWithPath: "/usr/bin/script"), ["-q", "-e", "-c", command, "/dev/null"],
                       in: directory ?? Fixtures.packageRoot, environment: environment)
    }

    /// Runs any executable, capturing both streams without deadlocking on large output.
    public static func run(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:], input: Data? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let outFile = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: outFile) }
        let outURL = outFile.appendingPathComponent("out"), errURL = outFile.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(input)
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
