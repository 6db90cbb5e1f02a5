/// Walks the `tag=value<SOH>` fields of one message in order, without allocating.
///
/// A value type: copy it to look ahead (repeating groups do). The message bytes must outlive it. Each `next()`
/// is O(field length). Not thread-safe (it is a cursor); copies are independent.
public struct FIXFieldIterator {
    @usableFromInline internal let _bytes: UnsafeRawBufferPointer
    @usableFromInline internal var _position: Int

    /// An iterator over `bytes`, starting at `position`.
    @inlinable
    public init(bytes: UnsafeRawBufferPointer, position: Int = 0) {
        _bytes = bytes.baseAddress == nil ? UnsafeRawBufferPointer(start: nil, count: 0) : bytes
        _position = position
    }

    /// Offset of the next field's first byte.
    @inlinable
    public var position: Int { _position }

    /// `true` when every field has been read.
    @inlinable
    public var isAtEnd: Bool { _position >= _bytes.count }

    /// The next field, `nil` at the end of the message, or the field's fault. After a fault the iterator stays
    /// where it is (the rest of the message cannot be trusted). O(field length), no allocation.
    @inlinable
    public mutating func next() throws(FIXFieldError) -> FIXField? {
        let start = _position
        guard start < _bytes.count else { return nil }
        var index = start
        var tag = 0
        while true {
            guard let byte = _UnsafeFIXBytes.byte(_bytes, at: index) else { throw .missingEquals(offset: start) }
            if byte == UInt8(ascii: "=") { break }
            if byte == FIXVersion.fieldDelimiter { throw .missingEquals(offset: start) }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw .invalidTag(offset: start) }
            if index == start && byte == UInt8(ascii: "0") {
                // A lone "0" is tag zero (out of range); "07" has a leading zero (invalid).
                if _UnsafeFIXBytes.byte(_bytes, at: index + 1) == UInt8(ascii: "=") {
                    throw .tagOutOfRange(offset: start)
                }
                throw .invalidTag(offset: start)
            }
            tag = tag * 10 + Int(byte &- UInt8(ascii: "0"))
            if tag > FIXField.maxTag { throw .tagOutOfRange(offset: start) }
            index += 1
        }
        if index == start { throw .invalidTag(offset: start) }
        let valueStart = index + 1
        var valueEnd = valueStart
        while true {
            guard let byte = _UnsafeFIXBytes.byte(_bytes, at: valueEnd) else {
                throw .unterminatedField(offset: start, tag: tag)
            }
            if byte == FIXVersion.fieldDelimiter { break }
            valueEnd += 1
        }
        if valueEnd == valueStart { throw .emptyValue(offset: start, tag: tag) }
        _position = valueEnd + 1
        return FIXField(tag: tag, offset: start, valueRange: valueStart..<valueEnd)
    }
}
