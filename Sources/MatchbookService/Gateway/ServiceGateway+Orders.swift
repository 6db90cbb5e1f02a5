import MatchbookBook
import MatchbookFIX

/// Application messages: risk checks, commands to the engine (through the sequencing point), and the reports
/// that answer them.
extension ServiceGateway {
    func handleApplication(
        _ message: FIXApplicationMessage, header: FIXStandardHeader, session: FIXSession, readAt: Int64
    ) {
        switch message {
        case .newOrderSingle(let order): newOrder(order, session: session)
        case .orderCancelRequest(let request): cancel(request, session: session)
        case .orderCancelReplaceRequest(let request): replace(request, session: session)
        case .orderStatusRequest(let request): status(request, session: session)
        case .marketDataRequest(let request): marketDataRequest(request, session: session)
        }
    }

    // MARK: New orders

    private func rejectNew(
        _ order: FIXNewOrderSingle, session: FIXSession, reason: String, code: Int, kind: String
    ) {
        metrics.reject(kind)
        let report = FIXExecutionReport(
            orderID: "NONE", clOrdID: order.clOrdID, execID: nextExecutionID(), execType: .rejected,
            ordStatus: .rejected, symbol: order.symbol, side: order.side, orderQuantity: order.orderQuantity,
            price: order.price, leavesQuantity: 0, cumulativeQuantity: 0, averagePrice: .zero, ordRejReason: code,
            text: reason, transactTimeNanos: FIXSession.nowNanos())
        session.send(.exchange(.executionReport(report)))
    }

    private func newOrder(_ order: FIXNewOrderSingle, session: FIXSession) {
        metrics.ordersReceived += 1
        let readTicks = Self.monotonicNanos()
        guard let (locate, symbol) = symbolIndex(order.symbol) else {
            return rejectNew(order, session: session, reason: "unknown symbol \(order.symbol)", code: 1,
                             kind: "unknownSymbol")
        }
        guard session.clOrdIDs[order.clOrdID] == nil else {
            return rejectNew(order, session: session, reason: "duplicate ClOrdID \(order.clOrdID)", code: 6,
                             kind: "duplicateClOrdID")
        }
        var priceTicks: UInt32 = 0
        var stopTicks: UInt32 = 0
        do {
            if let price = order.price { priceTicks = try price.priceTicks(tickSize: Self.priceUnit) }
            if let stop = order.stopPrice { stopTicks = try stop.priceTicks(tickSize: Self.priceUnit) }
        } catch {
            return rejectNew(order, session: session, reason: "price: \(error)", code: 99, kind: "invalidPrice")
        }
        if let (kind, reason) = riskCheck(order, symbol: symbol, priceTicks: priceTicks, stopTicks: stopTicks,
                                          session: session) {
            return rejectNew(order, session: session, reason: reason, code: 99, kind: kind)
        }
        let clientTag = nextClientTag
        let command = ServiceCommand(
            kind: .newOrder, sequence: nextCommandSequence, owner: session.owner, clientTag: clientTag,
            locate: locate, side: order.side, orderType: order.orderType, timeInForce: order.timeInForce,
            quantity: order.orderQuantity, priceTicks: priceTicks, stopPriceTicks: stopTicks,
            displayQuantity: order.maxFloor ?? 0, postOnly: order.postOnly)
        if let refusal = push(.init(command: command, clOrdID: order.clOrdID), session: session) {
            return rejectNew(order, session: session, reason: refusal, code: 99,
                             kind: journal?.failure == nil ? "busy" : "journalFailed")
        }
        readTimes[clientTag] = readTicks
    }

