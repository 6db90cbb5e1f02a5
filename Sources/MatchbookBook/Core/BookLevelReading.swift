/// Read access to the price levels of a set of books, O(1) per read and allocation-free: what a market-data
/// publisher needs to diff its published depth against the book (the market-by-order mirror of a feed, or the
/// matching engine's own books).
public protocol BookLevelReading: ~Copyable {
    /// Levels on one side of book `locate`; 0 for a locate out of range.
    func levelCount(locate: UInt16, side: Side) -> Int
    /// The level `rank` steps from the best of a side (0 = best); nil when `rank` is not below `levelCount`.
    func level(locate: UInt16, side: Side, rank: Int) -> LevelView?
}

extension MarketByOrderBooks: BookLevelReading {}

extension MatchingEngine: BookLevelReading {
    /// Levels on one side of book `locate`; 0 for a locate out of range. O(1).
    @inlinable
    public func levelCount(locate: UInt16, side: Side) -> Int {
        guard Int(locate) < _core.bookCount else { return 0 }
        return _core.levelCount(locate: locate, side: side)
    }

    /// The level `rank` steps from the best of a side (0 = best) as a value (displayed shares); nil when `rank`
    /// is not below `levelCount`. O(1), no allocation.
    @inlinable
    public func level(locate: UInt16, side: Side, rank: Int) -> LevelView? {
        guard rank >= 0, rank < levelCount(locate: locate, side: side) else { return nil }
        let level = _core.level(_core.level(locate: locate, side: side, rank: rank))
        return LevelView(priceTicks: level.priceTicks, shares: level.totalShares, orders: level.orderCount)
    }
}
