/// The FIX dialect this module speaks: FIX 4.4 tag-value, SOH-delimited.
public enum FIXVersion {
    /// BeginString(8).
    public static let beginString = "FIX.4.4"
    /// The field delimiter, SOH (0x01).
    public static let fieldDelimiter: UInt8 = 0x01
    /// The bytes every message starts with: `8=FIX.4.4<SOH>`.
    public static let beginStringField: [UInt8] = Array("8=FIX.4.4\u{1}".utf8)
}
