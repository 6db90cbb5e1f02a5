#if canImport(Glibc)
import Glibc
#endif
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

/// Sequenced incremental market data (level updates, trades, symbol definitions) and per-epoch L2 snapshots
/// of market-by-order books, written in the wire format (`WireFormat`) into arena chunks that a drain thread
/// hands to the sinks.
///
///     book op ─▶ levelChanged(touch) ─▶ cache diff ─▶ LevelUpdate(seq n) ─┐
///     trade ─────────────────────────────────────────▶ Trade(seq n+1) ────┤ chunk (arena) ─▶ SPSC ring ─▶ drain
///     every N messages / T ns ─▶ Snapshot(as of seq) per changed book ────┘                   thread ─▶ sinks
///
/// Scheme (exact): the publisher caches the published top `depth` levels of each side of each book. A book
/// operation reports the side and price it touched (`LevelTouch`); the publisher compares that one price with
/// the cache and the book (O(depth) compares in its own cache, one level read from the book): a level that
/// changed is sent as it is now, a level that left the published depth is sent with shares 0, and a level
/// that entered it (new, or pulled up when one above left) is sent whole. Applying the updates in order to a
/// copy of the top `depth` levels gives the engine's top `depth` levels exactly. A replace to another price
/// touches two levels at once and diffs the whole side instead.
///
/// Every incremental carries the next channel sequence (1, 2, …) and a level update its book's own count; a
/// snapshot names the last channel sequence before it. Each epoch snapshots the books that changed in it and
/// refreshes `refreshBooksPerEpoch` others round-robin, so loss or a late join heals in bounded time.
///
/// Hand-off: messages collect in the claimed chunk of an `SPSCRing` carved from the arena; a full chunk (or an
/// epoch's end) is published to the drain thread, which writes it to every sink. If the drain is a whole ring
/// behind, the engine writes into a discard chunk and counts what it dropped: back-pressure never reaches it.
/// The engine never allocates, locks or makes a system call for the publisher. Owned by one engine thread.
public struct SnapshotPublisher: ~Copyable {
    // A pointer-led field first: see the ThreadSanitizer note on BookCore's stored properties.
    /// books × 2 sides × depth cached levels, best first.
    @usableFromInline let cache: ArenaTable<_CachedLevel>
    public let options: PublisherOptions
    @usableFromInline let depth: Int
    @usableFromInline let bookCount: Int
    /// Cached levels per (book, side).
    @usableFromInline let cacheCounts: ArenaTable<UInt8>
    /// The current top levels of the side being diffed whole.
    @usableFromInline let current: ArenaTable<_CachedLevel>
    @usableFromInline let bookSequences: ArenaTable<UInt32>
    @usableFromInline let symbols: ArenaTable<UInt64>
    /// Levels per (book, side) in the book, as the touches report them (kept exact by `diffSide`).
    @usableFromInline let sideLevels: ArenaTable<UInt32>
    @usableFromInline let dirtyFlags: ArenaTable<UInt8>
    @usableFromInline let dirtyList: ArenaTable<UInt16>
    @usableFromInline var dirtyCount = 0
    @usableFromInline var refreshCursor = 0
    /// Books that ever had a published level, in first-seen order (the refresh cycles over these only).
    @usableFromInline let activeList: ArenaTable<UInt16>
    @usableFromInline var activeCount = 0
    @usableFromInline var ring: SPSCRing
    /// Where messages go while the ring is full: written, then counted as dropped.
    @usableFromInline let discard: ArenaTable<UInt64>
    @usableFromInline let discardBase: UnsafeMutableRawPointer
    @usableFromInline var chunk: UnsafeMutableRawPointer
    @usableFromInline var chunkCount = 0
    @usableFromInline var chunkMessages = 0
    @usableFromInline var chunkIsDiscard = false
    @usableFromInline let chunkCapacity: Int
    @usableFromInline var messagesSinceSnapshot = 0
    @usableFromInline var lastEpochTimestamp: UInt64 = 0
    @usableFromInline var timestampSeen = false
    @usableFromInline var lastIdleFlush: UInt64 = 0
    /// Set by `finish()`: the stream's end waits for the drain instead of dropping (the engine is done).
    @usableFromInline var waitForRoom = false
    /// A chunk was dropped since the last epoch that delivered: the next epoch snapshots every active book, since
    /// a dropped chunk may have held any book's updates or snapshot.
    @usableFromInline var snapshotAllNext = false
    @usableFromInline var _stats = PublisherStats()
    /// Nil for a disabled publisher (`init(disabledOn:)`).
    private let drain: PublisherDrain?
    private var finished = false

