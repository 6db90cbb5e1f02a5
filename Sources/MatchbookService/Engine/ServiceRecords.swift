import MatchbookBook

/// What a command asks the engine to do.
public enum ServiceCommandKind: UInt8, Sendable {
    case newOrder = 1
    case cancel = 2
    case replace = 3
    case status = 4
    /// Not journaled: write the engine's state (`MatchingEngine.writeSnapshot`) into `EngineLink.snapshot`.
    case snapshot = 5
    /// The trading session ends on this engine (`MatchingEngine.endOfSession`): day orders and stops expire, the
    /// pools reset in O(1), GTC orders carry over. Journaled like any command; answered by the expiry events and
    /// then one `.sessionEnded` reply.
    case endOfSession = 6
}

/// One inbound command as the gateway hands it to an engine thread: a fixed 64-byte trivial record in the
/// command ring. `sequence` is the service-wide command number assigned at the gateway's one sequencing point
/// (every accepted inbound command passes it in order: the place a journal appends before the engine applies).
@frozen
public struct ServiceCommand: BitwiseCopyable, Sendable {
    public var sequence: UInt64
    /// Cancel, replace, status: the engine order id.
    public var orderId: UInt64
    /// The gateway's key for the order (echoed in every event about it).
    public var clientTag: UInt64
    public var owner: UInt32
    public var quantity: UInt32
    public var priceTicks: UInt32
    public var stopPriceTicks: UInt32
    public var displayQuantity: UInt32
    public var locate: UInt16
    public var kindRaw: UInt8
    public var sideRaw: UInt8
    public var orderTypeRaw: UInt8
    public var timeInForceRaw: UInt8
    public var postOnly: UInt8
    @usableFromInline var _reserved: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    public init(kind: ServiceCommandKind, sequence: UInt64 = 0, owner: UInt32, clientTag: UInt64, orderId: UInt64 = 0,
                locate: UInt16 = 0, side: Side = .buy, orderType: OrderType = .limit, timeInForce: TimeInForce = .day,
                quantity: UInt32 = 0, priceTicks: UInt32 = 0, stopPriceTicks: UInt32 = 0, displayQuantity: UInt32 = 0,
                postOnly: Bool = false) {
        self.sequence = sequence
        self.orderId = orderId
        self.clientTag = clientTag
        self.owner = owner
        self.quantity = quantity
        self.priceTicks = priceTicks
        self.stopPriceTicks = stopPriceTicks
        self.displayQuantity = displayQuantity
        self.locate = locate
        kindRaw = kind.rawValue
        sideRaw = side.rawValue
        orderTypeRaw = orderType.rawValue
        timeInForceRaw = timeInForce.rawValue
        self.postOnly = postOnly ? 1 : 0
        _reserved = (0, 0, 0, 0, 0, 0, 0, 0, 0)
    }

    public var kind: ServiceCommandKind? { ServiceCommandKind(rawValue: kindRaw) }
}

/// What a reply carries.
public enum ServiceReplyKind: UInt8, Sendable {
    /// An engine event (`event`).
    case event = 1
    /// The answer to a status command: `event` holds the order's state (kind `.accepted` when live, with
    /// `priceTicks`, `quantity` = cumulative filled, `leaves`), or kind `.rejected`/`.unknownOrder` when the engine
    /// does not know the order.
    case status = 2
    /// The command ring's consumer saw a command it cannot decode (never expected).
    case malformed = 3
    /// The session ended on the engine; every expiry event it could report came before this reply (`event.locate`
    /// is unused). Expiries beyond the event buffer are not reported one by one: the gateway expires the day orders
    /// it still holds for this engine's symbols.
    case sessionEnded = 4
}

/// One outbound record from an engine thread to the gateway: 128 bytes (an `EngineEvent` and its command).
@frozen
public struct ServiceReply: BitwiseCopyable, Sendable {
    public var event: EngineEvent
    /// The command it answers (its sequence and client tag).
    public var commandSequence: UInt64
    public var commandClientTag: UInt64
    /// Cumulative filled shares of `event.orderId` after the event (status replies and fills of the taker).
    public var cumulativeFilled: UInt32
    public var kindRaw: UInt8
    @usableFromInline var _reserved: (UInt8, UInt8, UInt8)
    @usableFromInline var _padding: (UInt64, UInt64, UInt64, UInt64, UInt64)

    public init(kind: ServiceReplyKind, event: EngineEvent, commandSequence: UInt64, commandClientTag: UInt64,
                cumulativeFilled: UInt32 = 0) {
        self.event = event
        self.commandSequence = commandSequence
        self.commandClientTag = commandClientTag
        self.cumulativeFilled = cumulativeFilled
        kindRaw = kind.rawValue
        _reserved = (0, 0, 0)
        _padding = (0, 0, 0, 0, 0)
    }

    public var kind: ServiceReplyKind? { ServiceReplyKind(rawValue: kindRaw) }
}
