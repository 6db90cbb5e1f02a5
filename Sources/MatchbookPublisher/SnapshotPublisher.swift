#if canImport(Glibc)
import Glibc
#endif
import MatchbookBook
import MatchbookMemory

/// Sequenced incremental market data (level updates, trades, symbol definitions) and per-epoch L2 snapshots
/// of books — the engine thread's half. The engine writes one 32-byte `FeedRecord` per book change, trade or
/// epoch into arena chunks of an SPSC ring; the drain thread's `PublisherEncoder` diffs them against the
/// published depth, sequences them, builds the snapshots and hands the wire format (`WireFormat`) to the sinks.
///
///     engine thread                                    │ drain thread
///     book op ─▶ levelChanged(touch) ─▶ touch record ──┐│
///     trade ─────────────────────────▶ trade record ───┤│ chunk ─▶ PublisherEncoder ─▶ wire bytes ─▶ sinks
///     every N messages / T ns ───────▶ epoch record ───┘│ (SPSC ring in the arena)
///
/// What the engine sends is enough to keep the published depth exact without the book: a touch names the level
/// as it is now, and when a removal leaves a side with at least `depth` levels the engine adds the level now
/// at rank `depth - 1`, which moves up if the removed level was published. A matching engine's sweep (which
/// levels changed is not known) sends an image of the top `depth` levels of both sides.
///
/// Back-pressure never reaches the engine: if the drain is a whole ring behind, the engine writes into a
/// discard chunk, counts what it dropped and remembers which books lost a record. When the ring has room again
/// it sends a `gap` record (the drain skips one channel sequence number, so every subscriber sees the hole),
/// then an image of each of those books, before the next epoch (which snapshots every book). The engine never
/// allocates, locks or makes a system call for the publisher. Owned by one engine thread.
public struct SnapshotPublisher: ~Copyable {
    // A pointer-led field first: see the ThreadSanitizer note on BookCore's stored properties.
    /// Per book: bit 0, it lost a level record while the ring was full (an image repairs it); bit 1, it lost
    /// its symbol definition.
    @usableFromInline let resyncFlags: ArenaTable<UInt8>
    /// The books with a resync flag, `resyncCount` of them.
    @usableFromInline let resyncList: ArenaTable<UInt16>
    @usableFromInline var resyncCount = 0
    /// The symbol of each book, to send again if its definition was dropped.
    @usableFromInline let symbols: ArenaTable<UInt64>
    public let options: PublisherOptions
    @usableFromInline let depth: Int
    @usableFromInline let bookCount: Int
    @usableFromInline var ring: SPSCRing
    /// Where records go while the ring is full: written, then counted as dropped.
    @usableFromInline let discard: ArenaTable<UInt64>
    @usableFromInline let discardBase: UnsafeMutableRawPointer
    @usableFromInline var chunk: UnsafeMutableRawPointer
    @usableFromInline var chunkCount = 0
    @usableFromInline var chunkIsDiscard = false
    @usableFromInline let chunkCapacity: Int
    /// Records dropped since the last `gap` record.
    @usableFromInline var droppedSinceGap = 0
    /// Messages left in this epoch (`snapshotEveryMessages`; `Int.max` without count-based epochs).
    @usableFromInline var messagesUntilEpoch: Int
    /// A book changed since the last epoch (a time-based epoch on an idle engine runs only then).
    @usableFromInline var changedSinceEpoch = false
    @usableFromInline var lastEpochTimestamp: UInt64 = 0
    @usableFromInline var timestampSeen = false
    @usableFromInline var lastIdleFlush: UInt64 = 0
    /// Set by `finish(books:)`: the stream's end waits for the drain instead of dropping (the engine is done).
    @usableFromInline var waitForRoom = false
    /// The engine's counters: records and chunks handed over or dropped.
    @usableFromInline var _stats = PublisherStats()
    /// Nil for a disabled publisher (`init(disabledOn:)`).
    private let drain: PublisherDrain?
    private var finished = false

