import MatchbookMemory

/// The market-by-order (L3) mirror of an ITCH 5.0 feed: every symbol's book, every resting order in queue
/// order, driven message by message by replay (`add`, `execute`, `executeWithPrice`, `cancel`, `delete`,
/// `replace`).
///
/// ```
///  ITCH A/F/E/C/X/D/U ──▶ OrderIndex (reference → order handle, paged direct index)
///                               │
///                               ▼
///                         BookCore (books by locate → ladders → levels → FIFOs of orders)
/// ```
///
/// Feed anomalies (unknown reference, duplicate add, oversized execution, …) are counted in `anomalies` and
/// reported in each `BookUpdate`, never fatal; the book is unchanged except for the clamped oversized
/// execution/cancel (see `FeedAnomaly`). The steady state allocates nothing, takes no lock and does no ARC.
///
/// The pools and tables live in the arena passed to `init`: keep the mirror and its arena together (one
/// `~Copyable` struct or one function scope) and drop them together.
/// Not thread-safe: owned by one engine thread.
public struct MarketByOrderBooks: ~Copyable {
    @usableFromInline var _core: BookCore
    @usableFromInline var _index: OrderIndex
    @usableFromInline var _anomalies: FeedAnomalies

    /// Carves the books, pools, ladders and order index from `arena`. Cold path: call at start-up.
    ///
    /// - Throws: `ArenaError` when the arena's pool region is smaller than `capacity.requiredArenaBytes` or
    ///   the capacity is inconsistent.
    public init(arena: borrowing Arena, capacity: BookCapacity = .default) throws(ArenaError) {
        let core = try BookCore(arena: arena, capacity: capacity)
        let index = try OrderIndex(
            arena: arena, directoryPages: capacity.indexDirectoryPages, pages: capacity.indexPages)
        _core = core
        _index = index
        _anomalies = FeedAnomalies()
    }

    /// Anomalies counted since start-up.
    @inlinable
    public var anomalies: FeedAnomalies { _anomalies }

    /// The sizes reserved at start-up.
    public var capacity: BookCapacity { _core.capacity }

    /// Number of books: valid locates are `0 ..< bookCount`.
    @inlinable
    public var bookCount: Int { _core.bookCount }

    /// Orders resting in all books.
    @inlinable
    public var liveOrderCount: Int { _core.liveOrderCount }

    /// Levels in all books.
    @inlinable
    public var liveLevelCount: Int { _core.liveLevelCount }

    /// References in the order index (equals `liveOrderCount`).
    @inlinable
    public var indexedOrderCount: Int { _index.count }

    /// Pages of the order index in use.
    public var liveIndexPages: Int { _index.livePages }

    /// Names book `locate` from a stock directory message (R): `symbol` is the 8 space-padded ASCII bytes read
    /// big-endian (`ITCHStock.rawValue`). A locate out of range is counted and ignored. Cold path.
    @discardableResult
    public mutating func defineSymbol(locate: UInt16, symbol: UInt64) -> BookUpdate {
        guard Int(locate) < _core.bookCount else { return _anomaly(.locateOutOfRange, locate: locate) }
        _core.defineSymbol(locate: locate, symbol: symbol)
        return BookUpdate(locate: locate, topOfBookChanged: false)
    }

    /// Names book `locate` from a string (padded or cut to 8 ASCII bytes). Cold path (tests, tools).
    @discardableResult
    public mutating func defineSymbol(locate: UInt16, symbol: String) -> BookUpdate {
        var value: UInt64 = 0
        var bytes = Array(symbol.utf8.prefix(8))
        while bytes.count < 8 { bytes.append(0x20) }
        for byte in bytes { value = value << 8 | UInt64(byte) }
        return defineSymbol(locate: locate, symbol: value)
    }

    /// Ends the trading session (ITCH end of day): every book is empty, every order, level and index page is
    /// free and every handle of the session is dead. Symbols stay defined; anomaly counters are kept.
    ///
    /// O(1): the order, level and page pools (`SlotPool.resetAll`; checked builds add an O(used) poisoning
    /// walk) and the ladder segment stacks. Not O(1): emptying the book headers, O(books); clearing the index
    /// directory over the page numbers the session used, O(highest − lowest reference ÷ 4,096).
    public mutating func endOfSession() {
        _core.resetAll()
        _index.removeAll()
    }

    /// Counts `anomaly` and returns the unchanged-book result. Kept out of line: anomalies are rare.
    @inline(never) @usableFromInline
    mutating func _anomaly(_ anomaly: FeedAnomaly, locate: UInt16) -> BookUpdate {
        _anomalies.record(anomaly)
        return BookUpdate(locate: locate, topOfBookChanged: false, anomaly: anomaly)
    }
}
