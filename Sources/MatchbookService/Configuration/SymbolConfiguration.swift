import MatchbookBook

/// One book's trading rules, from `symbols` with `symbolDefaults.*` and `symbolOverrides.<NAME>.*`.
///
/// Prices are in price ticks of $0.0001 (the ITCH price scale): a tick size of "0.01" is 100, a band end of
/// "1000.00" is 10_000_000.
public struct SymbolConfiguration: Sendable, Equatable {
    /// The symbol, 1 to 8 characters of `A`–`Z`, `0`–`9`, `.` and `-`.
    public var name: String
    /// Prices must be integer multiples of this, in price ticks (> 0).
    public var tickSize: UInt32
    /// Quantities must be integer multiples of this, in shares (> 0; 1 = any whole number).
    public var lotSize: UInt32
    /// Lowest acceptable limit price, in price ticks (a multiple of `tickSize`, > 0).
    public var priceBandLowTicks: UInt32
    /// Highest acceptable limit price, in price ticks (a multiple of `tickSize`, > `priceBandLowTicks`).
    public var priceBandHighTicks: UInt32

    public init(name: String, tickSize: UInt32, lotSize: UInt32, priceBandLowTicks: UInt32, priceBandHighTicks: UInt32)
    {
        self.name = name
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.priceBandLowTicks = priceBandLowTicks
        self.priceBandHighTicks = priceBandHighTicks
    }

    /// The matching engine's rules for this symbol's book at `locate`.
    public func rules(locate: UInt16, halted: Bool = false) -> SymbolRules {
        SymbolRules(
            locate: locate, symbol: name, tickSize: tickSize, lotSize: lotSize, minPriceTicks: priceBandLowTicks,
            maxPriceTicks: priceBandHighTicks, halted: halted)
    }
}
