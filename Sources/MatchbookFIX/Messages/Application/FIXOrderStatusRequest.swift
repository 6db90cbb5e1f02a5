import MatchbookBook

/// OrderStatusRequest(H): asks for an ExecutionReport (ExecType I) of the order `clOrdID`.
public struct FIXOrderStatusRequest: FIXMessageBody {
    public static let msgType = FIXMsgType.orderStatusRequest
    /// ClOrdID(11) of the order asked about.
    public var clOrdID: String
    /// OrderID(37), optional.
    public var orderID: String?
    /// Symbol(55).
    public var symbol: String
    /// Side(54).
    public var side: Side

    public init(clOrdID: String, orderID: String? = nil, symbol: String, side: Side) {
        self.clOrdID = clOrdID
        self.orderID = orderID
        self.symbol = symbol
        self.side = side
    }

    public init(decoding view: FIXMessageView) throws(FIXDecodeError) {
        var shared = FIXOrderReferenceFields()
        var iterator = view.fields()
        while let field = try view.nextField(&iterator) {
            guard field.tag != FIXTag.origClOrdID, field.tag != FIXTag.transactTime else { continue }
            try shared.read(field, in: view)
        }
        self.init(
            clOrdID: try required(shared.clOrdID, FIXTag.clOrdID, "ClOrdID"), orderID: shared.orderID,
            symbol: try required(shared.symbol, FIXTag.symbol, "Symbol"),
            side: try required(shared.side, FIXTag.side, "Side"))
    }

    public func encodeBody(into builder: inout FIXMessageBuilder) {
        builder.append(tag: FIXTag.orderID, ifPresent: orderID)
        builder.append(tag: FIXTag.clOrdID, clOrdID)
        builder.append(tag: FIXTag.symbol, symbol)
        builder.append(tag: FIXTag.side, character: side.fixCode)
    }
}
