import MatchbookMemory

/// Cold-path views of a book as plain values: they allocate arrays and must stay off the hot path, except
/// `topOfBook`/`best`, which are O(1) and allocation-free.
///
/// Not thread-safe: owned by one engine thread.
extension BookCore {
    /// The best level of a side as a value, `nil` when the side is empty. O(1), no allocation.
    @inlinable
    public func best(locate: UInt16, side: Side) -> LevelView? {
        let handle = bestLevel(locate: locate, side: side)
        guard !handle.isNone else { return nil }
        let level = _levels[handle]
        return LevelView(priceTicks: level.priceTicks, shares: level.totalShares, orders: level.orderCount)
    }

    /// Best bid and best ask of book `locate`. O(1), no allocation.
    @inlinable
    public func topOfBook(locate: UInt16) -> TopOfBook {
        TopOfBook(bid: best(locate: locate, side: .buy), ask: best(locate: locate, side: .sell))
    }

    /// Up to `maxLevels` levels of a side, best first (bids highest first, asks lowest first).
    /// O(levels returned). Allocates: cold path.
    @inline(never)
    public func depth(locate: UInt16, side: Side, maxLevels: Int = .max) -> [LevelView] {
        let count = min(levelCount(locate: locate, side: side), max(maxLevels, 0))
        var result: [LevelView] = []
        result.reserveCapacity(count)
        for rank in 0..<count {
            let level = _levels[level(locate: locate, side: side, rank: rank)]
            result.append(LevelView(priceTicks: level.priceTicks, shares: level.totalShares, orders: level.orderCount))
        }
        return result
    }

    /// Every order of a side: levels best first, within a level in queue (time-priority) order.
    /// O(orders on the side). Allocates: cold path.
    @inline(never)
    public func orders(locate: UInt16, side: Side) -> [OrderView] {
        var result: [OrderView] = []
        for rank in 0..<levelCount(locate: locate, side: side) {
            var handle = _levels[level(locate: locate, side: side, rank: rank)].head
            while !handle.isNone {
                let order = _orders[handle]
                result.append(OrderView(
                    priceTicks: order.priceTicks, reference: order.reference, shares: order.shares))
                handle = order.next
            }
        }
        return result
    }

    /// The symbol of book `locate` with trailing spaces (and NULs) trimmed, `nil` if never defined.
    /// Allocates: cold path.
    @inline(never)
    public func symbol(locate: UInt16) -> String? {
        let header = _books[Int(locate)]
        guard header.flags & BookHeader.definedFlag != 0 else { return nil }
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: header.symbol >> UInt64(56 - 8 * $0)) }
        while let last = bytes.last, last == 0x20 || last == 0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
