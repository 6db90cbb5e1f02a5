import MatchbookBook
import MatchbookFIX
import MatchbookMemory

/// Engine replies → execution reports and cancel rejects, on the gateway's event loop.
extension ServiceGateway {
    /// Takes every reply waiting on `ring` (the event loop is its one consumer) and handles each in order.
    func drainReplies(_ ring: SPSCRingConsumer) {
        var handled = 0
        while handled < 65_536, let slot = ring.peek() {
            let reply = slot.loadUnaligned(as: ServiceReply.self)
            ring.release()
            deliver(CollectionOfOne(reply))
            handled += 1
        }
    }

    /// Handles replies (in the engine's order).
    func deliver(_ replies: some Sequence<ServiceReply>) {
        for reply in replies {
            journal?.currentCommand = reply.commandSequence
            defer { journal?.currentCommand = 0 }
            switch reply.kind {
            case .event: handle(reply.event)
            case .status: status(reply)
            case .sessionEnded: sessionEnded(engineOfLocate: reply.event.locate)
            case .malformed, nil: logger.error("the engine could not read a command", metadata: [
                "sequence": "\(reply.commandSequence)"])
            }
        }
    }

    private func acknowledged(_ clientTag: UInt64) {
        guard let read = readTimes.removeValue(forKey: clientTag), !recovering else { return }
        let now = Self.monotonicNanos()
        if now > read { _ = metrics.orderToAck.record(now - read) }
    }

    private func reason(_ event: EngineEvent) -> EngineReason { EngineReason(rawValue: event.reasonRaw) ?? .none }

    private func handle(_ event: EngineEvent) {
        guard let kind = EngineEventKind(rawValue: event.kindRaw) else { return }
        let operation = EngineOperation(rawValue: event.operationRaw) ?? .submit
        switch kind {
        case .accepted:
            guard var order = orders[event.clientTag] else { return }
            order.orderId = event.orderId
            orders[event.clientTag] = order
            makerTags[event.orderId] = event.clientTag
            metrics.ordersAccepted += 1
            acknowledged(event.clientTag)
            sendReport(order, execType: .new)
        case .rejected:
            guard var order = orders[event.clientTag] else { return }
            metrics.reject(reason(event).name)
            switch operation {
            case .cancel, .replace:
                let isReplace = operation == .replace
                let clOrdID = (isReplace ? order.pendingReplace?.clOrdID : order.pendingCancel) ?? order.clOrdID
                if isReplace { order.pendingReplace = nil } else { order.pendingCancel = nil }
                orders[event.clientTag] = order
                order.session.send(.exchange(.orderCancelReject(FIXOrderCancelReject(
                    orderID: "\(order.orderId)", clOrdID: clOrdID, origClOrdID: order.clOrdID,
                    ordStatus: ordStatus(order), responseTo: isReplace ? .orderCancelReplaceRequest : .orderCancelRequest,
                    cxlRejReason: reason(event) == .unknownOrder ? 1 : 99, text: reason(event).name))))
            default:
                order.isDone = true
                order.leaves = 0
                orders[event.clientTag] = order
                acknowledged(event.clientTag)
                sendReport(order, execType: .rejected, status: .rejected, text: reason(event).name,
                           rejectCode: reason(event) == .unknownSymbol ? 1 : 99)
                forget(event.clientTag)
            }
        case .fill:
            metrics.fills += 1
            // The taker (`orderId`, `clientTag`) and the maker (`makerOrderId`): the maker's tag is found by id.
            if var taker = orders[event.clientTag] {
                taker.cumulativeQuantity += event.quantity
                taker.notionalTicks += UInt64(event.priceTicks) * UInt64(event.quantity)
                taker.leaves = event.leaves
                if event.leaves == 0 && taker.cumulativeQuantity >= taker.orderQuantity { taker.isDone = true }
                orders[event.clientTag] = taker
                acknowledged(event.clientTag)
                sendReport(taker, execType: .trade, lastQuantity: event.quantity, lastPriceTicks: event.priceTicks)
                if taker.isDone { forget(event.clientTag) }
            }
            if let makerTag = makerTags[event.makerOrderId], var maker = orders[makerTag] {
                maker.cumulativeQuantity += event.quantity
                maker.notionalTicks += UInt64(event.priceTicks) * UInt64(event.quantity)
                maker.leaves = event.makerLeaves
                if event.makerLeaves == 0 { maker.isDone = true }
                orders[makerTag] = maker
                sendReport(maker, execType: .trade, lastQuantity: event.quantity, lastPriceTicks: event.priceTicks)
                if maker.isDone { forget(makerTag) }
            }
        case .cancelled, .expired:
            guard var order = orders[event.clientTag] else { return }
            order.leaves = 0
            order.isDone = true
            var text: String? = reason(event) == .requested ? nil : reason(event).name
            if let cancelID = order.pendingCancel, reason(event) == .requested {
                order.origClOrdID = order.clOrdID
                order.clOrdID = cancelID
                order.pendingCancel = nil
                text = nil
            }
            orders[event.clientTag] = order
            metrics.cancels += 1
            acknowledged(event.clientTag)
            sendReport(order, execType: kind == .expired ? .expired : .canceled,
                       status: kind == .expired ? .expired : .canceled, text: text)
            forget(event.clientTag)
        case .replaced:
            guard var order = orders[event.clientTag] else { return }
            if let pending = order.pendingReplace {
                order.session.clOrdIDs[pending.clOrdID] = order.clientTag
                order.origClOrdID = order.clOrdID
                order.clOrdID = pending.clOrdID
                order.orderQuantity = pending.quantity
                order.priceTicks = event.priceTicks != 0 ? event.priceTicks : pending.priceTicks
                order.pendingReplace = nil
            }
            order.leaves = event.leaves
            orders[event.clientTag] = order
            metrics.replaces += 1
            sendReport(order, execType: .replaced)
        case .reduced:
            guard var order = orders[event.clientTag] else { return }
            order.leaves = event.leaves
            orders[event.clientTag] = order
        case .triggered:
            break
        }
    }

