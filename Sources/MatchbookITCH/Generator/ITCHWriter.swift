/// Appends NASDAQ-framed ITCH 5.0 messages to a byte array: 2-byte big-endian length, then the message.
///
/// Write a message as `begin(type, …)` followed by its fields in specification order; `begin` writes the
/// frame length (the type's fixed length) and the common header. `finish()` checks (in checked builds)
/// that the fields written match the length. Used by the day generator; handy for tests and tools.
/// Amortized O(1) per byte. A value type: one owner.
public struct ITCHWriter: Sendable {
    /// The framed bytes so far.
    public var bytes: [UInt8]
    @usableFromInline internal var _messageEnd = 0

    public init(reservingCapacity capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Starts a message: frame length, type byte, locate, tracking number, 6-byte timestamp (ns).
    @inlinable
    public mutating func begin(_ type: ITCHMessageType, locate: UInt16, tracking: UInt16 = 0, timestampNanos: UInt64) {
        u16(UInt16(type.fixedLength))
        _messageEnd = bytes.count + type.fixedLength
        u8(type.rawValue)
        u16(locate)
        u16(tracking)
        u16(UInt16(truncatingIfNeeded: timestampNanos >> 32))
        u32(UInt32(truncatingIfNeeded: timestampNanos))
    }

    /// Checks that the message just written has its fixed length (checked builds).
    @inlinable
    public func finish() {
        #if MATCHBOOK_CHECKED
        precondition(bytes.count == _messageEnd, "ITCHWriter: message fields do not match the type's length")
        #endif
    }

    /// Appends the end-of-session marker (a zero frame length).
    public mutating func endOfSession() { u16(0) }

    @inlinable public mutating func u8(_ value: UInt8) { bytes.append(value) }

    @inlinable public mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    @inlinable public mutating func u32(_ value: UInt32) {
        u16(UInt16(truncatingIfNeeded: value >> 16))
        u16(UInt16(truncatingIfNeeded: value))
    }

    @inlinable public mutating func u64(_ value: UInt64) {
        u32(UInt32(truncatingIfNeeded: value >> 32))
        u32(UInt32(truncatingIfNeeded: value))
    }

    @inlinable public mutating func stock(_ value: ITCHStock) { u64(value.rawValue) }

    @inlinable public mutating func alpha4(_ value: ITCHAlpha4) { u32(value.rawValue) }

    /// An ASCII character field, e.g. `char("B")`.
    @inlinable public mutating func char(_ value: Unicode.Scalar) { u8(UInt8(truncatingIfNeeded: value.value)) }
}
