import CMallocCounter
import MatchbookBook
import MatchbookITCH
import MatchbookMemory
import Testing

/// The publisher on the replay hot path allocates nothing: level updates, snapshot epochs and the file sink's
/// write(2) run without a heap allocation after warm-up.
@Suite("Publisher hot path allocations")
struct PublisherAllocationTests {
    @Test(
        "with --snapshots-out a 4x longer day allocates exactly as much as a short one: nothing",
        .enabled(if: cmc_active() != 0, "the sanitizers own malloc; the checked build counts")
    )
    func publisherDoesNotAllocate() throws {
        let short = ITCHDayGenerator(seed: 3, messages: 50_000, symbols: 40).generate()
        let long = ITCHDayGenerator(seed: 4, messages: 200_000, symbols: 40).generate()
        let arena = try Arena(ArenaConfiguration(
            totalBytes: 64 << 20, scratchBytes: 2 << 20, pages: PageSourceOptions(policy: .auto, lock: false)))
        var options = ReplayOptions()
        options.capacity = .testing
        options.capacity.books = 256
        options.snapshotsOutPath = "/dev/null"
        options.publisher.snapshotEveryMessages = 1_000
        options.publisher.bufferBytes = 64 << 10  // small: the ring fills and chunks are dropped too
        var engine = try ReplayEngine(arena: arena, options: options)
        var parser = ITCHStreamParser(mode: .tolerant)

        try short.withUnsafeBytes { try engine.replay($0, parser: &parser) }
        engine.endOfSession()

        let beforeShort = cmc_thread_allocations()
        try short.withUnsafeBytes { try engine.replay($0, parser: &parser) }
        let shortAllocations = cmc_thread_allocations() - beforeShort
        engine.endOfSession()

        let beforeLong = cmc_thread_allocations()
        try long.withUnsafeBytes { try engine.replay($0, parser: &parser) }
        let longAllocations = cmc_thread_allocations() - beforeLong

        #expect(engine.messages == 200_000)
        #expect(shortAllocations == longAllocations, "\(shortAllocations) for 50k, \(longAllocations) for 200k")
        #expect(longAllocations == 0, "the replay loop with the publisher allocated \(longAllocations) times")
    }
}
