import MatchbookMemory

/// One price on one side of one book: totals and the FIFO of its orders, a 64-byte pool record behind a
/// 32-bit `PoolHandle<PriceLevel>`.
///
///     byte 0             8           12           16     20     24     26    27    28            32          64
///          ┌─────────────┬───────────┬────────────┬──────┬──────┬──────┬─────┬─────┬─────────────┬───────────┐
///          │ totalShares │priceTicks │ orderCount │ head │ tail │locate│side │flags│ reservedWord│ padding   │
///          │ UInt64      │ UInt32    │ UInt32     │ h32  │ h32  │UInt16│UInt8│UInt8│ UInt32      │ 32 bytes  │
///          └─────────────┴───────────┴────────────┴──────┴──────┴──────┴─────┴─────┴─────────────┴───────────┘
///
///     head ─▶ order ⇄ order ⇄ … ⇄ order ◀─ tail      (oldest at the head: first to trade)
///
/// `totalShares` is the sum of the orders' `shares` (UInt64: many UInt32 orders can exceed 2³² shares);
/// `orderCount` is the FIFO's length. A level exists only while it holds at least one order.
@frozen
public struct PriceLevel: BitwiseCopyable, Sendable {
    /// Sum of the resting shares of the level's orders.
    public var totalShares: UInt64
    /// The level's price in ticks.
    public var priceTicks: UInt32
    /// Number of orders in the FIFO.
    public var orderCount: UInt32
    /// Oldest order (first in time priority), `.none` only while the level is being built or torn down.
    public var head: PoolHandle<Order>
    /// Newest order.
    public var tail: PoolHandle<Order>
    /// The book (stock locate) of the level.
    public var locate: UInt16
    /// `Side.rawValue`: `B` or `S`.
    public var sideRaw: UInt8
    /// Spare bits for the matching engine (0 in the mirror).
    public var flags: UInt8
    /// Spare word for the matching engine (e.g. hidden shares at this price).
    public var reservedWord: UInt32
    @usableFromInline var _padding: InlineArray<32, UInt8>

    /// An empty level at `priceTicks`.
    @inlinable
    public init(locate: UInt16, side: Side, priceTicks: UInt32) {
        self.totalShares = 0
        self.priceTicks = priceTicks
        self.orderCount = 0
        self.head = .none
        self.tail = .none
        self.locate = locate
        self.sideRaw = side.rawValue
        self.flags = 0
        self.reservedWord = 0
        self._padding = InlineArray(repeating: 0)
    }

    /// The level's side.
    @inlinable
    public var side: Side {
        @inline(__always) get { sideRaw == Side.sell.rawValue ? .sell : .buy }
    }
}
