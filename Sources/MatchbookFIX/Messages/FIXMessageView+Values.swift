// Typed readers of field values for the message decoders: each one throws the session reject that names the
// tag (5 value incorrect, 6 incorrect data format, 13 tag appears more than once) and allocates only the
// Strings it returns.

extension FIXMessageView {
    /// The next field, with a malformed field turned into its session reject.
    func nextField(_ iterator: inout FIXFieldIterator) throws(FIXDecodeError) -> FIXField? {
        do {
            return try iterator.next()
        } catch {
            throw FIXDecodeError(error)
        }
    }

    /// `value`, read only if `slot` is still empty: reason 13 if the field's tag was seen before. Use as
    /// `price = try view.once(price, field, view.price(field))`.
    func once<Value>(
        _ slot: Value?, _ field: FIXField, _ value: @autoclosure () throws(FIXDecodeError) -> Value
    ) throws(FIXDecodeError) -> Value {
        if slot != nil { throw .duplicate(field.tag) }
        return try value()
    }

    /// Throws reason 13 if `slot` already holds a value (the field's tag was seen before).
    func rejectDuplicate<Value>(_ slot: Value?, _ field: FIXField) throws(FIXDecodeError) {
        if slot != nil { throw .duplicate(field.tag) }
    }

    /// An identifier: printable ASCII (0x20–0x7E), at most `maxLength` bytes.
    func identifier(_ field: FIXField, maxLength: Int) throws(FIXDecodeError) -> String {
        let value = value(field)
        guard value.count <= maxLength else {
            throw .value(field.tag, "\(value.count) bytes, longer than the \(maxLength)-byte limit")
        }
        for index in 0..<value.count {
            guard let byte = _UnsafeFIXBytes.byte(value, at: index), byte >= 0x20, byte <= 0x7E else {
                throw .format(field.tag, "printable ASCII")
            }
        }
        return string(field)
    }

    /// Free text (UTF-8, invalid bytes replaced), at most `maxLength` bytes.
    func text(_ field: FIXField, maxLength: Int = FIXFieldLimits.text) throws(FIXDecodeError) -> String {
        guard value(field).count <= maxLength else {
            throw .value(field.tag, "longer than the \(maxLength)-byte limit")
        }
        return string(field)
    }

    /// A non-negative integer in `range` (digits only: 6 if not digits, 5 if outside `range`).
    func integer(_ field: FIXField, in range: ClosedRange<Int> = 0...Int(Int32.max)) throws(FIXDecodeError) -> Int {
        let value = value(field)
        var result = 0
        for index in 0..<value.count {
            guard let byte = _UnsafeFIXBytes.byte(value, at: index),
                byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9")
            else { throw .format(field.tag, "an unsigned integer") }
            result = result * 10 + Int(byte &- UInt8(ascii: "0"))
            if result > range.upperBound { throw .value(field.tag, "above \(range.upperBound)") }
        }
        guard range.contains(result) else { throw .value(field.tag, "outside \(range)") }
        return result
    }

    /// A one-byte value (char fields and enumerations): 5 if longer.
    func character(_ field: FIXField) throws(FIXDecodeError) -> UInt8 {
        let value = value(field)
        guard value.count == 1, let byte = _UnsafeFIXBytes.byte(value, at: 0) else {
            throw .value(field.tag, "expected a single character")
        }
        return byte
    }

    /// A Boolean: `Y` or `N` (5 otherwise).
    func boolean(_ field: FIXField) throws(FIXDecodeError) -> Bool {
        switch try character(field) {
        case UInt8(ascii: "Y"): return true
        case UInt8(ascii: "N"): return false
        default: throw .value(field.tag, "expected Y or N")
        }
    }

    /// An enumeration whose raw value is one byte: 5 if it is not one of `Value`'s.
    func enumeration<Value: RawRepresentable>(_ field: FIXField, as: Value.Type) throws(FIXDecodeError) -> Value
    where Value.RawValue == UInt8 {
        guard let value = Value(rawValue: try character(field)) else {
            throw .value(field.tag, "not a supported value")
        }
        return value
    }

    /// A FIX decimal (6 if malformed, too precise or out of range).
    func decimal(_ field: FIXField) throws(FIXDecodeError) -> FIXDecimal {
        do {
            return try FIXDecimal(parsing: value(field))
        } catch {
            throw .format(field.tag, "a decimal (\(error))")
        }
    }

    /// A non-negative price (6 if malformed, 5 if negative).
    func price(_ field: FIXField) throws(FIXDecodeError) -> FIXDecimal {
        let price = try decimal(field)
        guard price.units >= 0 else { throw .value(field.tag, "negative price") }
        return price
    }

    /// A whole share count (6 if malformed; 5 if negative, fractional, above UInt32.max, or zero when
    /// `positive`).
    func quantity(_ field: FIXField, positive: Bool = true) throws(FIXDecodeError) -> UInt32 {
        let decimal = try decimal(field)
        let shares: UInt32
        do {
            shares = try decimal.wholeQuantity()
        } catch {
            throw .value(field.tag, "not a whole share count (\(error))")
        }
        if positive && shares == 0 { throw .value(field.tag, "must be positive") }
        return shares
    }

    /// A UTCTimestamp as nanoseconds since the epoch (6 if malformed).
    func timestamp(_ field: FIXField) throws(FIXDecodeError) -> Int64 {
        guard let nanos = FIXTimestamp.parse(value(field)) else {
            throw .format(field.tag, "a UTCTimestamp YYYYMMDD-HH:MM:SS[.sss]")
        }
        return nanos
    }
}

/// Reads a required field's value out of its optional, or throws reason 1 naming it.
func required<Value>(_ value: Value?, _ tag: Int, _ name: String) throws(FIXDecodeError) -> Value {
    guard let value else { throw .missing(tag, name) }
    return value
}
