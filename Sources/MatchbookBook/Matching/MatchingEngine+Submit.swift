import MatchbookMemory

/// An order on its way into the book: a new limit or market order, a triggered stop, or a replaced order
/// re-entering. `quantity` counts down as it trades.
@usableFromInline
struct _IncomingOrder {
    @usableFromInline var orderId: UInt64
    @usableFromInline var clientTag: UInt64
    @usableFromInline var owner: UInt32
    @usableFromInline var locate: UInt16
    @usableFromInline var side: Side
    @usableFromInline var isMarket: Bool
    @usableFromInline var limitPriceTicks: UInt32
    /// Open shares still to trade or rest.
    @usableFromInline var quantity: UInt32
    @usableFromInline var timeInForce: TimeInForce
    @usableFromInline var stp: SelfTradePrevention
    @usableFromInline var postOnly: Bool
    @usableFromInline var displayPeak: UInt32
    @usableFromInline var cumulativeFilled: UInt32
    @usableFromInline var stopPriceTicks: UInt32
    @usableFromInline var operation: EngineOperation

    @inlinable
    init(
        orderId: UInt64, clientTag: UInt64, owner: UInt32, locate: UInt16, side: Side, isMarket: Bool,
        limitPriceTicks: UInt32, quantity: UInt32, timeInForce: TimeInForce, stp: SelfTradePrevention,
        postOnly: Bool, displayPeak: UInt32, cumulativeFilled: UInt32, stopPriceTicks: UInt32,
        operation: EngineOperation
    ) {
        self.orderId = orderId
        self.clientTag = clientTag
        self.owner = owner
        self.locate = locate
        self.side = side
        self.isMarket = isMarket
        self.limitPriceTicks = limitPriceTicks
        self.quantity = quantity
        self.timeInForce = timeInForce
        self.stp = stp
        self.postOnly = postOnly
        self.displayPeak = displayPeak
        self.cumulativeFilled = cumulativeFilled
        self.stopPriceTicks = stopPriceTicks
        self.operation = operation
    }
}

/// New orders: validation, the match loop, resting the remainder.
///
/// Not thread-safe: owned by one engine thread.
extension MatchingEngine {
    /// Submits a new order and returns the engine order id it was given (rejected orders get one too, so the
    /// reject event can name it). Events: `rejected`, or `accepted` then `fill`s, a `cancelled` remainder
    /// (IOC, market, self-trade), and `triggered` stops with their own events.
    ///
    /// O(levels and orders traded + levels between the price and the touch); no allocation.
    @inlinable
    @discardableResult
    public mutating func submit(_ order: NewOrder) -> UInt64 {
        let orderId = _nextOrderId
        _nextOrderId &+= _orderIdStep
        let reason = _validate(order)
        if reason != .none {
            _rejectNew(order, orderId: orderId, reason: reason)
            return orderId
        }
        if order.type == .stop || order.type == .stopLimit {
            _submitStop(order, orderId: orderId)
        } else {
            var incoming = _IncomingOrder(
                orderId: orderId, clientTag: order.clientTag, owner: order.owner, locate: order.locate,
                side: order.side, isMarket: order.type == .market,
                limitPriceTicks: order.type == .market ? 0 : order.priceTicks, quantity: order.quantity,
                timeInForce: order.timeInForce, stp: order.selfTradePrevention, postOnly: order.postOnly,
                displayPeak: order.displayQuantity, cumulativeFilled: 0, stopPriceTicks: 0, operation: .submit)
            if order.postOnly && _wouldCross(locate: order.locate, side: order.side, priceTicks: order.priceTicks) {
                _rejectNew(order, orderId: orderId, reason: .postOnlyWouldCross)
                return orderId
            }
            if order.timeInForce == .fok && !_canFillCompletely(incoming) {
                _rejectNew(order, orderId: orderId, reason: .fokCannotFill)
                return orderId
            }
            if !incoming.isMarket && (order.timeInForce == .day || order.timeInForce == .gtc)
                && _core._orders.freeCount == 0
            {
                _rejectNew(order, orderId: orderId, reason: .capacity)
                return orderId
            }
            _emit(EngineEvent(
                kind: .accepted, operation: .submit, orderId: orderId, owner: order.owner, locate: order.locate,
                side: order.side, priceTicks: incoming.limitPriceTicks, quantity: order.quantity,
                leaves: order.quantity, clientTag: order.clientTag))
            _execute(&incoming)
        }
        _processTriggers(locate: order.locate)
        return orderId
    }

