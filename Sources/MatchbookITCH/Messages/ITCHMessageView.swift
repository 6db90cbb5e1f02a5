/// A typed, zero-copy view over one ITCH 5.0 message in someone else's buffer.
///
/// ```
///  offset 0      1        3          5                11
///        +------+--------+----------+-----------------+--------------------------+
///        | type | locate | tracking | timestamp (ns)  | type-specific fields ... |
///        +------+--------+----------+-----------------+--------------------------+
///          u8     u16 BE   u16 BE     u48 BE
/// ```
///
/// A view is one pointer: copying it is free and reading a field is one unaligned load and a byte swap.
/// It does not own the bytes. It is valid only while the buffer it was made from is alive and unchanged;
/// for ``ITCHStreamParser`` that is the duration of the callback that received the frame. Every accessor
/// reads inside the type's fixed length, which the frame reader has checked before handing out the view.
/// Not thread-safe beyond the thread that owns the underlying buffer.
public protocol ITCHMessageView {
    /// The message type this view decodes.
    static var messageType: ITCHMessageType { get }
    /// The first byte of the message (the type byte).
    var base: UnsafeRawPointer { get }
    /// Makes a view without checks: `base` must point at `Self.messageType.fixedLength` readable bytes.
    init(unchecked base: UnsafeRawPointer)
}

extension ITCHMessageView {
    /// The specified length of this message type in bytes.
    @inlinable @inline(__always)
    public static var fixedLength: Int { messageType.fixedLength }

    /// Makes a view over `bytes` if they start with this type's byte and hold at least its fixed length.
    @inlinable
    public init?(bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count >= Self.fixedLength,
            base.load(as: UInt8.self) == Self.messageType.rawValue
        else { return nil }
        self.init(unchecked: base)
    }

    /// The type byte (always `Self.messageType.rawValue` for a checked view).
    @inlinable @inline(__always)
    public var typeByte: UInt8 { base.load(as: UInt8.self) }

    /// Locate code identifying the security (1-based; 0 for market-wide messages).
    @inlinable @inline(__always)
    public var stockLocate: UInt16 { _loadBigEndian(base, 1, as: UInt16.self) }

    /// NASDAQ internal tracking number.
    @inlinable @inline(__always)
    public var trackingNumber: UInt16 { _loadBigEndian(base, 3, as: UInt16.self) }

    /// Nanoseconds since midnight (6-byte field).
    @inlinable @inline(__always)
    public var timestampNanos: UInt64 { _loadTimestamp48(base, 5) }
}

/// Reads a big-endian integer at `offset` bytes from `base`, unaligned.
@inlinable @inline(__always)
internal func _loadBigEndian<T: FixedWidthInteger>(_ base: UnsafeRawPointer, _ offset: Int, as: T.Type) -> T {
    T(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
}

/// Reads a 6-byte big-endian integer (ITCH timestamps) at `offset`: one 2-byte and one 4-byte load.
@inlinable @inline(__always)
internal func _loadTimestamp48(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
    let high = UInt64(_loadBigEndian(base, offset, as: UInt16.self))
    let low = UInt64(_loadBigEndian(base, offset &+ 2, as: UInt32.self))
    return high << 32 | low
}

@inlinable @inline(__always)
internal func _loadByte(_ base: UnsafeRawPointer, _ offset: Int) -> UInt8 {
    base.load(fromByteOffset: offset, as: UInt8.self)
}

@inlinable @inline(__always)
internal func _loadStock(_ base: UnsafeRawPointer, _ offset: Int) -> ITCHStock {
    ITCHStock(rawValue: _loadBigEndian(base, offset, as: UInt64.self))
}

@inlinable @inline(__always)
internal func _loadAlpha4(_ base: UnsafeRawPointer, _ offset: Int) -> ITCHAlpha4 {
    ITCHAlpha4(rawValue: _loadBigEndian(base, offset, as: UInt32.self))
}

/// Namespace of the 23 message views, e.g. `ITCH.AddOrder`.
public enum ITCH {}
