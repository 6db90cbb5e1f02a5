import MatchbookMemory

/// The books' epoch: the trading session.
///
/// Not thread-safe: owned by one engine thread.
extension MatchingEngine {
    /// Ends the trading session: day orders and day stops expire (`expired`, every open share), the order,
    /// level, stop and index pools reset in O(1), and GTC orders and GTC stops are copied into fresh slots in
    /// their original priority order (per level FIFO; stops in arrival order). Engine ids, match ids, last trade
    /// prices, halts and symbol rules carry over.
    ///
    /// Expiry events are appended in this order: book by book (ascending locate), bids best first then asks
    /// best first (each level in queue order), then the book's waiting stops oldest first. Size the event
    /// buffer for them or drain with `eventCount`/`clearEvents()` right after.
    ///
    /// Cold path: O(resting + waiting orders + books); allocates plain Swift arrays for the carried orders.
    @inline(never)
    public mutating func endOfSession() {
        var carried: [(order: Order, info: RestingOrderInfo)] = []
        var carriedStops: [StopOrder] = []
        for book in 0..<_core.bookCount {
            let locate = UInt16(book)
            for side in [Side.buy, Side.sell] {
                var handles: [PoolHandle<Order>] = []
                for rank in 0..<_core.levelCount(locate: locate, side: side) {
                    var handle = _core.head(of: _core.level(locate: locate, side: side, rank: rank))
                    while !handle.isNone {
                        handles.append(handle)
                        handle = _core.next(after: handle)
                    }
                }
                for handle in handles {
                    let order = _core._orders[handle]
                    if MatchingOrderFlags.isGoodTillCancelled(order.flags) {
                        carried.append((order, _info[Int(handle.index)]))
                    } else {
                        _cancelResting(handle, reason: .none, operation: .session, kind: .expired)
                    }
                }
            }
            var stop = _symbols[book].stopHead
            while !stop.isNone {
                let record = _stops[stop]
                let next = record.next
                if MatchingOrderFlags.timeInForce(record.flags) == .gtc {
                    carriedStops.append(record)
                } else {
                    _cancelWaiting(stop, reason: .none, operation: .session, kind: .expired)
                }
                stop = next
            }
        }
        _core.resetAll()
        _index.removeAll()
        _stops.resetAll()
        _stopIndex.removeAll()
        _triggeredHead = .none
        _triggeredTail = .none
        _tradeLow = .max
        _tradeHigh = 0
        for book in 0..<_symbols.count {
            _symbols[book].stopHead = .none
            _symbols[book].stopTail = .none
            _symbols[book].stopCount = 0
            _symbols[book].buyStopFloor = .max
            _symbols[book].sellStopCeiling = 0
        }
        // The pools were big enough for these orders before the reset, so nothing below can run out.
        for (order, info) in carried {
            let inserted = try! _core.insertOrder(
                locate: order.locate, side: order.side, priceTicks: order.priceTicks, shares: order.shares,
                reference: order.reference, participant: order.participant, entrySequence: order.entrySequence)
            let handle = inserted.order
            _core._orders[handle].flags = order.flags
            _core._orders[handle].reservedWord = order.reservedWord
            _info[Int(handle.index)] = info
            precondition(_index.insert(order.reference, handle) == .inserted, "carried order id must index")
        }
        for var stop in carriedStops {
            stop.previous = .none
            stop.next = .none
            let handle = try! _stops.allocate(stop)
            precondition(
                _stopIndex.insert(stop.orderId, PoolHandle<Order>(raw: handle.raw)) == .inserted,
                "carried stop id must index")
            _linkWaiting(handle)
        }
    }
}
