/// An exact FIX decimal (Price, Qty, Amt): a signed count of 10⁻⁸ units.
///
/// `FIXDecimal(units: 12_345_000_000)` is 123.45. The range is ±92,233,720,368.54775807, enough for any
/// price or share count the engine holds (UInt32 ticks and shares). Never a `Double`: parsing and formatting are
/// exact.
@frozen
public struct FIXDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value in units of 10⁻⁸.
    public var units: Int64

    /// Decimal places held: 8.
    public static let fractionDigits = 8
    /// Units in 1: 10⁸.
    public static let unitsPerWhole: Int64 = 100_000_000
    /// Zero.
    public static let zero = FIXDecimal(units: 0)

    /// The decimal `units` × 10⁻⁸.
    @inlinable
    public init(units: Int64) { self.units = units }

    /// The whole number `whole` (traps only if it exceeds ±92,233,720,368, a programming error).
    @inlinable
    public init(_ whole: Int) { self.units = Int64(whole) * Self.unitsPerWhole }

    /// `ticks` × `tickSize`, or `nil` if it overflows. O(1).
    @inlinable
    public init?(ticks: Int64, tickSize: FIXDecimal) {
        let (product, overflow) = ticks.multipliedReportingOverflow(by: tickSize.units)
        if overflow { return nil }
        self.units = product
    }

    @inlinable
    public static func < (lhs: FIXDecimal, rhs: FIXDecimal) -> Bool { lhs.units < rhs.units }

    /// The canonical string: no exponent, no trailing fraction zeros, no `.` for whole numbers ("123.45",
    /// "-0.5", "100").
    public var description: String {
        var scratch = [UInt8]()
        scratch.reserveCapacity(Self.maxFormattedLength)
        append(to: &scratch)
        return String(decoding: scratch, as: UTF8.self)
    }
}
