import CALSA // for <malloc.h>

/// The process's malloc arenas, set for a session.
public enum MallocArenas {
    /// Makes every thread share one malloc arena: the output thread (and the voice's and the
    /// log's) would otherwise each get their own, with pages touched for a few small allocations.
    /// For `limber run` only, called before any thread starts.
    public static func shareOne() {
        _ = mallopt(M_ARENA_MAX, 1)
    }
}
