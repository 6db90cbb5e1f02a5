/// The standard header of a decoded message (BeginString and BodyLength are checked by the framer).
public struct FIXStandardHeader: Equatable, Sendable {
    /// MsgType(35).
    public var msgType: FIXMsgType
    /// SenderCompID(49).
    public var senderCompID: String
    /// TargetCompID(56).
    public var targetCompID: String
    /// MsgSeqNum(34), ≥ 1.
    public var msgSeqNum: Int
    /// SendingTime(52), nanoseconds since the epoch (UTC).
    public var sendingTimeNanos: Int64
    /// PossDupFlag(43): this may be a resend.
    public var possDup: Bool
    /// OrigSendingTime(122) of a resend, nanoseconds since the epoch.
    public var origSendingTimeNanos: Int64?

    public init(
        msgType: FIXMsgType, senderCompID: String, targetCompID: String, msgSeqNum: Int, sendingTimeNanos: Int64,
        possDup: Bool = false, origSendingTimeNanos: Int64? = nil
    ) {
        self.msgType = msgType
        self.senderCompID = senderCompID
        self.targetCompID = targetCompID
        self.msgSeqNum = msgSeqNum
        self.sendingTimeNanos = sendingTimeNanos
        self.possDup = possDup
        self.origSendingTimeNanos = origSendingTimeNanos
    }
}

extension FIXStandardHeader {
    /// Decodes and checks the header and the layout of the whole message: BeginString(8), BodyLength(9) and
    /// MsgType(35) first in that order (14 otherwise), CheckSum(10) last, every field well formed, no header
    /// field twice (13), the required ones present (1). O(message length).
    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var fields = view.fields()
        var msgType: FIXMsgType?
        var sender: String?
        var target: String?
        var seqNum: Int?
        var sendingTime: Int64?
        var possDup: Bool?
        var origSendingTime: Int64?
        var index = 0
        var sawCheckSum = false
        while let field = try view.nextField(&fields) {
            defer { index += 1 }
            if sawCheckSum {
                throw FIXDecodeError(.tagSpecifiedOutOfRequiredOrder, tag: field.tag,
                                     detail: "field \(field.tag) follows CheckSum(10)")
            }
            switch (index, field.tag) {
            case (0, FIXTag.beginString), (1, FIXTag.bodyLength): continue
            case (0, _), (1, _), (_, FIXTag.beginString), (_, FIXTag.bodyLength):
                throw FIXDecodeError(.tagSpecifiedOutOfRequiredOrder, tag: field.tag,
                                     detail: "BeginString(8) and BodyLength(9) must be the first two fields")
            case (2, FIXTag.msgType):
                guard let type = FIXMsgType(bytes: view.value(field)) else {
                    throw FIXDecodeError(.invalidMsgType, tag: FIXTag.msgType,
                                         detail: "MsgType '\(view.string(field))' is not supported")
                }
                msgType = type
            case (2, _):
                if case .some(.none) = try? view.firstField(tag: FIXTag.msgType) {
                    throw .missing(FIXTag.msgType, "MsgType")
                }
                throw FIXDecodeError(.tagSpecifiedOutOfRequiredOrder, tag: FIXTag.msgType,
                                     detail: "MsgType(35) must be the third field")
            case (_, FIXTag.msgType):
                throw FIXDecodeError(.tagSpecifiedOutOfRequiredOrder, tag: FIXTag.msgType,
                                     detail: "MsgType(35) must be the third field")
            case (_, FIXTag.checkSum): sawCheckSum = true
            case (_, FIXTag.senderCompID):
                sender = try view.once(sender, field, view.identifier(field, maxLength: FIXFieldLimits.compID))
            case (_, FIXTag.targetCompID):
                target = try view.once(target, field, view.identifier(field, maxLength: FIXFieldLimits.compID))
            case (_, FIXTag.msgSeqNum):
                seqNum = try view.once(seqNum, field, view.integer(field, in: 1...Int(Int32.max)))
            case (_, FIXTag.sendingTime):
                sendingTime = try view.once(sendingTime, field, view.timestamp(field))
            case (_, FIXTag.possDupFlag):
                possDup = try view.once(possDup, field, view.boolean(field))
            case (_, FIXTag.origSendingTime):
                origSendingTime = try view.once(origSendingTime, field, view.timestamp(field))
            default: continue
            }
        }
        guard sawCheckSum else { throw .missing(FIXTag.checkSum, "CheckSum") }
        self.init(
            msgType: try required(msgType, FIXTag.msgType, "MsgType"),
            senderCompID: try required(sender, FIXTag.senderCompID, "SenderCompID"),
            targetCompID: try required(target, FIXTag.targetCompID, "TargetCompID"),
            msgSeqNum: try required(seqNum, FIXTag.msgSeqNum, "MsgSeqNum"),
            sendingTimeNanos: try required(sendingTime, FIXTag.sendingTime, "SendingTime"),
            possDup: possDup ?? false, origSendingTimeNanos: origSendingTime)
    }
}
