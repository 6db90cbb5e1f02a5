extension FIXDecimal {
    /// Parses a FIX decimal: an optional `-`, digits, an optional `.` and digits ("123.45", "-0.5", "100",
    /// "1.", ".5"). Fraction digits beyond the 8th must be zeros. O(length), no allocation.
    @inlinable
    public init(parsing value: UnsafeRawBufferPointer) throws(FIXDecimalError) {
        let count = value.baseAddress == nil ? 0 : value.count
        var index = 0
        var negative = false
        if _UnsafeFIXBytes.byte(value, at: 0) == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        var magnitude: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while index < count {
            guard let byte = _UnsafeFIXBytes.byte(value, at: index) else { break }
            index += 1
            if byte == UInt8(ascii: ".") {
                if seenPoint { throw .malformed }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw .malformed }
            digits += 1
            let digit = Int64(byte &- UInt8(ascii: "0"))
            if seenPoint {
                if fractionDigits == Self.fractionDigits {
                    if digit != 0 { throw .tooPrecise }
                    continue
                }
                fractionDigits += 1
            }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(digit)
            if overflow1 || overflow2 { throw .overflow }
            magnitude = sum
        }
        if digits == 0 { throw .malformed }
        while fractionDigits < Self.fractionDigits {
            let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { throw .overflow }
            magnitude = times10
            fractionDigits += 1
        }
        self.init(units: negative ? -magnitude : magnitude)
    }

    /// Parses `text` (see ``init(parsing:)-(UnsafeRawBufferPointer)``). O(length), allocates a copy.
    public init(parsing text: String) throws(FIXDecimalError) {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(FIXDecimalError) in try FIXDecimal(parsing: raw) }
        }
        self = try result.get()
    }
}
