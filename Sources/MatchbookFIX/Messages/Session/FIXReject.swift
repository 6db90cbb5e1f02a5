/// Reject(3): a session-level rejection of message `refSeqNum`.
public struct FIXReject: FIXMessageBody {
    public static let msgType = FIXMsgType.reject
    /// RefSeqNum(45): the rejected message's MsgSeqNum.
    public var refSeqNum: Int
    /// RefTagID(371): the field at fault.
    public var refTagID: Int?
    /// RefMsgType(372): the rejected message's MsgType.
    public var refMsgType: String?
    /// SessionRejectReason(373).
    public var reason: FIXSessionRejectReason?
    /// Text(58).
    public var text: String?

    public init(
        refSeqNum: Int, refTagID: Int? = nil, refMsgType: String? = nil, reason: FIXSessionRejectReason? = nil,
        text: String? = nil
    ) {
        self.refSeqNum = refSeqNum
        self.refTagID = refTagID
        self.refMsgType = refMsgType
        self.reason = reason
        self.text = text
    }

    /// The Reject for a decode error of message `refSeqNum` (its own `msgSeqNum` when it was read, else 0).
    public init(rejecting error: FIXDecodeError, refSeqNum: Int? = nil) {
        self.init(
            refSeqNum: refSeqNum ?? error.msgSeqNum ?? 0, refTagID: error.tag, refMsgType: error.msgType,
            reason: error.reason, text: error.detail)
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var refSeqNum: Int?
        var refTagID: Int?
        var refMsgType: String?
        var reason: FIXSessionRejectReason?
        var text: String?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            switch field.tag {
            case FIXTag.refSeqNum:
                refSeqNum = try view.once(refSeqNum, field, view.integer(field))
            case FIXTag.refTagID:
                refTagID = try view.once(refTagID, field, view.integer(field))
            case FIXTag.refMsgType:
                refMsgType = try view.once(refMsgType, field, view.identifier(field, maxLength: 8))
            case FIXTag.sessionRejectReason:
                try view.rejectDuplicate(reason, field)
                guard let value = FIXSessionRejectReason(rawValue: try view.integer(field)) else {
                    throw .value(field.tag, "not a SessionRejectReason")
                }
                reason = value
            case FIXTag.text:
                text = try view.once(text, field, view.text(field))
            default: continue
            }
        }
        self.init(
            refSeqNum: try required(refSeqNum, FIXTag.refSeqNum, "RefSeqNum"), refTagID: refTagID,
            refMsgType: refMsgType, reason: reason, text: text)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.refSeqNum, refSeqNum)
        builder.append(tag: FIXTag.refTagID, ifPresent: refTagID)
        builder.append(tag: FIXTag.refMsgType, ifPresent: refMsgType)
        builder.append(tag: FIXTag.sessionRejectReason, ifPresent: reason?.rawValue)
        builder.append(tag: FIXTag.text, ifPresent: text)
    }
}
