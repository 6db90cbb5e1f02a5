/// Why a FIX decimal (price or quantity) was not accepted.
public enum FIXDecimalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not `[-]digits[.digits]` (exponents, `+`, spaces, a lone `.` or `-` and empty strings are refused).
    case malformed
    /// More significant fraction digits than ``FIXDecimal/fractionDigits``.
    case tooPrecise
    /// Beyond what ``FIXDecimal`` or the requested integer type holds.
    case overflow
    /// Negative where only zero or more is allowed.
    case negative
    /// Not a whole number of `tickSize`s (`remainder` is in ``FIXDecimal`` units).
    case offTick(remainder: Int64)
    /// The tick size is zero or negative.
    case invalidTickSize

    @inline(never)
    public var description: String {
        switch self {
        case .malformed: "not a FIX decimal: expected [-]digits[.digits], no exponent or sign '+'"
        case .tooPrecise: "more than \(FIXDecimal.fractionDigits) significant decimal places"
        case .overflow: "too large"
        case .negative: "negative"
        case .offTick(let remainder): "not a whole number of ticks (remainder \(FIXDecimal(units: remainder)))"
        case .invalidTickSize: "tick size must be positive"
        }
    }
}
