import MatchbookMemory

/// One resting order: a 64-byte pool record behind a 32-bit `PoolHandle<Order>`.
///
/// The order carries its level's handle, so execute/cancel/delete reach the level without a search, and its
/// neighbours in the level's FIFO (`previous` is towards the head, the oldest order; `next` towards the tail):
///
///     byte 0          8        12          16      20         24     28     30    31    32           36
///          ┌──────────┬────────┬───────────┬───────┬──────────┬──────┬──────┬─────┬─────┬────────────┬──
///          │reference │ shares │priceTicks │ level │ previous │ next │locate│side │flags│ participant│…
///          │ UInt64   │ UInt32 │ UInt32    │ h32   │ h32      │ h32  │UInt16│UInt8│UInt8│ UInt32     │
///          └──────────┴────────┴───────────┴───────┴──────────┴──────┴──────┴─────┴─────┴────────────┴──
///       36           40               48                      64
///       ┬────────────┬────────────────┬───────────────────────┐
///       │reservedWord│ entrySequence  │ padding (16 bytes)    │   stride 64, one cache line
///       │ UInt32     │ UInt64         │                       │
///       ┴────────────┴────────────────┴───────────────────────┘
///
/// `participant`, `flags`, `reservedWord` and `entrySequence` are 0 in the market-by-order mirror; the matching
/// engine owns them (owner / self-trade group, order-type bits, hidden quantity, arrival sequence).
///
/// Only trivial fields: the record lives in an arena pool and is never retained or released.
@frozen
public struct Order: BitwiseCopyable, Sendable {
    /// Order reference (ITCH: unique for the day, rising through it).
    public var reference: UInt64
    /// Shares still resting (displayed), > 0 while the order is live.
    public var shares: UInt32
    /// Limit price in ticks (ITCH: 4 implied decimals, 10_000 = $1).
    public var priceTicks: UInt32
    /// The level this order rests in.
    public var level: PoolHandle<PriceLevel>
    /// The order ahead of this one in its level's FIFO (`.none` at the head).
    public var previous: PoolHandle<Order>
    /// The order behind this one in its level's FIFO (`.none` at the tail).
    public var next: PoolHandle<Order>
    /// The book (stock locate) the order rests in.
    public var locate: UInt16
    /// `Side.rawValue`: `B` or `S`.
    public var sideRaw: UInt8
    /// Order-type bits, owned by the matching engine (0 in the mirror).
    public var flags: UInt8
    /// Owner or self-trade-prevention group, owned by the matching engine (0 in the mirror).
    public var participant: UInt32
    /// Spare word for the matching engine (e.g. hidden iceberg shares).
    public var reservedWord: UInt32
    /// Arrival sequence, owned by the matching engine (0 in the mirror).
    public var entrySequence: UInt64
    @usableFromInline var _padding: InlineArray<16, UInt8>

    /// A new, unlinked order (`previous`/`next` are `.none`).
    @inlinable
    public init(
        reference: UInt64, locate: UInt16, side: Side, priceTicks: UInt32, shares: UInt32,
        level: PoolHandle<PriceLevel> = .none, participant: UInt32 = 0, entrySequence: UInt64 = 0
    ) {
        self.reference = reference
        self.shares = shares
        self.priceTicks = priceTicks
        self.level = level
        self.previous = .none
        self.next = .none
        self.locate = locate
        self.sideRaw = side.rawValue
        self.flags = 0
        self.participant = participant
        self.reservedWord = 0
        self.entrySequence = entrySequence
        self._padding = InlineArray(repeating: 0)
    }

    /// The order's side.
    @inlinable
    public var side: Side {
        @inline(__always) get { sideRaw == Side.sell.rawValue ? .sell : .buy }
    }
}