    /// The first rule `order` breaks, `.none` when it is valid. O(1).
    @inlinable
    func _validate(_ order: NewOrder) -> EngineReason {
        guard Int(order.locate) < _symbols.count else { return .unknownSymbol }
        let rules = _symbols[Int(order.locate)]
        guard rules.isDefined else { return .unknownSymbol }
        if rules.isHalted { return .halted }
        if order.quantity == 0 { return .invalidQuantity }
        if order.quantity % rules.lotSize != 0 { return .invalidLot }
        let rests = order.timeInForce == .day || order.timeInForce == .gtc
        if order.postOnly && (order.type != .limit || !rests) { return .invalidCombination }
        if order.displayQuantity > 0 {
            if order.type != .limit || !rests { return .invalidCombination }
            if order.displayQuantity > order.quantity { return .invalidDisplay }
            if order.displayQuantity % rules.lotSize != 0 { return .invalidLot }
        }
        if order.type == .limit || order.type == .stopLimit {
            let reason = _checkPrice(order.priceTicks, rules)
            if reason != .none { return reason }
        }
        if order.type == .stop || order.type == .stopLimit {
            let reason = _checkPrice(order.stopPriceTicks, rules)
            if reason != .none { return reason }
        }
        return .none
    }

    @inlinable @inline(__always)
    func _checkPrice(_ priceTicks: UInt32, _ rules: SymbolState) -> EngineReason {
        if priceTicks == 0 { return .invalidPrice }
        if priceTicks % rules.tickSize != 0 { return .offTick }
        if priceTicks < rules.minPriceTicks || priceTicks > rules.maxPriceTicks { return .outsideBand }
        return .none
    }

    @inline(never) @usableFromInline
    mutating func _rejectNew(_ order: NewOrder, orderId: UInt64, reason: EngineReason) {
        _emit(EngineEvent(
            kind: .rejected, operation: .submit, orderId: orderId, owner: order.owner, locate: order.locate,
            side: order.side, reason: reason, priceTicks: order.type == .market ? 0 : order.priceTicks,
            quantity: order.quantity, clientTag: order.clientTag))
    }

    /// Whether a limit order at `priceTicks` on `side` would trade on arrival. O(1).
    @inlinable
    func _wouldCross(locate: UInt16, side: Side, priceTicks: UInt32) -> Bool {
        let best = _core.bestLevel(locate: locate, side: side.opposite)
        if best.isNone { return false }
        let bestPrice = _core._levels[best].priceTicks
        return side == .buy ? bestPrice <= priceTicks : bestPrice >= priceTicks
    }

    /// Whether `incoming` would fill completely: walks the opposite side in priority order within the limit,
    /// counting displayed shares, and each level's hidden reserves unless a same-owner order stops the walk
    /// first (cancel-taker/both: the taker would be cancelled there; refills land behind it). Cancel-maker
    /// skips same-owner orders. O(orders walked).
    @inlinable
    func _canFillCompletely(_ incoming: _IncomingOrder) -> Bool {
        let makerSide = incoming.side.opposite
        let levels = _core.levelCount(locate: incoming.locate, side: makerSide)
        var available: UInt64 = 0
        let wanted = UInt64(incoming.quantity)
        var rank = 0
        while rank < levels {
            let level = _core.level(locate: incoming.locate, side: makerSide, rank: rank)
            let price = _core._levels[level].priceTicks
            if !incoming.isMarket
                && (incoming.side == .buy ? price > incoming.limitPriceTicks : price < incoming.limitPriceTicks)
            {
                return false
            }
            var displayed: UInt64 = 0
            var hidden: UInt64 = 0
            var handle = _core._levels[level].head
            while !handle.isNone {
                let order = _core._orders[handle]
                if incoming.stp != .none && order.participant == incoming.owner {
                    if incoming.stp != .cancelMaker {
                        return available &+ displayed >= wanted
                    }
                } else {
                    displayed &+= UInt64(order.shares)
                    hidden &+= UInt64(order.reservedWord)
                    if available &+ displayed >= wanted { return true }
                }
                handle = order.next
            }
            available &+= displayed &+ hidden
            if available >= wanted { return true }
            rank &+= 1
        }
        return false
    }

    /// Matches `incoming`, then rests, or cancels, what is left. Emits fills and the remainder's event.
    @inlinable
    mutating func _execute(_ incoming: inout _IncomingOrder) {
        _match(&incoming)
        if incoming.quantity == 0 { return }
        if incoming.isMarket {
            _cancelIncoming(&incoming, reason: .noLiquidity)
        } else if incoming.timeInForce == .ioc || incoming.timeInForce == .fok {
            _cancelIncoming(&incoming, reason: .immediateOrCancel)
        } else {
            _rest(&incoming)
        }
    }

