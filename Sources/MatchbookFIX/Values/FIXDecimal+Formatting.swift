extension FIXDecimal {
    /// The longest canonical form: "-92233720368.54775808" is 21 bytes.
    public static let maxFormattedLength = 21

    /// Appends the canonical form ("123.45", "-0.5", "100": no trailing fraction zeros, no exponent) to `out`.
    /// O(digits); allocates only if `out` must grow.
    @inlinable
    public func append(to out: inout [UInt8]) {
        // Work on the magnitude as UInt64 so that Int64.min formats too.
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(Self.unitsPerWhole)
        var fraction = magnitude % UInt64(Self.unitsPerWhole)
        if units < 0 { out.append(UInt8(ascii: "-")) }
        Self._appendDigits(whole, to: &out)
        guard fraction != 0 else { return }
        out.append(UInt8(ascii: "."))
        var digits = Self.fractionDigits
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var divisor: UInt64 = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: (fraction / divisor) % 10))
            divisor /= 10
        }
    }

    /// Appends the decimal digits of `value` (no sign, no leading zeros, "0" for zero).
    @inlinable
    static func _appendDigits(_ value: UInt64, to out: inout [UInt8]) {
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: (value / divisor) % 10))
            divisor /= 10
        }
    }
}
