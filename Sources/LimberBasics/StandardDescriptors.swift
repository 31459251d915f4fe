#if canImport(Glibc)
import Glibc
#endif

/// Standard input, output and error as every command expects them to be.
public enum StandardDescriptors {
    /// Opens /dev/null onto any of descriptors 0–2 that is closed.
    ///
    /// Called first thing: a process started with stdout closed (`limber run … >&-`) would
    /// otherwise hand descriptor 1 to the first file it opens — the log — and its progress
    /// lines would land inside the health log.
    public static func ensureOpen() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if opened >= 0, opened != fd {
                dup2(opened, fd)
                close(opened)
            }
        }
    }
}
