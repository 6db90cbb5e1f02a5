import MatchbookMemory

/// Moving an order to the back of its own level: the matching engine's iceberg refill (the displayed part
/// traded away, the next slice joins the queue behind everyone at the price). Additive: the market-by-order
/// mirror never calls it.
///
/// Not thread-safe: owned by one engine thread.
extension BookCore {
    /// Sets a resting order's shares to `shares` and moves it to the tail of its level's FIFO (new time
    /// priority, same handle, same level). O(1).
    ///
    /// Precondition: `shares > 0`.
    /// - Returns: whether the order is at its side's best level (the top of book changed).
    @inlinable
    @discardableResult
    public mutating func requeueOrder(_ order: PoolHandle<Order>, shares: UInt32) -> Bool {
        precondition(shares > 0, "a requeued order must keep at least one share")
        let record = _orders[order]
        let levelHandle = record.level
        _levels[levelHandle].totalShares = _levels[levelHandle].totalShares &- UInt64(record.shares)
            &+ UInt64(shares)
        _orders[order].shares = shares
        let book = Int(record.locate)
        _books[book].updates &+= 1
        let tail = _levels[levelHandle].tail
        if tail != order {
            // Unlink (the order is not the tail, so it has a next).
            if record.previous.isNone {
                _levels[levelHandle].head = record.next
            } else {
                _orders[record.previous].next = record.next
            }
            _orders[record.next].previous = record.previous
            // Link at the tail.
            _orders[order].previous = tail
            _orders[order].next = .none
            _orders[tail].next = order
            _levels[levelHandle].tail = order
        }
        return bestLevel(locate: record.locate, side: record.side) == levelHandle
    }
}
