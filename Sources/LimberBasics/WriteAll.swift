#if canImport(Glibc)
import Glibc
#endif

/// POSIX `write` until every byte is out, retrying when a signal interrupts it.
public enum WriteAll {
    /// Writes all of `bytes` to `fd`; nil on success, else the `errno` of the failed write
    /// (a write of 0 bytes counts as `EIO`: the descriptor takes no more).
    @discardableResult
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            offset += n
        }
        return nil
    }

    /// Writes the UTF-8 of `text` to `fd`; nil on success, else the `errno`.
    @discardableResult
    public static func write(_ fd: Int32, _ text: String) -> Int32? {
        var text = text
        return text.withUTF8 { write(fd, UnsafeRawBufferPointer($0)) }
    }

    /// Writes `bytes` to `fd`; nil on success, else the `errno`.
    @discardableResult
    public static func write(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { write(fd, $0) }
    }
}
