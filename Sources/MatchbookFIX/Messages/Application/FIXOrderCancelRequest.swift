import MatchbookBook

/// OrderCancelRequest(F): cancel the order the client knows as `origClOrdID`.
public struct FIXOrderCancelRequest: FIXMessageBody {
    public static let msgType = FIXMsgType.orderCancelRequest
    /// OrigClOrdID(41): the ClOrdID of the order to cancel.
    public var origClOrdID: String
    /// ClOrdID(11): this request's id.
    public var clOrdID: String
    /// OrderID(37): the exchange's id, when the client has it.
    public var orderID: String?
    /// Symbol(55).
    public var symbol: String
    /// Side(54).
    public var side: Side
    /// TransactTime(60), optional here.
    public var transactTimeNanos: Int64?

    public init(
        origClOrdID: String, clOrdID: String, orderID: String? = nil, symbol: String, side: Side,
        transactTimeNanos: Int64? = nil
    ) {
        self.origClOrdID = origClOrdID
        self.clOrdID = clOrdID
        self.orderID = orderID
        self.symbol = symbol
        self.side = side
        self.transactTimeNanos = transactTimeNanos
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var fields = FIXOrderReferenceFields()
        var iterator = view.fields()
        while let field = try view.nextField(&iterator) { try fields.read(field, in: view) }
        self.init(
            origClOrdID: try required(fields.origClOrdID, FIXTag.origClOrdID, "OrigClOrdID"),
            clOrdID: try required(fields.clOrdID, FIXTag.clOrdID, "ClOrdID"), orderID: fields.orderID,
            symbol: try required(fields.symbol, FIXTag.symbol, "Symbol"),
            side: try required(fields.side, FIXTag.side, "Side"), transactTimeNanos: fields.transactTime)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.origClOrdID, origClOrdID)
        builder.append(tag: FIXTag.orderID, ifPresent: orderID)
        builder.append(tag: FIXTag.clOrdID, clOrdID)
        builder.append(tag: FIXTag.symbol, symbol)
        builder.append(tag: FIXTag.side, character: side.fixCode)
        builder.append(tag: FIXTag.transactTime, timestampNanosIfPresent: transactTimeNanos)
    }
}

/// The fields F, G and H share (which order, which instrument), read once each.
struct FIXOrderReferenceFields {
    var origClOrdID: String?
    var clOrdID: String?
    var orderID: String?
    var symbol: String?
    var side: Side?
    var transactTime: Int64?

    /// Reads `field` if it is one of the shared ones; returns whether it was.
    @discardableResult
    mutating func read(_ field: FIXField, in view: FIXMessageView) throws(FIXDecodeError) -> Bool {
        switch field.tag {
        case FIXTag.origClOrdID:
            origClOrdID = try view.once(
                origClOrdID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
        case FIXTag.clOrdID:
            clOrdID = try view.once(clOrdID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
        case FIXTag.orderID:
            orderID = try view.once(orderID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
        case FIXTag.symbol:
            symbol = try view.once(symbol, field, view.identifier(field, maxLength: FIXFieldLimits.symbol))
        case FIXTag.side:
            side = try view.once(side, field, view.side(field))
        case FIXTag.transactTime:
            transactTime = try view.once(transactTime, field, view.timestamp(field))
        default: return false
        }
        return true
    }
}
