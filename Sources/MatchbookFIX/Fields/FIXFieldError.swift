/// A field of a framed message that is not `tag=value<SOH>`. Offsets are from the start of the message.
public enum FIXFieldError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The tag is empty, has a non-digit before `=`, or has a leading zero.
    case invalidTag(offset: Int)
    /// The tag's digits run into SOH or the end of the message without `=`.
    case missingEquals(offset: Int)
    /// The tag is 0 or above ``FIXField/maxTag``.
    case tagOutOfRange(offset: Int)
    /// `tag=` is followed directly by SOH.
    case emptyValue(offset: Int, tag: Int)
    /// The message ends before the value's SOH.
    case unterminatedField(offset: Int, tag: Int)

    /// Offset of the faulty field's first byte in the message.
    public var offset: Int {
        switch self {
        case .invalidTag(let offset), .missingEquals(let offset), .tagOutOfRange(let offset),
            .emptyValue(let offset, _), .unterminatedField(let offset, _):
            offset
        }
    }

    /// The tag, when it could be read.
    public var tag: Int? {
        switch self {
        case .emptyValue(_, let tag), .unterminatedField(_, let tag): tag
        case .invalidTag, .missingEquals, .tagOutOfRange: nil
        }
    }

    @inline(never)
    public var description: String {
        switch self {
        case .invalidTag(let offset):
            "FIX field at offset \(offset) has a tag that is not a number without leading zeros: fix the sender."
        case .missingEquals(let offset):
            "FIX field at offset \(offset) has no '=' after its tag: fix the sender."
        case .tagOutOfRange(let offset):
            "FIX field at offset \(offset) has a tag outside 1...\(FIXField.maxTag): fix the sender."
        case .emptyValue(let offset, let tag):
            "FIX field \(tag) at offset \(offset) has an empty value: send a value or omit the field."
        case .unterminatedField(let offset, let tag):
            "FIX field \(tag) at offset \(offset) is not terminated by SOH: the message is cut short."
        }
    }
}
