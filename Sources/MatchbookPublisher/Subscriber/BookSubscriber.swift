import MatchbookBook

/// The reference subscriber: rebuilds the published top levels of every book from snapshots and incremental
/// level updates, detects gaps and recovers at the next snapshot.
///
/// Gap handling:
/// - **Channel**: an incremental whose sequence is not the last one + 1, or a snapshot consistent with a
///   sequence past the last one seen, is a channel gap (`channelGaps`, `lostMessages`).
/// - **Book**: each level update carries its book's own update count; when it is not the book's last + 1 an
///   update of that book was lost: the book's levels are discarded (`bookGaps`) and its updates ignored
///   (`discardedUpdates`) until its next snapshot, which replaces the book whole (`recoveries`).
/// Since the publisher snapshots every book that changed in an epoch, every book is exact again after the
/// snapshot epoch that follows a loss.
///
/// Cold path (dictionaries and arrays). Not thread-safe: owned by one thread.
public struct BookSubscriber: Sendable {
    /// What the subscriber saw.
    public struct Stats: Sendable, Equatable, Codable {
        public var messages = 0
        public var levelUpdates = 0
        public var symbolDefinitions = 0
        public var snapshots = 0
        public var trades = 0
        /// Holes in the channel sequence, and the messages they lost.
        public var channelGaps = 0
        public var lostMessages: UInt64 = 0
        /// Incrementals at or below the last sequence (duplicates, reordering): ignored.
        public var staleIncrementals = 0
        /// Books whose own update count jumped (state discarded), updates ignored meanwhile, and books
        /// restored by a snapshot after that.
        public var bookGaps = 0
        public var discardedUpdates = 0
        public var recoveries = 0

        public init() {}
    }

    /// One rebuilt book: levels best first (bids highest first, asks lowest first).
    public struct Book: Sendable, Equatable {
        public var symbol: UInt64 = 0
        public var bids: [LevelView] = []
        public var asks: [LevelView] = []
        public var bookSequence: UInt32 = 0
        /// False between a detected loss on this book and its next snapshot (levels discarded).
        public var isValid = true
        /// The last trade seen in this book, and the shares traded in it since the subscriber started.
        public var lastTrade: TradeMessage? = nil
        public var tradedShares: UInt64 = 0

        /// An empty, valid book without a symbol.
        public init() {}
    }

    public private(set) var stats = Stats()
    public private(set) var books: [UInt16: Book] = [:]
    /// The last channel sequence seen (incremental, or a snapshot's consistent-with sequence).
    public private(set) var lastSequence: UInt64 = 0

    public init() {}

    /// Decodes and applies every message in `bytes`, in order.
    ///
    /// - Throws: the first `WireError`; the messages before it stay applied.
    public mutating func consume(_ bytes: [UInt8]) throws(WireError) {
        let failure: WireError? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            do throws(WireError) {
                while offset < buffer.count {
                    let (message, length) = try WireDecoder.decode(buffer, at: offset)
                    apply(message)
                    offset += length
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Applies one decoded message. O(depth) per message.
    public mutating func apply(_ message: WireMessage) {
        stats.messages += 1
        switch message {
        case .symbolDefinition(let definition, let sequence):
            guard accept(incremental: sequence) else { return }
            stats.symbolDefinitions += 1
            books[definition.locate, default: Book()].symbol = definition.symbol
        case .levelUpdate(let update, let sequence):
            guard accept(incremental: sequence) else { return }
            stats.levelUpdates += 1
            apply(update)
        case .trade(let trade, let sequence):
            guard accept(incremental: sequence) else { return }
            stats.trades += 1
            books[trade.locate, default: Book()].lastTrade = trade
            books[trade.locate, default: Book()].tradedShares += trade.shares
        case .snapshot(let snapshot):
            stats.snapshots += 1
            if snapshot.asOfSequence > lastSequence {
                stats.channelGaps += 1
                stats.lostMessages += snapshot.asOfSequence - lastSequence
                lastSequence = snapshot.asOfSequence
            }
            var book = books[snapshot.locate, default: Book()]
            if !book.isValid { stats.recoveries += 1 }
            book.isValid = true
            book.bids = snapshot.bids
            book.asks = snapshot.asks
            book.bookSequence = snapshot.bookSequence
            if snapshot.symbol != 0 { book.symbol = snapshot.symbol }
            books[snapshot.locate] = book
        }
    }

    /// Checks an incremental's channel sequence: counts a hole, ignores a stale one.
    private mutating func accept(incremental sequence: UInt64) -> Bool {
        if sequence <= lastSequence {
            stats.staleIncrementals += 1
            return false
        }
        if sequence != lastSequence + 1 {
            stats.channelGaps += 1
            stats.lostMessages += sequence - lastSequence - 1
        }
        lastSequence = sequence
        return true
    }

    private mutating func apply(_ update: LevelUpdateMessage) {
        var book = books[update.locate, default: Book()]
        defer { books[update.locate] = book }
        guard book.isValid else {
            stats.discardedUpdates += 1
            return
        }
        guard update.bookSequence == book.bookSequence &+ 1 else {
            stats.bookGaps += 1
            stats.discardedUpdates += 1
            book.isValid = false
            book.bids = []
            book.asks = []
            return
        }
        book.bookSequence = update.bookSequence
        if update.side == .buy {
            Self.set(update.level, in: &book.bids, better: >)
        } else {
            Self.set(update.level, in: &book.asks, better: <)
        }
    }

    /// Removes the level at `level.priceTicks`, then inserts `level` in order unless its shares are 0.
    private static func set(_ level: LevelView, in levels: inout [LevelView], better: (UInt32, UInt32) -> Bool) {
        levels.removeAll { $0.priceTicks == level.priceTicks }
        guard level.shares != 0 else { return }
        let position = levels.firstIndex { better(level.priceTicks, $0.priceTicks) } ?? levels.count
        levels.insert(level, at: position)
    }

    /// Books now missing state after a loss (waiting for their next snapshot), ascending.
    public var gappedBooks: [UInt16] { books.filter { !$0.value.isValid }.map(\.key).sorted() }

    /// The symbol of `raw` (8 ASCII bytes, big-endian) with trailing spaces and NULs trimmed; nil for 0.
    public static func symbolText(_ raw: UInt64) -> String? {
        guard raw != 0 else { return nil }
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: raw >> UInt64(56 - 8 * $0)) }
        while let last = bytes.last, last == 0x20 || last == 0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The rebuilt books as `replay --book-out` writes them: `symbol,side,price,shares,orders`, books by symbol
    /// (then locate; a book without a symbol is named by its locate), bids best first, then asks best first.
    public func levelsCSV() -> String {
        var text = "symbol,side,price,shares,orders\n"
        let named = books.map { ($0.key, Self.symbolText($0.value.symbol) ?? "\($0.key)") }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        for (locate, symbol) in named {
            let book = books[locate]!
            for level in book.bids { text += "\(symbol),B,\(level.priceTicks),\(level.shares),\(level.orders)\n" }
            for level in book.asks { text += "\(symbol),S,\(level.priceTicks),\(level.shares),\(level.orders)\n" }
        }
        return text
    }
}