    /// The engine's side of the stats so far: feed records and chunks handed to the drain or dropped. What the
    /// drain wrote (sequences, updates, snapshots, bytes) comes with `finish(books:)`.
    public var stats: PublisherStats { _stats }

    /// Names of the sinks, for reports.
    public var sinkNames: [String] { drain?.sinks.map(\.name) ?? [] }

    /// Whether this publisher publishes (false for `init(disabledOn:)`).
    public var isEnabled: Bool { drain != nil }

    /// Carves the tables, the chunk ring and the drain's encoder from `arena` for `bookCount` books and starts
    /// the drain thread that feeds `sinks`. Cold path.
    ///
    /// - Throws: `PublisherError` for options out of range or a drain thread that cannot start, `ArenaError`
    ///   when the pool region is too small.
    ///
    /// `restoring`: a state a `stateHandler` received (a service snapshot's), for the same depth and book count:
    /// the channel goes on from its sequence numbers, and the first epoch — at once — snapshots every book.
    /// `stateHandler`: receives the drain's state at each `markState(books:)`, on the drain thread.
    public init(
        arena: borrowing Arena, bookCount: Int, options: PublisherOptions, sinks: [any MarketDataSink],
        restoring state: [UInt8]? = nil, stateHandler: (@Sendable ([UInt8]) -> Void)? = nil
    ) throws {
        guard (1...PublisherOptions.maximumDepth).contains(options.depth) else {
            throw PublisherError.invalidDepth(options.depth)
        }
        guard options.snapshotEveryMessages >= 0,
              options.snapshotEveryMessages > 0 || options.snapshotEveryNanoseconds > 0 else {
            throw PublisherError.invalidInterval(options.snapshotEveryMessages)
        }
        guard options.chunkBytes >= options.minimumChunkBytes, options.chunkBytes % 64 == 0 else {
            throw PublisherError.invalidChunk(bytes: options.chunkBytes, minimum: max(options.minimumChunkBytes, 4096))
        }
        let books = max(bookCount, 1)
        // A state to restore is decoded and checked first, so a bad one leaves the arena untouched.
        let restored = try state.map { bytes throws(PublisherStateError) in
            try PublisherState(decoding: bytes, depth: options.depth, books: bookCount)
        }
        // Every table into a local first, so a throw leaves nothing half-initialized.
        let resyncFlags = try arena.makeTable(of: UInt8.self, count: books, name: "publisher-resync-flags")
        let resyncList = try arena.makeTable(of: UInt16.self, count: books, name: "publisher-resync-list")
        let symbols = try arena.makeTable(of: UInt64.self, count: books, name: "publisher-symbols")
        let discard = try arena.makeTable(of: UInt64.self, count: options.chunkBytes / 8, name: "publisher-discard")
        var ring = try SPSCRing(
            arena: arena, slotBytes: options.chunkBytes, slotCount: options.chunkCount, name: "publisher-ring")
        var encoder = try PublisherEncoder(
            arena: arena, bookCount: bookCount, options: options, sinks: sinks, stateHandler: stateHandler)
        if let restored {
            encoder.restore(restored)
            Self.fill(symbols, with: restored.symbols)
        }
        let first = ring.claim()!  // an empty ring has every slot free
        let drain: PublisherDrain
        do {
            drain = try PublisherDrain(consumer: ring.makeConsumer(), encoder: encoder, cpu: options.drainCPU)
        } catch {
            throw PublisherError.cannotStartDrain("\(error)")
        }
        self.resyncFlags = resyncFlags
        self.resyncList = resyncList
        self.symbols = symbols
        messagesUntilEpoch = Self.epochLength(options)
        self.options = options
        depth = options.depth
        self.bookCount = bookCount
        discardBase = PublisherEncoder.base(of: discard)
        self.discard = discard
        self.ring = ring
        chunk = first
        chunkCapacity = options.chunkBytes
        self.drain = drain
        if restored != nil { _ = endEpoch() }  // snapshots of every book, as of the restored sequence
    }