    /// What the publisher has written so far.
    public var stats: PublisherStats { _stats }

    /// Names of the sinks, for reports.
    public var sinkNames: [String] { drain?.sinks.map(\.name) ?? [] }

    /// Whether this publisher publishes (false for `init(disabledOn:)`).
    public var isEnabled: Bool { drain != nil }

    /// Carves the cache, tables and chunk ring from `arena` for `bookCount` books and starts the drain thread
    /// that feeds `sinks`. Cold path.
    ///
    /// - Throws: `PublisherError` for options out of range or a drain thread that cannot start, `ArenaError`
    ///   when the pool region is too small.
    public init(
        arena: borrowing Arena, bookCount: Int, options: PublisherOptions, sinks: [any MarketDataSink]
    ) throws {
        guard (1...PublisherOptions.maximumDepth).contains(options.depth) else {
            throw PublisherError.invalidDepth(options.depth)
        }
        guard options.snapshotEveryMessages >= 0,
              options.snapshotEveryMessages > 0 || options.snapshotEveryNanoseconds > 0 else {
            throw PublisherError.invalidInterval(options.snapshotEveryMessages)
        }
        let largestSnapshot = WireFormat.snapshotBytes(bids: options.depth, asks: options.depth)
        let minimumChunk = (largestSnapshot + 63) & ~63
        guard options.chunkBytes >= minimumChunk, options.chunkBytes % 64 == 0 else {
            throw PublisherError.invalidChunk(bytes: options.chunkBytes, minimum: max(minimumChunk, 4096))
        }
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
        let discard = try arena.makeTable(of: UInt64.self, count: options.chunkBytes / 8, name: "publisher-discard")
        var ring = try SPSCRing(
            arena: arena, slotBytes: options.chunkBytes, slotCount: options.chunkCount, name: "publisher-ring")
        let first = ring.claim()!  // an empty ring has every slot free
        let drain: PublisherDrain
        do {
            drain = try PublisherDrain(consumer: ring.makeConsumer(), sinks: sinks, cpu: options.drainCPU)
        } catch {
            throw PublisherError.cannotStartDrain("\(error)")
        }
        self.options = options
        depth = options.depth
        self.bookCount = bookCount
        self.cache = cache
        self.cacheCounts = cacheCounts
        self.current = current
        self.bookSequences = bookSequences
        self.symbols = symbols
        self.sideLevels = sideLevels
        self.dirtyFlags = dirtyFlags
        self.dirtyList = dirtyList
        self.activeList = activeList
        discardBase = Self.base(of: discard)
        self.discard = discard
        self.ring = ring
        chunk = first
        chunkCapacity = options.chunkBytes
        self.drain = drain
    }