    /// What the gateway remembers when a command passes the sequencing point — live, and again when recovery
    /// replays the journal: the order and its ClOrdID (new), the pending cancel or replace.
    func remember(_ entry: ServiceJournalEntry.Command, session: FIXSession) {
        let command = entry.command
        switch command.kind {
        case .newOrder:
            let tag = command.clientTag
            nextClientTag = max(nextClientTag, tag + 1)
            session.clOrdIDs[entry.clOrdID] = tag
            let side = Side(rawValue: command.sideRaw) ?? .buy
            var order = GatewayOrder(
                clientTag: tag, session: session, clOrdID: entry.clOrdID,
                symbol: configuration.symbols[Int(command.locate) - 1].name, locate: command.locate, side: side,
                orderQuantity: command.quantity, priceTicks: command.priceTicks, leaves: command.quantity)
            order.timeInForce = TimeInForce(rawValue: command.timeInForceRaw) ?? .day
            orders[tag] = order
        case .cancel:
            orders[command.clientTag]?.pendingCancel = entry.clOrdID
        case .replace:
            orders[command.clientTag]?.pendingReplace = (entry.clOrdID, entry.replaceQuantity, entry.replacePriceTicks)
        case .status, .snapshot, .endOfSession, nil:
            break
        }
    }

    func symbolIndex(_ name: String) -> (UInt16, SymbolConfiguration)? {
        symbolIndexTable[name].map { ($0.locate, $0.symbol) }
    }

    /// Price band, maximum quantity, maximum notional and the session's order rate. Nil when the order passes.
    private func riskCheck(
        _ order: FIXNewOrderSingle, symbol: SymbolConfiguration, priceTicks: UInt32, stopTicks: UInt32,
        session: FIXSession
    ) -> (kind: String, text: String)? {
        let risk = configuration.risk
        guard order.orderQuantity > 0 else { return ("invalidQuantity", "order quantity must be positive") }
        guard order.orderQuantity <= risk.maxOrderQuantity else {
            return ("maxQuantity", "order quantity \(order.orderQuantity) is over the limit \(risk.maxOrderQuantity)")
        }
        for ticks in [priceTicks, stopTicks] where ticks != 0 {
            guard ticks >= symbol.priceBandLowTicks, ticks <= symbol.priceBandHighTicks else {
                return ("priceBand", "price \(Self.price(ticks)) is outside the band "
                    + "\(Self.price(symbol.priceBandLowTicks)) to \(Self.price(symbol.priceBandHighTicks))")
            }
        }
        let worstPrice = UInt64(priceTicks != 0 ? priceTicks : symbol.priceBandHighTicks)
        let notional = worstPrice * UInt64(order.orderQuantity)
        guard notional <= risk.maxNotionalPriceTicks else {
            return ("maxNotional",
                    "notional \(Self.price(notional)) is over the limit \(Self.price(risk.maxNotionalPriceTicks))")
        }
        let now = FIXSession.nowNanos()
        if now - session.rateWindowStart >= 1_000_000_000 {
            session.rateWindowStart = now
            session.rateWindowCount = 0
        }
        session.rateWindowCount += 1
        guard session.rateWindowCount <= risk.maxOrdersPerSecondPerSession else {
            return ("orderRate", "order rate over \(risk.maxOrdersPerSecondPerSession) per second for this session")
        }
        return nil
    }

    static func price(_ ticks: some BinaryInteger) -> String {
        FIXDecimal(ticks: Int64(ticks), tickSize: priceUnit)?.description ?? "\(ticks)e-4"
    }

    static func decimal(_ ticks: UInt32) -> FIXDecimal? {
        ticks == 0 ? nil : FIXDecimal(ticks: Int64(ticks), tickSize: priceUnit)
    }

    /// The sequencing point: numbers the command, journals it, remembers it and hands it to the engine. Returns
    /// why it was refused (the ring is full, or the journal failed), nil when it passed.
    private func push(_ entry: ServiceJournalEntry.Command, session: FIXSession) -> String? {
        var entry = entry
        entry.command.sequence = nextCommandSequence
        if let failure = journal?.failure { return "not accepting orders: \(failure)" }
        guard producerPush(entry.command) else {
            metrics.commandRingFull += 1
            return "engine busy: try again"
        }
        nextCommandSequence += 1
        journal?.append(.command(entry))
        remember(entry, session: session)
        return nil
    }

