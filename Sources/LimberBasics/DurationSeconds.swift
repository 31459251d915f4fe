extension Duration {
    /// The duration in seconds as a floating-point number (for sample offsets and logs).
    public var inSeconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }

    /// Seconds to the millisecond, as the log records durations.
    public var loggedSeconds: Double { (inSeconds * 1000).rounded() / 1000 }

    /// Whole milliseconds, rounded up: a wait of this many never wakes before the duration.
    public var millisecondsRoundedUp: Int {
        let c = components
        return Int(c.seconds) * 1000 + Int((c.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    /// Whole seconds, rounded up: what a countdown shows.
    public var secondsRoundedUp: Int {
        let c = components
        return Int(c.seconds) + (c.attoseconds > 0 ? 1 : 0)
    }

    /// Whole nanoseconds (rounded down), for `timespec` and Dispatch deadlines.
    public var nanoseconds: Int {
        let c = components
        return Int(c.seconds) * 1_000_000_000 + Int(c.attoseconds / 1_000_000_000)
    }
}
