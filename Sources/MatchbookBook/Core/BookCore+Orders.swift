import MatchbookMemory

/// Orders in level FIFOs: rest, reduce, remove. Each order carries its level's handle and its FIFO neighbours,
/// so reduce and remove never search; only a new price searches the ladder.
///
/// - `insertOrder` → `InsertedOrder` (throws `BookCapacityError`, book unchanged, when a pool or the ladder is
///   full).
/// - `reduceOrder(_:by:)` / `removeOrder(_:)` → `true` when the order was at its side's best level, i.e. the
///   top of book changed (shares, order count, or the best price itself).
///
/// Not thread-safe: owned by one engine thread.
extension BookCore {
    /// Rests a new order at the tail of the level at `priceTicks` on `side` of book `locate`, creating the level
    /// if there is none. O(1) at or near the touch; O(log levels + levels better than the price) otherwise.
    ///
    /// Preconditions: `locate < bookCount`, `shares > 0`. `reference` is stored, not checked.
    /// - Throws: `BookCapacityError` when the order pool, the level pool or the side's ladder is full; the book
    ///   is then unchanged.
    @inlinable
    public mutating func insertOrder(
        locate: UInt16, side: Side, priceTicks: UInt32, shares: UInt32, reference: UInt64,
        participant: UInt32 = 0, entrySequence: UInt64 = 0
    ) throws(BookCapacityError) -> InsertedOrder {
        let book = Int(locate)
        let orderHandle: PoolHandle<Order>
        do {
            orderHandle = try _orders.allocate(Order(
                reference: reference, locate: locate, side: side, priceTicks: priceTicks, shares: shares,
                participant: participant, entrySequence: entrySequence))
        } catch {
            throw .ordersExhausted
        }
        let key = LadderEntry.key(priceTicks: priceTicks, side: side)
        var ladder = _sideLadder(book, side)
        let (position, found) = _search(ladder, key: key)
        let levelHandle: PoolHandle<PriceLevel>
        if found {
            levelHandle = _ladder[Int(ladder.start) &+ position].level
        } else {
            do {
                levelHandle = try _levels.allocate(PriceLevel(locate: locate, side: side, priceTicks: priceTicks))
            } catch {
                _orders.free(orderHandle)
                throw .levelsExhausted
            }
            do {
                try _reserveLadderSlot(book: book, side: side)
            } catch {
                _levels.free(levelHandle)
                _orders.free(orderHandle)
                throw error
            }
            _insertEntry(LadderEntry(key: key, level: levelHandle), at: position, book: book, side: side)
            ladder = _sideLadder(book, side)
        }
        // Link at the tail of the level's FIFO.
        let tail = _levels[levelHandle].tail
        _orders[orderHandle].level = levelHandle
        _orders[orderHandle].previous = tail
        if tail.isNone { _levels[levelHandle].head = orderHandle } else { _orders[tail].next = orderHandle }
        _levels[levelHandle].tail = orderHandle
        _levels[levelHandle].totalShares &+= UInt64(shares)
        _levels[levelHandle].orderCount &+= 1
        _books[book].liveOrders &+= 1
        _books[book].updates &+= 1
        _books[book].flags |= BookHeader.activeFlag
        return InsertedOrder(order: orderHandle, atBest: position == Int(ladder.count) &- 1)
    }

    /// Takes `shares` off a resting order; removes it (and its level, if emptied) when none remain.
    /// O(1), plus the level removal when the order was the level's last.
    ///
    /// Precondition: `0 < shares <= order.shares`.
    /// - Returns: whether the order was at its side's best level (the top of book changed).
    @inlinable
    @discardableResult
    public mutating func reduceOrder(_ order: PoolHandle<Order>, by shares: UInt32) -> Bool {
        let resting = _orders[order].shares
        precondition(shares > 0 && shares <= resting, "reduce must take 1...resting shares")
        if shares == resting { return removeOrder(order) }
        let levelHandle = _orders[order].level
        _orders[order].shares = resting &- shares
        _levels[levelHandle].totalShares &-= UInt64(shares)
        let book = Int(_levels[levelHandle].locate)
        _books[book].updates &+= 1
        return bestLevel(locate: UInt16(truncatingIfNeeded: book), side: _levels[levelHandle].side) == levelHandle
    }

    /// Unlinks a resting order from its level's FIFO and frees it; frees the level when it empties.
    /// O(1), plus O(levels better than it) when its level goes.
    ///
    /// - Returns: whether the order was at its side's best level (the top of book changed).
    @inlinable
    @discardableResult
    public mutating func removeOrder(_ order: PoolHandle<Order>) -> Bool {
        let record = _orders[order]
        let levelHandle = record.level
        let book = Int(record.locate)
        let side = record.side
        if record.previous.isNone {
            _levels[levelHandle].head = record.next
        } else {
            _orders[record.previous].next = record.next
        }
        if record.next.isNone {
            _levels[levelHandle].tail = record.previous
        } else {
            _orders[record.next].previous = record.previous
        }
        _levels[levelHandle].totalShares &-= UInt64(record.shares)
        _levels[levelHandle].orderCount &-= 1
        _books[book].liveOrders &-= 1
        _books[book].updates &+= 1
        _orders.free(order)
        let wasBest = bestLevel(locate: record.locate, side: side) == levelHandle
        if _levels[levelHandle].orderCount == 0 {
            _removeLevel(levelHandle, priceTicks: record.priceTicks, book: book, side: side)
        }
        return wasBest
    }

    /// The oldest order of a level (first in time priority), `.none` if empty. O(1).
    @inlinable @inline(__always)
    public func head(of level: PoolHandle<PriceLevel>) -> PoolHandle<Order> { _levels[level].head }

    /// The order behind `order` in its level's FIFO, `.none` at the tail. O(1).
    @inlinable @inline(__always)
    public func next(after order: PoolHandle<Order>) -> PoolHandle<Order> { _orders[order].next }
}