    // MARK: Cancel, replace, status

    private func cancelReject(_ session: FIXSession, clOrdID: String, origClOrdID: String, orderID: String,
                              responseTo: FIXCxlRejResponseTo, reason: Int, text: String, status: FIXOrdStatus) {
        metrics.reject(reason == 1 ? "unknownOrder" : "cancelReplaceRefused")
        session.send(.exchange(.orderCancelReject(FIXOrderCancelReject(
            orderID: orderID, clOrdID: clOrdID, origClOrdID: origClOrdID, ordStatus: status, responseTo: responseTo,
            cxlRejReason: reason, text: text))))
    }

    /// This session's live order named by `origClOrdID` (another session's orders are not reachable).
    private func ownOrder(_ origClOrdID: String, session: FIXSession) -> GatewayOrder? {
        guard let tag = session.clOrdIDs[origClOrdID], let order = orders[tag], order.session === session,
              !order.isDone else { return nil }
        return order
    }

    private func cancel(_ request: FIXOrderCancelRequest, session: FIXSession) {
        guard let order = ownOrder(request.origClOrdID, session: session), order.orderId != 0 else {
            return cancelReject(session, clOrdID: request.clOrdID, origClOrdID: request.origClOrdID,
                                orderID: request.orderID ?? "NONE", responseTo: .orderCancelRequest, reason: 1,
                                text: "unknown order \(request.origClOrdID)", status: .rejected)
        }
        let command = ServiceCommand(kind: .cancel, owner: session.owner, clientTag: order.clientTag,
                                     orderId: order.orderId, locate: order.locate)
        if let refusal = push(.init(command: command, clOrdID: request.clOrdID), session: session) {
            return cancelReject(session, clOrdID: request.clOrdID, origClOrdID: request.origClOrdID,
                                orderID: "\(order.orderId)", responseTo: .orderCancelRequest, reason: 99,
                                text: refusal, status: ordStatus(order))
        }
    }

    private func replace(_ request: FIXOrderCancelReplaceRequest, session: FIXSession) {
        guard let order = ownOrder(request.origClOrdID, session: session), order.orderId != 0 else {
            return cancelReject(session, clOrdID: request.clOrdID, origClOrdID: request.origClOrdID,
                                orderID: request.orderID ?? "NONE", responseTo: .orderCancelReplaceRequest,
                                reason: 1, text: "unknown order \(request.origClOrdID)", status: .rejected)
        }
        var priceTicks: UInt32 = 0
        do {
            if let price = request.price { priceTicks = try price.priceTicks(tickSize: Self.priceUnit) }
        } catch {
            return cancelReject(session, clOrdID: request.clOrdID, origClOrdID: request.origClOrdID,
                                orderID: "\(order.orderId)", responseTo: .orderCancelReplaceRequest, reason: 99,
                                text: "price: \(error)", status: ordStatus(order))
        }
        let symbol = symbolIndexTable[order.symbol]!.symbol
        if priceTicks != 0, priceTicks < symbol.priceBandLowTicks || priceTicks > symbol.priceBandHighTicks {
            return cancelReject(session, clOrdID: request.clOrdID, origClOrdID: request.origClOrdID,
                                orderID: "\(order.orderId)", responseTo: .orderCancelReplaceRequest, reason: 99,
                                text: "price \(Self.price(priceTicks)) is outside the band", status: ordStatus(order))
        }
        guard request.orderQuantity > order.cumulativeQuantity,
              request.orderQuantity <= configuration.risk.maxOrderQuantity else {
            return cancelReject(session, clOrdID: request.clOrdID, origClOrdID: request.origClOrdID,
                                orderID: "\(order.orderId)", responseTo: .orderCancelReplaceRequest, reason: 99,
                                text: "new quantity \(request.orderQuantity) must exceed the filled "
                                    + "\(order.cumulativeQuantity) and stay within the limit",
                                status: ordStatus(order))
        }
        let newOpen = request.orderQuantity - order.cumulativeQuantity
        let command = ServiceCommand(kind: .replace, owner: session.owner, clientTag: order.clientTag,
                                     orderId: order.orderId, locate: order.locate, quantity: newOpen,
                                     priceTicks: priceTicks)
        let entry = ServiceJournalEntry.Command(
            command: command, clOrdID: request.clOrdID, replaceQuantity: request.orderQuantity,
            replacePriceTicks: priceTicks == 0 ? order.priceTicks : priceTicks)
        if let refusal = push(entry, session: session) {
            return cancelReject(session, clOrdID: request.clOrdID, origClOrdID: request.origClOrdID,
                                orderID: "\(order.orderId)", responseTo: .orderCancelReplaceRequest, reason: 99,
                                text: refusal, status: ordStatus(order))
        }
    }

