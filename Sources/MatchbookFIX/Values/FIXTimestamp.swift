/// FIX UTCTimestamp (`YYYYMMDD-HH:MM:SS.sss`) to and from nanoseconds since the Unix epoch, UTC.
///
/// Pure integer arithmetic (civil-from-days, after Howard Hinnant's algorithms): no Foundation, no time zone,
/// no allocation. Valid for years 1677...2262 (the range of Int64 nanoseconds).
public enum FIXTimestamp {
    /// Bytes in the millisecond form `YYYYMMDD-HH:MM:SS.sss`.
    public static let millisecondLength = 21

    /// Appends `epochNanos` as `YYYYMMDD-HH:MM:SS.sss` (milliseconds, truncated) to `out`. O(1).
    public static func appendMilliseconds(epochNanos: Int64, to out: inout [UInt8]) {
        let nanosPerSecond: Int64 = 1_000_000_000
        let seconds = floorDivide(epochNanos, nanosPerSecond)
        let millis = (epochNanos - seconds * nanosPerSecond) / 1_000_000
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        appendPadded(year, width: 4, to: &out)
        appendPadded(month, width: 2, to: &out)
        appendPadded(day, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendPadded(secondOfDay / 3_600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay / 60 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay % 60, width: 2, to: &out)
        out.append(UInt8(ascii: "."))
        appendPadded(millis, width: 3, to: &out)
    }

    /// The string form of ``appendMilliseconds(epochNanos:to:)``.
    public static func string(epochNanos: Int64) -> String {
        var out = [UInt8]()
        out.reserveCapacity(millisecondLength)
        appendMilliseconds(epochNanos: epochNanos, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `YYYYMMDD-HH:MM:SS` with an optional fraction of 3, 6 or 9 digits into nanoseconds since the
    /// epoch, or `nil` if malformed or out of range (month 1–12, day within the month, hour < 24, minute < 60,
    /// second ≤ 60 for a leap second, year 1677–2262). O(1), no allocation.
    public static func parse(_ value: UnsafeRawBufferPointer) -> Int64? {
        let count = value.baseAddress == nil ? 0 : value.count
        guard count == 17 || count == 21 || count == 24 || count == 27 else { return nil }
        func number(_ start: Int, _ width: Int) -> Int64? {
            var result: Int64 = 0
            for index in start..<(start + width) {
                guard let byte = _UnsafeFIXBytes.byte(value, at: index),
                    byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9")
                else { return nil }
                result = result * 10 + Int64(byte &- UInt8(ascii: "0"))
            }
            return result
        }
        func separator(_ index: Int, _ ascii: Unicode.Scalar) -> Bool {
            _UnsafeFIXBytes.byte(value, at: index) == UInt8(ascii: ascii)
        }
        guard let year = number(0, 4), let month = number(4, 2), let day = number(6, 2), separator(8, "-"),
            let hour = number(9, 2), separator(11, ":"), let minute = number(12, 2), separator(14, ":"),
            let second = number(15, 2)
        else { return nil }
        var fractionNanos: Int64 = 0
        if count > 17 {
            guard separator(17, "."), let fraction = number(18, count - 18) else { return nil }
            fractionNanos = count == 21 ? fraction * 1_000_000 : count == 24 ? fraction * 1_000 : fraction
        }
        guard (1677...2262).contains(year), (1...12).contains(month), day >= 1,
            day <= daysInMonth(year: year, month: month), hour < 24, minute < 60, second <= 60
        else { return nil }
        let days = self.days(fromCivil: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second
        let (nanos, overflow1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflow2) = nanos.addingReportingOverflow(fractionNanos)
        return overflow1 || overflow2 ? nil : total
    }

    /// Parses `text` (see ``parse(_:)``).
    public static func parse(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBytes { parse($0) }
    }

    // MARK: Calendar arithmetic

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func days(fromCivil year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func appendPadded(_ value: Int64, width: Int, to out: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        let clamped = max(0, value)
        while divisor > 0 {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: (clamped / divisor) % 10))
            divisor /= 10
        }
    }
}
