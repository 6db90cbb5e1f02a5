/// One checked frame: a message of a known ITCH 5.0 type whose length covers the type's fixed length.
///
/// ```
///   offset ─┐
///           v
///   ... | len (2, BE) | type | locate | ... message (length bytes) ... | len | ...
///                     ^ base
/// ```
///
/// The frame does not own its bytes: `base` points into the reader's buffer and is valid only while that
/// buffer is alive (for ``ITCHStreamParser``, during the callback). Not thread-safe.
@frozen
public struct ITCHFrame {
    /// Byte offset of the frame's 2-byte length prefix from the start of the stream.
    public let offset: Int
    /// First byte of the message (the type byte).
    public let base: UnsafeRawPointer
    /// Message bytes after the prefix; at least `type.fixedLength` (a longer frame is tolerated).
    public let length: Int
    /// The message type.
    public let type: ITCHMessageType

    @inlinable @inline(__always)
    public init(offset: Int, base: UnsafeRawPointer, length: Int, type: ITCHMessageType) {
        self.offset = offset
        self.base = base
        self.length = length
        self.type = type
    }

    /// The message bytes (the frame length's worth, type byte first).
    @inlinable
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: length) }

    /// The message's timestamp: nanoseconds since midnight (every ITCH message carries one at offset 5).
    @inlinable
    public var timestampNanos: UInt64 { _loadTimestamp48(base, 5) }

    /// The decoded message, for a `switch`. O(1), no allocation.
    @inlinable
    public var message: ITCHMessage { ITCHMessage(unchecked: base, type: type) }

    /// The view of `View`'s type if this frame has that type, else `nil`. O(1).
    @inlinable
    public func view<View: ITCHMessageView>(as: View.Type) -> View? {
        type == View.messageType ? View(unchecked: base) : nil
    }
}