    /// A publisher that publishes nothing (no books, no sinks, no thread), for a loop that keeps one
    /// unconditionally: a stored optional `~Copyable` value would be moved out and back on every mutating call.
    /// Every hot-path call returns at its first check. Cold path.
    public init(disabledOn arena: borrowing Arena) throws(ArenaError) {
        // Every table into a local first, so a throw leaves nothing half-initialized.
        let cache = try arena.makeTable(of: _CachedLevel.self, count: 0, name: "publisher-off")
        let cacheCounts = try arena.makeTable(of: UInt8.self, count: 0, name: "publisher-off")
        let current = try arena.makeTable(of: _CachedLevel.self, count: 0, name: "publisher-off")
        let bookSequences = try arena.makeTable(of: UInt32.self, count: 0, name: "publisher-off")
        let symbols = try arena.makeTable(of: UInt64.self, count: 0, name: "publisher-off")
        let sideLevels = try arena.makeTable(of: UInt32.self, count: 0, name: "publisher-off")
        let dirtyFlags = try arena.makeTable(of: UInt8.self, count: 0, name: "publisher-off")
        let dirtyList = try arena.makeTable(of: UInt16.self, count: 0, name: "publisher-off")
        let activeList = try arena.makeTable(of: UInt16.self, count: 0, name: "publisher-off")
        let discard = try arena.makeTable(of: UInt64.self, count: 8, name: "publisher-off")
        var ring = try SPSCRing(arena: arena, slotBytes: 64, slotCount: 2, name: "publisher-off")
        chunk = ring.claim()!
        self.cache = cache
        self.cacheCounts = cacheCounts
        self.current = current
        self.bookSequences = bookSequences
        self.symbols = symbols
        self.sideLevels = sideLevels
        self.dirtyFlags = dirtyFlags
        self.dirtyList = dirtyList
        self.activeList = activeList
        discardBase = Self.base(of: discard)
        self.discard = discard
        self.ring = ring
        options = PublisherOptions(snapshotEveryMessages: .max, depth: 1, refreshBooksPerEpoch: 0)
        depth = 1
        bookCount = 0
        chunkCapacity = 64
        drain = nil
    }

    deinit {
        if !finished, let drain {
            ring.close()
            drain.wake.wakeIfSleeping()
            _ = drain.join()
        }
    }

    // MARK: Hot path

    /// Publishes what a book operation changed, from the level it touched (`BookUpdate.touch`), without
    /// reading the book. O(depth) compares in the publisher's cache.
    ///
    /// Returns false when the book must be read to finish — a published level left and one below it moves up:
    /// call `levelChanged(locate:touch:books:)` then. A locate out of
    /// range is ignored.
    @inlinable @inline(__always)
    public mutating func levelChanged(locate: UInt16, touch: LevelTouch) -> Bool {
        guard Int(locate) < bookCount else { return true }
        // A replace to another price: the new level first (an add never needs the book), then the original's.
        // Applied in that order, the cache equals the book's top after each step but for the one level the
        // next step names; a level pulled up after the second is read from the book as it is now.
        let done = levelTouched(
            locate: locate, side: touch.side, priceTicks: touch.priceTicks, shares: touch.shares,
            orders: touch.orders, created: touch.created)
        guard !touch.isSingleLevel else { return done }
        return levelTouched(
            locate: locate, side: touch.side, priceTicks: touch.otherPriceTicks, shares: touch.otherShares,
            orders: touch.otherOrders, created: false)
    }

    /// Finishes what `levelChanged(locate:touch:)` left (it returned false), reading the book: the level that
    /// moves up into the published depth. One level read.
    @inline(never)
    public mutating func levelChanged(locate: UInt16, touch: LevelTouch, books: borrowing some BookLevelReading & ~Copyable) {
        guard Int(locate) < bookCount else { return }
        pullUp(locate: locate, side: touch.side, books: books)
    }

    /// Publishes whatever changed in the top `depth` levels of both sides of `locate`, when the caller does not
    /// know which levels an operation touched (a matching engine's sweep). O(depth) level reads per side.
    @inlinable
    public mutating func bookChanged(locate: UInt16, books: borrowing some BookLevelReading & ~Copyable) {
        guard Int(locate) < bookCount else { return }
        let bid = diffSide(locate: locate, side: .buy, books: books)
        let ask = diffSide(locate: locate, side: .sell, books: books)
        if bid || ask { markDirty(locate) }
    }

    /// Puts `locate` on this epoch's snapshot list (flag bit 0), and on the refresh list the first time
    /// (flag bit 1, kept across epochs).
    @inlinable @inline(__always)
    mutating func markDirty(_ locate: UInt16) {
        let flags = dirtyFlags[Int(locate)]
        if flags & 1 == 0 {
            if flags == 0 { markActive(locate) }
            dirtyFlags[Int(locate)] = 3
            dirtyList[dirtyCount] = locate
            dirtyCount &+= 1
        }
    }

