/// BusinessMessageReject(j): an application message that passed the session layer but cannot be processed
/// (unsupported message type, unknown security, application not available, …).
public struct FIXBusinessMessageReject: FIXMessageBody {
    public static let msgType = FIXMsgType.businessMessageReject
    /// RefSeqNum(45) of the rejected message.
    public var refSeqNum: Int?
    /// RefMsgType(372) of the rejected message.
    public var refMsgType: String
    /// BusinessRejectRefID(379): the rejected message's own id (ClOrdID, MDReqID, …).
    public var businessRejectRefID: String?
    /// BusinessRejectReason(380): 0 other, 1 unknown ID, 2 unknown security, 3 unsupported message type,
    /// 4 application not available, 5 conditionally required field missing, 6 not authorized, …
    public var reason: Int
    /// Text(58).
    public var text: String?

    public init(
        refSeqNum: Int?, refMsgType: String, businessRejectRefID: String? = nil, reason: Int, text: String? = nil
    ) {
        self.refSeqNum = refSeqNum
        self.refMsgType = refMsgType
        self.businessRejectRefID = businessRejectRefID
        self.reason = reason
        self.text = text
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var refSeqNum: Int?
        var refMsgType: String?
        var refID: String?
        var reason: Int?
        var text: String?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            switch field.tag {
            case FIXTag.refSeqNum:
                refSeqNum = try view.once(refSeqNum, field, view.integer(field))
            case FIXTag.refMsgType:
                refMsgType = try view.once(refMsgType, field, view.identifier(field, maxLength: 8))
            case FIXTag.businessRejectRefID:
                refID = try view.once(refID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
            case FIXTag.businessRejectReason:
                reason = try view.once(reason, field, view.integer(field))
            case FIXTag.text:
                text = try view.once(text, field, view.text(field))
            default: continue
            }
        }
        self.init(
            refSeqNum: refSeqNum, refMsgType: try required(refMsgType, FIXTag.refMsgType, "RefMsgType"),
            businessRejectRefID: refID,
            reason: try required(reason, FIXTag.businessRejectReason, "BusinessRejectReason"), text: text)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.refSeqNum, ifPresent: refSeqNum)
        builder.append(tag: FIXTag.refMsgType, refMsgType)
        builder.append(tag: FIXTag.businessRejectRefID, ifPresent: businessRejectRefID)
        builder.append(tag: FIXTag.businessRejectReason, reason)
        builder.append(tag: FIXTag.text, ifPresent: text)
    }
}
