#if canImport(Glibc)
import Glibc
#endif

/// Output gathered as bytes and handed to a file descriptor in large writes, so that a command
/// printing megabytes neither builds one huge String nor makes a system call per line.
public final class ByteOutput {
    /// The bytes not yet written: `count` of them at `buffer`, which holds `capacity`. Raw memory
    /// rather than an Array: a call appends a few bytes, and the Array's generic append and
    /// uniqueness checks were most of a large JSON's cost. Unchecked for exclusivity: only this
    /// class touches them, one call at a time (a checked access on every append cost more than the append).
    @exclusivity(unchecked) @usableFromInline var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var count = 0
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    /// The first `errno` a write failed with; later output is dropped once this is set.
    public private(set) var failure: Int32?
    private let fd: Int32?
    @usableFromInline let chunk: Int

    /// Output written to `fd` whenever `chunk` bytes have gathered, and on `flush()`.
    public init(fd: Int32, chunk: Int = 1 << 16) {
        self.fd = fd
        self.chunk = chunk
        capacity = chunk + 4096
        buffer = .allocate(capacity: capacity)
    }

    /// Output kept in memory (`bytes`, `text`): for tests and for callers that need the whole.
    public init() {
        self.fd = nil
        self.chunk = .max
        capacity = 4096
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// The bytes not yet written (all of them when there is no descriptor).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer, count: count)) }

    /// How many bytes have gathered and are not yet written.
    public var gathered: Int { count }

    /// The gathered bytes as text (the in-memory form).
    public var text: String { String(decoding: UnsafeBufferPointer(start: buffer, count: count), as: UTF8.self) }

    /// Appends the UTF-8 of `text`.
    @inlinable
    public func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends raw bytes.
    @inlinable
    public func append(_ raw: UnsafeBufferPointer<UInt8>) {
        guard let base = raw.baseAddress, raw.count > 0 else { return }
        if count + raw.count > capacity { grow(toHold: raw.count) }
        (buffer + count).update(from: base, count: raw.count)
        count += raw.count
        if count >= chunk { flush() }
    }

    /// Appends a literal's bytes (fixed text such as JSON keys: one copy, nothing to convert).
    @inlinable
    public func append(literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends raw bytes.
    @inlinable
    public func append(_ raw: [UInt8]) {
        raw.withUnsafeBufferPointer { append($0) }
    }

    /// Appends the bytes `other` holds (a piece made once and repeated).
    public func append(_ other: ByteOutput) {
        append(UnsafeBufferPointer(start: other.buffer, count: other.count))
    }

    /// Appends the bytes `other` holds, as `append(_ other:)` does; a piece of a chunk or
    /// more, going to a descriptor, is written straight from `other` after what has gathered
    /// (copied in, it grew this buffer to its size: megabytes paged in for one copy).
    public func append(passing other: ByteOutput) {
        guard let fd, other.count >= chunk else { return append(other) }
        _ = flush()
        if failure == nil, let error = WriteAll.write(fd, UnsafeRawBufferPointer(start: other.buffer, count: other.count)) {
            failure = error
        }
    }

    /// Drops the bytes gathered and not yet written (to make an in-memory piece anew).
    public func removeAll() { count = 0 }

    /// Room for `n` more bytes at the end, to be filled through the pointer and then counted
    /// with ``advance(_:)``: one capacity check for a run of small writes.
    @inlinable
    public func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if count + n > capacity { grow(toHold: n) }
        return buffer + count
    }

    /// Counts `n` bytes written at ``reserve(_:)``'s pointer as appended.
    @inlinable
    public func advance(_ n: Int) {
        count += n
        if count >= chunk { flush() }
    }

    /// Appends one byte.
    @inlinable
    public func append(byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        buffer[count] = byte
        count += 1
        if count >= chunk { flush() }
    }

    /// Appends `count` copies of `byte` (indentation).
    @inlinable
    public func append(repeating byte: UInt8, count n: Int) {
        guard n > 0 else { return }
        if count + n > capacity { grow(toHold: n) }
        (buffer + count).update(repeating: byte, count: n)
        count += n
        if count >= chunk { flush() }
    }

    /// Makes room for `more` bytes after the `count` held (doubling, as an Array grows).
    @usableFromInline
    func grow(toHold more: Int) {
        let newCapacity = max(capacity * 2, count + more)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        moved.moveInitialize(from: buffer, count: count)
        buffer.deallocate()
        buffer = moved
        capacity = newCapacity
    }

    /// Appends `value` in decimal, as `String(value)` spells it, without making the String.
    public func append(decimal value: Int) {
        guard value != .min else { return append(String(value)) }
        if count + 20 > capacity { grow(toHold: 20) }
        if value < 0 { buffer[count] = UInt8(ascii: "-"); count += 1 }
        var rest = value.magnitude
        var digits = 1
        var power: UInt = 10
        while digits < 19, rest >= power { digits += 1; power &*= 10 }
        var at = count + digits
        repeat {
            at -= 1
            buffer[at] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        } while rest > 0
        count += digits
        if count >= chunk { flush() }
    }

    /// Appends `date` as its `description` spells it ("2026-11-05"), without making the String.
    public func append(date: CalendarDate) {
        Self.write(date: date, at: reserve(10))
        advance(10)
    }

    /// Writes `date`'s 10 bytes ("2026-11-05") at `at`.
    static func write(date: CalendarDate, at: UnsafeMutablePointer<UInt8>) {
        let zero = UInt8(ascii: "0")
        var year = date.year
        for k in (0..<4).reversed() {
            at[k] = zero &+ UInt8(truncatingIfNeeded: year % 10)
            year /= 10
        }
        at[4] = UInt8(ascii: "-")
        at[5] = zero &+ UInt8(truncatingIfNeeded: date.month / 10)
        at[6] = zero &+ UInt8(truncatingIfNeeded: date.month % 10)
        at[7] = UInt8(ascii: "-")
        at[8] = zero &+ UInt8(truncatingIfNeeded: date.day / 10)
        at[9] = zero &+ UInt8(truncatingIfNeeded: date.day % 10)
    }

    /// Writes what has gathered to the descriptor (nothing for in-memory output); returns
    /// the first failure's `errno`, if any.
    @discardableResult
    public func flush() -> Int32? {
        guard let fd else { return failure }
        if failure == nil, count > 0, let error = WriteAll.write(fd, UnsafeRawBufferPointer(start: buffer, count: count)) {
            failure = error
        }
        count = 0
        return failure
    }
}
