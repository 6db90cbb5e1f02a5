import MatchbookMemory

/// The price-time matching engine: every symbol's book on one engine thread, in the arena.
///
/// ```
///  submit/cancel/reduce/replace ─▶ validation ─▶ match loop (BookCore: best level ▸ FIFO head ▸ fill)
///         │                                         │ last trade price ▸ waiting stops ▸ triggered queue
///         ▼                                         ▼
///   OrderIndex (engine id → order handle)    events (ArenaTable<EngineEvent>, drained by the caller)
///   RestingOrderInfo table (by order slot)   changed-books list (for the snapshot publisher)
/// ```
///
/// - Engine order ids are assigned here, rising from 1 (every `submit` takes one, rejected or not); they key a
///   paged direct index (`OrderIndex`), so lookups touch neighbouring cache lines.
/// - Price-time priority: best price first, then arrival (FIFO per level). A fill trades at the resting order's
///   price. A reduce or a quantity decrease at the same price keeps priority; a price change or a quantity
///   increase moves the order to the back. An iceberg shows `displayQuantity` at a time; when that slice is
///   filled the next one joins the BACK of its level.
/// - Stops wait off-book: a buy stop triggers once a trade prints at or above its stop price, a sell stop at
///   or below (a stop whose trigger is already reached when it arrives triggers at once). Stops reached by the
///   trades of one order enter in arrival order, after that order; their own trades can trigger more (a
///   cascade, processed in the same call).
/// - Self-trade prevention follows the incoming order's mode. FOK is checked against the book (displayed and
///   hidden shares within the limit, minus what self-trade prevention would cancel or block) before any fill.
/// - Every operation appends events to the buffer (`eventCount`, `event(at:)`, `clearEvents()`); books whose
///   levels changed are listed once each (`changedBookCount`, `changedBook(at:)`, `clearChangedBooks()`).
///
/// Hot paths (`submit`, `cancel`, `reduce`, `replace`) allocate nothing, take no lock and do no ARC; running
/// out of a pool is a reject (`capacity`), never a crash. Keep the engine with the arena it was built from and
/// drop them together. Not thread-safe: owned by one engine thread.
public struct MatchingEngine: ~Copyable {
    // `_core` first (a pointer-led record): see the ThreadSanitizer note on BookCore's stored properties.
    // Snapshot (MatchingEngine+Snapshot.swift) — what each stored property becomes:
    // `_core`: orders stored as plain fields, walked book/side/level/FIFO; levels, ladders, links, headers
    // re-derived by `insertOrder`. Symbol names and definitions are checked, not restored. As after
    // `endOfSession()`, slots are compacted and a side that sat in a large ladder segment with few levels
    // (shrinks only at a quarter of the small size) comes back in a small one: only which pool runs out first
    // near a full capacity can differ, never matching.
    @usableFromInline var _core: BookCore
    /// The sizes reserved at start-up. Snapshot: not stored; restore checks the snapshot fits it.
    public let capacity: MatchingCapacity
    /// Snapshot: re-derived (one insert per restored order).
    @usableFromInline var _index: OrderIndex
    /// Snapshot: stored with each resting order (all four fields), re-keyed by the order's new slot.
    @usableFromInline let _info: ArenaTable<RestingOrderInfo>
    /// Snapshot: waiting stops stored as plain fields in each book's arrival order; `previous`/`next` re-linked.
    @usableFromInline let _stops: SlotPool<StopOrder>
    /// Waiting stops by id; the entries are `PoolHandle<StopOrder>` raw values stored as `PoolHandle<Order>`.
    /// Snapshot: re-derived (one insert per restored stop).
    @usableFromInline var _stopIndex: OrderIndex
    /// Snapshot: rules (tick, lot, band, defined) checked against the restoring engine; `isHalted`,
    /// `hasLastTrade`, `lastTradeTicks` stored; stop list, count and scan bounds re-derived by `_linkWaiting`
    /// (the bounds are only a scan filter: exact ones skip the same scans' empty results).
    @usableFromInline let _symbols: ArenaTable<SymbolState>
    /// Snapshot: output, not state — neither written nor restored (the caller drains them).
    @usableFromInline let _events: ArenaTable<EngineEvent>
    /// Snapshot: not stored (output); a restored engine starts with none.
    @usableFromInline var _eventCount: Int
    /// Snapshot: not stored (a diagnostic counter of this process); a restored engine starts at 0.
    @usableFromInline var _droppedEvents: Int
    /// Snapshot: not stored (publisher output, drained by the caller).
    @usableFromInline let _changedFlags: ArenaTable<UInt8>
    /// Snapshot: not stored (as `_changedFlags`).
    @usableFromInline let _changedList: ArenaTable<UInt16>
    /// Snapshot: not stored (as `_changedFlags`).
    @usableFromInline var _changedCount: Int
    /// Snapshot: stored.
    @usableFromInline var _nextOrderId: UInt64
    /// Order ids go `_nextOrderId`, `+ _orderIdStep`, …: engines sharing one id space (the service's engine
    /// threads) each take their own residue class (`numberOrders(from:step:)`).
    /// Snapshot: stored (replaces the restoring engine's `numberOrders(from:step:)`).
    @usableFromInline var _orderIdStep: UInt64
    /// Snapshot: stored.
    @usableFromInline var _nextMatchId: UInt64
    /// Snapshot: stored (orders and stops keep their own entry sequences too).
    @usableFromInline var _sequence: UInt64
    /// Triggered stops waiting to enter (FIFO through `StopOrder.next`). Snapshot: empty between commands
    /// (`_processTriggers` drains it before returning): `writeSnapshot` checks it, restore keeps it empty.
    @usableFromInline var _triggeredHead: PoolHandle<StopOrder>
    @usableFromInline var _triggeredTail: PoolHandle<StopOrder>
    /// Lowest and highest trade price since the last stop check (`_tradeLow > _tradeHigh`: no trade).
    /// Snapshot: `.max`/0 between commands (every stop check resets them): `writeSnapshot` checks it.
    @usableFromInline var _tradeLow: UInt32
    @usableFromInline var _tradeHigh: UInt32

