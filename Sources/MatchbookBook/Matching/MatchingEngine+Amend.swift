import MatchbookMemory

/// Requests on live orders: cancel, reduce, replace. Each names the order by engine id and the requesting
/// owner; a request for another owner's order is rejected (`notOwner`), an unknown id `unknownOrder`.
///
/// Not thread-safe: owned by one engine thread.
extension MatchingEngine {
    /// Cancels a resting or waiting order. Events: `cancelled` (`requested`, every open share) or `rejected`.
    /// O(1) plus the level removal. Returns whether the order was cancelled.
    @inlinable
    @discardableResult
    public mutating func cancel(orderId: UInt64, owner: UInt32) -> Bool {
        let resting = _index.lookup(orderId)
        if !resting.isNone {
            let order = _core._orders[resting]
            guard order.participant == owner else {
                _rejectRequest(.cancel, orderId: orderId, owner: owner, locate: order.locate, side: order.side,
                               reason: .notOwner)
                return false
            }
            _cancelResting(resting, reason: .requested, operation: .cancel)
            return true
        }
        let stop = _waitingStop(orderId)
        if !stop.isNone {
            let record = _stops[stop]
            guard record.owner == owner else {
                _rejectRequest(.cancel, orderId: orderId, owner: owner, locate: record.locate, side: record.side,
                               reason: .notOwner)
                return false
            }
            _cancelWaiting(stop, reason: .requested, operation: .cancel)
            return true
        }
        _rejectRequest(.cancel, orderId: orderId, owner: owner, locate: 0, side: .buy, reason: .unknownOrder)
        return false
    }

    /// Takes `shares` off an order's open quantity, keeping its priority (an iceberg loses hidden shares
    /// first). Taking every open share cancels it (`cancelled`, `reducedToZero`). Events: `reduced`,
    /// `cancelled` or `rejected` (`invalidQuantity` for 0, `invalidLot` off the lot size). O(1).
    @inlinable
    @discardableResult
    public mutating func reduce(orderId: UInt64, by shares: UInt32, owner: UInt32) -> Bool {
        let resting = _index.lookup(orderId)
        if !resting.isNone {
            let order = _core._orders[resting]
            let reason = _checkAmend(owner: owner, orderOwner: order.participant, locate: order.locate, by: shares)
            guard reason == .none else {
                _rejectRequest(.reduce, orderId: orderId, owner: owner, locate: order.locate, side: order.side,
                               reason: reason)
                return false
            }
            let leaves = order.shares &+ order.reservedWord
            if shares >= leaves {
                _cancelResting(resting, reason: .reducedToZero, operation: .reduce)
                return true
            }
            _reduceResting(resting, by: shares)
            _emit(EngineEvent(
                kind: .reduced, operation: .reduce, orderId: orderId, owner: owner, locate: order.locate,
                side: order.side, priceTicks: order.priceTicks, quantity: shares, leaves: leaves &- shares,
                clientTag: _info[Int(resting.index)].clientTag))
            return true
        }
        let stop = _waitingStop(orderId)
        if !stop.isNone {
            let record = _stops[stop]
            let reason = _checkAmend(owner: owner, orderOwner: record.owner, locate: record.locate, by: shares)
            guard reason == .none else {
                _rejectRequest(.reduce, orderId: orderId, owner: owner, locate: record.locate, side: record.side,
                               reason: reason)
                return false
            }
            if shares >= record.quantity {
                _cancelWaiting(stop, reason: .reducedToZero, operation: .reduce)
                return true
            }
            _stops[stop].quantity = record.quantity &- shares
            _emit(EngineEvent(
                kind: .reduced, operation: .reduce, orderId: orderId, owner: owner, locate: record.locate,
                side: record.side, priceTicks: record.priceTicks, quantity: shares,
                leaves: record.quantity &- shares, clientTag: record.clientTag))
            return true
        }
        _rejectRequest(.reduce, orderId: orderId, owner: owner, locate: 0, side: .buy, reason: .unknownOrder)
        return false
    }

    @inlinable
    func _checkAmend(owner: UInt32, orderOwner: UInt32, locate: UInt16, by shares: UInt32) -> EngineReason {
        if owner != orderOwner { return .notOwner }
        if shares == 0 { return .invalidQuantity }
        if shares % _symbols[Int(locate)].lotSize != 0 { return .invalidLot }
        return .none
    }

    /// Takes `shares` (< open shares) off a resting order in place: hidden reserve first. O(1).
    @inlinable
    mutating func _reduceResting(_ handle: PoolHandle<Order>, by shares: UInt32) {
        let hidden = _core._orders[handle].reservedWord
        let fromHidden = min(hidden, shares)
        _core._orders[handle].reservedWord = hidden &- fromHidden
        if shares > fromHidden {
            _core.reduceOrder(handle, by: shares &- fromHidden)
            _markChanged(_core._orders[handle].locate)
        }
    }

