import MatchbookBook
import MatchbookMemory

/// One cached level of the published depth. 16 bytes.
struct _CachedLevel: Equatable, BitwiseCopyable {
    var priceTicks: UInt32
    var orders: UInt32
    var shares: UInt64

    init(priceTicks: UInt32, orders: UInt32, shares: UInt64) {
        self.priceTicks = priceTicks
        self.orders = orders
        self.shares = shares
    }
}

/// The drain thread's half of the publisher: turns the engine's feed records (`FeedRecord`) into the sequenced
/// wire stream — level updates, trades, symbol definitions and per-epoch L2 snapshots — and hands it to the
/// sinks in whole messages.
///
///     feed records ─▶ touch ─▶ cache diff ─▶ LevelUpdate(seq n) ─┐
///     (SPSC ring)     trade ─────────────────▶ Trade(seq n+1) ───┤ output (arena) ─▶ every sink
///                     epoch ─▶ Snapshot(as of seq) per changed book ┘
///
/// Scheme (exact): it caches the published top `depth` levels of each side of each book. A touch names one
/// level as it is now; the encoder compares that one price with the cache (O(depth) compares): a level that
/// changed is sent as it is now, a level that left the published depth is sent with shares 0, and a level that
/// entered it (new, or pulled up when one above left — the engine sends the level that moves up) is sent
/// whole. Applying the updates in order to a copy of the top `depth` levels gives the engine's top `depth`
/// levels exactly. An image (a matching engine's sweep, or a book repaired after a drop) is diffed whole.
///
/// Every incremental carries the next channel sequence (1, 2, …) and a level update its book's own count; a
/// snapshot names the last channel sequence before it. Each epoch snapshots the books that changed in it and
/// refreshes `refreshBooksPerEpoch` others round-robin, so loss or a late join heals in bounded time. When the
/// engine dropped records (a `gap` record), one channel sequence number is skipped, so every subscriber sees
/// the hole, and the next epoch snapshots every book that ever had levels.
///
/// Not thread-safe: owned by the drain thread (built on the engine thread from its arena before the drain
/// starts; the arena outlives the drain, which `SnapshotPublisher.finish(books:)` joins).
struct PublisherEncoder: ~Copyable {
    // A pointer-led field first: see the ThreadSanitizer note on BookCore's stored properties.
    /// books × 2 sides × depth cached levels, best first.
    let cache: ArenaTable<_CachedLevel>
    let depth: Int
    let bookCount: Int
    let refreshBooksPerEpoch: Int
    /// Cached levels per (book, side).
    let cacheCounts: ArenaTable<UInt8>
    /// The image being received (up to `depth` levels).
    let current: ArenaTable<_CachedLevel>
    let bookSequences: ArenaTable<UInt32>
    let symbols: ArenaTable<UInt64>
    /// Levels per (book, side) in the book, as the touches report them (kept exact by images).
    let sideLevels: ArenaTable<UInt32>
    let dirtyFlags: ArenaTable<UInt8>
    let dirtyList: ArenaTable<UInt16>
    var dirtyCount = 0
    var refreshCursor = 0
    /// Books that ever had a published level, in first-seen order (the refresh cycles over these only).
    let activeList: ArenaTable<UInt16>
    var activeCount = 0
    /// Wire bytes waiting for the sinks (arena memory, `outputCapacity` bytes).
    let outputTable: ArenaTable<UInt64>
    let output: UnsafeMutableRawPointer
    let outputCapacity: Int
    var outputCount = 0
    /// A touch removed a published level of this (book, side) slot and the level that moves up comes next
    /// (a `pullUp` record); -1 when none is awaited.
    var pendingPullUpSlot = -1
    /// An execution's trade that waits for the level moving up after its touch (`executionTouch`; kind 0: none).
    var pendingTrade = FeedRecord(.touch)
    /// The image being received: its (book, side) slot (-1: none), levels expected and received, all levels.
    var imageSlot = -1
    var imageExpected = 0
    var imageReceived = 0
    var imageSideLevels: UInt32 = 0
    /// The engine dropped records since the last epoch: the next epoch snapshots every active book.
    var snapshotAllNext = false
    var _stats = PublisherStats()
    /// Wall time of each epoch's snapshot writing divided by the books it wrote, in nanoseconds.
    var snapshotBuild: SnapshotBuildHistogram
    /// Where the output goes, in order (the drain's sinks).
    let sinks: [any MarketDataSink]
    /// Receives the state at each `stateMark` record, on the drain thread (nil: marks are ignored).
    let stateHandler: (@Sendable ([UInt8]) -> Void)?

