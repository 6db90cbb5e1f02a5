/// Why an outbound message could not be written.
public enum FIXEncodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The caller's buffer holds `available` bytes; the message needs `needed`.
    case bufferTooSmall(needed: Int, available: Int)

    public var description: String {
        switch self {
        case .bufferTooSmall(let needed, let available):
            "FIX message needs \(needed) bytes but the buffer has \(available): give a larger buffer (see "
                + "FIXMessageBuilder.encodedByteCount)."
        }
    }
}