    private func status(_ request: FIXOrderStatusRequest, session: FIXSession) {
        guard let tag = session.clOrdIDs[request.clOrdID], let order = orders[tag], order.session === session else {
            let report = FIXExecutionReport(
                orderID: "NONE", clOrdID: request.clOrdID, execID: nextExecutionID(), execType: .orderStatus,
                ordStatus: .rejected, symbol: request.symbol, side: request.side, leavesQuantity: 0,
                cumulativeQuantity: 0, averagePrice: .zero, ordRejReason: 5, text: "unknown order")
            session.send(.exchange(.executionReport(report)))
            return
        }
        if order.isDone || order.orderId == 0 {
            sendReport(order, execType: .orderStatus, text: order.isDone ? "order is done" : "order pending")
            return
        }
        let command = ServiceCommand(kind: .status, owner: session.owner, clientTag: order.clientTag,
                                     orderId: order.orderId, locate: order.locate)
        if push(.init(command: command, clOrdID: request.clOrdID), session: session) != nil {
            sendReport(order, execType: .orderStatus, text: "engine busy: status from the gateway")
        }
    }

    func ordStatus(_ order: GatewayOrder) -> FIXOrdStatus {
        if order.isDone { return order.leaves == 0 && order.cumulativeQuantity == order.orderQuantity ? .filled : .canceled }
        if order.orderId == 0 { return .new }
        return order.cumulativeQuantity > 0 ? .partiallyFilled : .new
    }

    func nextExecutionID() -> String {
        defer {
            nextExecID += 1
            journal?.nextExecID = nextExecID
        }
        return "E\(nextExecID)"
    }

    func sendReport(
        _ order: GatewayOrder, execType: FIXExecType, status: FIXOrdStatus? = nil, lastQuantity: UInt32? = nil,
        lastPriceTicks: UInt32? = nil, text: String? = nil, rejectCode: Int? = nil
    ) {
        let average = order.cumulativeQuantity == 0 ? FIXDecimal.zero
            : FIXDecimal(units: Int64(order.notionalTicks) * (FIXDecimal.unitsPerWhole / 10_000)
                         / Int64(order.cumulativeQuantity))
        let report = FIXExecutionReport(
            orderID: order.orderId == 0 ? "NONE" : "\(order.orderId)", clOrdID: order.clOrdID,
            origClOrdID: order.origClOrdID, execID: nextExecutionID(), execType: execType,
            ordStatus: status ?? ordStatus(order), symbol: order.symbol, side: order.side,
            orderQuantity: order.orderQuantity, price: Self.decimal(order.priceTicks), lastQuantity: lastQuantity,
            lastPrice: lastPriceTicks.flatMap(Self.decimal), leavesQuantity: order.leaves,
            cumulativeQuantity: order.cumulativeQuantity, averagePrice: average, ordRejReason: rejectCode,
            text: text, transactTimeNanos: FIXSession.nowNanos())
        order.session.send(.exchange(.executionReport(report)))
    }
}
