import MatchbookMemory

/// Stop and stop-limit orders: waiting off-book in an arrival-ordered list per book, triggered by the trades of
/// the operation in progress, entering the book in trigger order.
///
///     symbol.stopHead ─▶ stop ⇄ stop ⇄ … ⇄ stop ◀─ symbol.stopTail      (oldest first)
///     triggered:  _triggeredHead ─▶ stop ─▶ … ─▶ stop ◀─ _triggeredTail  (FIFO, entered one by one)
///
/// A buy stop triggers when a trade prints at or above its stop price, a sell stop at or below. After an order
/// finishes trading, the waiting stops of its book are scanned (O(waiting stops of the book), skipped when the
/// trades' range cannot reach the stops' price bounds); those reached join the triggered queue in arrival
/// order, and enter one by one, each a market (stop) or limit (stop-limit) order keeping its id. Their trades
/// can trigger further stops, which queue behind them.
///
/// Not thread-safe: owned by one engine thread.
extension MatchingEngine {
    /// Holds a validated stop order, or triggers it at once when the last trade already reached it.
    @inlinable
    mutating func _submitStop(_ order: NewOrder, orderId: UInt64) {
        let locate = Int(order.locate)
        let state = _symbols[locate]
        let flags = MatchingOrderFlags.make(
            timeInForce: order.timeInForce, stp: order.selfTradePrevention, postOnly: false)
        let record = StopOrder(
            orderId: orderId, clientTag: order.clientTag, entrySequence: _sequence, quantity: order.quantity,
            priceTicks: order.type == .stopLimit ? order.priceTicks : 0, stopPriceTicks: order.stopPriceTicks,
            owner: order.owner, locate: order.locate, side: order.side, type: order.type, flags: flags)
        let handle: PoolHandle<StopOrder>
        do {
            handle = try _stops.allocate(record)
        } catch {
            _rejectNew(order, orderId: orderId, reason: .capacity)
            return
        }
        let reached = state.hasLastTrade
            && (order.side == .buy ? state.lastTradeTicks >= order.stopPriceTicks
                : state.lastTradeTicks <= order.stopPriceTicks)
        if !reached {
            guard _stopIndex.insert(orderId, PoolHandle<Order>(raw: handle.raw)) == .inserted else {
                _stops.free(handle)
                _rejectNew(order, orderId: orderId, reason: .capacity)
                return
            }
        }
        _emit(EngineEvent(
            kind: .accepted, operation: .submit, orderId: orderId, owner: order.owner, locate: order.locate,
            side: order.side, priceTicks: record.priceTicks, quantity: order.quantity, leaves: order.quantity,
            clientTag: order.clientTag))
        if reached {
            _appendTriggered(handle)
        } else {
            _linkWaiting(handle)
        }
    }

    /// Links a stop at the tail of its book's waiting list and widens the scan bounds. O(1).
    @inlinable
    mutating func _linkWaiting(_ handle: PoolHandle<StopOrder>) {
        let stop = _stops[handle]
        let locate = Int(stop.locate)
        let tail = _symbols[locate].stopTail
        _stops[handle].previous = tail
        _stops[handle].next = .none
        if tail.isNone { _symbols[locate].stopHead = handle } else { _stops[tail].next = handle }
        _symbols[locate].stopTail = handle
        _symbols[locate].stopCount &+= 1
        if stop.side == .buy {
            if stop.stopPriceTicks < _symbols[locate].buyStopFloor {
                _symbols[locate].buyStopFloor = stop.stopPriceTicks
            }
        } else if stop.stopPriceTicks > _symbols[locate].sellStopCeiling {
            _symbols[locate].sellStopCeiling = stop.stopPriceTicks
        }
    }

    /// Unlinks a waiting stop from its book's list. O(1).
    @inlinable
    mutating func _unlinkWaiting(_ handle: PoolHandle<StopOrder>) {
        let stop = _stops[handle]
        let locate = Int(stop.locate)
        if stop.previous.isNone {
            _symbols[locate].stopHead = stop.next
        } else {
            _stops[stop.previous].next = stop.next
        }
        if stop.next.isNone {
            _symbols[locate].stopTail = stop.previous
        } else {
            _stops[stop.next].previous = stop.previous
        }
        _symbols[locate].stopCount &-= 1
        _stops[handle].previous = .none
        _stops[handle].next = .none
    }

