/// A read-only view of one framed message (as ``FIXFrameDecoder`` delimits it): its fields and their values.
///
/// The view does not own its bytes; they must stay alive and unchanged while it is used. Field iteration and
/// lookups never allocate; `string(_:)` allocates only for values longer than 15 bytes. Not thread-safe.
public struct FIXMessageView {
    /// The message bytes, `8=FIX.4.4…` through the CheckSum's SOH.
    public let bytes: UnsafeRawBufferPointer

    /// A view of `bytes` (one whole message).
    @inlinable
    public init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes.baseAddress == nil ? UnsafeRawBufferPointer(start: nil, count: 0) : bytes
    }

    /// An iterator over every field, BeginString first. O(1).
    @inlinable
    public func fields() -> FIXFieldIterator { FIXFieldIterator(bytes: bytes) }

    /// The first field with `tag`, or `nil`. O(message length), no allocation.
    @inlinable
    public func firstField(tag: Int) throws(FIXFieldError) -> FIXField? {
        var iterator = fields()
        while let field = try iterator.next() {
            if field.tag == tag { return field }
        }
        return nil
    }

    /// The value bytes of `field` (a field of this message). O(1).
    @inlinable
    public func value(_ field: FIXField) -> UnsafeRawBufferPointer {
        let lower = min(max(0, field.valueRange.lowerBound), bytes.count)
        let upper = min(max(lower, field.valueRange.upperBound), bytes.count)
        return UnsafeRawBufferPointer(rebasing: bytes[lower..<upper])
    }

    /// The value of `field` as a string (UTF-8, invalid bytes replaced). O(value length).
    public func string(_ field: FIXField) -> String {
        String(decoding: value(field), as: UTF8.self)
    }

    /// Whether the value of `field` equals `literal`. O(value length), no allocation.
    @inlinable
    public func value(_ field: FIXField, equals literal: StaticString) -> Bool {
        let value = value(field)
        guard value.count == literal.utf8CodeUnitCount else { return false }
        return _UnsafeFIXBytes.compare(value, at: 0, with: literal) == .match
    }
}
