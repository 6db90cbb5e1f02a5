/// OrderCancelReject(9): a cancel (F) or cancel/replace (G) request could not be carried out.
public struct FIXOrderCancelReject: FIXMessageBody {
    public static let msgType = FIXMsgType.orderCancelReject
    /// OrderID(37): the exchange's id, "NONE" when the order is unknown.
    public var orderID: String
    /// ClOrdID(11) of the rejected request.
    public var clOrdID: String
    /// OrigClOrdID(41) of the rejected request.
    public var origClOrdID: String
    /// OrdStatus(39) of the order after the rejection.
    public var ordStatus: FIXOrdStatus
    /// CxlRejResponseTo(434).
    public var responseTo: FIXCxlRejResponseTo
    /// CxlRejReason(102): 0 too late to cancel, 1 unknown order, 2 broker option, 3 already pending, …
    public var cxlRejReason: Int?
    /// Text(58).
    public var text: String?

    public init(
        orderID: String, clOrdID: String, origClOrdID: String, ordStatus: FIXOrdStatus,
        responseTo: FIXCxlRejResponseTo, cxlRejReason: Int? = nil, text: String? = nil
    ) {
        self.orderID = orderID
        self.clOrdID = clOrdID
        self.origClOrdID = origClOrdID
        self.ordStatus = ordStatus
        self.responseTo = responseTo
        self.cxlRejReason = cxlRejReason
        self.text = text
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var shared = FIXOrderReferenceFields()
        var ordStatus: FIXOrdStatus?
        var responseTo: FIXCxlRejResponseTo?
        var reason: Int?
        var text: String?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            if try shared.read(field, in: view) { continue }
            switch field.tag {
            case FIXTag.ordStatus:
                ordStatus = try view.once(ordStatus, field, view.enumeration(field, as: FIXOrdStatus.self))
            case FIXTag.cxlRejResponseTo:
                responseTo = try view.once(responseTo, field, view.enumeration(field, as: FIXCxlRejResponseTo.self))
            case FIXTag.cxlRejReason:
                reason = try view.once(reason, field, view.integer(field))
            case FIXTag.text:
                text = try view.once(text, field, view.text(field))
            default: continue
            }
        }
        self.init(
            orderID: try required(shared.orderID, FIXTag.orderID, "OrderID"),
            clOrdID: try required(shared.clOrdID, FIXTag.clOrdID, "ClOrdID"),
            origClOrdID: try required(shared.origClOrdID, FIXTag.origClOrdID, "OrigClOrdID"),
            ordStatus: try required(ordStatus, FIXTag.ordStatus, "OrdStatus"),
            responseTo: try required(responseTo, FIXTag.cxlRejResponseTo, "CxlRejResponseTo"),
            cxlRejReason: reason, text: text)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.orderID, orderID)
        builder.append(tag: FIXTag.clOrdID, clOrdID)
        builder.append(tag: FIXTag.origClOrdID, origClOrdID)
        builder.append(tag: FIXTag.ordStatus, character: ordStatus.rawValue)
        builder.append(tag: FIXTag.cxlRejResponseTo, character: responseTo.rawValue)
        builder.append(tag: FIXTag.cxlRejReason, ifPresent: cxlRejReason)
        builder.append(tag: FIXTag.text, ifPresent: text)
    }
}
