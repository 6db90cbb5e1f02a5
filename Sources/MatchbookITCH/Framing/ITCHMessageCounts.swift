/// Messages seen, by type byte: a fixed 256-entry table (2 KiB inline, no dictionary, no allocation).
///
/// Counts every frame that carried a type byte, known or not, including frames rejected as too short.
/// Not thread-safe: owned by the reader that fills it.
public struct ITCHMessageCounts: Sendable, Equatable {
    @usableFromInline
    internal var _table: InlineArray<256, UInt64>

    public init() { _table = InlineArray(repeating: 0) }

    /// The number of messages with type byte `typeByte`.
    @inlinable
    public subscript(typeByte: UInt8) -> UInt64 {
        get { _table[Int(typeByte)] }
        set { _table[Int(typeByte)] = newValue }
    }

    /// The number of messages of `type`.
    @inlinable
    public subscript(type: ITCHMessageType) -> UInt64 {
        _table[Int(type.rawValue)]
    }

    @inlinable @inline(__always)
    internal mutating func _increment(_ typeByte: UInt8) {
        _table[Int(typeByte)] &+= 1
    }

    /// Sum over all 256 type bytes. O(256).
    public var total: UInt64 {
        var sum: UInt64 = 0
        for index in 0..<256 { sum &+= _table[index] }
        return sum
    }

    /// Non-zero entries as `("A", count)`, sorted by type byte. Allocates: cold paths only.
    public var nonZero: [(type: String, count: UInt64)] {
        (0..<256).compactMap { index in
            _table[index] == 0 ? nil : (String(UnicodeScalar(UInt8(index))), _table[index])
        }
    }

    public static func == (lhs: ITCHMessageCounts, rhs: ITCHMessageCounts) -> Bool {
        for index in 0..<256 where lhs._table[index] != rhs._table[index] { return false }
        return true
    }
}

/// What a reader has seen so far. Not thread-safe: owned by the reader that fills it.
public struct ITCHParseStatistics: Sendable, Equatable {
    /// Frames per type byte (known, unknown and rejected).
    public var counts = ITCHMessageCounts()
    /// Frames handed out (known type, long enough).
    public var messages: Int = 0
    /// Frames of an unknown type, skipped by their length.
    public var unknownMessages: Int = 0
    /// Faults met (tolerant mode goes on after some; strict mode stops at the first).
    public var faults: Int = 0
    /// The first fault, kept for the report.
    public var firstFault: ITCHError?
    /// A zero frame length (end of session) was read.
    public var sessionEnded = false
    /// Bytes after the end-of-session marker, ignored.
    public var trailingBytes: Int = 0
    /// Bytes consumed by complete frames and the end-of-session marker.
    public var bytesConsumed: Int = 0

    public init() {}
}
