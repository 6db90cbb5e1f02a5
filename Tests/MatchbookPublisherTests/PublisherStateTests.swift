import Foundation
import MatchbookBook
import MatchbookMemory
import MatchbookPublisher
import Testing

/// The drain's state at a mark (what a service snapshot keeps) and a publisher restored from it.
@Suite("Publisher state")
struct PublisherStateTests {
    /// Collects the states a drain hands over (drain thread), for the test thread.
    final class StateBox: @unchecked Sendable {
        // @unchecked: the lock guards `states`.
        private let lock = NSLock()
        private var states: [[UInt8]] = []
        func append(_ state: [UInt8]) { lock.lock(); states.append(state); lock.unlock() }
        func wait(for count: Int) -> [[UInt8]] {
            for _ in 0..<500 {
                lock.lock()
                let now = states
                lock.unlock()
                if now.count >= count { return now }
                usleep(10_000)
            }
            return []
        }
    }

    /// The 8 space-padded ASCII bytes of a symbol, first byte highest (as the wire carries them).
    static func word(_ symbol: String) -> UInt64 {
        let bytes = Array(symbol.utf8) + Array(repeating: 0x20, count: 8 - symbol.utf8.count)
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    static let options = PublisherOptions(snapshotEveryMessages: 1_000, depth: 3)
    static let books = 8

    /// Books with a few levels a side in locates 1 and 2, published through a publisher with a state handler;
    /// then a mark. Returns the state and the publisher's stats at the end (a final epoch adds no incremental).
    static func stateAfterSomeChanges() throws -> (state: [UInt8], lastSequence: UInt64) {
        let arena = try Arena(ArenaConfiguration(
            totalBytes: 32 << 20, scratchBytes: 1 << 20, pages: PageSourceOptions(policy: .off, lock: false)))
        var books = try MarketByOrderBooks(arena: arena, capacity: .testing)
        let box = StateBox()
        var publisher = try SnapshotPublisher(
            arena: arena, bookCount: Self.books, options: Self.options, sinks: [PublisherBookViewSink()],
            stateHandler: { box.append($0) })
        var reference: UInt64 = 1
        for locate: UInt16 in [1, 2] {
            _ = books.defineSymbol(locate: locate, symbol: locate == 1 ? "AAPL" : "MSFT")
            publisher.defineSymbol(locate: locate, symbol: Self.word(locate == 1 ? "AAPL" : "MSFT"))
            for level in 0..<5 {
                for side in [Side.buy, .sell] {
                    let price = side == .buy ? 1_000 - UInt32(level) : 1_001 + UInt32(level)
                    let update = books.add(locate: locate, reference: reference, side: side, shares: 100,
                                           priceTicks: price)
                    reference += 1
                    if let touch = update.touch {
                        publisher.levelChanged(locate: locate, touch: touch, levelBelow: nil)
                    }
                }
            }
        }
        let marked = publisher.markState(books: books)  // (bound first: #expect cannot take a ~Copyable call)
        #expect(marked)
        let states = box.wait(for: 1)
        let stats = publisher.finish(books: books)
        return (try #require(states.first), stats.lastSequence)
    }

    @Test("a restored publisher goes on from the state's channel sequence and snapshots its books at once")
    func restoreContinues() throws {
        let (state, lastSequence) = try Self.stateAfterSomeChanges()
        #expect(lastSequence == 2 + 2 * 2 * 3)  // 2 definitions; the first 3 of 5 levels a side enter depth 3
        let arena = try Arena(ArenaConfiguration(
            totalBytes: 32 << 20, scratchBytes: 1 << 20, pages: PageSourceOptions(policy: .off, lock: false)))
        let books = try MarketByOrderBooks(arena: arena, capacity: .testing)
        let view = PublisherBookViewSink()
        var restored = try SnapshotPublisher(
            arena: arena, bookCount: Self.books, options: Self.options, sinks: [view], restoring: state)
        let stats = restored.finish(books: books)
        #expect(stats.lastSequence == lastSequence)  // nothing new was published: snapshots take no number
        #expect(stats.snapshots >= 2)
        // The subscriber view got both books from the restart's snapshots, with their symbols and 3 levels a side,
        // at the restored channel sequence.
        for symbol in ["AAPL", "MSFT"] {
            let (book, sequence) = try #require(view.book(symbol: symbol, depth: 5), "\(symbol) not published")
            #expect(sequence == lastSequence)
            #expect(book.bids.map(\.priceTicks) == [1_000, 999, 998] && book.asks.map(\.priceTicks) == [1_001, 1_002, 1_003])
            #expect(book.bids.allSatisfy { $0.shares == 100 && $0.orders == 1 })
        }
    }

    /// A publisher restored from `bytes` in an arena of its own (each publisher carves its tables).
    static func restore(_ bytes: [UInt8], options: PublisherOptions = options) throws {
        let arena = try Arena(ArenaConfiguration(
            totalBytes: 16 << 20, scratchBytes: 1 << 20, pages: PageSourceOptions(policy: .off, lock: false)))
        _ = try SnapshotPublisher(arena: arena, bookCount: Self.books, options: options, sinks: [], restoring: bytes)
    }

    @Test("short, foreign or other-shaped state bytes are refused with what was wrong")
    func damagedStateIsRefused() throws {
        let (state, _) = try Self.stateAfterSomeChanges()
        for cut in [0, 3, 16, state.count / 2, state.count - 1] {
            #expect(throws: PublisherStateError.self) { try Self.restore(Array(state[..<cut])) }
        }
        var foreign = state
        foreign[0] ^= 0xFF
        #expect(throws: PublisherStateError.notPublisherState) { try Self.restore(foreign) }
        var deeper = Self.options
        deeper.depth = 4
        #expect(throws: PublisherStateError.shape(depth: 3, books: Self.books, expectedDepth: 4,
                                                  expectedBooks: Self.books)) {
            try Self.restore(state, options: deeper)
        }
        #expect(throws: PublisherStateError.outOfRange("1 bytes after the state")) { try Self.restore(state + [0]) }
        try Self.restore(state)  // and the bytes themselves are fine
    }
}
