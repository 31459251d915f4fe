/// A command that could not do its job for a reason outside the command line (a missing file,
/// a full disk): one clear line on stderr and exit code 1, never a usage message.
struct CommandFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