    /// What the encoder has written so far.
    var stats: PublisherStats { _stats }

    /// Carves the cache, tables and output buffer from `arena` for `bookCount` books. Cold path, on the engine
    /// thread (the arena's owner); the encoder then belongs to the drain thread.
    init(
        arena: borrowing Arena, bookCount: Int, options: PublisherOptions, sinks: [any MarketDataSink],
        stateHandler: (@Sendable ([UInt8]) -> Void)? = nil
    ) throws(ArenaError) {
        let books = max(bookCount, 1)
        // Every table into a local first, so a throw leaves nothing half-initialized.
        let cache = try arena.makeTable(
            of: _CachedLevel.self, count: books * 2 * options.depth, name: "publisher-cache")
        let cacheCounts = try arena.makeTable(of: UInt8.self, count: books * 2, name: "publisher-counts")
        let current = try arena.makeTable(of: _CachedLevel.self, count: options.depth, name: "publisher-current")
        let bookSequences = try arena.makeTable(of: UInt32.self, count: books, name: "publisher-book-sequences")
        let symbols = try arena.makeTable(of: UInt64.self, count: books, name: "publisher-symbols")
        let sideLevels = try arena.makeTable(of: UInt32.self, count: books * 2, name: "publisher-side-levels")
        let dirtyFlags = try arena.makeTable(of: UInt8.self, count: books, name: "publisher-dirty")
        let dirtyList = try arena.makeTable(of: UInt16.self, count: books, name: "publisher-dirty-list")
        let activeList = try arena.makeTable(of: UInt16.self, count: books, name: "publisher-active-list")
        let outputTable = try arena.makeTable(
            of: UInt64.self, count: options.chunkBytes / 8, name: "publisher-output")
        self.cache = cache
        depth = options.depth
        self.bookCount = bookCount
        refreshBooksPerEpoch = options.refreshBooksPerEpoch
        self.cacheCounts = cacheCounts
        self.current = current
        self.bookSequences = bookSequences
        self.symbols = symbols
        self.sideLevels = sideLevels
        self.dirtyFlags = dirtyFlags
        self.dirtyList = dirtyList
        self.activeList = activeList
        output = Self.base(of: outputTable)
        self.outputTable = outputTable
        outputCapacity = options.chunkBytes
        snapshotBuild = SnapshotBuildHistogram()
        self.sinks = sinks
        self.stateHandler = stateHandler
    }

    // MARK: Feed

    /// Applies every record of one chunk of the feed, in order, delivering full output buffers to the sinks.
    /// O(records), no allocation.
    mutating func consume(_ chunk: UnsafeRawBufferPointer) {
        guard let base = chunk.baseAddress else { return }
        var offset = 0
        while offset &+ FeedRecord.bytes <= chunk.count {
            apply(FeedRecord(loadingFrom: base + offset))
            offset &+= FeedRecord.bytes
        }
    }

