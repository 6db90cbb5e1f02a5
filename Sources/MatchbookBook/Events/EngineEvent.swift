/// What an engine event reports. The raw value is the byte stored in `EngineEvent.kindRaw`.
@frozen
public enum EngineEventKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// A new order passed validation (it may trade, rest, or — for a stop — wait).
    case accepted = 1
    /// A request was refused; `reason` says why and the book is unchanged.
    case rejected = 2
    /// One match between a resting (maker) and an incoming (taker) order: both sides in one record.
    case fill = 3
    /// An order (or its remainder) left the book: `reason` says why, `quantity` is the shares cancelled.
    case cancelled = 4
    /// A replace was applied: `priceTicks` and `leaves` are the new price and open quantity.
    case replaced = 5
    /// A stop order's trigger was reached: it now enters the book as a market or limit order.
    case triggered = 6
    /// A reduce was applied and the order keeps its priority: `quantity` taken off, `leaves` left.
    case reduced = 7
    /// A day order ended with the session: `quantity` is the shares that expired.
    case expired = 8

    public var description: String {
        switch self {
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .fill: "fill"
        case .cancelled: "cancelled"
        case .replaced: "replaced"
        case .triggered: "triggered"
        case .reduced: "reduced"
        case .expired: "expired"
        }
    }
}

/// Why a request was rejected or an order cancelled. The raw value is the byte in `EngineEvent.reasonRaw`.
@frozen
public enum EngineReason: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// No reason (accepted, fill, replaced, triggered, reduced, expired).
    case none = 0
    /// The locate names no configured symbol.
    case unknownSymbol = 1
    /// The symbol is halted: no new orders and no replaces (cancels and reduces still work).
    case halted = 2
    /// Quantity is zero (or a reduce of zero shares).
    case invalidQuantity = 3
    /// Quantity (or display quantity) is not a multiple of the symbol's lot size.
    case invalidLot = 4
    /// Iceberg display quantity is larger than the order quantity.
    case invalidDisplay = 5
    /// A limit price of zero.
    case invalidPrice = 6
    /// A price (limit or stop) that is not a multiple of the tick size.
    case offTick = 7
    /// A price (limit or stop) outside the symbol's band.
    case outsideBand = 8
    /// A combination the engine does not take (post-only market, iceberg IOC, post-only stop, …).
    case invalidCombination = 9
    /// Post-only order (or replace of one) that would trade on arrival.
    case postOnlyWouldCross = 10
    /// Fill-or-kill that the book cannot fill completely.
    case fokCannotFill = 11
    /// No live order has that engine order id.
    case unknownOrder = 12
    /// The request names an order of another owner.
    case notOwner = 13
    /// The order id is already live (defensive: engine ids are unique).
    case duplicate = 14
    /// A pool, ladder or index of the arena is full: raise `MatchingCapacity`.
    case capacity = 15
    /// A market order (or triggered stop) found no more opposite liquidity: the remainder is cancelled.
    case noLiquidity = 16
    /// The unfilled remainder of an immediate-or-cancel (or fill-or-kill) order.
    case immediateOrCancel = 17
    /// Self-trade prevention cancelled this order (maker, taker or both, per the taker's mode).
    case selfTrade = 18
    /// The owner cancelled it.
    case requested = 19
    /// A reduce took every open share.
    case reducedToZero = 20
    /// A replace that changes nothing it can (no price and no quantity given).
    case nothingToReplace = 21

    public var description: String { "\(self.name)" }

    /// The case name (for scenario scripts and reports). Cold path.
    public var name: String {
        switch self {
        case .none: "none"
        case .unknownSymbol: "unknownSymbol"
        case .halted: "halted"
        case .invalidQuantity: "invalidQuantity"
        case .invalidLot: "invalidLot"
        case .invalidDisplay: "invalidDisplay"
        case .invalidPrice: "invalidPrice"
        case .offTick: "offTick"
        case .outsideBand: "outsideBand"
        case .invalidCombination: "invalidCombination"
        case .postOnlyWouldCross: "postOnlyWouldCross"
        case .fokCannotFill: "fokCannotFill"
        case .unknownOrder: "unknownOrder"
        case .notOwner: "notOwner"
        case .duplicate: "duplicate"
        case .capacity: "capacity"
        case .noLiquidity: "noLiquidity"
        case .immediateOrCancel: "immediateOrCancel"
        case .selfTrade: "selfTrade"
        case .requested: "requested"
        case .reducedToZero: "reducedToZero"
        case .nothingToReplace: "nothingToReplace"
        }
    }
}

/// The request an event answers (so a gateway can tell an order reject from a cancel reject).
@frozen
public enum EngineOperation: UInt8, Sendable, CaseIterable {
    /// `submit`, or a stop entering the book when triggered.
    case submit = 1
    /// `cancel`.
    case cancel = 2
    /// `reduce`.
    case reduce = 3
    /// `replace`.
    case replace = 4
    /// `endOfSession`.
    case session = 5
}

