import MatchbookBook
import MatchbookMemory

/// One cached level of the published depth. 16 bytes.
@usableFromInline @frozen
struct _CachedLevel: Equatable, BitwiseCopyable {
    @usableFromInline var priceTicks: UInt32
    @usableFromInline var orders: UInt32
    @usableFromInline var shares: UInt64

    @inlinable
    init(priceTicks: UInt32, orders: UInt32, shares: UInt64) {
        self.priceTicks = priceTicks
        self.orders = orders
        self.shares = shares
    }
}

/// Sequenced incremental level updates and per-epoch L2 snapshots of market-by-order books, written in the
/// wire format (`WireFormat`) into an epoch buffer carved from the engine thread's arena.
///
/// Scheme (exact, simple): the publisher keeps a cache of the published top `depth` levels of each side of
/// each book. After a book operation on `locate` it reads the top `depth` levels of both sides (O(depth) each,
/// no allocation) and diffs them against the cache: a cached price that is no longer in the top `depth` is
/// sent with shares 0, a price that is new or whose shares/orders changed is sent as it is now. Applying the
/// updates in order to a copy of the top `depth` levels gives the engine's top `depth` levels exactly.
///
///     book op ─▶ bookChanged(locate) ─▶ diff vs cache ─▶ LevelUpdate(seq n, n+1, …) ─▶ epoch buffer
///     every N messages ─▶ Snapshot(as of seq n) for each book changed in the epoch ─▶ sink ─▶ rewind
///
/// Every incremental carries the next channel sequence (1, 2, …) and its book's own level-update count;
/// a snapshot names the last channel sequence written before it. A book that changed in no epoch since the
/// last snapshot is not snapshotted again: any loss in an epoch touches only books that changed in it.
///
/// The epoch buffer is the publisher's own bump region, carved from the arena's pool region at start-up and
/// rewound in O(1) at each epoch (the arena's shared scratch holds the replay's input chunk for the whole run,
/// so resetting it per snapshot epoch is not possible there). The engine never allocates, locks or blocks for
/// the publisher beyond the sink's write(2). Not thread-safe: owned by one engine thread.
public struct SnapshotPublisher: ~Copyable {
    // A pointer-led field first: see the ThreadSanitizer note on BookCore's stored properties.
    /// books × 2 sides × depth cached levels, best first.
    @usableFromInline let cache: ArenaTable<_CachedLevel>
    public let options: PublisherOptions
    @usableFromInline let depth: Int
    @usableFromInline let bookCount: Int
    /// Cached levels per (book, side).
    @usableFromInline let cacheCounts: ArenaTable<UInt8>
    /// The current top levels of the side being diffed.
    @usableFromInline let current: ArenaTable<_CachedLevel>
    @usableFromInline let bookSequences: ArenaTable<UInt32>
    @usableFromInline let symbols: ArenaTable<UInt64>
    @usableFromInline let dirtyFlags: ArenaTable<UInt8>
    @usableFromInline let dirtyList: ArenaTable<UInt16>
    @usableFromInline var dirtyCount = 0
    @usableFromInline let bufferStorage: ArenaTable<UInt64>
    @usableFromInline let buffer: UnsafeMutableRawPointer
    @usableFromInline let bufferCapacity: Int
    @usableFromInline var bufferCount = 0
    @usableFromInline var messagesSinceSnapshot = 0
    @usableFromInline var sink: PublisherFileSink
    @usableFromInline var _stats = PublisherStats()

    /// What the publisher has written so far.
    public var stats: PublisherStats { _stats }