    /// Carves the books, index, stop pool, symbol table and event buffer from `arena` and applies `symbols`.
    /// Cold path: call at start-up.
    ///
    /// - Throws: `ArenaError` when the arena's pool region is smaller than `capacity.requiredArenaBytes`, the
    ///   capacity is inconsistent, or a symbol's rules are invalid (`.invalidConfiguration`).
    public init(arena: borrowing Arena, capacity: MatchingCapacity, symbols: [SymbolRules]) throws(ArenaError) {
        for rules in symbols {
            guard Int(rules.locate) < capacity.book.books, rules.tickSize > 0, rules.lotSize > 0,
                  rules.minPriceTicks > 0, rules.minPriceTicks <= rules.maxPriceTicks
            else {
                throw .invalidConfiguration(
                    "symbol locate \(rules.locate): need locate < books, tick and lot > 0, 0 < min <= max price")
            }
        }
        guard capacity.stopOrders > 0, capacity.stopIndexPages > 0, capacity.events > 0 else {
            throw .invalidConfiguration("matching capacity: stopOrders, stopIndexPages and events must be > 0")
        }
        let core = try BookCore(arena: arena, capacity: capacity.book)
        let index = try OrderIndex(
            arena: arena, directoryPages: capacity.book.indexDirectoryPages, pages: capacity.book.indexPages)
        let info = try arena.makeTable(
            of: RestingOrderInfo.self, count: capacity.book.orders, name: "matching-order-info")
        let stops = try arena.makePool(of: StopOrder.self, capacity: capacity.stopOrders, name: "matching-stops")
        let stopIndex = try OrderIndex(
            arena: arena, directoryPages: capacity.book.indexDirectoryPages, pages: capacity.stopIndexPages)
        let symbolTable = try arena.makeTable(of: SymbolState.self, count: capacity.book.books, name: "symbols")
        let events = try arena.makeTable(of: EngineEvent.self, count: capacity.events, name: "matching-events")
        let changedFlags = try arena.makeTable(of: UInt8.self, count: capacity.book.books, name: "changed-flags")
        let changedList = try arena.makeTable(of: UInt16.self, count: capacity.book.books, name: "changed-list")
        self.capacity = capacity
        _core = core
        _index = index
        _info = info
        _stops = stops
        _stopIndex = stopIndex
        _symbols = symbolTable
        _events = events
        _eventCount = 0
        _droppedEvents = 0
        _changedFlags = changedFlags
        _changedList = changedList
        _changedCount = 0
        _nextOrderId = 1
        _orderIdStep = 1
        _nextMatchId = 1
        _sequence = 0
        _triggeredHead = .none
        _triggeredTail = .none
        _tradeLow = .max
        _tradeHigh = 0
        for locate in 0..<capacity.book.books { _symbols[locate] = SymbolState() }
        for rules in symbols {
            var state = SymbolState()
            state.tickSize = rules.tickSize
            state.lotSize = rules.lotSize
            state.minPriceTicks = rules.minPriceTicks
            state.maxPriceTicks = rules.maxPriceTicks
            state.isHalted = rules.halted
            state.isDefined = true
            _symbols[Int(rules.locate)] = state
            var name: UInt64 = 0
            var bytes = Array(rules.symbol.utf8.prefix(8))
            while bytes.count < 8 { bytes.append(0x20) }
            for byte in bytes { name = name << 8 | UInt64(byte) }
            _core.defineSymbol(locate: rules.locate, symbol: name)
        }
    }

