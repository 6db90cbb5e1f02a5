/// A fault in a FIX 4.4 byte stream found while framing (before any field is decoded).
///
/// `offset` is the byte offset of the fault from the start of the buffer handed to
/// ``FIXFrameDecoder/nextFrame(in:)``. `skip` is how many bytes to discard from the start of that buffer to
/// resynchronise: the distance to the next `8=FIX` after the faulty message's first byte (or to a partial
/// `8=FI…` at the very end of the buffer, or to the end). It is always at least 1, so discarding it always
/// makes progress.
public enum FIXFramingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The buffer does not start with `8=`: bytes that belong to no message.
    case garbageBeforeBeginString(offset: Int, skip: Int)
    /// The buffer starts with `8=` but not with `8=FIX.4.4<SOH>` (another FIX version, or a corrupt field).
    case badBeginString(offset: Int, skip: Int)
    /// BeginString is not followed by `9=`.
    case missingBodyLength(offset: Int, skip: Int)
    /// BodyLength(9) is empty, has a non-digit, or is not SOH-terminated.
    case badBodyLength(offset: Int, skip: Int)
    /// BodyLength(9) is larger than the decoder's limit (`length` is at least the value read so far).
    case bodyLengthTooLarge(offset: Int, length: Int, limit: Int, skip: Int)
    /// Where BodyLength says the trailer starts there is no `<SOH>10=` (the length is wrong, or bytes are lost).
    case missingChecksum(offset: Int, skip: Int)
    /// CheckSum(10) is not exactly three digits followed by SOH.
    case badChecksum(offset: Int, skip: Int)
    /// CheckSum(10) disagrees with the sum of the bytes before it, modulo 256.
    case checksumMismatch(offset: Int, expected: UInt8, found: UInt8, skip: Int)

    /// Offset of the fault from the start of the buffer.
    public var offset: Int {
        switch self {
        case .garbageBeforeBeginString(let offset, _), .badBeginString(let offset, _),
            .missingBodyLength(let offset, _), .badBodyLength(let offset, _),
            .bodyLengthTooLarge(let offset, _, _, _), .missingChecksum(let offset, _), .badChecksum(let offset, _),
            .checksumMismatch(let offset, _, _, _):
            offset
        }
    }

    /// Bytes to discard from the start of the buffer to resynchronise (at least 1).
    public var skip: Int {
        switch self {
        case .garbageBeforeBeginString(_, let skip), .badBeginString(_, let skip), .missingBodyLength(_, let skip),
            .badBodyLength(_, let skip), .bodyLengthTooLarge(_, _, _, let skip), .missingChecksum(_, let skip),
            .badChecksum(_, let skip), .checksumMismatch(_, _, _, let skip):
            skip
        }
    }

    @inline(never)
    public var description: String {
        let resync = "skip \(skip) bytes to the next 8=FIX and continue"
        return switch self {
        case .garbageBeforeBeginString(let offset, _):
            "FIX stream has bytes at offset \(offset) that do not start a message (expected 8=FIX.4.4): \(resync)."
        case .badBeginString(let offset, _):
            "FIX message at offset \(offset) has a BeginString other than FIX.4.4; only FIX 4.4 is spoken: \(resync)."
        case .missingBodyLength(let offset, _):
            "FIX message BeginString is not followed by BodyLength(9) at offset \(offset): \(resync)."
        case .badBodyLength(let offset, _):
            "FIX BodyLength(9) at offset \(offset) is not a number ended by SOH: \(resync)."
        case .bodyLengthTooLarge(let offset, let length, let limit, _):
            "FIX BodyLength(9) at offset \(offset) is \(length) bytes or more, above the \(limit)-byte limit: "
                + "raise maxBodyLength if such messages are expected, else \(resync)."
        case .missingChecksum(let offset, _):
            "FIX BodyLength says CheckSum(10) starts at offset \(offset) but there is no <SOH>10= there (wrong "
                + "BodyLength or lost bytes): \(resync)."
        case .badChecksum(let offset, _):
            "FIX CheckSum(10) at offset \(offset) is not three digits ended by SOH: \(resync)."
        case .checksumMismatch(let offset, let expected, let found, _):
            "FIX CheckSum(10) at offset \(offset) is \(found) but the bytes before it sum to \(expected) (mod 256): "
                + "the message is corrupt; \(resync)."
        }
    }
}
