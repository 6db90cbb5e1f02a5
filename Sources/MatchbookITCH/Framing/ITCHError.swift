/// A framing fault in an ITCH 5.0 byte stream (NASDAQ file framing: 2-byte big-endian length, message).
///
/// Offsets are byte offsets from the start of the stream (the whole decompressed file), pointing at the
/// frame's 2-byte length prefix. `type` is the message type byte as a character, `"?"` when the input ends
/// before the type byte. `need`/`have` count message bytes (after the length prefix).
public enum ITCHError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ends inside a message: the frame's length says `need` bytes, only `have` remain.
    case truncated(offset: Int, type: Unicode.Scalar, need: Int, have: Int)
    /// The frame's length is shorter than the fixed length of its (known) type.
    case lengthTooShort(offset: Int, type: Unicode.Scalar, length: Int, need: Int)
    /// The input ends inside a 2-byte frame length (one byte left).
    case truncatedFrameHeader(offset: Int)

    /// The stream offset of the faulty frame.
    public var offset: Int {
        switch self {
        case .truncated(let offset, _, _, _), .lengthTooShort(let offset, _, _, _),
            .truncatedFrameHeader(let offset):
            offset
        }
    }

    @inline(never)
    public var description: String {
        switch self {
        case .truncated(let offset, let type, let need, let have):
            "ITCH message '\(type)' at byte offset \(offset) is truncated: its frame length says \(need) bytes "
                + "but the input ends after \(have). The file is cut short (partial download or decompression?): "
                + "fetch it again, or parse in tolerant mode to keep the messages before it."
        case .lengthTooShort(let offset, let type, let length, let need):
            "ITCH message '\(type)' at byte offset \(offset) has frame length \(length), shorter than the "
                + "\(need) bytes ITCH 5.0 specifies for that type. The input is not ITCH 5.0 or is corrupt: check "
                + "the file's version, or parse in tolerant mode to skip such frames by their length."
        case .truncatedFrameHeader(let offset):
            "ITCH input ends at byte offset \(offset) inside a 2-byte frame length (1 byte left). The file is cut "
                + "short: fetch it again, or parse in tolerant mode to keep the messages before it."
        }
    }
}

/// How a reader treats faults.
public enum ITCHParseMode: Sendable {
    /// Stop at the first fault and throw it.
    case strict
    /// Count faults and continue where framing allows: a too-short frame is skipped by its length; a
    /// truncated tail ends the stream. Never throws.
    case tolerant
}
