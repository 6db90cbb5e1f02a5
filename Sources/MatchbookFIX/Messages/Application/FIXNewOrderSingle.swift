import MatchbookBook

/// NewOrderSingle(D): a client's new order.
///
/// Prices stay decimals here; the gateway converts them with the symbol's tick size
/// (``FIXDecimal/priceTicks(tickSize:)``). Checks made while decoding: Price(44) present for limit and
/// stop-limit orders, StopPx(99) for stop and stop-limit, OrderQty(38) a positive whole number, MaxFloor(111) at
/// most OrderQty, string lengths within ``FIXFieldLimits``.
public struct FIXNewOrderSingle: FIXMessageBody {
    public static let msgType = FIXMsgType.newOrderSingle
    /// ClOrdID(11).
    public var clOrdID: String
    /// Symbol(55).
    public var symbol: String
    /// Side(54).
    public var side: Side
    /// OrdType(40).
    public var orderType: OrderType
    /// TimeInForce(59), day when absent.
    public var timeInForce: TimeInForce
    /// OrderQty(38), shares.
    public var orderQuantity: UInt32
    /// Price(44): limit and stop-limit orders.
    public var price: FIXDecimal?
    /// StopPx(99): stop and stop-limit orders.
    public var stopPrice: FIXDecimal?
    /// MaxFloor(111): iceberg display quantity.
    public var maxFloor: UInt32?
    /// ExecInst(18) holds `6` (participate don't initiate).
    public var postOnly: Bool
    /// TransactTime(60), nanoseconds since the epoch.
    public var transactTimeNanos: Int64
    /// Account(1).
    public var account: String?

    public init(
        clOrdID: String, symbol: String, side: Side, orderType: OrderType, timeInForce: TimeInForce = .day,
        orderQuantity: UInt32, price: FIXDecimal? = nil, stopPrice: FIXDecimal? = nil, maxFloor: UInt32? = nil,
        postOnly: Bool = false, transactTimeNanos: Int64, account: String? = nil
    ) {
        self.clOrdID = clOrdID
        self.symbol = symbol
        self.side = side
        self.orderType = orderType
        self.timeInForce = timeInForce
        self.orderQuantity = orderQuantity
        self.price = price
        self.stopPrice = stopPrice
        self.maxFloor = maxFloor
        self.postOnly = postOnly
        self.transactTimeNanos = transactTimeNanos
        self.account = account
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var clOrdID: String?
        var symbol: String?
        var side: Side?
        var ordType: OrderType?
        var timeInForce: TimeInForce?
        var quantity: UInt32?
        var price: FIXDecimal?
        var stopPrice: FIXDecimal?
        var maxFloor: UInt32?
        var postOnly: Bool?
        var transactTime: Int64?
        var account: String?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            switch field.tag {
            case FIXTag.clOrdID:
                clOrdID = try view.once(clOrdID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
            case FIXTag.symbol:
                symbol = try view.once(symbol, field, view.identifier(field, maxLength: FIXFieldLimits.symbol))
            case FIXTag.side:
                side = try view.once(side, field, view.side(field))
            case FIXTag.ordType:
                ordType = try view.once(ordType, field, view.orderType(field))
            case FIXTag.timeInForce:
                timeInForce = try view.once(timeInForce, field, view.timeInForce(field))
            case FIXTag.orderQuantity:
                quantity = try view.once(quantity, field, view.quantity(field))
            case FIXTag.price:
                price = try view.once(price, field, view.price(field))
            case FIXTag.stopPrice:
                stopPrice = try view.once(stopPrice, field, view.price(field))
            case FIXTag.maxFloor:
                maxFloor = try view.once(maxFloor, field, view.quantity(field, positive: false))
            case FIXTag.execInst:
                postOnly = try view.once(postOnly, field, view.isPostOnly(field))
            case FIXTag.transactTime:
                transactTime = try view.once(transactTime, field, view.timestamp(field))
            case FIXTag.account:
                account = try view.once(account, field, view.identifier(field, maxLength: FIXFieldLimits.credential))
            default: continue
            }
        }
        let orderType = try required(ordType, FIXTag.ordType, "OrdType")
        let orderQuantity = try required(quantity, FIXTag.orderQuantity, "OrderQty")
        if orderType.requiresPrice && price == nil { throw .missing(FIXTag.price, "Price") }
        if orderType.requiresStopPrice && stopPrice == nil { throw .missing(FIXTag.stopPrice, "StopPx") }
        if let maxFloor, maxFloor > orderQuantity { throw .value(FIXTag.maxFloor, "MaxFloor above OrderQty") }
        self.init(
            clOrdID: try required(clOrdID, FIXTag.clOrdID, "ClOrdID"),
            symbol: try required(symbol, FIXTag.symbol, "Symbol"), side: try required(side, FIXTag.side, "Side"),
            orderType: orderType, timeInForce: timeInForce ?? .day, orderQuantity: orderQuantity, price: price,
            stopPrice: stopPrice, maxFloor: maxFloor, postOnly: postOnly ?? false,
            transactTimeNanos: try required(transactTime, FIXTag.transactTime, "TransactTime"), account: account)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.clOrdID, clOrdID)
        builder.append(tag: FIXTag.account, ifPresent: account)
        builder.append(tag: FIXTag.symbol, symbol)
        builder.append(tag: FIXTag.side, character: side.fixCode)
        builder.append(tag: FIXTag.transactTime, timestampNanos: transactTimeNanos)
        builder.append(tag: FIXTag.orderQuantity, orderQuantity)
        builder.append(tag: FIXTag.ordType, character: orderType.fixCode)
        builder.append(tag: FIXTag.price, ifPresent: price)
        builder.append(tag: FIXTag.stopPrice, ifPresent: stopPrice)
        builder.append(tag: FIXTag.timeInForce, character: timeInForce.fixCode)
        builder.append(tag: FIXTag.maxFloor, ifPresent: maxFloor)
        if postOnly { builder.append(tag: FIXTag.execInst, character: UInt8(ascii: "6")) }
    }
}
