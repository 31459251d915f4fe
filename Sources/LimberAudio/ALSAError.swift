import CALSA

/// A failed libasound call: the call's name and its negative errno-style code, described with
/// `snd_strerror`.
public struct ALSAError: Error, Equatable, CustomStringConvertible {
    /// The negative code libasound returned.
    public var code: Int32
    /// The device the call was about.
    public var device: String
    /// What Limber was doing, e.g. "open".
    public var operation: String

    public init(code: Int32, device: String, operation: String) {
        self.code = code
        self.device = device
        self.operation = operation
    }

    /// libasound's text for the code, e.g. "No such file or directory".
    public var reason: String { String(cString: snd_strerror(code)) }

    public var description: String { "\(operation) \"\(device)\": \(reason)" }
}

/// Throws an ``ALSAError`` for a negative libasound return code; returns the code otherwise.
@discardableResult
func alsaCheck<T: BinaryInteger>(_ result: T, _ operation: String, device: String) throws -> T {
    if result < 0 { throw ALSAError(code: Int32(truncatingIfNeeded: result), device: device, operation: operation) }
    return result
}
