import MatchbookMemory

/// Per resting order, what the 64-byte `Order` record has no room for: a table indexed by the order's pool
/// slot (`PoolHandle<Order>.index`), 24 bytes. The `Order` itself keeps the id (`reference`), owner
/// (`participant`), hidden reserve (`reservedWord`), arrival sequence and the bits of `MatchingOrderFlags`.
@frozen
public struct RestingOrderInfo: BitwiseCopyable, Sendable {
    /// Caller's tag.
    public var clientTag: UInt64
    /// Shares filled since the order entered.
    public var cumulativeFilled: UInt32
    /// Iceberg: shares shown per slice (0 = not an iceberg).
    public var displayPeak: UInt32
    /// Stop price the order had before it triggered (0 if none), for status.
    public var stopPriceTicks: UInt32
    @usableFromInline var _spare: UInt32

    @inlinable
    init(clientTag: UInt64, cumulativeFilled: UInt32, displayPeak: UInt32, stopPriceTicks: UInt32) {
        self.clientTag = clientTag
        self.cumulativeFilled = cumulativeFilled
        self.displayPeak = displayPeak
        self.stopPriceTicks = stopPriceTicks
        self._spare = 0
    }
}

/// The bits the engine keeps in `Order.flags` (and `StopOrder.flags`).
///
///     bit 0: GTC (else day)   bits 1-2: SelfTradePrevention   bit 3: post-only   bits 4-5: TimeInForce (stops)
@usableFromInline
enum MatchingOrderFlags {
    @inlinable @inline(__always)
    static func make(timeInForce: TimeInForce, stp: SelfTradePrevention, postOnly: Bool) -> UInt8 {
        (timeInForce == .gtc ? 1 : 0) | stp.rawValue << 1 | (postOnly ? 8 : 0) | timeInForce.rawValue << 4
    }

    @inlinable @inline(__always)
    static func isGoodTillCancelled(_ flags: UInt8) -> Bool { flags & 1 != 0 }

    @inlinable @inline(__always)
    static func stp(_ flags: UInt8) -> SelfTradePrevention {
        SelfTradePrevention(rawValue: (flags >> 1) & 3) ?? .none
    }

    @inlinable @inline(__always)
    static func isPostOnly(_ flags: UInt8) -> Bool { flags & 8 != 0 }

    @inlinable @inline(__always)
    static func timeInForce(_ flags: UInt8) -> TimeInForce { TimeInForce(rawValue: (flags >> 4) & 3) ?? .day }
}

/// A stop or stop-limit order waiting off-book for its trigger: a 64-byte pool record, linked into its book's
/// arrival-ordered list of waiting stops (`SymbolState.stopHead/stopTail`).
///
///     0 orderId · 8 clientTag · 16 entrySequence · 24 quantity · 28 priceTicks · 32 stopPriceTicks · 36 owner
///     40 displayPeak · 44 previous · 48 next · 52 locate · 54 side · 55 type · 56 flags · 57…63 padding
@frozen
public struct StopOrder: BitwiseCopyable, Sendable {
    public var orderId: UInt64
    public var clientTag: UInt64
    public var entrySequence: UInt64
    public var quantity: UInt32
    /// Limit price once triggered (stop-limit), 0 for a stop (market).
    public var priceTicks: UInt32
    public var stopPriceTicks: UInt32
    public var owner: UInt32
    public var displayPeak: UInt32
    @usableFromInline var previous: PoolHandle<StopOrder>
    @usableFromInline var next: PoolHandle<StopOrder>
    public var locate: UInt16
    public var sideRaw: UInt8
    public var typeRaw: UInt8
    public var flags: UInt8
    @usableFromInline var _padding: InlineArray<7, UInt8>

    @inlinable
    init(
        orderId: UInt64, clientTag: UInt64, entrySequence: UInt64, quantity: UInt32, priceTicks: UInt32,
        stopPriceTicks: UInt32, owner: UInt32, locate: UInt16, side: Side, type: OrderType, flags: UInt8
    ) {
        self.orderId = orderId
        self.clientTag = clientTag
        self.entrySequence = entrySequence
        self.quantity = quantity
        self.priceTicks = priceTicks
        self.stopPriceTicks = stopPriceTicks
        self.owner = owner
        self.displayPeak = 0
        self.previous = .none
        self.next = .none
        self.locate = locate
        self.sideRaw = side.rawValue
        self.typeRaw = type.rawValue
        self.flags = flags
        self._padding = InlineArray(repeating: 0)
    }

    @inlinable
    public var side: Side { sideRaw == Side.sell.rawValue ? .sell : .buy }
}

/// One symbol's rules and trading state: a 64-byte record in a table indexed by stock locate.
@frozen
public struct SymbolState: BitwiseCopyable, Sendable {
    public var tickSize: UInt32
    public var lotSize: UInt32
    public var minPriceTicks: UInt32
    public var maxPriceTicks: UInt32
    /// Last trade price (valid when `hasLastTrade`).
    public var lastTradeTicks: UInt32
    /// Waiting stops, oldest first (raw `PoolHandle<StopOrder>` values).
    @usableFromInline var stopHead: PoolHandle<StopOrder>
    @usableFromInline var stopTail: PoolHandle<StopOrder>
    /// Waiting stops of this book.
    public var stopCount: UInt32
    /// A lower bound of the waiting buy stops' prices (scan filter; `UInt32.max` when none were added).
    @usableFromInline var buyStopFloor: UInt32
    /// An upper bound of the waiting sell stops' prices (scan filter; 0 when none were added).
    @usableFromInline var sellStopCeiling: UInt32
    public var isDefined: Bool
    public var isHalted: Bool
    public var hasLastTrade: Bool
    @usableFromInline var _padding: InlineArray<21, UInt8>  // to 64 bytes: one line per symbol

    @inlinable
    init() {
        tickSize = 1
        lotSize = 1
        minPriceTicks = 1
        maxPriceTicks = .max
        lastTradeTicks = 0
        stopHead = .none
        stopTail = .none
        stopCount = 0
        buyStopFloor = .max
        sellStopCeiling = 0
        isDefined = false
        isHalted = false
        hasLastTrade = false
        _padding = InlineArray(repeating: 0)
    }
}