/// One engine event: a fixed-size, trivial, 64-byte record the engine appends to its event buffer in the arena
/// (`MatchingEngine.eventCount`, `event(at:)`, `clearEvents()`). The caller drains it after each operation or
/// batch; nothing allocates.
///
///     byte 0        8          16             24          32     36          40     44         48
///          ┌────────┬──────────┬──────────────┬───────────┬──────┬───────────┬──────┬──────────┬
///          │matchId │ orderId  │ makerOrderId │ clientTag │owner │ makerOwner│price │ quantity │
///          └────────┴──────────┴──────────────┴───────────┴──────┴───────────┴──────┴──────────┴
///       48       52            56      58     59      60     61       62         64
///       ┬────────┬─────────────┬───────┬──────┬───────┬──────┬────────┬──────────┐
///       │ leaves │ makerLeaves │locate │ kind │reason │ side │ operat.│ reserved │
///       ┴────────┴─────────────┴───────┴──────┴───────┴──────┴────────┴──────────┘
///
/// Fields by kind (unused ones are 0):
/// - every kind: `orderId` (the subject: the taker in a fill), `owner`, `clientTag`, `locate`, `side`,
///   `operation`.
/// - `fill`: `matchId` (rising from 1), `makerOrderId`, `makerOwner`, `priceTicks` (the maker's price),
///   `quantity` (shares traded), `leaves` (taker's open shares after it), `makerLeaves` (maker's open shares,
///   displayed + hidden, after it).
/// - `accepted`/`triggered`/`replaced`: `priceTicks` (limit price, 0 for market), `quantity` (order quantity
///   or new open quantity), `leaves`.
/// - `cancelled`/`expired`: `priceTicks`, `quantity` (shares removed), `reason`.
/// - `reduced`: `quantity` (shares taken off), `leaves`.
/// - `rejected`: `reason`, and `priceTicks`/`quantity` as requested.
@frozen
public struct EngineEvent: BitwiseCopyable, Sendable, Equatable, CustomStringConvertible {
    /// Match id of a fill (rising from 1 per engine), else 0.
    public var matchId: UInt64
    /// The order the event is about (the taker of a fill).
    public var orderId: UInt64
    /// The resting order of a fill, else 0.
    public var makerOrderId: UInt64
    /// The subject order's caller-set tag (the gateway's mapping key), else 0.
    public var clientTag: UInt64
    /// Owner (participant/session id) of `orderId`.
    public var owner: UInt32
    /// Owner of `makerOrderId`.
    public var makerOwner: UInt32
    /// Price in ticks (see the kind table above).
    public var priceTicks: UInt32
    /// Shares (see the kind table above).
    public var quantity: UInt32
    /// Open shares of `orderId` after the event.
    public var leaves: UInt32
    /// Open shares of `makerOrderId` after a fill.
    public var makerLeaves: UInt32
    /// The book (stock locate).
    public var locate: UInt16
    /// `EngineEventKind.rawValue`.
    public var kindRaw: UInt8
    /// `EngineReason.rawValue`.
    public var reasonRaw: UInt8
    /// `Side.rawValue` of `orderId`.
    public var sideRaw: UInt8
    /// `EngineOperation.rawValue`.
    public var operationRaw: UInt8
    @usableFromInline var _reserved: UInt16

    @inlinable
    public init(
        kind: EngineEventKind, operation: EngineOperation, orderId: UInt64, owner: UInt32, locate: UInt16,
        side: Side, reason: EngineReason = .none, priceTicks: UInt32 = 0, quantity: UInt32 = 0,
        leaves: UInt32 = 0, clientTag: UInt64 = 0, matchId: UInt64 = 0, makerOrderId: UInt64 = 0,
        makerOwner: UInt32 = 0, makerLeaves: UInt32 = 0
    ) {
        self.matchId = matchId
        self.orderId = orderId
        self.makerOrderId = makerOrderId
        self.clientTag = clientTag
        self.owner = owner
        self.makerOwner = makerOwner
        self.priceTicks = priceTicks
        self.quantity = quantity
        self.leaves = leaves
        self.makerLeaves = makerLeaves
        self.locate = locate
        self.kindRaw = kind.rawValue
        self.reasonRaw = reason.rawValue
        self.sideRaw = side.rawValue
        self.operationRaw = operation.rawValue
        self._reserved = 0
    }

    /// The event's kind.
    @inlinable
    public var kind: EngineEventKind { EngineEventKind(rawValue: kindRaw) ?? .rejected }

    /// The reject or cancel reason (`.none` otherwise).
    @inlinable
    public var reason: EngineReason { EngineReason(rawValue: reasonRaw) ?? .none }

    /// The side of `orderId`.
    @inlinable
    public var side: Side { sideRaw == Side.sell.rawValue ? .sell : .buy }

    /// The request the event answers.
    @inlinable
    public var operation: EngineOperation { EngineOperation(rawValue: operationRaw) ?? .submit }

    public var description: String {
        var text = "\(kind) id=\(orderId) owner=\(owner) locate=\(locate) \(side) op=\(operationRaw)"
        if kind == .fill {
            text += " maker=\(makerOrderId)/\(makerOwner) match=\(matchId) makerLeaves=\(makerLeaves)"
        }
        text += " price=\(priceTicks) qty=\(quantity) leaves=\(leaves)"
        if reason != .none { text += " reason=\(reason)" }
        if clientTag != 0 { text += " tag=\(clientTag)" }
        return text
    }
}
