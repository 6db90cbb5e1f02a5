/// MsgType(35) of the messages this module decodes and encodes.
public enum FIXMsgType: String, Sendable, CaseIterable {
    // Session
    case heartbeat = "0"
    case testRequest = "1"
    case resendRequest = "2"
    case reject = "3"
    case sequenceReset = "4"
    case logout = "5"
    case logon = "A"
    // Client to exchange
    case newOrderSingle = "D"
    case orderCancelRequest = "F"
    case orderCancelReplaceRequest = "G"
    case orderStatusRequest = "H"
    case marketDataRequest = "V"
    // Exchange to client
    case executionReport = "8"
    case orderCancelReject = "9"
    case marketDataSnapshotFullRefresh = "W"
    case marketDataIncrementalRefresh = "X"
    case marketDataRequestReject = "Y"
    case businessMessageReject = "j"

    /// Whether this is a session-level (administrative) message.
    public var isSession: Bool {
        switch self {
        case .heartbeat, .testRequest, .resendRequest, .reject, .sequenceReset, .logout, .logon: true
        default: false
        }
    }

    /// The type whose MsgType value is `bytes` (one or two bytes), or `nil`. O(1), no allocation.
    @inlinable
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 1, let byte = _UnsafeFIXBytes.byte(bytes, at: 0) else { return nil }
        switch byte {
        case UInt8(ascii: "0"): self = .heartbeat
        case UInt8(ascii: "1"): self = .testRequest
        case UInt8(ascii: "2"): self = .resendRequest
        case UInt8(ascii: "3"): self = .reject
        case UInt8(ascii: "4"): self = .sequenceReset
        case UInt8(ascii: "5"): self = .logout
        case UInt8(ascii: "A"): self = .logon
        case UInt8(ascii: "D"): self = .newOrderSingle
        case UInt8(ascii: "F"): self = .orderCancelRequest
        case UInt8(ascii: "G"): self = .orderCancelReplaceRequest
        case UInt8(ascii: "H"): self = .orderStatusRequest
        case UInt8(ascii: "V"): self = .marketDataRequest
        case UInt8(ascii: "8"): self = .executionReport
        case UInt8(ascii: "9"): self = .orderCancelReject
        case UInt8(ascii: "W"): self = .marketDataSnapshotFullRefresh
        case UInt8(ascii: "X"): self = .marketDataIncrementalRefresh
        case UInt8(ascii: "Y"): self = .marketDataRequestReject
        case UInt8(ascii: "j"): self = .businessMessageReject
        default: return nil
        }
    }
}
