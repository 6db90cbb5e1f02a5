/// SequenceReset(4): moves the receiver's expected MsgSeqNum to `newSeqNo`, as a gap fill (in place of
/// administrative messages not resent; sent with PossDupFlag=Y) or as a reset.
public struct FIXSequenceReset: FIXMessageBody {
    public static let msgType = FIXMsgType.sequenceReset
    /// GapFillFlag(123).
    public var gapFill: Bool
    /// NewSeqNo(36), ≥ 1.
    public var newSeqNo: Int

    public init(newSeqNo: Int, gapFill: Bool) {
        self.newSeqNo = newSeqNo
        self.gapFill = gapFill
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var gapFill: Bool?
        var newSeqNo: Int?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            switch field.tag {
            case FIXTag.gapFillFlag:
                gapFill = try view.once(gapFill, field, view.boolean(field))
            case FIXTag.newSeqNo:
                newSeqNo = try view.once(newSeqNo, field, view.integer(field, in: 1...Int(Int32.max)))
            default: continue
            }
        }
        self.init(newSeqNo: try required(newSeqNo, FIXTag.newSeqNo, "NewSeqNo"), gapFill: gapFill ?? false)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        if gapFill { builder.append(tag: FIXTag.gapFillFlag, true) }
        builder.append(tag: FIXTag.newSeqNo, newSeqNo)
    }
}
