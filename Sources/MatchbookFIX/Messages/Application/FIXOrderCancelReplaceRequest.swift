import MatchbookBook

/// OrderCancelReplaceRequest(G): replace the order the client knows as `origClOrdID` with new quantity and
/// price (the same checks as NewOrderSingle for Price and StopPx by OrdType).
public struct FIXOrderCancelReplaceRequest: FIXMessageBody {
    public static let msgType = FIXMsgType.orderCancelReplaceRequest
    /// OrigClOrdID(41): the ClOrdID of the order to replace.
    public var origClOrdID: String
    /// ClOrdID(11): the replacement's id.
    public var clOrdID: String
    /// OrderID(37), optional.
    public var orderID: String?
    /// Symbol(55).
    public var symbol: String
    /// Side(54).
    public var side: Side
    /// OrderQty(38): the new total quantity, shares.
    public var orderQuantity: UInt32
    /// OrdType(40).
    public var orderType: OrderType
    /// Price(44): required for limit and stop-limit.
    public var price: FIXDecimal?
    /// StopPx(99): required for stop and stop-limit.
    public var stopPrice: FIXDecimal?
    /// TimeInForce(59), when given.
    public var timeInForce: TimeInForce?
    /// TransactTime(60), optional here.
    public var transactTimeNanos: Int64?

    public init(
        origClOrdID: String, clOrdID: String, orderID: String? = nil, symbol: String, side: Side,
        orderQuantity: UInt32, orderType: OrderType, price: FIXDecimal? = nil, stopPrice: FIXDecimal? = nil,
        timeInForce: TimeInForce? = nil, transactTimeNanos: Int64? = nil
    ) {
        self.origClOrdID = origClOrdID
        self.clOrdID = clOrdID
        self.orderID = orderID
        self.symbol = symbol
        self.side = side
        self.orderQuantity = orderQuantity
        self.orderType = orderType
        self.price = price
        self.stopPrice = stopPrice
        self.timeInForce = timeInForce
        self.transactTimeNanos = transactTimeNanos
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var shared = FIXOrderReferenceFields()
        var quantity: UInt32?
        var ordType: OrderType?
        var price: FIXDecimal?
        var stopPrice: FIXDecimal?
        var timeInForce: TimeInForce?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            if try shared.read(field, in: view) { continue }
            switch field.tag {
            case FIXTag.orderQuantity:
                quantity = try view.once(quantity, field, view.quantity(field))
            case FIXTag.ordType:
                ordType = try view.once(ordType, field, view.orderType(field))
            case FIXTag.price:
                price = try view.once(price, field, view.price(field))
            case FIXTag.stopPrice:
                stopPrice = try view.once(stopPrice, field, view.price(field))
            case FIXTag.timeInForce:
                timeInForce = try view.once(timeInForce, field, view.timeInForce(field))
            default: continue
            }
        }
        let orderType = try required(ordType, FIXTag.ordType, "OrdType")
        if orderType.requiresPrice && price == nil { throw .missing(FIXTag.price, "Price") }
        if orderType.requiresStopPrice && stopPrice == nil { throw .missing(FIXTag.stopPrice, "StopPx") }
        self.init(
            origClOrdID: try required(shared.origClOrdID, FIXTag.origClOrdID, "OrigClOrdID"),
            clOrdID: try required(shared.clOrdID, FIXTag.clOrdID, "ClOrdID"), orderID: shared.orderID,
            symbol: try required(shared.symbol, FIXTag.symbol, "Symbol"),
            side: try required(shared.side, FIXTag.side, "Side"),
            orderQuantity: try required(quantity, FIXTag.orderQuantity, "OrderQty"), orderType: orderType,
            price: price, stopPrice: stopPrice, timeInForce: timeInForce, transactTimeNanos: shared.transactTime)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.origClOrdID, origClOrdID)
        builder.append(tag: FIXTag.orderID, ifPresent: orderID)
        builder.append(tag: FIXTag.clOrdID, clOrdID)
        builder.append(tag: FIXTag.symbol, symbol)
        builder.append(tag: FIXTag.side, character: side.fixCode)
        builder.append(tag: FIXTag.transactTime, timestampNanosIfPresent: transactTimeNanos)
        builder.append(tag: FIXTag.orderQuantity, orderQuantity)
        builder.append(tag: FIXTag.ordType, character: orderType.fixCode)
        builder.append(tag: FIXTag.price, ifPresent: price)
        builder.append(tag: FIXTag.stopPrice, ifPresent: stopPrice)
        if let timeInForce { builder.append(tag: FIXTag.timeInForce, character: timeInForce.fixCode) }
    }
}