    mutating func apply(_ record: FeedRecord) {
        // The level that moves up comes right after the touch that needs it, in the same chunk.
        if pendingPullUpSlot >= 0 && record.kindRaw != FeedRecordKind.pullUp.rawValue {
            pendingPullUpSlot = -1
            emitPendingTrade()
        }
        if imageSlot >= 0 && record.kindRaw != FeedRecordKind.imageLevel.rawValue { imageSlot = -1 }
        switch record.kindRaw {
        case FeedRecordKind.touch.rawValue:
            guard Int(record.locate) < bookCount, let side = Side(rawValue: record.sideRaw) else { return }
            if !levelTouched(
                locate: record.locate, side: side, priceTicks: record.priceTicks, shares: record.shares,
                orders: record.orders, created: record.count & 1 != 0) {
                pendingPullUpSlot = Self.slot(record.locate, side)
            }
        case FeedRecordKind.executionTouch.rawValue:
            guard Int(record.locate) < bookCount, let side = Side(rawValue: record.sideRaw) else { return }
            // The level's update(s) first — with the level that moves up, if one does — then the trade, as a
            // touch and a separate trade record give.
            if levelTouched(
                locate: record.locate, side: side, priceTicks: record.priceTicks, shares: record.shares,
                orders: record.orders, created: false) {
                emitTrade(locate: record.locate, restingSide: side, priceTicks: record.priceTicks,
                          shares: UInt64(record.count), matchNumber: record.extra)
            } else {
                pendingPullUpSlot = Self.slot(record.locate, side)
                pendingTrade = record
            }
        case FeedRecordKind.pullUp.rawValue:
            guard pendingPullUpSlot >= 0, let side = Side(rawValue: record.sideRaw),
                  Self.slot(record.locate, side) == pendingPullUpSlot else { return }
            pendingPullUpSlot = -1
            pullUp(locate: record.locate, side: side, level: _CachedLevel(
                priceTicks: record.priceTicks, orders: record.orders, shares: record.shares))
            emitPendingTrade()
        case FeedRecordKind.image.rawValue:
            guard Int(record.locate) < bookCount, let side = Side(rawValue: record.sideRaw),
                  Int(record.orders) <= depth else { return }
            imageSlot = Self.slot(record.locate, side)
            imageExpected = Int(record.orders)
            imageReceived = 0
            imageSideLevels = record.count
            if imageExpected == 0 { imageComplete() }
        case FeedRecordKind.imageLevel.rawValue:
            guard imageSlot >= 0 else { return }
            current[imageReceived] = _CachedLevel(
                priceTicks: record.priceTicks, orders: record.orders, shares: record.shares)
            imageReceived &+= 1
            if imageReceived == imageExpected { imageComplete() }
        case FeedRecordKind.trade.rawValue:
            guard Int(record.locate) < bookCount else { return }
            emitTrade(locate: record.locate, restingSide: Side(rawValue: record.sideRaw),
                      priceTicks: record.priceTicks, shares: record.shares, matchNumber: record.extra)
        case FeedRecordKind.symbol.rawValue:
            guard Int(record.locate) < bookCount else { return }
            defineSymbol(locate: record.locate, symbol: record.extra)
        case FeedRecordKind.epoch.rawValue:
            snapshotEpoch()
        case FeedRecordKind.stateMark.rawValue:
            // Everything before the mark is applied; the output so far goes out first, so what a subscriber
            // has seen is what the state says was published.
            deliver()
            stateHandler?(stateBytes())
        case FeedRecordKind.gap.rawValue:
            // One sequence number no message carries: every subscriber sees a channel gap and waits for
            // snapshots, which the next epoch sends for every book (the engine repairs the cache first).
            _stats.lastSequence &+= 1
            _stats.sequenceGaps &+= 1
            snapshotAllNext = true
        default:
            break
        }
    }

    @inline(__always)
    static func slot(_ locate: UInt16, _ side: Side) -> Int {
        Int(locate) &* 2 &+ (side == .buy ? 0 : 1)
    }

    /// The trade of an `executionTouch` whose pulled-up level came (or did not), if one waits.
    mutating func emitPendingTrade() {
        guard pendingTrade.kindRaw == FeedRecordKind.executionTouch.rawValue else { return }
        let record = pendingTrade
        pendingTrade.kindRaw = 0
        emitTrade(locate: record.locate, restingSide: Side(rawValue: record.sideRaw), priceTicks: record.priceTicks,
                  shares: UInt64(record.count), matchNumber: record.extra)
    }

    /// Diffs the image just received against the cache of its side.
   
    mutating func imageComplete() {
        let slot = imageSlot
        imageSlot = -1
        let locate = UInt16(truncatingIfNeeded: slot >> 1)
        if diffSide(
            locate: locate, side: slot & 1 == 0 ? .buy : .sell, levels: imageSideLevels, count: imageExpected) {
            markDirty(locate)
        }
    }

    // MARK: Output

    /// Level update, sequenced. O(1).
    @inline(__always)
    mutating func emit(
        locate: UInt16, side: Side, priceTicks: UInt32, shares: UInt64, orders: UInt32
    ) {
        reserve(WireFormat.levelUpdateBytes)
        bookSequences[Int(locate)] &+= 1
        _stats.lastSequence &+= 1
        _stats.levelUpdates &+= 1
        let update = LevelUpdateMessage(
            locate: locate, side: side, level: LevelView(priceTicks: priceTicks, shares: shares, orders: orders),
            bookSequence: bookSequences[Int(locate)])
        outputCount &+= WireEncoder.writeLevelUpdate(
            update, sequence: _stats.lastSequence, unchecked: output + outputCount)
    }

