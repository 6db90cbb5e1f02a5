import MatchbookBook

/// ExecutionReport(8): an order's acceptance, fill, cancel, replace, expiry, rejection or status.
public struct FIXExecutionReport: FIXMessageBody {
    public static let msgType = FIXMsgType.executionReport
    /// OrderID(37): the exchange's id.
    public var orderID: String
    /// ClOrdID(11).
    public var clOrdID: String?
    /// OrigClOrdID(41): for replaces and cancels, the id being replaced or cancelled.
    public var origClOrdID: String?
    /// ExecID(17): unique per report.
    public var execID: String
    /// ExecType(150).
    public var execType: FIXExecType
    /// OrdStatus(39).
    public var ordStatus: FIXOrdStatus
    /// Symbol(55).
    public var symbol: String
    /// Side(54).
    public var side: Side
    /// OrderQty(38), shares.
    public var orderQuantity: UInt32?
    /// Price(44).
    public var price: FIXDecimal?
    /// LastQty(32): shares of this fill.
    public var lastQuantity: UInt32?
    /// LastPx(31): price of this fill.
    public var lastPrice: FIXDecimal?
    /// LeavesQty(151): shares still open.
    public var leavesQuantity: UInt32
    /// CumQty(14): shares filled so far.
    public var cumulativeQuantity: UInt32
    /// AvgPx(6): average fill price.
    public var averagePrice: FIXDecimal
    /// OrdRejReason(103), for rejections.
    public var ordRejReason: Int?
    /// Text(58).
    public var text: String?
    /// TransactTime(60), nanoseconds since the epoch.
    public var transactTimeNanos: Int64?

    public init(
        orderID: String, clOrdID: String?, origClOrdID: String? = nil, execID: String, execType: FIXExecType,
        ordStatus: FIXOrdStatus, symbol: String, side: Side, orderQuantity: UInt32? = nil, price: FIXDecimal? = nil,
        lastQuantity: UInt32? = nil, lastPrice: FIXDecimal? = nil, leavesQuantity: UInt32,
        cumulativeQuantity: UInt32, averagePrice: FIXDecimal, ordRejReason: Int? = nil, text: String? = nil,
        transactTimeNanos: Int64? = nil
    ) {
        self.orderID = orderID
        self.clOrdID = clOrdID
        self.origClOrdID = origClOrdID
        self.execID = execID
        self.execType = execType
        self.ordStatus = ordStatus
        self.symbol = symbol
        self.side = side
        self.orderQuantity = orderQuantity
        self.price = price
        self.lastQuantity = lastQuantity
        self.lastPrice = lastPrice
        self.leavesQuantity = leavesQuantity
        self.cumulativeQuantity = cumulativeQuantity
        self.averagePrice = averagePrice
        self.ordRejReason = ordRejReason
        self.text = text
        self.transactTimeNanos = transactTimeNanos
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var shared = FIXOrderReferenceFields()
        var execID: String?
        var execType: FIXExecType?
        var ordStatus: FIXOrdStatus?
        var orderQuantity: UInt32?
        var price: FIXDecimal?
        var lastQuantity: UInt32?
        var lastPrice: FIXDecimal?
        var leaves: UInt32?
        var cumulative: UInt32?
        var average: FIXDecimal?
        var ordRejReason: Int?
        var text: String?
        var fields = view.fields()
        while let field = try view.nextField(&fields) {
            if try shared.read(field, in: view) { continue }
            switch field.tag {
            case FIXTag.execID:
                execID = try view.once(execID, field, view.identifier(field, maxLength: FIXFieldLimits.identifier))
            case FIXTag.execType:
                execType = try view.once(execType, field, view.enumeration(field, as: FIXExecType.self))
            case FIXTag.ordStatus:
                ordStatus = try view.once(ordStatus, field, view.enumeration(field, as: FIXOrdStatus.self))
            case FIXTag.orderQuantity:
                orderQuantity = try view.once(orderQuantity, field, view.quantity(field, positive: false))
            case FIXTag.price:
                price = try view.once(price, field, view.price(field))
            case FIXTag.lastQuantity:
                lastQuantity = try view.once(lastQuantity, field, view.quantity(field, positive: false))
            case FIXTag.lastPrice:
                lastPrice = try view.once(lastPrice, field, view.price(field))
            case FIXTag.leavesQuantity:
                leaves = try view.once(leaves, field, view.quantity(field, positive: false))
            case FIXTag.cumulativeQuantity:
                cumulative = try view.once(cumulative, field, view.quantity(field, positive: false))
            case FIXTag.averagePrice:
                average = try view.once(average, field, view.price(field))
            case FIXTag.ordRejReason:
                ordRejReason = try view.once(ordRejReason, field, view.integer(field))
            case FIXTag.text:
                text = try view.once(text, field, view.text(field))
            default: continue
            }
        }
        self.init(
            orderID: try required(shared.orderID, FIXTag.orderID, "OrderID"), clOrdID: shared.clOrdID,
            origClOrdID: shared.origClOrdID, execID: try required(execID, FIXTag.execID, "ExecID"),
            execType: try required(execType, FIXTag.execType, "ExecType"),
            ordStatus: try required(ordStatus, FIXTag.ordStatus, "OrdStatus"),
            symbol: try required(shared.symbol, FIXTag.symbol, "Symbol"),
            side: try required(shared.side, FIXTag.side, "Side"), orderQuantity: orderQuantity, price: price,
            lastQuantity: lastQuantity, lastPrice: lastPrice,
            leavesQuantity: try required(leaves, FIXTag.leavesQuantity, "LeavesQty"),
            cumulativeQuantity: try required(cumulative, FIXTag.cumulativeQuantity, "CumQty"),
            averagePrice: try required(average, FIXTag.averagePrice, "AvgPx"), ordRejReason: ordRejReason,
            text: text, transactTimeNanos: shared.transactTime)
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.orderID, orderID)
        builder.append(tag: FIXTag.clOrdID, ifPresent: clOrdID)
        builder.append(tag: FIXTag.origClOrdID, ifPresent: origClOrdID)
        builder.append(tag: FIXTag.execID, execID)
        builder.append(tag: FIXTag.execType, character: execType.rawValue)
        builder.append(tag: FIXTag.ordStatus, character: ordStatus.rawValue)
        builder.append(tag: FIXTag.ordRejReason, ifPresent: ordRejReason)
        builder.append(tag: FIXTag.symbol, symbol)
        builder.append(tag: FIXTag.side, character: side.fixCode)
        builder.append(tag: FIXTag.orderQuantity, ifPresent: orderQuantity)
        builder.append(tag: FIXTag.price, ifPresent: price)
        builder.append(tag: FIXTag.lastQuantity, ifPresent: lastQuantity)
        builder.append(tag: FIXTag.lastPrice, ifPresent: lastPrice)
        builder.append(tag: FIXTag.leavesQuantity, leavesQuantity)
        builder.append(tag: FIXTag.cumulativeQuantity, cumulativeQuantity)
        builder.append(tag: FIXTag.averagePrice, averagePrice)
        builder.append(tag: FIXTag.transactTime, timestampNanosIfPresent: transactTimeNanos)
        builder.append(tag: FIXTag.text, ifPresent: text)
    }
}
