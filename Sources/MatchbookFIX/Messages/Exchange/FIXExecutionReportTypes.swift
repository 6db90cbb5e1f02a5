/// ExecType(150): what happened to the order.
public enum FIXExecType: UInt8, Sendable, CaseIterable {
    case new = 0x30  // '0'
    case canceled = 0x34  // '4'
    case replaced = 0x35  // '5'
    case rejected = 0x38  // '8'
    case expired = 0x43  // 'C'
    case trade = 0x46  // 'F'
    case orderStatus = 0x49  // 'I'
}

/// OrdStatus(39): where the order stands now.
public enum FIXOrdStatus: UInt8, Sendable, CaseIterable {
    case new = 0x30  // '0'
    case partiallyFilled = 0x31  // '1'
    case filled = 0x32  // '2'
    case canceled = 0x34  // '4'
    case rejected = 0x38  // '8'
    case expired = 0x43  // 'C'
}

/// CxlRejResponseTo(434): which request an OrderCancelReject answers.
public enum FIXCxlRejResponseTo: UInt8, Sendable, CaseIterable {
    /// `1`: OrderCancelRequest(F).
    case orderCancelRequest = 0x31
    /// `2`: OrderCancelReplaceRequest(G).
    case orderCancelReplaceRequest = 0x32
}