    @inlinable
    mutating func _appendTriggered(_ handle: PoolHandle<StopOrder>) {
        _stops[handle].next = .none
        if _triggeredTail.isNone { _triggeredHead = handle } else { _stops[_triggeredTail].next = handle }
        _triggeredTail = handle
    }

    /// Moves the waiting stops of `locate` reached by the trades since the last check to the triggered queue
    /// (arrival order) and tightens the scan bounds. O(waiting stops of the book) when a bound is reached.
    @inlinable
    mutating func _collectTriggered(locate: UInt16) {
        let low = _tradeLow
        let high = _tradeHigh
        _tradeLow = .max
        _tradeHigh = 0
        let book = Int(locate)
        let state = _symbols[book]
        if state.stopCount == 0 || (high < state.buyStopFloor && low > state.sellStopCeiling) { return }
        var floor = UInt32.max
        var ceiling: UInt32 = 0
        var handle = state.stopHead
        while !handle.isNone {
            let stop = _stops[handle]
            let next = stop.next
            let reached = stop.side == .buy ? high >= stop.stopPriceTicks : low <= stop.stopPriceTicks
            if reached {
                _unlinkWaiting(handle)
                _ = _stopIndex.remove(stop.orderId)
                _appendTriggered(handle)
            } else if stop.side == .buy {
                floor = min(floor, stop.stopPriceTicks)
            } else {
                ceiling = max(ceiling, stop.stopPriceTicks)
            }
            handle = next
        }
        _symbols[book].buyStopFloor = floor
        _symbols[book].sellStopCeiling = ceiling
    }

    /// Checks the stops of `locate` against the trades just made and enters triggered stops until none are
    /// left (cascades included).
    @inlinable
    mutating func _processTriggers(locate: UInt16) {
        while true {
            if _tradeLow <= _tradeHigh { _collectTriggered(locate: locate) }
            let handle = _triggeredHead
            if handle.isNone { return }
            let stop = _stops[handle]
            _triggeredHead = stop.next
            if _triggeredHead.isNone { _triggeredTail = .none }
            _stops.free(handle)
            _enterTriggered(stop)
        }
    }

    /// A triggered stop enters the book as a market (stop) or limit (stop-limit) order with its own id.
    @inlinable
    mutating func _enterTriggered(_ stop: StopOrder) {
        let isMarket = stop.typeRaw == OrderType.stop.rawValue
        let timeInForce = MatchingOrderFlags.timeInForce(stop.flags)
        _emit(EngineEvent(
            kind: .triggered, operation: .submit, orderId: stop.orderId, owner: stop.owner, locate: stop.locate,
            side: stop.side, priceTicks: stop.priceTicks, quantity: stop.quantity, leaves: stop.quantity,
            clientTag: stop.clientTag))
        var incoming = _IncomingOrder(
            orderId: stop.orderId, clientTag: stop.clientTag, owner: stop.owner, locate: stop.locate,
            side: stop.side, isMarket: isMarket, limitPriceTicks: stop.priceTicks, quantity: stop.quantity,
            timeInForce: timeInForce, stp: MatchingOrderFlags.stp(stop.flags), postOnly: false, displayPeak: 0,
            cumulativeFilled: 0, stopPriceTicks: stop.stopPriceTicks, operation: .submit)
        if timeInForce == .fok && !_canFillCompletely(incoming) {
            _cancelIncoming(&incoming, reason: .fokCannotFill)
            return
        }
        _execute(&incoming)
    }

    /// Cancels (or expires) a waiting stop: unlinks it, frees it, removes its id. O(1).
    @inlinable
    mutating func _cancelWaiting(
        _ handle: PoolHandle<StopOrder>, reason: EngineReason, operation: EngineOperation,
        kind: EngineEventKind = .cancelled
    ) {
        let stop = _stops[handle]
        _emit(EngineEvent(
            kind: kind, operation: operation, orderId: stop.orderId, owner: stop.owner, locate: stop.locate,
            side: stop.side, reason: reason, priceTicks: stop.priceTicks, quantity: stop.quantity, leaves: 0,
            clientTag: stop.clientTag))
        _unlinkWaiting(handle)
        _ = _stopIndex.remove(stop.orderId)
        _stops.free(handle)
    }

    /// The waiting stop with id `orderId`, `.none` if there is none. O(1).
    @inlinable
    func _waitingStop(_ orderId: UInt64) -> PoolHandle<StopOrder> {
        let raw = _stopIndex.lookup(orderId)
        return raw.isNone ? .none : PoolHandle<StopOrder>(raw: raw.raw)
    }
}