    /// The match loop: trade against the best opposite level's FIFO head until the order is filled, the price
    /// no longer crosses, the side is empty, or self-trade prevention stops it.
    @inlinable
    mutating func _match(_ incoming: inout _IncomingOrder) {
        let makerSide = incoming.side.opposite
        let locate = incoming.locate
        while incoming.quantity > 0 {
            let level = _core.bestLevel(locate: locate, side: makerSide)
            if level.isNone { return }
            let price = _core._levels[level].priceTicks
            if !incoming.isMarket
                && (incoming.side == .buy ? price > incoming.limitPriceTicks : price < incoming.limitPriceTicks)
            {
                return
            }
            let maker = _core._levels[level].head
            let makerRecord = _core._orders[maker]
            if incoming.stp != .none && makerRecord.participant == incoming.owner {
                switch incoming.stp {
                case .cancelMaker:
                    _cancelResting(maker, reason: .selfTrade, operation: incoming.operation)
                    continue
                case .cancelTaker:
                    _cancelIncoming(&incoming, reason: .selfTrade)
                    return
                default:
                    _cancelResting(maker, reason: .selfTrade, operation: incoming.operation)
                    _cancelIncoming(&incoming, reason: .selfTrade)
                    return
                }
            }
            let traded = min(incoming.quantity, makerRecord.shares)
            incoming.quantity &-= traded
            incoming.cumulativeFilled &+= traded
            let slot = Int(maker.index)
            _info[slot].cumulativeFilled &+= traded
            let hidden = makerRecord.reservedWord
            let makerLeaves = makerRecord.shares &- traded &+ hidden
            _recordTrade(locate: locate, priceTicks: price)
            let matchId = _nextMatchId
            _nextMatchId &+= 1
            _emit(EngineEvent(
                kind: .fill, operation: incoming.operation, orderId: incoming.orderId, owner: incoming.owner,
                locate: locate, side: incoming.side, priceTicks: price, quantity: traded, leaves: incoming.quantity,
                clientTag: incoming.clientTag, matchId: matchId, makerOrderId: makerRecord.reference,
                makerOwner: makerRecord.participant, makerLeaves: makerLeaves))
            if traded < makerRecord.shares {
                _core.reduceOrder(maker, by: traded)
            } else if hidden > 0 {
                // Iceberg: the next slice joins the back of the queue.
                let slice = min(_info[slot].displayPeak, hidden)
                _core._orders[maker].reservedWord = hidden &- slice
                _core.requeueOrder(maker, shares: slice)
            } else {
                _ = _index.remove(makerRecord.reference)
                _core.removeOrder(maker)
            }
            _markChanged(locate)
        }
    }

    @inlinable @inline(__always)
    mutating func _recordTrade(locate: UInt16, priceTicks: UInt32) {
        _symbols[Int(locate)].lastTradeTicks = priceTicks
        _symbols[Int(locate)].hasLastTrade = true
        if priceTicks < _tradeLow { _tradeLow = priceTicks }
        if priceTicks > _tradeHigh { _tradeHigh = priceTicks }
    }

    /// Cancels the incoming order's remainder (`cancelled`, `reason`). O(1).
    @inlinable
    mutating func _cancelIncoming(_ incoming: inout _IncomingOrder, reason: EngineReason) {
        _emit(EngineEvent(
            kind: .cancelled, operation: incoming.operation, orderId: incoming.orderId, owner: incoming.owner,
            locate: incoming.locate, side: incoming.side, reason: reason, priceTicks: incoming.limitPriceTicks,
            quantity: incoming.quantity, leaves: 0, clientTag: incoming.clientTag))
        incoming.quantity = 0
    }

    /// Removes a resting order from the book and the index and emits `cancelled` (or `expired`). O(1) plus the
    /// level removal.
    @inlinable
    mutating func _cancelResting(
        _ handle: PoolHandle<Order>, reason: EngineReason, operation: EngineOperation,
        kind: EngineEventKind = .cancelled
    ) {
        let order = _core._orders[handle]
        _emit(EngineEvent(
            kind: kind, operation: operation, orderId: order.reference, owner: order.participant,
            locate: order.locate, side: order.side, reason: reason, priceTicks: order.priceTicks,
            quantity: order.shares &+ order.reservedWord, leaves: 0, clientTag: _info[Int(handle.index)].clientTag))
        _ = _index.remove(order.reference)
        _core.removeOrder(handle)
        _markChanged(order.locate)
    }

    /// Rests what is left of `incoming` at the tail of its level (an iceberg shows one slice). A full pool,
    /// ladder or index cancels the remainder with `capacity`.
    @inlinable
    mutating func _rest(_ incoming: inout _IncomingOrder) {
        let displayed = incoming.displayPeak > 0 ? min(incoming.displayPeak, incoming.quantity) : incoming.quantity
        _sequence &+= 1
        let inserted: InsertedOrder
        do {
            inserted = try _core.insertOrder(
                locate: incoming.locate, side: incoming.side, priceTicks: incoming.limitPriceTicks,
                shares: displayed, reference: incoming.orderId, participant: incoming.owner,
                entrySequence: _sequence)
        } catch {
            _cancelIncoming(&incoming, reason: .capacity)
            return
        }
        let handle = inserted.order
        if _index.insert(incoming.orderId, handle) != .inserted {
            _core.removeOrder(handle)
            _cancelIncoming(&incoming, reason: .capacity)
            return
        }
        _core._orders[handle].reservedWord = incoming.quantity &- displayed
        _core._orders[handle].flags = MatchingOrderFlags.make(
            timeInForce: incoming.timeInForce, stp: incoming.stp, postOnly: incoming.postOnly)
        _info[Int(handle.index)] = RestingOrderInfo(
            clientTag: incoming.clientTag, cumulativeFilled: incoming.cumulativeFilled,
            displayPeak: incoming.displayPeak, stopPriceTicks: incoming.stopPriceTicks)
        _markChanged(incoming.locate)
    }
}