    /// Carves the cache, tables and epoch buffer from `arena` for `bookCount` books. Cold path.
    ///
    /// - Throws: `PublisherError` for options out of range, `ArenaError` when the pool region is too small.
    public init(
        arena: borrowing Arena, bookCount: Int, options: PublisherOptions, sink: consuming PublisherFileSink
    ) throws {
        guard (1...PublisherOptions.maximumDepth).contains(options.depth) else {
            throw PublisherError.invalidDepth(options.depth)
        }
        guard options.snapshotEveryMessages > 0 else {
            throw PublisherError.invalidInterval(options.snapshotEveryMessages)
        }
        let books = max(bookCount, 1)
        let maximumSnapshot = WireFormat.snapshotBytes(bids: options.depth, asks: options.depth)
        let capacity = max(options.bufferBytes, 4 * maximumSnapshot) + 7 & ~7
        // Every table into a local first, so a throw leaves nothing half-initialized.
        let cache = try arena.makeTable(
            of: _CachedLevel.self, count: books * 2 * options.depth, name: "publisher-cache")
        let cacheCounts = try arena.makeTable(of: UInt8.self, count: books * 2, name: "publisher-counts")
        let current = try arena.makeTable(of: _CachedLevel.self, count: options.depth, name: "publisher-current")
        let bookSequences = try arena.makeTable(of: UInt32.self, count: books, name: "publisher-book-sequences")
        let symbols = try arena.makeTable(of: UInt64.self, count: books, name: "publisher-symbols")
        let dirtyFlags = try arena.makeTable(of: UInt8.self, count: books, name: "publisher-dirty")
        let dirtyList = try arena.makeTable(of: UInt16.self, count: books, name: "publisher-dirty-list")
        let storage = try arena.makeTable(of: UInt64.self, count: capacity / 8, name: "publisher-epoch-buffer")
        let base = Self.baseAddress(of: storage)
        self.options = options
        depth = options.depth
        self.bookCount = bookCount
        self.cache = cache
        self.cacheCounts = cacheCounts
        self.current = current
        self.bookSequences = bookSequences
        self.symbols = symbols
        self.dirtyFlags = dirtyFlags
        self.dirtyList = dirtyList
        buffer = base
        bufferStorage = storage
        bufferCapacity = capacity
        self.sink = sink
    }

    /// The start of an arena table's storage: stable for the arena's life (tables never move).
    private static func baseAddress(of table: borrowing ArenaTable<UInt64>) -> UnsafeMutableRawPointer {
        var span = table.mutableSpan
        return span.withUnsafeMutableBytes { $0.baseAddress! }
    }

    // MARK: Hot path

    /// Publishes what a book operation on `locate` changed in the top `depth` levels of either side.
    /// O(depth²) compares worst case (depth 5: a few dozen), no allocation. A locate out of range is ignored.
    @inlinable
    public mutating func bookChanged(locate: UInt16, books: borrowing MarketByOrderBooks) {
        guard Int(locate) < bookCount else { return }
        let bid = diffSide(locate: locate, side: .buy, books: books)
        let ask = diffSide(locate: locate, side: .sell, books: books)
        if (bid || ask) && dirtyFlags[Int(locate)] == 0 {
            dirtyFlags[Int(locate)] = 1
            dirtyList[dirtyCount] = locate
            dirtyCount &+= 1
        }
    }

    /// Publishes a symbol definition (stock directory). O(1).
    @inlinable
    public mutating func defineSymbol(locate: UInt16, symbol: UInt64) {
        guard Int(locate) < bookCount else { return }
        symbols[Int(locate)] = symbol
        reserve(WireFormat.symbolDefinitionBytes)
        _stats.lastSequence &+= 1
        _stats.symbolDefinitions &+= 1
        bufferCount &+= WireEncoder.writeSymbolDefinition(
            SymbolDefinitionMessage(locate: locate, symbol: symbol), sequence: _stats.lastSequence,
            unchecked: buffer + bufferCount)
    }

    /// Counts one feed message; every `snapshotEveryMessages`-th runs a snapshot epoch. Returns true when it
    /// did (the caller's `publish` stage then includes the epoch's cost). O(1), or O(changed books × depth).
    @inlinable @inline(__always)
    public mutating func messageHandled() -> Bool {
        messagesSinceSnapshot &+= 1
        guard messagesSinceSnapshot >= options.snapshotEveryMessages else { return false }
        snapshotEpoch()
        return true
    }

    /// Diffs one side of `locate` against the cache, writes level updates, updates the cache.
    /// Returns whether anything was published.
    @inlinable
    mutating func diffSide(locate: UInt16, side: Side, books: borrowing MarketByOrderBooks) -> Bool {
        let slot = Int(locate) &* 2 &+ (side == .buy ? 0 : 1)
        let base = slot &* depth
        let oldCount = Int(cacheCounts[slot])
        let newCount = min(books.levelCount(locate: locate, side: side), depth)
        var changed = newCount != oldCount
        var rank = 0
        while rank < newCount {
            let level = books.level(locate: locate, side: side, rank: rank)!
            let now = _CachedLevel(priceTicks: level.priceTicks, orders: level.orders, shares: level.shares)
            current[rank] = now
            if !changed && cache[base &+ rank] != now { changed = true }
            rank &+= 1
        }
        guard changed else { return false }
        // Prices that left the published depth.
        var old = 0
        while old < oldCount {
            let price = cache[base &+ old].priceTicks
            var found = false
            var new = 0
            while new < newCount {
                if current[new].priceTicks == price { found = true; break }
                new &+= 1
            }
            if !found { emit(locate: locate, side: side, priceTicks: price, shares: 0, orders: 0) }
            old &+= 1
        }
        // Prices that are new or changed.
        var new = 0
        while new < newCount {
            let now = current[new]
            var same = false
            old = 0
            while old < oldCount {
                if cache[base &+ old].priceTicks == now.priceTicks { same = cache[base &+ old] == now; break }
                old &+= 1
            }
            if !same {
                emit(locate: locate, side: side, priceTicks: now.priceTicks, shares: now.shares, orders: now.orders)
            }
            new &+= 1
        }
        new = 0
        while new < newCount {
            cache[base &+ new] = current[new]
            new &+= 1
        }
        cacheCounts[slot] = UInt8(truncatingIfNeeded: newCount)
        return true
    }

