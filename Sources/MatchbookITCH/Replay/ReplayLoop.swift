import MatchbookBook
import MatchbookLatency
import MatchbookMemory
import MatchbookPublisher

/// The engine thread's replay state: the market-by-order books, the per-stage histograms, the BBO writer and
/// the counters — everything `handle(_:)` touches per message, owned together.
///
/// Stages per message (clock reads only when measuring):
///
///     previous message done ──parse──▶ frame delivered ──book──▶ applied ──publish──▶ BBO row written
///     └─────────────────────────────────── total ─────────────────────────────────────┘
///
/// `parse` covers framing and view decoding up to this message's delivery; `publish` is recorded only for
/// messages that published something: a BBO row (`--bbo-out`), level updates or a snapshot epoch
/// (`--snapshots-out`). With a sample interval N > 1 every N-th message is timed (systematic sampling keeps the
/// observer's cost off the other messages). Not thread-safe: owned by one engine thread.
struct ReplayLoop: ~Copyable {
    var books: MarketByOrderBooks
    var histograms: StageHistograms
    var bbo: BBOWriter?
    /// Sequenced level updates and per-epoch snapshots (`--snapshots-out`).
    var publisher: SnapshotPublisher
    /// Whether `publisher` is a real one (any market-data sink is set).
    let publishing: Bool
    /// Raw 8-byte symbols by stock locate, for BBO rows (the arena holds it; no dictionary per message).
    let symbols: ArenaTable<UInt64>
    let clock: TimestampClock
    let measure: Bool
    /// 1-based number of the message being handled.
    var sequence = 0
    var lastEndTicks: UInt64 = 0
    var endOfMessagesSeen = 0
    /// Adds whose side byte was neither `B` nor `S` (books unchanged).
    var invalidSides = 0
    let progress: (@Sendable (Int, Int) -> Void)?
    let progressMask: Int
    /// `latencySampleInterval - 1`: a message is timed when `sequence & sampleMask == 0`.
    let sampleMask: Int

    init(arena: borrowing Arena, options: ReplayOptions, clock: TimestampClock) throws {
        // Build every noncopyable part into a local first, so a throw leaves nothing half-initialized.
        var writer: BBOWriter? = nil
        if let path = options.bboOutPath {
            guard let opened = BBOWriter(path: path, bufferBytes: options.bboBufferBytes) else {
                throw ReplayError.cannotOpen(path: path, what: "--bbo-out")
            }
            writer = consume opened
        }
        let sinks = try options.makeMarketDataSinks()
        let publisher = sinks.isEmpty
            ? try SnapshotPublisher(disabledOn: arena)
            : try SnapshotPublisher(
                arena: arena, bookCount: options.capacity.books, options: options.publisher, sinks: sinks)
        let books = try MarketByOrderBooks(arena: arena, capacity: options.capacity)
        let symbols = try arena.makeTable(of: UInt64.self, count: options.capacity.books, name: "replay-symbols")
        self.books = books
        self.symbols = symbols
        self.bbo = writer
        self.publisher = publisher
        publishing = !sinks.isEmpty
        histograms = StageHistograms()
        self.clock = clock
        measure = options.measureLatency
        progress = options.progress
        // Powers of two, so the checks per message are one AND each.
        progressMask = Self.powerOfTwoAtLeast(options.progressEvery) - 1
        sampleMask = Self.powerOfTwoAtLeast(options.latencySampleInterval) - 1
    }

    /// Starts the clock for the first message's parse stage.
    mutating func start() {
        if measure { lastEndTicks = clock.now() }
    }

    /// Applies one framed message to the books. The hot path: no allocation, no locks, no ARC.
    /// Every `sampleMask + 1`-th message is timed (four clock reads, four histogram records); the others pay one
    /// AND and a predictable branch, plus one clock read for the message just before a timed one.
    @inline(__always)
    mutating func handle(_ frame: ITCHFrame, bytesSoFar: Int) {
        sequence &+= 1
        if measure && sequence & sampleMask == 0 {
            handleTimed(frame)
        } else {
            let update = apply(frame)
            if update.topOfBookChanged, bbo != nil { writeBBO(locate: update.locate) }
            if publishing { _ = publish(update, frame: frame) }
            if measure && (sequence &+ 1) & sampleMask == 0 { lastEndTicks = clock.now() }
        }
        if sequence & progressMask == 0, let progress { progress(sequence, bytesSoFar) }
    }

    @inline(__always)
    private mutating func handleTimed(_ frame: ITCHFrame) {
        let delivered = clock.now()
        let update = apply(frame)
        let applied = clock.now()
        histograms.record(.parse, fromTicks: lastEndTicks, toTicks: delivered, clock: clock)
        histograms.record(.book, fromTicks: delivered, toTicks: applied, clock: clock)
        var end = applied
        var published = false
        if update.topOfBookChanged, bbo != nil {
            writeBBO(locate: update.locate)
            published = true
        }
        if publishing, publish(update, frame: frame) { published = true }
        if published {
            end = clock.now()
            histograms.record(.publish, fromTicks: applied, toTicks: end, clock: clock)
        }
        histograms.record(.total, fromTicks: lastEndTicks, toTicks: end, clock: clock)
        lastEndTicks = end
    }

