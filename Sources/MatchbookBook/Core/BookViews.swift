/// One price level as a plain value, for cold paths (snapshots, tests, reports).
public struct LevelView: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Price in ticks (ITCH: 4 implied decimals).
    public var priceTicks: UInt32
    /// Total resting shares at the price.
    public var shares: UInt64
    /// Orders at the price.
    public var orders: UInt32

    public init(priceTicks: UInt32, shares: UInt64, orders: UInt32) {
        self.priceTicks = priceTicks
        self.shares = shares
        self.orders = orders
    }

    public var description: String { "\(shares)@\(priceTicks)(\(orders))" }
}

/// One resting order as a plain value, for cold paths.
public struct OrderView: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Price in ticks.
    public var priceTicks: UInt32
    /// Order reference.
    public var reference: UInt64
    /// Resting shares.
    public var shares: UInt32

    public init(priceTicks: UInt32, reference: UInt64, shares: UInt32) {
        self.priceTicks = priceTicks
        self.reference = reference
        self.shares = shares
    }

    public var description: String { "#\(reference) \(shares)@\(priceTicks)" }
}

/// The best bid and best ask of one book (price, total shares, order count), `nil` for an empty side.
/// Two values differ exactly when a BBO row should be emitted.
@frozen
public struct TopOfBook: Sendable, Equatable {
    /// Best (highest) bid level.
    public var bid: LevelView?
    /// Best (lowest) ask level.
    public var ask: LevelView?

    public init(bid: LevelView?, ask: LevelView?) {
        self.bid = bid
        self.ask = ask
    }
}
