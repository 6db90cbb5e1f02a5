/// Exact decimal strings to integer price ticks of $0.0001 ("0.01" → 100, "1000.00" → 10_000_000).
///
/// Accepts `DIGITS` or `DIGITS.DIGITS`: no sign, no exponent, no spaces, no separators. Digits beyond the fourth
/// decimal place must be zeros ("0.010000" is fine, "0.00005" is finer than a price tick and refused).
enum PriceTickText {
    /// Price ticks per dollar: 4 implied decimals, as ITCH.
    static let ticksPerWhole: UInt64 = 10_000
    static let fractionDigits = 4

    /// The value of `text` in price ticks, or a sentence saying why it has none.
    static func priceTicks(_ text: String) -> Result<UInt64, Problem> {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return .failure(.empty) }
        let dot = bytes.firstIndex(of: UInt8(ascii: "."))
        let whole = bytes[..<(dot ?? bytes.endIndex)]
        let fraction = dot.map { bytes[($0 + 1)...] } ?? []
        guard !whole.isEmpty, dot == nil || !fraction.isEmpty else { return .failure(.missingDigits) }
        for byte in Array(whole) + Array(fraction) where !isDigit(byte) {
            return .failure(byte == UInt8(ascii: "-") ? .negative : .notADigit(Character(Unicode.Scalar(byte))))
        }
        guard fraction.dropFirst(fractionDigits).allSatisfy({ $0 == UInt8(ascii: "0") }) else {
            return .failure(.finerThanPriceTick)
        }
        var ticks: UInt64 = 0
        let paddedFraction =
            Array(fraction.prefix(fractionDigits))
            + Array(repeating: UInt8(ascii: "0"), count: fractionDigits - min(fraction.count, fractionDigits))
        for byte in Array(whole) + paddedFraction {
            let (times10, overflowA) = ticks.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { return .failure(.tooLarge) }
            ticks = sum
        }
        return .success(ticks)
    }

    /// `ticks` as a dollar string with 4 decimals ("100" → "0.0100"), for messages.
    static func text(_ ticks: UInt64) -> String {
        let fraction = String(ticks % ticksPerWhole)
        return "\(ticks / ticksPerWhole).\(String(repeating: "0", count: fractionDigits - fraction.count))\(fraction)"
    }

    enum Problem: Error, Equatable, CustomStringConvertible {
        case empty
        case missingDigits
        case negative
        case notADigit(Character)
        case finerThanPriceTick
        case tooLarge

        var description: String {
            switch self {
            case .empty: return "it is empty"
            case .missingDigits: return "digits are missing before or after the decimal point"
            case .negative: return "it is negative"
            case .notADigit(let character): return "'\(character)' is not a digit or the decimal point"
            case .finerThanPriceTick: return "it has more than 4 decimal places (the price tick is 0.0001)"
            case .tooLarge: return "it is too large"
            }
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
