#if canImport(Glibc)
import Glibc
#endif

/// Standard input, output and error as every command expects them to be.
public enum StandardDescriptors {
    /// Opens /dev/null, read-only, onto any of descriptors 0–2 that is closed.
    ///
    /// Called first thing: a process started with stdout closed (`limber run … >&-`) would
    /// otherwise hand descriptor 1 to the first file it opens — the log — and its progress
    /// lines would land inside the health log. Read-only, so writing to a closed stdout still
    /// fails (EBADF) as it would have, and a command whose output is its result can say so.
    public static func ensureOpen() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0, opened != fd {
                dup2(opened, fd)
                close(opened)
            }
        }
    }
}
