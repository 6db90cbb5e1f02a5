import MatchbookMemory

/// Where one side's sorted level array lives: a segment of the shared ladder table (`BookCore`).
///
///     ladder table:  … │ start │ start+1 │ … │ start+count-1 │ (free up to start+capacity) │ …
///                        worst price ─────────────▶ best price (the END: most updates are near the touch)
///
/// `capacity == 0` means the side holds no segment (no levels). 12 bytes, inside `BookHeader`.
@frozen
public struct SideLadder: BitwiseCopyable, Sendable, Equatable {
    /// First entry of the segment in the ladder table (meaningless while `capacity == 0`).
    public var start: UInt32
    /// Entries in the segment: 0 (none), the small size or the large size of `BookCapacity`.
    public var capacity: UInt32
    /// Levels on this side now (entries `start ..< start + count` are used).
    public var count: UInt32

    /// No segment, no levels.
    @inlinable
    public static var empty: SideLadder { SideLadder(start: .max, capacity: 0, count: 0) }

    @inlinable
    public init(start: UInt32, capacity: UInt32, count: UInt32) {
        self.start = start
        self.capacity = capacity
        self.count = count
    }
}

/// One symbol's book: its name and both sides' ladders, a 64-byte record in the flat `books` table indexed by
/// stock locate. The best bid and best ask are the last entries of `bids` and `asks`: O(1).
///
///     byte 0        8                 20                32           36     38    39   40         48        64
///          ┌────────┬─────────────────┬─────────────────┬────────────┬──────┬─────┬────┬──────────┬─────────┐
///          │ symbol │ bids SideLadder │ asks SideLadder │ liveOrders │locate│flags│ -- │ updates  │ padding │
///          │ UInt64 │ 12 bytes        │ 12 bytes        │ UInt32     │UInt16│UInt8│    │ UInt64   │ 16 B    │
///          └────────┴─────────────────┴─────────────────┴────────────┴──────┴─────┴────┴──────────┴─────────┘
///
/// `symbol` is 8 space-padded ASCII bytes read big-endian (first character in the most significant byte), the
/// same encoding as `ITCHStock.rawValue`.
@frozen
public struct BookHeader: BitwiseCopyable, Sendable {
    /// The symbol, 8 ASCII bytes big-endian, 0 while undefined.
    public var symbol: UInt64
    /// Bid levels, ascending price, best (highest) last.
    public var bids: SideLadder
    /// Ask levels, descending price, best (lowest) last.
    public var asks: SideLadder
    /// Orders resting in this book.
    public var liveOrders: UInt32
    /// The book's stock locate (its index in the table).
    public var locate: UInt16
    /// `BookHeader.definedFlag` once a directory message named the symbol; `activeFlag` once it held an order.
    public var flags: UInt8
    @usableFromInline var _reserved: UInt8
    /// Book mutations (orders added, reduced or removed) since the session began.
    public var updates: UInt64
    @usableFromInline var _padding: InlineArray<16, UInt8>

    /// `flags` bit: a directory message defined the symbol.
    public static var definedFlag: UInt8 { 1 }
    /// `flags` bit: the book held at least one order this session.
    public static var activeFlag: UInt8 { 2 }

    /// An empty, undefined book for `locate`.
    @inlinable
    public init(locate: UInt16) {
        self.symbol = 0
        self.bids = .empty
        self.asks = .empty
        self.liveOrders = 0
        self.locate = locate
        self.flags = 0
        self._reserved = 0
        self.updates = 0
        self._padding = InlineArray(repeating: 0)
    }

    /// The ladder of `side`.
    @inlinable
    public func ladder(_ side: Side) -> SideLadder {
        side == .buy ? bids : asks
    }
}
