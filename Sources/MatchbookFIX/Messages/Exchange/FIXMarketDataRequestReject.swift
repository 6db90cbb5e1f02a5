/// MarketDataRequestReject(Y): a MarketDataRequest could not be honoured.
public struct FIXMarketDataRequestReject: FIXMessageBody {
    public static let msgType = FIXMsgType.marketDataRequestReject
    /// MDReqID(262) of the rejected request.
    public var mdReqID: String
    /// MDReqRejReason(281), one character: `0` unknown symbol, `1` duplicate MDReqID, `4` unsupported
    /// SubscriptionRequestType, `5` unsupported MarketDepth, `6` unsupported MDUpdateType, `8` unsupported
    /// MDEntryType, …
    public var rejectReason: UInt8?
    /// Text(58).
    public var text: String?

    public init(mdReqID: String, rejectReason: UInt8? = nil, text: String? = nil) {
        self.mdReqID = mdReqID
        self.rejectReason = rejectReason
        self.text = text
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var mdReqID: String?
        var reason: UInt8?
        var text: String?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            switch field.tag {
            case FIXTag.mdReqID:
                mdReqID = try view.once(mdReqID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
            case FIXTag.mdReqRejReason:
                reason = try view.once(reason, field, view.character(field))
            case FIXTag.text:
                text = try view.once(text, field, view.text(field))
            default: continue
            }
        }
        self.init(mdReqID: try required(mdReqID, FIXTag.mdReqID, "MDReqID"), rejectReason: reason, text: text)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.mdReqID, mdReqID)
        if let rejectReason { builder.append(tag: FIXTag.mdReqRejReason, character: rejectReason) }
        builder.append(tag: FIXTag.text, ifPresent: text)
    }
}
