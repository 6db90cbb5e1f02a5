import MatchbookBook
import MatchbookLatency
import MatchbookMemory

/// The replay's hot loop as a value you own: market-by-order books, histograms and BBO writer built once in an
/// arena, then any number of in-memory ITCH buffers replayed through them on the calling thread.
///
/// `ITCHReplay.run` is the whole job (engine thread, inputs, summary); this is the piece benchmarks and
/// allocation tests drive directly. Not thread-safe: owned by the thread that built it, with its arena.
public struct ReplayEngine: ~Copyable {
    var loop: ReplayLoop

    /// Builds the books and histograms in `arena`. Cold path.
    public init(arena: borrowing Arena, options: ReplayOptions, clock: TimestampClock = .monotonic()) throws {
        loop = try ReplayLoop(arena: arena, options: options, clock: clock)
    }

    /// Parses and applies every message in `bytes` (NASDAQ framing). No allocation after the first call.
    ///
    /// - Throws: `ITCHError` in strict mode at the first framing fault; tolerant parsers count and go on.
    public mutating func replay(_ bytes: UnsafeRawBufferPointer, parser: inout ITCHStreamParser) throws(ITCHError) {
        loop.start()
        try parser.feed(bytes) { frame in loop.handle(frame, bytesSoFar: frame.offset) }
        try parser.finish()
    }

    /// Messages handled so far.
    public var messages: Int { loop.sequence }

    /// The books, for views and counters.
    public var books: MarketByOrderBooks {
        _read { yield loop.books }
    }

    /// Ends the books' session: every order and level is freed in O(1) (pools reset); symbols stay.
    public mutating func endOfSession() {
        loop.books.endOfSession()
        loop.sequence = 0
    }

    /// The per-stage histograms so far (a copy; cold path).
    public var latency: LatencySnapshot { loop.histograms.snapshot() }
}