    @inline(never) @usableFromInline
    mutating func markActive(_ locate: UInt16) {
        activeList[activeCount] = locate
        activeCount &+= 1
    }

    /// Publishes a symbol definition (stock directory). O(1).
    @inlinable
    public mutating func defineSymbol(locate: UInt16, symbol: UInt64) {
        guard Int(locate) < bookCount else { return }
        symbols[Int(locate)] = symbol
        reserve(WireFormat.symbolDefinitionBytes)
        _stats.lastSequence &+= 1
        _stats.symbolDefinitions &+= 1
        chunkCount &+= WireEncoder.writeSymbolDefinition(
            SymbolDefinitionMessage(locate: locate, symbol: symbol), sequence: _stats.lastSequence,
            unchecked: chunk + chunkCount)
    }

    /// Publishes a trade: `shares` at `priceTicks` against a resting order on `restingSide` (nil: unknown).
    /// O(1).
    @inlinable
    public mutating func trade(
        locate: UInt16, priceTicks: UInt32, shares: UInt64, restingSide: Side?, matchNumber: UInt64
    ) {
        guard Int(locate) < bookCount else { return }
        reserve(WireFormat.tradeBytes)
        _stats.lastSequence &+= 1
        _stats.trades &+= 1
        chunkCount &+= WireEncoder.writeTrade(
            TradeMessage(
                locate: locate, restingSide: restingSide, priceTicks: priceTicks, shares: shares,
                matchNumber: matchNumber),
            sequence: _stats.lastSequence, unchecked: chunk + chunkCount)
    }

    /// Counts one feed message; every `snapshotEveryMessages`-th runs a snapshot epoch. Returns true when it
    /// did (the caller's `publish` stage then includes the epoch's cost). O(1), or O(changed books × depth).
    @inlinable @inline(__always)
    public mutating func messageHandled() -> Bool {
        messagesSinceSnapshot &+= 1
        guard options.snapshotEveryMessages > 0, messagesSinceSnapshot >= options.snapshotEveryMessages else {
            return false
        }
        snapshotEpoch()
        return true
    }

    /// Counts one feed message stamped `timestamp` (nanoseconds of feed or engine time): an epoch runs after
    /// `snapshotEveryMessages` messages or `snapshotEveryNanoseconds` of time, whichever comes first (a clock
    /// that goes backwards — a new day — also ends the epoch). O(1), or O(changed books × depth).
    @inlinable @inline(__always)
    public mutating func messageHandled(timestamp: @autoclosure () -> UInt64) -> Bool {
        let interval = options.snapshotEveryNanoseconds
        if interval > 0 {
            let timestamp = timestamp()
            if !timestampSeen {
                timestampSeen = true
                lastEpochTimestamp = timestamp
            } else if timestamp &- lastEpochTimestamp >= interval || timestamp < lastEpochTimestamp {
                messagesSinceSnapshot &+= 1
                snapshotEpoch()
                lastEpochTimestamp = timestamp
                return true
            }
        }
        return messageHandled()
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
        chunkCount &+= WireEncoder.writeLevelUpdate(
            update, sequence: _stats.lastSequence, unchecked: chunk + chunkCount)
    }

    /// Makes room for a message of `bytes` in the chunk (handing the chunk over when full) and counts it.
    @inlinable @inline(__always)
    mutating func reserve(_ bytes: Int) {
        if chunkCount &+ bytes > chunkCapacity { handOff() }
        chunkMessages &+= 1
    }

