#if canImport(Glibc)
import Glibc
#endif

/// Output gathered as bytes and handed to a file descriptor in large writes, so that a command
/// printing megabytes neither builds one huge String nor makes a system call per line.
public final class ByteOutput {
    /// The bytes not yet written (all of them when there is no descriptor).
    public private(set) var bytes: [UInt8] = []
    /// The first `errno` a write failed with; later output is dropped once this is set.
    public private(set) var failure: Int32?
    private let fd: Int32?
    private let chunk: Int

    /// Output written to `fd` whenever `chunk` bytes have gathered, and on `flush()`.
    public init(fd: Int32, chunk: Int = 1 << 16) {
        self.fd = fd
        self.chunk = chunk
        bytes.reserveCapacity(chunk + 4096)
    }

    /// Output kept in memory (`bytes`, `text`): for tests and for callers that need the whole.
    public init() {
        self.fd = nil
        self.chunk = .max
    }

    /// The gathered bytes as text (the in-memory form).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends the UTF-8 of `text`.
    @inlinable
    public func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends raw bytes.
    public func append(_ raw: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: raw)
        if bytes.count >= chunk { flush() }
    }

    /// Appends raw bytes.
    public func append(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
        if bytes.count >= chunk { flush() }
    }

    /// Appends one byte.
    public func append(byte: UInt8) {
        bytes.append(byte)
        if bytes.count >= chunk { flush() }
    }

    /// Appends `count` copies of `byte` (indentation).
    public func append(repeating byte: UInt8, count: Int) {
        guard count > 0 else { return }
        bytes.append(contentsOf: repeatElement(byte, count: count))
        if bytes.count >= chunk { flush() }
    }

    /// Writes what has gathered to the descriptor (nothing for in-memory output); returns
    /// the first failure's `errno`, if any.
    @discardableResult
    public func flush() -> Int32? {
        guard let fd else { return failure }
        if failure == nil, !bytes.isEmpty, let error = WriteAll.write(fd, bytes) {
            failure = error
        }
        bytes.removeAll(keepingCapacity: true)
        return failure
    }
}
