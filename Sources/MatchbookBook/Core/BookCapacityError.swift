/// Why the book core refused to rest an order: a reserved capacity ran out. The book is unchanged.
/// The market-by-order mirror counts these as `FeedAnomalies`; the matching engine rejects the order.
@frozen
public enum BookCapacityError: Error, Equatable, Sendable {
    /// The order pool is full (`BookCapacity.orders`).
    case ordersExhausted
    /// The level pool is full (`BookCapacity.levels`).
    case levelsExhausted
    /// No ladder segment of the size needed is free (`smallLadders` / `largeLadders`).
    case laddersExhausted
    /// The side already holds `largeLadderLevels` levels.
    case ladderFull
}
