/// A typed FIX message body: decodes from a framed message and encodes into a ``FIXMessageBuilder``.
///
/// Decoding reads each field once (O(message length)), ignores fields it does not know (header fields, custom
/// tags), and throws the session reject naming the tag: 1 required tag missing, 5 value incorrect, 6 incorrect
/// data format, 13 tag appears more than once, 16 wrong NumInGroup count. Decoding allocates only the Strings
/// (and group arrays) it returns; encoding appends to the builder's reused scratch.
public protocol FIXMessageBody: Sendable, Equatable {
    /// The MsgType(35) of this body.
    static var msgType: FIXMsgType { get }
    /// Decodes the body fields of `view` (whose header has already been checked).
    init(decoding view: FIXMessageView) throws(FIXDecodeError)
    /// Appends the body fields (everything after the standard header) to `builder`.
    func encodeBody(into builder: inout FIXMessageBuilder)
}
