import MatchbookMemory

/// Reads of the mirror. `bestBid`/`bestAsk`/`topOfBook` are O(1) and allocation-free; the rest allocate and
/// belong to cold paths (snapshots, reports, tests). A locate out of range reads as an empty, undefined book.
///
/// Not thread-safe: owned by one engine thread.
extension MarketByOrderBooks {
    /// Best bid of book `locate`: highest price, its total shares and order count; `nil` if no bids. O(1).
    @inlinable
    public func bestBid(locate: UInt16) -> (priceTicks: UInt32, shares: UInt64, orders: UInt32)? {
        guard Int(locate) < _core.bookCount, let level = _core.best(locate: locate, side: .buy) else { return nil }
        return (level.priceTicks, level.shares, level.orders)
    }

    /// Best ask of book `locate`: lowest price, its total shares and order count; `nil` if no asks. O(1).
    @inlinable
    public func bestAsk(locate: UInt16) -> (priceTicks: UInt32, shares: UInt64, orders: UInt32)? {
        guard Int(locate) < _core.bookCount, let level = _core.best(locate: locate, side: .sell) else { return nil }
        return (level.priceTicks, level.shares, level.orders)
    }

    /// Levels on one side of book `locate`; 0 for a locate out of range. O(1), no allocation.
    @inlinable @inline(__always)
    public func levelCount(locate: UInt16, side: Side) -> Int {
        guard Int(locate) < _core.bookCount else { return 0 }
        return _core.levelCount(locate: locate, side: side)
    }

    /// The level `rank` steps from the best of a side (0 = best) as a value; `nil` when `rank` is not below
    /// `levelCount`. O(1), no allocation: the publisher's hot-path read of the top N levels. Always inlined: an
    /// out-of-line call from a loop that holds the books in an `inout` value copies the whole struct first.
    @inlinable @inline(__always)
    public func level(locate: UInt16, side: Side, rank: Int) -> LevelView? {
        guard rank >= 0, rank < levelCount(locate: locate, side: side) else { return nil }
        let level = _core.level(_core.level(locate: locate, side: side, rank: rank))
        return LevelView(priceTicks: level.priceTicks, shares: level.totalShares, orders: level.orderCount)
    }

    /// Best bid and ask of book `locate` as one comparable value. O(1).
    @inlinable
    public func topOfBook(locate: UInt16) -> TopOfBook {
        guard Int(locate) < _core.bookCount else { return TopOfBook(bid: nil, ask: nil) }
        return _core.topOfBook(locate: locate)
    }

    /// Up to `maxLevels` levels of a side, best first: bids highest price first, asks lowest first.
    /// O(levels returned). Allocates.
    public func depth(locate: UInt16, side: Side, maxLevels: Int = .max) -> [LevelView] {
        guard Int(locate) < _core.bookCount else { return [] }
        return _core.depth(locate: locate, side: side, maxLevels: maxLevels)
    }

    /// Every order of a side (L3): levels best first, within a level in queue order. O(orders). Allocates.
    public func orders(locate: UInt16, side: Side) -> [OrderView] {
        guard Int(locate) < _core.bookCount else { return [] }
        return _core.orders(locate: locate, side: side)
    }

    /// The resting order of `reference`, `nil` if it is not live. O(1).
    public func order(reference: UInt64) -> (locate: UInt16, side: Side, view: OrderView)? {
        let handle = _index.lookup(reference)
        guard !handle.isNone else { return nil }
        let order = _core.order(handle)
        return (order.locate, order.side,
                OrderView(priceTicks: order.priceTicks, reference: order.reference, shares: order.shares))
    }

    /// The symbol of book `locate`, trailing spaces trimmed; `nil` if no directory message defined it.
    public func symbol(locate: UInt16) -> String? {
        guard Int(locate) < _core.bookCount else { return nil }
        return _core.symbol(locate: locate)
    }

    /// Orders resting in book `locate`. O(1).
    public func liveOrderCount(locate: UInt16) -> Int {
        guard Int(locate) < _core.bookCount else { return 0 }
        return Int(_core.header(locate: locate).liveOrders)
    }

    /// Locates named by a directory message, ascending. O(books). Allocates.
    public var definedLocates: [UInt16] {
        (0..<_core.bookCount).compactMap { locate in
            _core._books[locate].flags & BookHeader.definedFlag != 0 ? UInt16(locate) : nil
        }
    }

    /// Locates that are defined or held an order this session, ascending. O(books). Allocates.
    public var activeLocates: [UInt16] {
        (0..<_core.bookCount).compactMap { locate in
            _core._books[locate].flags != 0 ? UInt16(locate) : nil
        }
    }
}