    /// Writes `values` into the start of `table` (as many as fit). Cold path.
    private static func fill(_ table: borrowing ArenaTable<UInt64>, with values: [UInt64]) {
        var index = 0
        while index < min(values.count, table.count) {
            table[index] = values[index]
            index += 1
        }
    }

    /// A publisher that publishes nothing (no books, no sinks, no thread), for a loop that keeps one
    /// unconditionally: a stored optional `~Copyable` value would be moved out and back on every mutating call.
    /// Every hot-path call returns at its first check. Cold path.
    public init(disabledOn arena: borrowing Arena) throws(ArenaError) {
        // Every table into a local first, so a throw leaves nothing half-initialized.
        let resyncFlags = try arena.makeTable(of: UInt8.self, count: 0, name: "publisher-off")
        let resyncList = try arena.makeTable(of: UInt16.self, count: 0, name: "publisher-off")
        let symbols = try arena.makeTable(of: UInt64.self, count: 0, name: "publisher-off")
        let discard = try arena.makeTable(of: UInt64.self, count: 8, name: "publisher-off")
        var ring = try SPSCRing(arena: arena, slotBytes: 64, slotCount: 2, name: "publisher-off")
        chunk = ring.claim()!
        self.resyncFlags = resyncFlags
        self.resyncList = resyncList
        self.symbols = symbols
        discardBase = PublisherEncoder.base(of: discard)
        self.discard = discard
        self.ring = ring
        options = PublisherOptions(snapshotEveryMessages: .max, depth: 1, refreshBooksPerEpoch: 0)
        messagesUntilEpoch = .max
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

    /// Publishes what a book operation changed, from the level(s) it touched (`BookUpdate.touch`): one touch
    /// record, or two for a replace to another price, plus `levelBelow` — when the operation removed a level
    /// from a side that still has `depth` levels, the level now at rank `depth - 1` (`rankBelow(_:)` says when
    /// and which; the caller reads it from its book). `execution`: the operation was an execution against a
    /// resting order at the touched level's price, and this is its trade (it rides on the touch record, as one
    /// `trade(…)` would). O(1), four stores a record. A locate out of range is ignored. Call `resync(books:)`
    /// first when `needsResync`.
    @inlinable @inline(__always)
    public mutating func levelChanged(
        locate: UInt16, touch: LevelTouch, levelBelow: LevelView?,
        execution: (shares: UInt32, matchNumber: UInt64)? = nil
    ) {
        guard Int(locate) < bookCount else { return }
        changedSinceEpoch = true
        if touch.isSingleLevel {
            putTouch(
                locate: locate, side: touch.side, priceTicks: touch.priceTicks, shares: touch.shares,
                orders: touch.orders, created: touch.created, levelBelow: levelBelow, execution: execution)
        } else {
            // A replace to another price: the new level first (never a removal), then the original's.
            putTouch(
                locate: locate, side: touch.side, priceTicks: touch.priceTicks, shares: touch.shares,
                orders: touch.orders, created: touch.created, levelBelow: nil, execution: nil)
            putTouch(
                locate: locate, side: touch.side, priceTicks: touch.otherPriceTicks, shares: touch.otherShares,
                orders: touch.otherOrders, created: false, levelBelow: levelBelow, execution: nil)
        }
    }

    /// The rank whose level `levelChanged(locate:touch:levelBelow:)` needs with `touch`: `depth - 1` when the
    /// operation removed a level (the level now there moves up into the published depth if the removed one was
    /// in it; the caller reads it from its book, nil when the side has no level at that rank); nil when it
    /// removed none.
    @inlinable @inline(__always)
    public func rankBelow(_ touch: LevelTouch) -> Int? {
        (touch.isSingleLevel ? touch.orders : touch.otherOrders) == 0 ? depth &- 1 : nil
    }

    /// Books lost records to a full ring and the ring has room again: `resync(books:)` repairs them.
    @inlinable
    public var needsResync: Bool { resyncCount != 0 && !chunkIsDiscard }

    @inlinable @inline(__always)
    mutating func putTouch(
        locate: UInt16, side: Side, priceTicks: UInt32, shares: UInt64, orders: UInt32, created: Bool,
        levelBelow: LevelView?, execution: (shares: UInt32, matchNumber: UInt64)?
    ) {
        var touch = FeedRecord(
            .touch, side: side.rawValue, locate: locate, priceTicks: priceTicks, shares: shares, orders: orders,
            count: created ? 1 : 0)
        if let execution {
            touch.kindRaw = FeedRecordKind.executionTouch.rawValue
            touch.count = execution.shares
            touch.extra = execution.matchNumber
        }
        if orders == 0, let next = levelBelow {
            // Both in one chunk: the drain reads the level that moves up right after the touch.
            reserve(2 &* FeedRecord.bytes)
            put(touch)
            put(FeedRecord(
                .pullUp, side: side.rawValue, locate: locate, priceTicks: next.priceTicks, shares: next.shares,
                orders: next.orders))
        } else {
            reserve(FeedRecord.bytes)
            put(touch)
        }
        if chunkIsDiscard { lost(locate, flag: 1) }
    }

    /// Publishes whatever changed in the top `depth` levels of both sides of `locate`, when the caller does not
    /// know which levels an operation touched (a matching engine's sweep): an image of each side. O(depth)
    /// level reads.
    @inlinable
    public mutating func bookChanged(locate: UInt16, books: borrowing some BookLevelReading & ~Copyable) {
        guard Int(locate) < bookCount else { return }
        if needsResync { resync(books: books) }
        changedSinceEpoch = true
        putImage(locate: locate, side: .buy, books: books)
        putImage(locate: locate, side: .sell, books: books)
        if chunkIsDiscard { lost(locate, flag: 1) }
    }

    /// The top `depth` levels of one side as an image (a header and a record per level, in one chunk).
    @inlinable
    mutating func putImage(locate: UInt16, side: Side, books: borrowing some BookLevelReading & ~Copyable) {
        let levels = books.levelCount(locate: locate, side: side)
        let count = min(levels, depth)
        reserve((1 &+ count) &* FeedRecord.bytes)
        put(FeedRecord(
            .image, side: side.rawValue, locate: locate, orders: UInt32(truncatingIfNeeded: count),
            count: UInt32(truncatingIfNeeded: levels)))
        var rank = 0
        while rank < count {
            let level = books.level(locate: locate, side: side, rank: rank)!
            put(FeedRecord(
                .imageLevel, side: side.rawValue, locate: locate, priceTicks: level.priceTicks, shares: level.shares,
                orders: level.orders))
            rank &+= 1
        }
    }

    /// Publishes a symbol definition (stock directory). O(1).
    @inlinable
    public mutating func defineSymbol(locate: UInt16, symbol: UInt64) {
        guard Int(locate) < bookCount else { return }
        symbols[Int(locate)] = symbol
        reserve(FeedRecord.bytes)
        put(FeedRecord(.symbol, locate: locate, extra: symbol))
        if chunkIsDiscard { lost(locate, flag: 2) }
    }

    /// Publishes a trade: `shares` at `priceTicks` against a resting order on `restingSide` (nil: unknown).
    /// O(1).
    @inlinable
    public mutating func trade(
        locate: UInt16, priceTicks: UInt32, shares: UInt64, restingSide: Side?, matchNumber: UInt64
    ) {
        guard Int(locate) < bookCount else { return }
        reserve(FeedRecord.bytes)
        put(FeedRecord(
            .trade, side: restingSide?.rawValue ?? 0, locate: locate, priceTicks: priceTicks, shares: shares,
            extra: matchNumber))
    }

    /// Counts one feed message; every `snapshotEveryMessages`-th ends a snapshot epoch. Returns true when it
    /// did (the caller's `publish` stage then includes handing the chunk over). O(1).
    @inlinable @inline(__always)
    public mutating func messageHandled() -> Bool {
        messagesUntilEpoch &-= 1
        guard messagesUntilEpoch <= 0 else { return false }
        return endEpoch()
    }

    /// Messages in a count-based epoch; `Int.max` when there are none.
    static func epochLength(_ options: PublisherOptions) -> Int {
        options.snapshotEveryMessages > 0 ? options.snapshotEveryMessages : .max
    }

    /// Counts one feed message stamped `timestamp` (nanoseconds of feed or engine time): an epoch ends after
    /// `snapshotEveryMessages` messages or `snapshotEveryNanoseconds` of time, whichever comes first (a clock
    /// that goes backwards — a new day — also ends the epoch). O(1).
    @inlinable @inline(__always)
    public mutating func messageHandled(timestamp: @autoclosure () -> UInt64) -> Bool {
        let interval = options.snapshotEveryNanoseconds
        if interval > 0 {
            let timestamp = timestamp()
            if !timestampSeen {
                timestampSeen = true
                lastEpochTimestamp = timestamp
            } else if timestamp &- lastEpochTimestamp >= interval || timestamp < lastEpochTimestamp {
                guard endEpoch() else { return false }
                lastEpochTimestamp = timestamp
                return true
            }
        }
        return messageHandled()
    }

    /// Sends an epoch record and hands the chunk over. Waits (returns false, the count stays due) while books
    /// that lost records are not repaired yet: their images go first, at the next call that has the books.
    @inline(never) @usableFromInline
    mutating func endEpoch() -> Bool {
        if resyncCount != 0 && !chunkIsDiscard { return false }
        reserve(FeedRecord.bytes)
        put(FeedRecord(.epoch))
        messagesUntilEpoch = Self.epochLength(options)
        changedSinceEpoch = false
        handOff()
        return true
    }

    /// Stores one record at the end of the chunk; `reserve` made room.
    @inlinable @inline(__always)
    mutating func put(_ record: FeedRecord) {
        record.store(to: chunk + chunkCount)
        chunkCount &+= FeedRecord.bytes
    }

    /// Makes room for `bytes` of records in the chunk, handing the chunk over when full.
    @inlinable @inline(__always)
    mutating func reserve(_ bytes: Int) {
        if chunkCount &+ bytes > chunkCapacity { handOff() }
    }

    /// `locate` lost a record to the discard chunk: an image (bit 0) or its symbol (bit 1) goes again later.
    @inline(never) @usableFromInline
    mutating func lost(_ locate: UInt16, flag: UInt8) {
        let flags = resyncFlags[Int(locate)]
        if flags == 0 {
            resyncList[resyncCount] = locate
            resyncCount &+= 1
        }
        resyncFlags[Int(locate)] = flags | flag
    }

    /// Sends an image of both sides (and the symbol, if that was lost) of every book that lost records while
    /// the ring was full, so the drain's published depth is exact again before the next epoch (which waits for
    /// it). Stops, keeping the rest listed, if the ring fills again. O(books × depth). Cold: only after drops.
    @inline(never)
    public mutating func resync(books: borrowing some BookLevelReading & ~Copyable) {
        while resyncCount > 0 {
            let locate = resyncList[resyncCount &- 1]
            let flags = resyncFlags[Int(locate)]
            if flags & 2 != 0 {
                reserve(FeedRecord.bytes)
                put(FeedRecord(.symbol, locate: locate, extra: symbols[Int(locate)]))
            }
            if flags & 1 != 0 {
                putImage(locate: locate, side: .buy, books: books)
                putImage(locate: locate, side: .sell, books: books)
            }
            if chunkIsDiscard { return }  // the ring filled again: this book stays listed
            resyncFlags[Int(locate)] = 0
            resyncCount &-= 1
        }
    }

    /// Asks the drain for its whole state as of this point of the stream (every record before it applied): the
    /// `stateHandler` receives it on the drain thread. Books that lost records are repaired first. Returns false
    /// when the mark cannot reach the drain — no handler, or the ring is full (the drain's state is not whole
    /// then) — and nothing will be handed over. O(1) here; the drain's work is O(books × depth). Cold path.
    public mutating func markState(books: borrowing some BookLevelReading & ~Copyable) -> Bool {
        guard let drain, drain.hasStateHandler else { return false }
        if needsResync { resync(books: books) }
        reserve(FeedRecord.bytes)
        put(FeedRecord(.stateMark))
        if chunkIsDiscard { return false }
        handOff()
        return true
    }

    /// Publishes the chunk to the drain (or counts it dropped, if it was the discard chunk) and claims the next
    /// one; while the ring is full the discard chunk takes the records. Leaving the discard chunk, the new chunk
    /// starts with a `gap` record. O(1), no system call.
    @inline(never) @usableFromInline
    mutating func handOff() {
        if chunkCount > 0 {
            let records = chunkCount / FeedRecord.bytes
            if chunkIsDiscard {
                _stats.droppedChunks &+= 1
                _stats.droppedRecords &+= records
                _stats.droppedBytes &+= chunkCount
                droppedSinceGap &+= records
            } else {
                ring.publish(byteCount: chunkCount)
                drain?.wake.wakeIfSleeping()
                _stats.feedChunks &+= 1
                _stats.feedRecords &+= records
            }
            chunkCount = 0
        } else if !chunkIsDiscard {
            return  // the claimed chunk is still empty: keep it
        }
        if waitForRoom {
            while ring.claim() == nil { usleep(50) }
        }
        if let next = ring.claim() {
            chunk = next
            if chunkIsDiscard {
                chunkIsDiscard = false
                put(FeedRecord(.gap, extra: UInt64(droppedSinceGap)))
                droppedSinceGap = 0
            }
        } else {
            chunk = discardBase
            chunkIsDiscard = true
        }
    }

    /// The engine has nothing to do: repair books that lost records, end a time-based epoch when one is due,
    /// and hand the partly filled chunk to the drain so subscribers see the last updates now rather than when
    /// the chunk fills. O(1) when nothing is pending.
    public mutating func idle(timestamp: UInt64, books: borrowing some BookLevelReading & ~Copyable) {
        if needsResync { resync(books: books) }
        let interval = options.snapshotEveryNanoseconds
        if interval > 0, timestampSeen, timestamp &- lastEpochTimestamp >= interval, changedSinceEpoch {
            if endEpoch() { lastEpochTimestamp = timestamp }
            return
        }
        // Hand the partial chunk over at most every `idleFlushNanoseconds`: subscribers see updates within that
        // time, and a busy engine that idles between every command does not wake the drain for each one.
        if (chunkCount > 0 || chunkIsDiscard), timestamp &- lastIdleFlush >= options.idleFlushNanoseconds {
            lastIdleFlush = timestamp
            handOff()
        }
    }

    // MARK: Cold path

    /// Ends the stream: books that lost records are repaired, a final snapshot epoch (so a subscriber is exact
    /// at the end), the last chunk goes to the drain, the drain delivers everything and finishes the sinks.
    /// Returns the stats of both halves, with any sink failures in `sinkFailures`. Call once; the publisher
    /// publishes nothing afterwards.
    public mutating func finish(books: borrowing some BookLevelReading & ~Copyable) -> PublisherStats {
        precondition(!finished, "SnapshotPublisher.finish(books:) called twice")
        guard let drain else { return _stats }
        waitForRoom = true
        if chunkIsDiscard { handOff() }  // what the discard chunk holds is lost; wait for a real chunk
        resync(books: books)
        _ = endEpoch()
        ring.close()
        drain.wake.wakeIfSleeping()
        finished = true
        let drained = drain.join()
        var stats = drained.stats
        stats.feedRecords = _stats.feedRecords
        stats.feedChunks = _stats.feedChunks
        stats.droppedChunks = _stats.droppedChunks
        stats.droppedRecords = _stats.droppedRecords
        stats.droppedBytes = _stats.droppedBytes
        stats.snapshotBuild = drained.snapshotBuild
        _stats = stats
        return stats
    }
}
