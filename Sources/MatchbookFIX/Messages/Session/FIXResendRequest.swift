/// ResendRequest(2): asks for messages `beginSeqNo...endSeqNo` again (`endSeqNo` 0 means "to the latest").
public struct FIXResendRequest: FIXMessageBody {
    public static let msgType = FIXMsgType.resendRequest
    /// BeginSeqNo(7), ≥ 1.
    public var beginSeqNo: Int
    /// EndSeqNo(16), 0 for infinity, else ≥ `beginSeqNo`.
    public var endSeqNo: Int

    public init(beginSeqNo: Int, endSeqNo: Int) {
        self.beginSeqNo = beginSeqNo
        self.endSeqNo = endSeqNo
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var begin: Int?
        var end: Int?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            switch field.tag {
            case FIXTag.beginSeqNo:
                begin = try view.once(begin, field, view.integer(field, in: 1...Int(Int32.max)))
            case FIXTag.endSeqNo:
                end = try view.once(end, field, view.integer(field))
            default: continue
            }
        }
        let beginSeqNo = try required(begin, FIXTag.beginSeqNo, "BeginSeqNo")
        let endSeqNo = try required(end, FIXTag.endSeqNo, "EndSeqNo")
        if endSeqNo != 0 && endSeqNo < beginSeqNo { throw .value(FIXTag.endSeqNo, "EndSeqNo below BeginSeqNo") }
        self.init(beginSeqNo: beginSeqNo, endSeqNo: endSeqNo)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.beginSeqNo, beginSeqNo)
        builder.append(tag: FIXTag.endSeqNo, endSeqNo)
    }
}
