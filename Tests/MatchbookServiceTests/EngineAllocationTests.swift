import CMallocCounter
import MatchbookBook
import MatchbookMemory
import MatchbookPublisher
@testable import MatchbookService
import Testing

/// The engine thread's per-command work — a command off the ring, the matching engine, every event onto the
/// reply ring, the market data of the books it changed — allocates nothing: 4x the commands cost exactly the allocations of 1x (none).
@Suite("Engine thread allocations")
struct EngineAllocationTests {
    /// Applies `count` commands (adds on both sides that cross half the time, cancels of older ones) and drains
    /// the replies as the gateway would, on this thread.
    static func drive(_ count: Int, start: Int, engine: inout MatchingEngine, replies: inout SPSCRing,
                      consumer: SPSCRingConsumer, publisher: inout SnapshotPublisher) -> Int {
        var events = 0
        for index in start..<(start + count) {
            let command: ServiceCommand
            if index % 3 == 2 {
                command = ServiceCommand(kind: .cancel, sequence: UInt64(index), owner: 1, clientTag: 0,
                                         orderId: UInt64(index - 1))
            } else {
                command = ServiceCommand(
                    kind: .newOrder, sequence: UInt64(index), owner: UInt32(index % 2 + 1),
                    clientTag: UInt64(index), locate: 1, side: index % 2 == 0 ? .buy : .sell, quantity: 100,
                    priceTicks: UInt32(1_000_000 + (index % 7) * 100))
            }
            EngineWorker.apply(command, engine: &engine, replies: &replies, publisher: &publisher)
            while consumer.peek() != nil {
                consumer.release()
                events += 1
            }
        }
        return events
    }

    @Test(
        "applying commands and writing replies allocates nothing per command",
        .enabled(if: cmc_active() != 0, "the sanitizers own malloc; the checked build counts")
    )
    func engineDoesNotAllocate() throws {
        let arena = try Arena(ArenaConfiguration(
            totalBytes: 96 << 20, scratchBytes: 1 << 20, pages: PageSourceOptions(policy: .off, lock: false)))
        let symbols = [SymbolRules(locate: 1, symbol: "AAPL", tickSize: 100, minPriceTicks: 10_000,
                                   maxPriceTicks: 10_000_000)]
        var engine = try MatchingEngine(arena: arena, capacity: .testing, symbols: symbols)
        var replies = try SPSCRing(arena: arena, slotBytes: 128, slotCount: 1 << 12, name: "replies")
        let consumer = replies.makeConsumer()
        var options = PublisherOptions(snapshotEveryMessages: 500, depth: 10)
        options.bufferBytes = 1 << 20
        var publisher = try SnapshotPublisher(arena: arena, bookCount: 64, options: options, sinks: [PublisherBookViewSink()])
        _ = Self.drive(2_000, start: 1, engine: &engine, replies: &replies, consumer: consumer, publisher: &publisher)  // warm-up
        let before = cmc_thread_allocations()
        let shortEvents = Self.drive(3_000, start: 2_001, engine: &engine, replies: &replies, consumer: consumer, publisher: &publisher)
        let short = cmc_thread_allocations() - before
        let beforeLong = cmc_thread_allocations()
        let longEvents = Self.drive(12_000, start: 5_001, engine: &engine, replies: &replies, consumer: consumer, publisher: &publisher)
        let long = cmc_thread_allocations() - beforeLong
        #expect(shortEvents > 3_000 && longEvents > 12_000)  // accepts, fills and cancels came back
        #expect(short == long, "\(short) for 3k commands, \(long) for 12k")
        #expect(long == 0, "the engine path allocated \(long) times")
        let stats = publisher.finish(books: engine)
        #expect(stats.levelUpdates > 0 && stats.trades > 0 && stats.snapshots > 0)
    }
}