    /// Publishes the chunk to the drain (or counts it dropped, if it was the discard chunk) and claims the next
    /// one; while the ring is full the discard chunk takes the messages. O(1), no system call.
    @inline(never) @usableFromInline
    mutating func handOff() {
        if chunkCount > 0 {
            if chunkIsDiscard {
                snapshotAllNext = true
                _stats.droppedChunks &+= 1
                _stats.droppedMessages &+= chunkMessages
                _stats.droppedBytes &+= chunkCount
            } else {
                ring.publish(byteCount: chunkCount)
                drain?.wake.wakeIfSleeping()
                _stats.chunks &+= 1
                _stats.bytes &+= chunkCount
            }
            chunkCount = 0
            chunkMessages = 0
        } else if !chunkIsDiscard {
            return  // the claimed chunk is still empty: keep it
        }
        if waitForRoom {
            while ring.claim() == nil { usleep(50) }
        }
        if let next = ring.claim() {
            chunk = next
            chunkIsDiscard = false
        } else {
            chunk = discardBase
            chunkIsDiscard = true
        }
    }

    /// The start of `discard`'s storage, stable for the arena's life. Computed once at start-up: the drop path
    /// runs rarely, and a first use on the engine thread must not instantiate anything then.
    static func base(of table: borrowing ArenaTable<UInt64>) -> UnsafeMutableRawPointer {
        var span = table.mutableSpan
        return span.withUnsafeMutableBytes { $0.baseAddress! }
    }

    /// One snapshot epoch: a snapshot of every book changed since the last epoch and of the next
    /// `refreshBooksPerEpoch` books with levels (round-robin) — or of every book that ever had levels when a
    /// chunk was dropped since the last epoch — each consistent with the last incremental sequence; then the
    /// chunk goes to the drain. O((changed + refreshed books) × depth).
    @inline(never) @usableFromInline
    mutating func snapshotEpoch() {
        let asOf = _stats.lastSequence
        var index = 0
        if snapshotAllNext {
            // After a drop: every book that ever had levels (a drop inside this epoch sets the flag again).
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
        messagesSinceSnapshot = 0
        handOff()
    }

    /// Snapshots up to `refreshBooksPerEpoch` books that hold levels and did not change in this epoch,
    /// continuing where the last epoch's refresh stopped. Visits at most `bookCount` books.
    @usableFromInline
    mutating func refresh(asOf: UInt64) {
        var budget = options.refreshBooksPerEpoch
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

    @usableFromInline
    mutating func writeSnapshot(locate: UInt16, asOf: UInt64) {
        let bidSlot = Int(locate) &* 2
        let bids = Int(cacheCounts[bidSlot])
        let asks = Int(cacheCounts[bidSlot &+ 1])
        reserve(WireFormat.snapshotBytes(bids: bids, asks: asks))
        let destination = chunk + chunkCount
        chunkCount &+= WireEncoder.writeSnapshotHead(
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

    /// The engine has nothing to do: run a time-based epoch when one is due, and hand the partly filled chunk
    /// to the drain so subscribers see the last updates now rather than when the chunk fills. O(1) when nothing
    /// is pending.
    public mutating func idle(timestamp: UInt64) {
        let interval = options.snapshotEveryNanoseconds
        if interval > 0, timestampSeen, timestamp &- lastEpochTimestamp >= interval, dirtyCount > 0 {
            snapshotEpoch()
            lastEpochTimestamp = timestamp
            return
        }
        // Hand the partial chunk over at most every `idleFlushNanoseconds`: subscribers see updates within that
        // time, and a busy engine that idles between every command does not wake the drain for each one.
        if chunkCount > 0, timestamp &- lastIdleFlush >= options.idleFlushNanoseconds {
            lastIdleFlush = timestamp
            handOff()
        }
    }

    // MARK: Cold path

    /// Ends the stream: a final snapshot epoch (so a subscriber is exact at the end), the last chunk goes to
    /// the drain, the drain delivers everything and finishes the sinks. Returns the stats, with any sink
    /// failures in `sinkFailures`. Call once; the publisher publishes nothing afterwards.
    public mutating func finish() -> PublisherStats {
        precondition(!finished, "SnapshotPublisher.finish() called twice")
        guard let drain else { return _stats }
        waitForRoom = true
        if chunkIsDiscard { handOff() }  // what the discard chunk holds is lost; wait for a real chunk
        snapshotEpoch()
        ring.close()
        drain.wake.wakeIfSleeping()
        finished = true
        _stats.sinkFailures = drain.join()
        return _stats
    }
}
