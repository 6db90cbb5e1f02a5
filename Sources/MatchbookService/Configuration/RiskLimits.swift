/// Pre-trade limits every order is checked against before it reaches an engine thread (`risk.*`).
public struct RiskLimits: Sendable, Equatable {
    /// Largest OrderQty (38) of one order, shares (`risk.maxOrderQuantity`).
    public var maxOrderQuantity: UInt32
    /// Largest price × quantity of one order, in price ticks × shares, i.e. units of $0.0001
    /// (`risk.maxNotional`, written in dollars: "100000000.00" is 1_000_000_000_000).
    public var maxNotionalPriceTicks: UInt64
    /// Orders (new, cancel, replace) one FIX session may send per second (`risk.maxOrdersPerSecondPerSession`).
    public var maxOrdersPerSecondPerSession: Int

    public init(
        maxOrderQuantity: UInt32 = 1_000_000, maxNotionalPriceTicks: UInt64 = 1_000_000_000_000,
        maxOrdersPerSecondPerSession: Int = 1_000_000
    ) {
        self.maxOrderQuantity = maxOrderQuantity
        self.maxNotionalPriceTicks = maxNotionalPriceTicks
        self.maxOrdersPerSecondPerSession = maxOrdersPerSecondPerSession
    }
}
