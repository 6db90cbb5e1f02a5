/// What ``FIXFrameDecoder/nextFrame(in:)`` found at the start of a buffer.
@frozen
public enum FIXFrameResult: Equatable, Sendable {
    /// One complete, checksum-verified message occupies `range` of the buffer (its `lowerBound` is 0; consume
    /// `range.upperBound` bytes).
    case message(Range<Int>)
    /// The buffer is empty or holds the beginning of a message that is not complete yet: read more bytes and
    /// call again with the same start.
    case needMoreData
    /// The bytes at the start are not a valid message; discard `error.skip` bytes and call again.
    case framingError(FIXFramingError)
}