    /// The session ended on the engine that owns `locate`'s symbols, and every expiry it reported has been
    /// handled: day orders of those symbols the gateway still holds expired too (the engine's event buffer can
    /// hold fewer expiries than there are orders), so each gets its report. GTC orders stay.
    private func sessionEnded(engineOfLocate locate: UInt16) {
        let engineCount = max(1, configuration.engineThreads)
        let engine = MatchbookServer.engineIndex(symbol: Int(locate) - 1, engines: engineCount)
        let expiring = orders.values.filter {
            !$0.isDone && $0.timeInForce != .gtc
                && MatchbookServer.engineIndex(symbol: Int($0.locate) - 1, engines: engineCount) == engine
        }.sorted { $0.clientTag < $1.clientTag }
        for var order in expiring {
            order.leaves = 0
            order.isDone = true
            orders[order.clientTag] = order
            metrics.cancels += 1
            sendReport(order, execType: .expired, status: .expired, text: "end of session")
            forget(order.clientTag)
        }
    }

    /// A done order (filled, cancelled, rejected, expired) after its last report: its records go, so memory
    /// stays bounded by the live orders. A later status request for it is answered "unknown order".
    private func forget(_ clientTag: UInt64) {
        guard let order = orders.removeValue(forKey: clientTag) else { return }
        makerTags[order.orderId] = nil
        order.session.clOrdIDs[order.clOrdID] = nil
        if let original = order.origClOrdID { order.session.clOrdIDs[original] = nil }
        readTimes[clientTag] = nil
    }

    private func status(_ reply: ServiceReply) {
        guard let order = orders[reply.commandClientTag] else { return }
        if EngineEventKind(rawValue: reply.event.kindRaw) == .rejected {
            sendReport(order, execType: .orderStatus, text: "order is done")
        } else {
            var current = order
            current.leaves = reply.event.leaves
            sendReport(current, execType: .orderStatus)
        }
    }
}