    // MARK: Events

    /// Events appended since the last `clearEvents()`.
    @inlinable
    public var eventCount: Int { _eventCount }

    /// Event `index` (`0 ..< eventCount`), oldest first.
    @inlinable
    public func event(at index: Int) -> EngineEvent {
        precondition(index < _eventCount, "event index beyond the events appended")
        return _events[index]
    }

    /// Empties the event buffer (O(1)): call after draining it.
    @inlinable
    public mutating func clearEvents() { _eventCount = 0 }

    /// Events lost because the buffer was full (size `MatchingCapacity.events` for the largest operation).
    @inlinable
    public var droppedEvents: Int { _droppedEvents }

    @inlinable @inline(__always)
    mutating func _emit(_ event: EngineEvent) {
        if _eventCount < _events.count {
            _events[_eventCount] = event
            _eventCount &+= 1
        } else {
            _droppedEvents &+= 1
        }
    }

    // MARK: Changed books

    /// Books whose levels changed since the last `clearChangedBooks()`, each listed once.
    @inlinable
    public var changedBookCount: Int { _changedCount }

    /// Changed book `index` (`0 ..< changedBookCount`), in order of first change.
    @inlinable
    public func changedBook(at index: Int) -> UInt16 {
        precondition(index < _changedCount, "changed-book index out of range")
        return _changedList[index]
    }

    /// Forgets the changed books. O(changed books).
    @inlinable
    public mutating func clearChangedBooks() {
        var index = 0
        while index < _changedCount {
            _changedFlags[Int(_changedList[index])] = 0
            index &+= 1
        }
        _changedCount = 0
    }

    @inlinable @inline(__always)
    mutating func _markChanged(_ locate: UInt16) {
        if _changedFlags[Int(locate)] == 0 {
            _changedFlags[Int(locate)] = 1
            _changedList[_changedCount] = locate
            _changedCount &+= 1
        }
    }

    // MARK: Symbols

    /// Halts (`true`) or resumes trading in book `locate`: a halted book rejects new orders and replaces
    /// (`halted`); cancels and reduces still work. An unknown locate is ignored. O(1).
    public mutating func setHalted(locate: UInt16, _ halted: Bool) {
        guard Int(locate) < _symbols.count, _symbols[Int(locate)].isDefined else { return }
        _symbols[Int(locate)].isHalted = halted
    }

    /// Whether book `locate` is halted.
    public func isHalted(locate: UInt16) -> Bool {
        Int(locate) < _symbols.count && _symbols[Int(locate)].isHalted
    }

    /// The last trade price of book `locate`, `nil` before its first trade.
    public func lastTradePrice(locate: UInt16) -> UInt32? {
        guard Int(locate) < _symbols.count, _symbols[Int(locate)].hasLastTrade else { return nil }
        return _symbols[Int(locate)].lastTradeTicks
    }

    /// Number of books (valid locates `0 ..< bookCount`).
    public var bookCount: Int { _core.bookCount }

    /// Orders resting in all books.
    @inlinable
    public var restingOrderCount: Int { _core.liveOrderCount }

    /// Price levels in all books.
    @inlinable
    public var levelCount: Int { _core.liveLevelCount }

    /// Stop orders waiting for a trigger.
    @inlinable
    public var waitingStopCount: Int { _stops.liveCount }

    /// Ids in the resting-order and stop indexes (equal `restingOrderCount` and `waitingStopCount`).
    public var indexedCounts: (resting: Int, stops: Int, restingPages: Int, stopPages: Int) {
        (_index.count, _stopIndex.count, _index.livePages, _stopIndex.livePages)
    }

    /// The id the next `submit` will get.
    public var nextOrderId: UInt64 { _nextOrderId }

    /// Numbers orders `first`, `first + step`, `first + 2·step`, …, so `step` engines started with `first` =
    /// 1…`step` never hand out the same id (the service's engine threads: one id space for the gateway and its
    /// clients). Call before the first `submit`; ids stay deterministic, so a journal replays to the same ids.
    public mutating func numberOrders(from first: UInt64, step: UInt64) {
        precondition(first >= 1 && step >= 1, "order ids start at 1 and grow")
        _nextOrderId = first
        _orderIdStep = step
    }
}