    /// Hands a book operation's effect to the publisher and counts the message towards its snapshot epoch.
    /// Returns whether it ran (the `publish` stage is recorded then). Call only when `publishing`.
    @inline(__always)
    private mutating func publish(_ update: BookUpdate, frame: ITCHFrame) -> Bool {
        var published = false
        if let touch = update.touch {
            if publisher.needsResync { resyncPublisher() }
            // A removal: the level that may move up into the published depth, read here (the concrete books).
            var below: LevelView? = nil
            if let rank = publisher.rankBelow(touch) {
                below = books.level(locate: update.locate, side: touch.side, rank: rank)
            }
            if let execution = frame.view(as: ITCH.OrderExecuted.self) {
                // E trades against the order it names, at its price: the trade rides on the touch record.
                publisher.levelChanged(
                    locate: update.locate, touch: touch, levelBelow: below,
                    execution: (execution.executedShares, execution.matchNumber))
            } else {
                publisher.levelChanged(locate: update.locate, touch: touch, levelBelow: below)
            }
            published = true
        }
        switch frame.type {
        case .orderExecutedWithPrice, .trade, .crossTrade:
            if publishTrade(frame, update: update) { published = true }
        default:
            break
        }
        let epoch = publisher.messageHandled(timestamp: frame.timestampNanos)
        return published || epoch
    }

    /// After the publisher's ring was full: images of the books that lost records (rare, so out of line).
    @inline(never)
    private mutating func resyncPublisher() {
        publisher.resync(books: books)
    }

    /// Publishes the trade an execution with price (printable C) or a trade message (P, Q) reports. Returns
    /// whether it did. C trades against the order it names, at the stated price. (E's trade goes with its touch.)
    @inline(__always)
    private mutating func publishTrade(_ frame: ITCHFrame, update: BookUpdate) -> Bool {
        switch frame.message {
        case .orderExecutedWithPrice(let execution):
            guard let touch = update.touch, execution.printable == 0x59 else { return false }  // 'Y'
            publisher.trade(
                locate: update.locate, priceTicks: execution.executionPriceTicks,
                shares: UInt64(execution.executedShares), restingSide: touch.side,
                matchNumber: execution.matchNumber)
        case .trade(let trade):
            publisher.trade(
                locate: trade.stockLocate, priceTicks: trade.priceTicks, shares: UInt64(trade.shares),
                restingSide: Side(rawValue: trade.side), matchNumber: trade.matchNumber)
        case .crossTrade(let cross):
            guard cross.shares > 0 else { return false }
            publisher.trade(
                locate: cross.stockLocate, priceTicks: cross.crossPriceTicks, shares: cross.shares,
                restingSide: nil, matchNumber: cross.matchNumber)
        default:
            return false
        }
        return true
    }

    @inline(__always)
    private mutating func writeBBO(locate: UInt16) {
        let bid = books.bestBid(locate: locate)
        let ask = books.bestAsk(locate: locate)
        let symbol = Int(locate) < symbols.count ? symbols[Int(locate)] : 0
        bbo!.write(sequence: sequence, symbol: symbol, bid: bid, ask: ask)
    }

    /// Dispatches one message to the book operation it means. Messages without a book effect change nothing.
    @inline(__always)
    private mutating func apply(_ frame: ITCHFrame) -> BookUpdate {
        switch frame.message {
        case .addOrder(let add):
            guard let side = Side(rawValue: add.side) else { return unknownSide(add.stockLocate) }
            return books.add(
                locate: add.stockLocate, reference: add.orderReference, side: side, shares: add.shares,
                priceTicks: add.priceTicks)
        case .addOrderMPID(let add):
            guard let side = Side(rawValue: add.side) else { return unknownSide(add.stockLocate) }
            return books.add(
                locate: add.stockLocate, reference: add.orderReference, side: side, shares: add.shares,
                priceTicks: add.priceTicks)
        case .orderExecuted(let execution):
            return books.execute(
                locate: execution.stockLocate, reference: execution.orderReference, shares: execution.executedShares)
        case .orderExecutedWithPrice(let execution):
            return books.executeWithPrice(
                locate: execution.stockLocate, reference: execution.orderReference,
                shares: execution.executedShares, priceTicks: execution.executionPriceTicks)
        case .orderCancel(let cancel):
            return books.cancel(
                locate: cancel.stockLocate, reference: cancel.orderReference, shares: cancel.cancelledShares)
        case .orderDelete(let delete):
            return books.delete(locate: delete.stockLocate, reference: delete.orderReference)
        case .orderReplace(let replace):
            return books.replace(
                locate: replace.stockLocate, originalReference: replace.originalOrderReference,
                newReference: replace.newOrderReference, shares: replace.shares, priceTicks: replace.priceTicks)
        case .stockDirectory(let directory):
            let locate = directory.stockLocate
            if Int(locate) < symbols.count { symbols[Int(locate)] = directory.stock.rawValue }
            if publishing { publisher.defineSymbol(locate: locate, symbol: directory.stock.rawValue) }
            return books.defineSymbol(locate: locate, symbol: directory.stock.rawValue)
        case .systemEvent(let event):
            if event.eventCode == 0x43 { endOfMessagesSeen &+= 1 }  // 'C': end of messages
            return BookUpdate(locate: 0, topOfBookChanged: false)
        default:
            return BookUpdate(locate: 0, topOfBookChanged: false)
        }
    }

    static func powerOfTwoAtLeast(_ value: Int) -> Int {
        value <= 1 ? 1 : 1 << (Int.bitWidth - (value - 1).leadingZeroBitCount)
    }

    /// An add whose side byte is neither `B` nor `S`: a well-formed frame with a bad field, counted; books unchanged.
    @inline(never)
    private mutating func unknownSide(_ locate: UInt16) -> BookUpdate {
        invalidSides &+= 1
        return BookUpdate(locate: locate, topOfBookChanged: false)
    }
}
