/// What one market-by-order operation did: whether to emit a BBO row (`topOfBookChanged`), and which price
/// levels changed (`touch`), so a publisher diffs one level instead of the whole published depth.
/// 48 bytes.
@frozen
public struct BookUpdate: Sendable, Equatable, CustomStringConvertible {
    /// The message's stock locate.
    public var locate: UInt16
    /// The best bid or best ask of `locate` changed (price, shares or order count).
    public var topOfBookChanged: Bool
    /// The anomaly the message had, if any (already counted in `FeedAnomalies`). Only `.oversizedExecution`
    /// and `.oversizedCancel` come with a changed book; every other anomaly leaves it untouched.
    public var anomaly: FeedAnomaly?
    /// The side and price level(s) the operation changed; `nil` when the book is unchanged.
    public var touch: LevelTouch?

    @inlinable
    public init(locate: UInt16, topOfBookChanged: Bool, anomaly: FeedAnomaly? = nil, touch: LevelTouch? = nil) {
        self.locate = locate
        self.topOfBookChanged = topOfBookChanged
        self.anomaly = anomaly
        self.touch = touch
    }

    public var description: String {
        "locate \(locate)" + (topOfBookChanged ? " top changed" : "") + (anomaly.map { " (\($0))" } ?? "")
            + (touch.map { " touched \($0)" } ?? "")
    }
}

/// The price levels one operation changed, all on one side of one book, with the touched level as it is after
/// the operation: one level for an add, execution, cancel or delete (its shares or orders changed, or it
/// appeared or left); a replace to another price changes two (`other…` is the original order's level after
/// it left). A publisher keeps its published depth from these without
/// reading the book, except when a level leaves the depth and the next one must move up.
@frozen
public struct LevelTouch: Sendable, Equatable, CustomStringConvertible {
    /// The level's shares after the operation (0: the level is gone).
    public var shares: UInt64
    /// The level that changed (a replace's new price).
    public var priceTicks: UInt32
    /// A replace's original level, after the operation, when its price differs from `priceTicks`; all 0 when
    /// only one level changed.
    public var otherShares: UInt64
    public var otherPriceTicks: UInt32
    public var otherOrders: UInt32
    /// The level's resting orders after the operation (0: the level is gone).
    public var orders: UInt32
    public var side: Side
    /// The operation created the level (it did not exist before).
    public var created: Bool

    @inlinable
    public init(
        side: Side, priceTicks: UInt32, shares: UInt64, orders: UInt32, created: Bool = false,
        otherPriceTicks: UInt32 = 0, otherShares: UInt64 = 0, otherOrders: UInt32 = 0
    ) {
        self.side = side
        self.priceTicks = priceTicks
        self.shares = shares
        self.orders = orders
        self.created = created
        self.otherPriceTicks = otherPriceTicks
        self.otherShares = otherShares
        self.otherOrders = otherOrders
    }

    /// Whether one level changed (every operation but a replace to another price).
    @inlinable
    public var isSingleLevel: Bool { otherPriceTicks == 0 }

    /// Whether the level left the book.
    @inlinable
    public var removed: Bool { orders == 0 }

    public var description: String {
        "\(side) \(priceTicks) → \(shares)/\(orders)" + (created ? " new" : "")
            + (otherPriceTicks == 0 ? "" : " and \(otherPriceTicks) → \(otherShares)/\(otherOrders)")
    }
}
