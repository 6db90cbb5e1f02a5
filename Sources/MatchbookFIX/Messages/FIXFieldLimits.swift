/// Longest values accepted for string fields, in bytes. Longer values are rejected with
/// SessionRejectReason 5 (value incorrect) naming the tag.
public enum FIXFieldLimits {
    /// ClOrdID(11), OrigClOrdID(41), OrderID(37), ExecID(17), MDReqID(262), TestReqID(112).
    public static let identifier = 32
    /// Symbol(55).
    public static let symbol = 16
    /// SenderCompID(49), TargetCompID(56).
    public static let compID = 32
    /// Account(1), Username(553), Password(554).
    public static let credential = 64
    /// Text(58).
    public static let text = 1_024
    /// Entries in a repeating group (NoMDEntryTypes, NoRelatedSym, NoMDEntries).
    public static let groupEntries = 1_024
}
