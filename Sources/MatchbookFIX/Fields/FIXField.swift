/// One `tag=value<SOH>` field of a message: its tag and where its value lies in the message bytes.
///
/// ```
///   ... ␁ 4 4 = 1 0 . 5 ␁ ...
///         ^ offset  ^───^ valueRange (no SOH)
/// ```
@frozen
public struct FIXField: Equatable, Sendable {
    /// The tag number, `1...FIXField.maxTag`.
    public let tag: Int
    /// Byte offset of the tag's first digit in the message.
    public let offset: Int
    /// Byte range of the value in the message (never empty, never holds SOH).
    public let valueRange: Range<Int>

    /// The largest tag number accepted (FIX tags are positive and user-defined ones stay below 100,000).
    public static let maxTag = 99_999

    @inlinable
    public init(tag: Int, offset: Int, valueRange: Range<Int>) {
        self.tag = tag
        self.offset = offset
        self.valueRange = valueRange
    }
}
