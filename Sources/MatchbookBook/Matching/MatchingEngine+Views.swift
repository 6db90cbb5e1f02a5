import MatchbookMemory

/// Reads: top of book in O(1) without allocation; depth, queues and status as plain values (cold, allocate).
///
/// Not thread-safe: owned by one engine thread.
extension MatchingEngine {
    /// Best bid (highest) of book `locate`: price, displayed shares, orders; `nil` when empty. O(1).
    @inlinable
    public func bestBid(locate: UInt16) -> LevelView? { _core.best(locate: locate, side: .buy) }

    /// Best ask (lowest) of book `locate`. O(1).
    @inlinable
    public func bestAsk(locate: UInt16) -> LevelView? { _core.best(locate: locate, side: .sell) }

    /// Up to `maxLevels` levels of a side, best first (displayed shares). Allocates: cold path.
    public func depth(locate: UInt16, side: Side, maxLevels: Int = .max) -> [LevelView] {
        _core.depth(locate: locate, side: side, maxLevels: maxLevels)
    }

    /// Every resting order of a side: levels best first, each in queue order. Allocates: cold path.
    @inline(never)
    public func orders(locate: UInt16, side: Side) -> [EngineOrderView] {
        var result: [EngineOrderView] = []
        for rank in 0..<_core.levelCount(locate: locate, side: side) {
            var handle = _core.head(of: _core.level(locate: locate, side: side, rank: rank))
            while !handle.isNone {
                let order = _core._orders[handle]
                result.append(EngineOrderView(
                    orderId: order.reference, owner: order.participant, priceTicks: order.priceTicks,
                    displayed: order.shares, hidden: order.reservedWord))
                handle = order.next
            }
        }
        return result
    }

    /// Waiting stops of book `locate`, oldest first: (id, side, stop price, limit price, quantity). Cold.
    @inline(never)
    public func waitingStops(locate: UInt16) -> [(orderId: UInt64, side: Side, stopPriceTicks: UInt32,
                                                  priceTicks: UInt32, quantity: UInt32)] {
        var result: [(orderId: UInt64, side: Side, stopPriceTicks: UInt32, priceTicks: UInt32, quantity: UInt32)] = []
        var handle = _symbols[Int(locate)].stopHead
        while !handle.isNone {
            let stop = _stops[handle]
            result.append((stop.orderId, stop.side, stop.stopPriceTicks, stop.priceTicks, stop.quantity))
            handle = stop.next
        }
        return result
    }

    /// Status of a live order (resting or waiting for its trigger), `nil` when the id is unknown or the order
    /// is done. O(1).
    public func order(id orderId: UInt64) -> OrderStatus? {
        let resting = _index.lookup(orderId)
        if !resting.isNone {
            let order = _core._orders[resting]
            let info = _info[Int(resting.index)]
            return OrderStatus(
                orderId: orderId, owner: order.participant, clientTag: info.clientTag, locate: order.locate,
                side: order.side, state: .resting, priceTicks: order.priceTicks, stopPriceTicks: 0,
                leaves: order.shares + order.reservedWord, displayed: order.shares,
                cumulativeFilled: info.cumulativeFilled,
                isGoodTillCancelled: MatchingOrderFlags.isGoodTillCancelled(order.flags))
        }
        let stop = _waitingStop(orderId)
        if !stop.isNone {
            let record = _stops[stop]
            return OrderStatus(
                orderId: orderId, owner: record.owner, clientTag: record.clientTag, locate: record.locate,
                side: record.side, state: .waitingForTrigger, priceTicks: record.priceTicks,
                stopPriceTicks: record.stopPriceTicks, leaves: record.quantity, displayed: 0, cumulativeFilled: 0,
                isGoodTillCancelled: MatchingOrderFlags.timeInForce(record.flags) == .gtc)
        }
        return nil
    }

    /// Free slots of the order, level and stop pools (for "everything came back" checks).
    public var freeSlots: (orders: Int, levels: Int, stops: Int) {
        (_core._orders.freeCount, _core._levels.freeCount, _stops.freeCount)
    }

    /// Everything wrong with the engine's books, empty when sound: the core's invariants per book, no crossed
    /// book, the indexes agree with the pools. O(everything). Allocates: cold path (tests).
    @inline(never)
    public func invariantViolations() -> [String] {
        var problems: [String] = []
        for book in 0..<_core.bookCount {
            let locate = UInt16(book)
            problems += _core.invariantViolations(locate: locate)
            if let bid = bestBid(locate: locate), let ask = bestAsk(locate: locate), bid.priceTicks >= ask.priceTicks {
                problems.append("locate \(locate): crossed book \(bid) / \(ask)")
            }
            var count = 0
            var handle = _symbols[book].stopHead
            while !handle.isNone {
                count += 1
                handle = _stops[handle].next
            }
            if count != Int(_symbols[book].stopCount) {
                problems.append("locate \(locate): \(count) waiting stops linked, \(_symbols[book].stopCount) counted")
            }
        }
        if _index.count != _core.liveOrderCount {
            problems.append("index holds \(_index.count) ids for \(_core.liveOrderCount) resting orders")
        }
        if _stopIndex.count != _stops.liveCount {
            problems.append("stop index holds \(_stopIndex.count) ids for \(_stops.liveCount) waiting stops")
        }
        return problems
    }
}
