import MatchbookMemory

/// One entry of a side's sorted level array: the level's sort key next to its handle, so a scan reads only the
/// ladder's own cache lines (8 entries per line) and never the level records.
///
///     ┌────────── key (4) ──────────┬────── level (4) ──────┐
///
/// `key` orders both sides the same way, ascending with the best price last: a bid's key is its price, an
/// ask's key is `~price` (the lowest ask has the largest key). Lives in an `ArenaTable`, not a pool, so it does
/// not need a 64-byte stride.
@frozen
public struct LadderEntry: BitwiseCopyable, Sendable, Equatable {
    /// Sort key: `priceTicks` for bids, `~priceTicks` for asks.
    public var key: UInt32
    /// The level at that price.
    public var level: PoolHandle<PriceLevel>

    @inlinable
    public init(key: UInt32, level: PoolHandle<PriceLevel>) {
        self.key = key
        self.level = level
    }

    /// The sort key of `priceTicks` on `side`: larger is better on both sides.
    @inlinable @inline(__always)
    public static func key(priceTicks: UInt32, side: Side) -> UInt32 {
        side == .buy ? priceTicks : ~priceTicks
    }

    /// The price a key stands for on `side`.
    @inlinable @inline(__always)
    public static func priceTicks(key: UInt32, side: Side) -> UInt32 {
        side == .buy ? key : ~key
    }
}