    @inlinable @inline(__always)
    mutating func emit(locate: UInt16, side: Side, priceTicks: UInt32, shares: UInt64, orders: UInt32) {
        reserve(WireFormat.levelUpdateBytes)
        bookSequences[Int(locate)] &+= 1
        _stats.lastSequence &+= 1
        _stats.levelUpdates &+= 1
        let update = LevelUpdateMessage(
            locate: locate, side: side, level: LevelView(priceTicks: priceTicks, shares: shares, orders: orders),
            bookSequence: bookSequences[Int(locate)])
        bufferCount &+= WireEncoder.writeLevelUpdate(
            update, sequence: _stats.lastSequence, unchecked: buffer + bufferCount)
    }

    /// Makes room for `bytes` in the epoch buffer, handing what it holds to the sink when full (cold).
    @inlinable @inline(__always)
    mutating func reserve(_ bytes: Int) {
        if bufferCount &+ bytes > bufferCapacity { flushEarly() }
    }

    @inline(never) @usableFromInline
    mutating func flushEarly() {
        _stats.earlyFlushes &+= 1
        flush()
    }

    /// Hands the buffer to the sink and rewinds it (the epoch's bytes are dead afterwards). O(bytes).
    @usableFromInline
    mutating func flush() {
        guard bufferCount > 0 else { return }
        sink.write(buffer, count: bufferCount)
        _stats.bytes &+= bufferCount
        bufferCount = 0
    }

    /// One snapshot epoch: a snapshot of every book changed since the last epoch, consistent with the last
    /// incremental sequence, then the buffer goes to the sink and rewinds. O(changed books × depth).
    @inline(never) @usableFromInline
    mutating func snapshotEpoch() {
        let asOf = _stats.lastSequence
        var index = 0
        while index < dirtyCount {
            let locate = dirtyList[index]
            dirtyFlags[Int(locate)] = 0
            writeSnapshot(locate: locate, asOf: asOf)
            index &+= 1
        }
        _stats.snapshots &+= dirtyCount
        _stats.snapshotEpochs &+= 1
        dirtyCount = 0
        messagesSinceSnapshot = 0
        flush()
    }

    @usableFromInline
    mutating func writeSnapshot(locate: UInt16, asOf: UInt64) {
        let bidSlot = Int(locate) &* 2
        let bids = Int(cacheCounts[bidSlot])
        let asks = Int(cacheCounts[bidSlot &+ 1])
        reserve(WireFormat.snapshotBytes(bids: bids, asks: asks))
        let destination = buffer + bufferCount
        bufferCount &+= WireEncoder.writeSnapshotHead(
            locate: locate, asOfSequence: asOf, bookSequence: bookSequences[Int(locate)],
            symbol: symbols[Int(locate)], bids: bids, asks: asks, unchecked: destination)
        var index = 0
        while index < bids &+ asks {
            let slot = index < bids ? bidSlot : bidSlot &+ 1
            let level = cache[slot &* depth &+ (index < bids ? index : index &- bids)]
            WireEncoder.writeSnapshotLevel(
                priceTicks: level.priceTicks, shares: level.shares, orders: level.orders, index: index,
                unchecked: destination)
            index &+= 1
        }
    }

    // MARK: Cold path

    /// Ends the stream: a final snapshot epoch (so a subscriber is exact at the end), then the last bytes go to
    /// the sink. Returns the sink's first write errno, 0 if none.
    public mutating func finish() -> Int32 {
        snapshotEpoch()
        return sink.writeError
    }

    /// The sink's path.
    public var sinkPath: String { sink.path }
}