    /// Changes an order's price and/or open quantity (`newQuantity` is the new OPEN quantity, displayed +
    /// hidden). A decrease at the same price keeps priority; a price change or an increase moves the order to
    /// the back (it re-enters and may trade: a post-only order that would trade is rejected instead). A waiting
    /// stop keeps its place. Events: `replaced` (then any fills), or `rejected`.
    ///
    /// O(1) in place; a re-entry costs what a new order costs.
    @inlinable
    @discardableResult
    public mutating func replace(
        orderId: UInt64, newPriceTicks: UInt32? = nil, newQuantity: UInt32? = nil, owner: UInt32
    ) -> Bool {
        let resting = _index.lookup(orderId)
        if !resting.isNone {
            let order = _core._orders[resting]
            let leaves = order.shares &+ order.reservedWord
            let price = newPriceTicks ?? order.priceTicks
            let quantity = newQuantity ?? leaves
            var reason = _checkReplace(
                owner: owner, orderOwner: order.participant, locate: order.locate, newPriceTicks: newPriceTicks,
                newQuantity: newQuantity, acceptsPrice: true)
            let keepsPriority = price == order.priceTicks && quantity <= leaves
            if reason == .none && !keepsPriority && MatchingOrderFlags.isPostOnly(order.flags)
                && _wouldCross(locate: order.locate, side: order.side, priceTicks: price)
            {
                reason = .postOnlyWouldCross
            }
            guard reason == .none else {
                _rejectRequest(.replace, orderId: orderId, owner: owner, locate: order.locate, side: order.side,
                               reason: reason)
                return false
            }
            let info = _info[Int(resting.index)]
            if keepsPriority {
                if quantity < leaves { _reduceResting(resting, by: leaves &- quantity) }
                _emit(EngineEvent(
                    kind: .replaced, operation: .replace, orderId: orderId, owner: owner, locate: order.locate,
                    side: order.side, priceTicks: price, quantity: quantity, leaves: quantity,
                    clientTag: info.clientTag))
                return true
            }
            _ = _index.remove(orderId)
            _core.removeOrder(resting)
            _markChanged(order.locate)
            _emit(EngineEvent(
                kind: .replaced, operation: .replace, orderId: orderId, owner: owner, locate: order.locate,
                side: order.side, priceTicks: price, quantity: quantity, leaves: quantity, clientTag: info.clientTag))
            var incoming = _IncomingOrder(
                orderId: orderId, clientTag: info.clientTag, owner: owner, locate: order.locate, side: order.side,
                isMarket: false, limitPriceTicks: price, quantity: quantity,
                timeInForce: MatchingOrderFlags.isGoodTillCancelled(order.flags) ? .gtc : .day,
                stp: MatchingOrderFlags.stp(order.flags), postOnly: MatchingOrderFlags.isPostOnly(order.flags),
                displayPeak: info.displayPeak, cumulativeFilled: info.cumulativeFilled,
                stopPriceTicks: info.stopPriceTicks, operation: .replace)
            _execute(&incoming)
            _processTriggers(locate: order.locate)
            return true
        }
        let stop = _waitingStop(orderId)
        if !stop.isNone {
            let record = _stops[stop]
            let reason = _checkReplace(
                owner: owner, orderOwner: record.owner, locate: record.locate, newPriceTicks: newPriceTicks,
                newQuantity: newQuantity, acceptsPrice: record.typeRaw == OrderType.stopLimit.rawValue)
            guard reason == .none else {
                _rejectRequest(.replace, orderId: orderId, owner: owner, locate: record.locate, side: record.side,
                               reason: reason)
                return false
            }
            if let newPriceTicks { _stops[stop].priceTicks = newPriceTicks }
            if let newQuantity { _stops[stop].quantity = newQuantity }
            let updated = _stops[stop]
            _emit(EngineEvent(
                kind: .replaced, operation: .replace, orderId: orderId, owner: owner, locate: record.locate,
                side: record.side, priceTicks: updated.priceTicks, quantity: updated.quantity,
                leaves: updated.quantity, clientTag: record.clientTag))
            return true
        }
        _rejectRequest(.replace, orderId: orderId, owner: owner, locate: 0, side: .buy, reason: .unknownOrder)
        return false
    }

    @inlinable
    func _checkReplace(
        owner: UInt32, orderOwner: UInt32, locate: UInt16, newPriceTicks: UInt32?, newQuantity: UInt32?,
        acceptsPrice: Bool
    ) -> EngineReason {
        if owner != orderOwner { return .notOwner }
        if newPriceTicks == nil && newQuantity == nil { return .nothingToReplace }
        let rules = _symbols[Int(locate)]
        if rules.isHalted { return .halted }
        if let newQuantity {
            if newQuantity == 0 { return .invalidQuantity }
            if newQuantity % rules.lotSize != 0 { return .invalidLot }
        }
        if let newPriceTicks {
            if !acceptsPrice { return .invalidCombination }
            let reason = _checkPrice(newPriceTicks, rules)
            if reason != .none { return reason }
        }
        return .none
    }

    @inline(never) @usableFromInline
    mutating func _rejectRequest(
        _ operation: EngineOperation, orderId: UInt64, owner: UInt32, locate: UInt16, side: Side,
        reason: EngineReason
    ) {
        _emit(EngineEvent(
            kind: .rejected, operation: operation, orderId: orderId, owner: owner, locate: locate, side: side,
            reason: reason))
    }
}
