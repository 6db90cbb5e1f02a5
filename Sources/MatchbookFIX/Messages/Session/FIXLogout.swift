/// Logout(5): ends the session, with an optional reason.
public struct FIXLogout: FIXMessageBody {
    public static let msgType = FIXMsgType.logout
    /// Text(58).
    public var text: String?

    public init(text: String? = nil) { self.text = text }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var text: String?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            guard field.tag == FIXTag.text else { continue }
            text = try view.once(text, field, view.text(field))
        }
        self.init(text: text)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.text, ifPresent: text)
    }
}