    mutating func emitTrade(
        locate: UInt16, restingSide: Side?, priceTicks: UInt32, shares: UInt64, matchNumber: UInt64
    ) {
        reserve(WireFormat.tradeBytes)
        _stats.lastSequence &+= 1
        _stats.trades &+= 1
        outputCount &+= WireEncoder.writeTrade(
            TradeMessage(
                locate: locate, restingSide: restingSide, priceTicks: priceTicks, shares: shares,
                matchNumber: matchNumber),
            sequence: _stats.lastSequence, unchecked: output + outputCount)
    }

   
    mutating func defineSymbol(locate: UInt16, symbol: UInt64) {
        symbols[Int(locate)] = symbol
        reserve(WireFormat.symbolDefinitionBytes)
        _stats.lastSequence &+= 1
        _stats.symbolDefinitions &+= 1
        outputCount &+= WireEncoder.writeSymbolDefinition(
            SymbolDefinitionMessage(locate: locate, symbol: symbol), sequence: _stats.lastSequence,
            unchecked: output + outputCount)
    }

    /// Makes room for a message of `bytes` in the output buffer, delivering it first when full.
    @inline(__always)
    mutating func reserve(_ bytes: Int) {
        if outputCount &+ bytes > outputCapacity { deliver() }
    }

    /// Hands the output buffer to every sink, in order, and empties it. The drain's only system calls.
    @inline(never)
    mutating func deliver() {
        guard outputCount > 0 else { return }
        let bytes = UnsafeRawBufferPointer(start: output, count: outputCount)
        for sink in sinks { sink.deliver(bytes) }
        _stats.chunks &+= 1
        _stats.bytes &+= outputCount
        outputCount = 0
    }

    // MARK: Epochs

    /// Puts `locate` on this epoch's snapshot list (flag bit 0), and on the refresh list the first time
    /// (flag bit 1, kept across epochs).
    @inline(__always)
    mutating func markDirty(_ locate: UInt16) {
        let flags = dirtyFlags[Int(locate)]
        if flags & 1 == 0 {
            if flags == 0 { markActive(locate) }
            dirtyFlags[Int(locate)] = 3
            dirtyList[dirtyCount] = locate
            dirtyCount &+= 1
        }
    }

    @inline(never)
    mutating func markActive(_ locate: UInt16) {
        activeList[activeCount] = locate
        activeCount &+= 1
    }

    /// One snapshot epoch: a snapshot of every book changed since the last epoch and of the next
    /// `refreshBooksPerEpoch` books with levels (round-robin) — or of every book that ever had levels when the
    /// engine dropped records since the last epoch — each consistent with the last incremental sequence; then
    /// the output goes to the sinks. O((changed + refreshed books) × depth).
    @inline(never)
    mutating func snapshotEpoch() {
        let started = snapshotBuild.now()
        let snapshotsBefore = _stats.snapshots
        let asOf = _stats.lastSequence
        var index = 0
        if snapshotAllNext {
            snapshotAllNext = false
            while index < activeCount {
                writeSnapshot(locate: activeList[index], asOf: asOf)
                index &+= 1
            }
            _stats.snapshots &+= activeCount
        } else {
            while index < dirtyCount {
                writeSnapshot(locate: dirtyList[index], asOf: asOf)
                index &+= 1
            }
            _stats.snapshots &+= dirtyCount
            refresh(asOf: asOf)
        }
        index = 0
        while index < dirtyCount {
            dirtyFlags[Int(dirtyList[index])] = 2
            index &+= 1
        }
        _stats.snapshotEpochs &+= 1
        dirtyCount = 0
        let books = _stats.snapshots &- snapshotsBefore
        if books > 0 { snapshotBuild.record(since: started, books: books) }
        deliver()
    }

    /// Snapshots up to `refreshBooksPerEpoch` books that hold levels and did not change in this epoch,
    /// continuing where the last epoch's refresh stopped. Visits at most `activeCount` books.
   
    mutating func refresh(asOf: UInt64) {
        var budget = refreshBooksPerEpoch
        guard budget > 0, activeCount > 0 else { return }
        var visited = 0
        while budget > 0 && visited < activeCount {
            if refreshCursor >= activeCount { refreshCursor = 0 }
            let locate = Int(activeList[refreshCursor])
            refreshCursor &+= 1
            visited &+= 1
            guard dirtyFlags[locate] & 1 == 0 else { continue }
            writeSnapshot(locate: UInt16(truncatingIfNeeded: locate), asOf: asOf)
            _stats.snapshots &+= 1
            _stats.refreshSnapshots &+= 1
            budget &-= 1
        }
    }

   
    mutating func writeSnapshot(locate: UInt16, asOf: UInt64) {
        let bidSlot = Int(locate) &* 2
        let bids = Int(cacheCounts[bidSlot])
        let asks = Int(cacheCounts[bidSlot &+ 1])
        reserve(WireFormat.snapshotBytes(bids: bids, asks: asks))
        let destination = output + outputCount
        outputCount &+= WireEncoder.writeSnapshotHead(
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
}
