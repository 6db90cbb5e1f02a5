import MatchbookMemory

/// The reusable heart of every book: per-symbol headers, sorted level ladders, price levels with intrusive FIFOs
/// of orders, and best-price maintenance. The market-by-order mirror (`MarketByOrderBooks`) and the matching
/// engine are both built on it; it knows nothing about ITCH or order ids.
///
/// ```
///  books (ArenaTable<BookHeader>, index = stock locate)
///   ┌────────┐   bids ─▶ ladder segment: [worst … best]  (LadderEntry: key + level handle)
///   │ header │   asks ─▶ ladder segment: [worst … best]              │
///   └────────┘                                                       ▼
///                              levels (SlotPool<PriceLevel>): price, totalShares, orderCount, head, tail
///                                                                    │ head ⇄ … ⇄ tail
///                              orders (SlotPool<Order>): reference, shares, price, level, previous, next
/// ```
///
/// API (all O(1) unless said; "best" = highest bid / lowest ask):
/// - `insertOrder(locate:side:priceTicks:shares:reference:)` rests an order at the tail of its level, creating
///   the level if needed (O(levels between the price and the touch) for the scan and the move; a short scan
///   from the end, then binary search) → `InsertedOrder` (handle, whether it rests at the best level).
/// - `reduceOrder(_:by:)` takes shares off a resting order (removing it when none remain); `removeOrder(_:)`
///   unlinks and frees it, and frees its level when empty. Both return whether the order was at the best level.
/// - `bestLevel(locate:side:)`, `level(locate:side:rank:)` (rank 0 = best), `levelCount(locate:side:)`,
///   `order(_:)`, `level(_:)`, `header(locate:)`: reads.
/// - `defineSymbol(locate:symbol:)`, `resetAll()` (session end): cold.
///
/// Storage lives in the arena the core was built from: keep the core with that arena and drop them together.
/// Not thread-safe: owned by one engine thread.
public struct BookCore: ~Copyable {
    // A pointer-led record first: Swift 6.3.1's ThreadSanitizer instrumentation of inout accesses made from a
    // mutating method of a loadable ~Copyable struct takes the struct's first scalar as the accessed address and
    // emits an invalid `bitcast i64 to ptr` when that scalar is an integer (the compiler aborts). With a pointer
    // first the IR is valid. Keep `_orders` first until the toolchain is fixed.
    @usableFromInline let _orders: SlotPool<Order>
    /// The sizes reserved at start-up.
    public let capacity: BookCapacity
    @usableFromInline let _levels: SlotPool<PriceLevel>
    @usableFromInline let _books: ArenaTable<BookHeader>
    /// Every side's sorted level array: small segments first, then large ones.
    @usableFromInline let _ladder: ArenaTable<LadderEntry>
    /// Two stacks of freed segment starts: small ones in `0 ..< smallLadders`, large ones after.
    @usableFromInline let _freeSegments: ArenaTable<UInt32>
    @usableFromInline var _segments: _SegmentCursors
    @usableFromInline let _smallLevels: UInt32
    @usableFromInline let _largeLevels: UInt32

    /// Carves the pools and tables from `arena`. Cold path: call at start-up.
    ///
    /// - Throws: `ArenaError` when the arena's pool region is too small (see `BookCapacity.requiredArenaBytes`)
    ///   or `.invalidConfiguration` when the capacity is inconsistent.
    public init(arena: borrowing Arena, capacity: BookCapacity) throws(ArenaError) {
        try capacity.validate()
        // Carve everything into locals first: a throw must not leave `self` partly initialized.
        let orders = try arena.makePool(of: Order.self, capacity: capacity.orders, name: "book-orders")
        let levels = try arena.makePool(of: PriceLevel.self, capacity: capacity.levels, name: "book-levels")
        let books = try arena.makeTable(of: BookHeader.self, count: capacity.books, name: "book-headers")
        let ladder = try arena.makeTable(
            of: LadderEntry.self, count: capacity.ladderEntries, name: "book-ladders")
        let freeSegments = try arena.makeTable(
            of: UInt32.self, count: capacity.smallLadders + capacity.largeLadders, name: "book-ladder-free")
        self.capacity = capacity
        _orders = orders
        _levels = levels
        _books = books
        _ladder = ladder
        _freeSegments = freeSegments
        _segments = _SegmentCursors()
        _smallLevels = UInt32(capacity.smallLadderLevels)
        _largeLevels = UInt32(capacity.largeLadderLevels)
        for locate in 0..<capacity.books {
            _books[locate] = BookHeader(locate: UInt16(truncatingIfNeeded: locate))
        }
    }

    /// Number of books (valid locates are `0 ..< bookCount`).
    @inlinable
    public var bookCount: Int {
        @inline(__always) get { _books.count }
    }

    /// The header of book `locate` (a copy). Precondition: `locate < bookCount`.
    @inlinable @inline(__always)
    public func header(locate: UInt16) -> BookHeader { _books[Int(locate)] }

    /// The order behind a live handle (a copy of its 64 bytes).
    @inlinable @inline(__always)
    public func order(_ handle: PoolHandle<Order>) -> Order { _orders[handle] }

    /// The level behind a live handle (a copy of its 64 bytes).
    @inlinable @inline(__always)
    public func level(_ handle: PoolHandle<PriceLevel>) -> PriceLevel { _levels[handle] }

    /// Whether `handle` names a live order of this core.
    @inlinable @inline(__always)
    public func isLive(_ handle: PoolHandle<Order>) -> Bool { _orders.isLive(handle) }

    /// Live orders in all books.
    @inlinable
    public var liveOrderCount: Int { _orders.liveCount }

    /// Live levels in all books.
    @inlinable
    public var liveLevelCount: Int { _levels.liveCount }

    /// Names book `locate`: `symbol` is 8 space-padded ASCII bytes, big-endian (as `ITCHStock.rawValue`).
    /// Cold path. Precondition: `locate < bookCount`.
    @inline(never)
    public func defineSymbol(locate: UInt16, symbol: UInt64) {
        _books[Int(locate)].symbol = symbol
        _books[Int(locate)].flags |= BookHeader.definedFlag
    }

    /// Ends the session: every order, level and ladder segment is free again and every handle of the session
    /// is dead. Symbols stay defined.
    ///
    /// O(1) for the order and level pools and the segment stacks (release builds; checked builds also poison
    /// the used slots, O(used)); O(books) to empty the headers.
    public mutating func resetAll() {
        _orders.resetAll()
        _levels.resetAll()
        _segments = _SegmentCursors()
        for locate in 0..<_books.count {
            let header = _books[locate]
            var fresh = BookHeader(locate: header.locate)
            fresh.symbol = header.symbol
            fresh.flags = header.flags & BookHeader.definedFlag
            _books[locate] = fresh
        }
    }
}

/// Allocation state of the ladder segments: like a pool, a never-used cursor plus a stack of freed segments
/// per size, so a reset is O(1).
@usableFromInline
struct _SegmentCursors: Sendable {
    @usableFromInline var smallUntouched: UInt32 = 0
    @usableFromInline var smallFree: UInt32 = 0
    @usableFromInline var largeUntouched: UInt32 = 0
    @usableFromInline var largeFree: UInt32 = 0

    @usableFromInline init() {}
}

/// An order the core just rested.
@frozen
public struct InsertedOrder: Sendable, Equatable {
    /// The new order's handle.
    public var order: PoolHandle<Order>
    /// Whether it rests at the best level of its side (so the top of book changed).
    public var atBest: Bool

    @inlinable
    public init(order: PoolHandle<Order>, atBest: Bool) {
        self.order = order
        self.atBest = atBest
    }
}
