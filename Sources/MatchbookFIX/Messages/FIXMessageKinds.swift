/// A session-level (administrative) message, either direction.
public enum FIXSessionMessage: Equatable, Sendable {
    case logon(FIXLogon)
    case heartbeat(FIXHeartbeat)
    case testRequest(FIXTestRequest)
    case resendRequest(FIXResendRequest)
    case reject(FIXReject)
    case sequenceReset(FIXSequenceReset)
    case logout(FIXLogout)

    /// The body inside, for encoding.
    public var body: any FIXMessageBody {
        switch self {
        case .logon(let body): body
        case .heartbeat(let body): body
        case .testRequest(let body): body
        case .resendRequest(let body): body
        case .reject(let body): body
        case .sequenceReset(let body): body
        case .logout(let body): body
        }
    }
}

/// An application message a client sends to the exchange.
public enum FIXApplicationMessage: Equatable, Sendable {
    case newOrderSingle(FIXNewOrderSingle)
    case orderCancelRequest(FIXOrderCancelRequest)
    case orderCancelReplaceRequest(FIXOrderCancelReplaceRequest)
    case orderStatusRequest(FIXOrderStatusRequest)
    case marketDataRequest(FIXMarketDataRequest)

    /// The body inside, for encoding.
    public var body: any FIXMessageBody {
        switch self {
        case .newOrderSingle(let body): body
        case .orderCancelRequest(let body): body
        case .orderCancelReplaceRequest(let body): body
        case .orderStatusRequest(let body): body
        case .marketDataRequest(let body): body
        }
    }
}

/// An application message the exchange sends to clients.
public enum FIXExchangeMessage: Equatable, Sendable {
    case executionReport(FIXExecutionReport)
    case orderCancelReject(FIXOrderCancelReject)
    case marketDataSnapshot(FIXMarketDataSnapshot)
    case marketDataIncremental(FIXMarketDataIncremental)
    case marketDataRequestReject(FIXMarketDataRequestReject)
    case businessMessageReject(FIXBusinessMessageReject)

    /// The body inside, for encoding.
    public var body: any FIXMessageBody {
        switch self {
        case .executionReport(let body): body
        case .orderCancelReject(let body): body
        case .marketDataSnapshot(let body): body
        case .marketDataIncremental(let body): body
        case .marketDataRequestReject(let body): body
        case .businessMessageReject(let body): body
        }
    }
}

/// Any message this module decodes, by family.
public enum FIXMessage: Equatable, Sendable {
    case session(FIXSessionMessage)
    case application(FIXApplicationMessage)
    case exchange(FIXExchangeMessage)

    /// The body inside, for encoding.
    public var body: any FIXMessageBody {
        switch self {
        case .session(let message): message.body
        case .application(let message): message.body
        case .exchange(let message): message.body
        }
    }
}

/// A decoded message: its standard header and its typed body.
public struct FIXDecodedMessage: Equatable, Sendable {
    public var header: FIXStandardHeader
    public var message: FIXMessage

    public init(header: FIXStandardHeader, message: FIXMessage) {
        self.header = header
        self.message = message
    }
}
