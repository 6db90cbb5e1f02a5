/// A malformed market-data stream: what, where (byte offset of the message in the stream) and what was found.
/// The decoder never traps on bad input; it stops at the first bad message with one of these.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer bytes left than the header or the header's length needs.
    case truncated(offset: Int, need: Int, have: Int)
    /// The first two bytes are not `MB`.
    case badMagic(offset: Int, found: UInt16)
    /// A version this decoder does not read.
    case unsupportedVersion(offset: Int, found: UInt8)
    /// A type byte that is not a known message.
    case unknownType(offset: Int, type: UInt8)
    /// A length that does not match the message type (or its level counts).
    case badLength(offset: Int, type: UInt8, length: Int, expected: Int)
    /// A level update whose side byte is neither `B` nor `S`.
    case badSide(offset: Int, side: UInt8)

    public var description: String {
        switch self {
        case .truncated(let offset, let need, let have):
            "truncated message at offset \(offset): need \(need) bytes, have \(have) (file cut short?)"
        case .badMagic(let offset, let found):
            "bad magic at offset \(offset): 0x\(String(found, radix: 16)), expected 0x424d (\"MB\"): not a "
                + "matchbook market-data stream, or out of step"
        case .unsupportedVersion(let offset, let found):
            "unsupported wire version \(found) at offset \(offset) (this build reads version \(WireFormat.version))"
        case .unknownType(let offset, let type):
            "unknown message type \(type) at offset \(offset)"
        case .badLength(let offset, let type, let length, let expected):
            "bad length \(length) for message type \(type) at offset \(offset): expected \(expected)"
        case .badSide(let offset, let side):
            "bad side byte 0x\(String(side, radix: 16)) at offset \(offset): expected B or S"
        }
    }
}
