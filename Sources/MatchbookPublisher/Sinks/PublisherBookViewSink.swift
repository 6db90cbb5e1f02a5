import Synchronization

/// A sink that keeps the published books in memory for people: it applies every chunk to a reference
/// `BookSubscriber` and answers `book(symbol:)` from any thread (the HTTP handler's `GET /book/{symbol}`). What it
/// shows is what subscribers see: the published depth, consistent with the channel sequence it names. A lock
/// guards the subscriber — taken by the drain thread and readers, never by the engine.
public final class PublisherBookViewSink: MarketDataSink, Sendable {
    private let state = Mutex(BookSubscriber())

    public init() {}

    public var name: String { "book view" }

    public func deliver(_ chunk: UnsafeRawBufferPointer) {
        let bytes = [UInt8](chunk)
        state.withLock { subscriber in
            try? subscriber.consume(bytes)  // a chunk holds whole messages the publisher wrote
        }
    }

    public func finish() -> String? { nil }

    /// One book as the published stream has it: levels best first (up to `depth`), the last trade and the
    /// channel sequence it is consistent with; nil for a symbol not seen.
    public func book(symbol: String, depth: Int) -> (book: BookSubscriber.Book, sequence: UInt64)? {
        state.withLock { subscriber in
            guard var (_, book) = subscriber.books.first(where: {
                BookSubscriber.symbolText($0.value.symbol) == symbol
            }) else { return nil }
            book.bids = Array(book.bids.prefix(max(depth, 0)))
            book.asks = Array(book.asks.prefix(max(depth, 0)))
            return (book, subscriber.lastSequence)
        }
    }
}
