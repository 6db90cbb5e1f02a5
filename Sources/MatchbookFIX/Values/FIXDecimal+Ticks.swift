extension FIXDecimal {
    /// This value as a whole number of `tickSize`s: `ticks × tickSize == self`. O(1).
    ///
    /// Throws `.invalidTickSize` for a tick size ≤ 0, `.negative` below zero, `.offTick` when not a multiple.
    /// With `tickSize` 0.01, "10.05" is 1,005 ticks and "10.005" is off-tick.
    @inlinable
    public func ticks(tickSize: FIXDecimal) throws(FIXDecimalError) -> Int64 {
        guard tickSize.units > 0 else { throw .invalidTickSize }
        guard units >= 0 else { throw .negative }
        let (quotient, remainder) = units.quotientAndRemainder(dividingBy: tickSize.units)
        guard remainder == 0 else { throw .offTick(remainder: remainder) }
        return quotient
    }

    /// ``ticks(tickSize:)`` as the engine's `UInt32` price ticks; `.overflow` above `UInt32.max`. O(1).
    @inlinable
    public func priceTicks(tickSize: FIXDecimal) throws(FIXDecimalError) -> UInt32 {
        let ticks = try ticks(tickSize: tickSize)
        guard let narrow = UInt32(exactly: ticks) else { throw .overflow }
        return narrow
    }

    /// This value as a whole share count: `.negative`, `.offTick` (a fraction), or `.overflow` above
    /// `UInt32.max`. O(1).
    @inlinable
    public func wholeQuantity() throws(FIXDecimalError) -> UInt32 {
        try priceTicks(tickSize: FIXDecimal(units: Self.unitsPerWhole))
    }
}
