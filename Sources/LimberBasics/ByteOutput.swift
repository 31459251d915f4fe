#if canImport(Glibc)
import Glibc
#endif

/// Output gathered as bytes and handed to a file descriptor in large writes, so that a command
/// printing megabytes neither builds one huge String nor makes a system call per line.
public final class ByteOutput {
    /// The bytes not yet written. Unchecked: only this class touches it, one call at a time,
    /// and a checked access on every appended byte was a fifth of a large JSON's cost.
    @exclusivity(unchecked) @usableFromInline var storage: [UInt8] = []
    /// The first `errno` a write failed with; later output is dropped once this is set.
    public private(set) var failure: Int32?
    private let fd: Int32?
    @usableFromInline let chunk: Int

    /// Output written to `fd` whenever `chunk` bytes have gathered, and on `flush()`.
    public init(fd: Int32, chunk: Int = 1 << 16) {
        self.fd = fd
        self.chunk = chunk
        storage.reserveCapacity(chunk + 4096)
    }

    /// Output kept in memory (`bytes`, `text`): for tests and for callers that need the whole.
    public init() {
        self.fd = nil
        self.chunk = .max
    }

    /// The bytes not yet written (all of them when there is no descriptor).
    public var bytes: [UInt8] { storage }

    /// The gathered bytes as text (the in-memory form).
    public var text: String { String(decoding: storage, as: UTF8.self) }

    /// Appends the UTF-8 of `text`.
    @inlinable
    public func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends raw bytes.
    @inlinable
    public func append(_ raw: UnsafeBufferPointer<UInt8>) {
        storage.append(contentsOf: raw)
        if storage.count >= chunk { flush() }
    }

    /// Appends raw bytes.
    @inlinable
    public func append(_ raw: [UInt8]) {
        storage.append(contentsOf: raw)
        if storage.count >= chunk { flush() }
    }

    /// Appends one byte.
    @inlinable
    public func append(byte: UInt8) {
        storage.append(byte)
        if storage.count >= chunk { flush() }
    }

    /// Appends `count` copies of `byte` (indentation).
    @inlinable
    public func append(repeating byte: UInt8, count: Int) {
        guard count > 0 else { return }
        storage.append(contentsOf: repeatElement(byte, count: count))
        if storage.count >= chunk { flush() }
    }

    /// Appends `value` in decimal, as `String(value)` spells it, without making the String.
    public func append(decimal value: Int) {
        guard value != .min else { return append(String(value)) }
        if value < 0 { storage.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var end = buffer.count
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            storage.append(contentsOf: buffer[end...])
        }
        if storage.count >= chunk { flush() }
    }

    /// Writes what has gathered to the descriptor (nothing for in-memory output); returns
    /// the first failure's `errno`, if any.
    @discardableResult
    public func flush() -> Int32? {
        guard let fd else { return failure }
        if failure == nil, !storage.isEmpty, let error = WriteAll.write(fd, storage) {
            failure = error
        }
        storage.removeAll(keepingCapacity: true)
        return failure
    }
}
