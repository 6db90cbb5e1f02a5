import CMallocCounter
import MatchbookBook
import MatchbookITCH
import MatchbookMemory
import Testing

/// "The hot path allocates nothing after warm-up": the replay loop's heap allocations are counted on this
/// thread (the test executable interposes malloc) and must not grow with the number of messages.
@Suite("Replay hot path allocations")
struct HotPathAllocationTests {
    @Test(
        "a 4x longer day allocates exactly as much as a short one (nothing per message)",
        .enabled(if: cmc_active() != 0, "the sanitizers own malloc; the checked build counts")
    )
    func allocationsDoNotGrowWithMessages() throws {
        let short = ITCHDayGenerator(seed: 3, messages: 50_000, symbols: 40).generate()
        let long = ITCHDayGenerator(seed: 4, messages: 200_000, symbols: 40).generate()
        let arena = try Arena(ArenaConfiguration(
            totalBytes: 64 << 20, scratchBytes: 2 << 20, pages: PageSourceOptions(policy: .auto, lock: false)))
        var options = ReplayOptions()
        options.capacity = .testing
        options.capacity.books = 256
        options.bboOutPath = "/dev/null"  // the publish stage too: BBO rows formatted and written
        var engine = try ReplayEngine(arena: arena, options: options)
        var parser = ITCHStreamParser(mode: .tolerant)

        // Warm-up: the first replay may touch lazily created state; what follows must not allocate at all.
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
        #expect(engine.books.anomalies.total == 0)
        #expect(shortAllocations == longAllocations, "allocations: \(shortAllocations) for 50k, \(longAllocations) for 200k")
        #expect(longAllocations == 0, "the replay loop allocated \(longAllocations) times after warm-up")
    }

    @Test("the counter counts (so the test above could fail)", .enabled(if: cmc_active() != 0))
    func counterCounts() {
        let before = cmc_thread_allocations()
        var arrays: [[Int]] = []
        for index in 0..<10 { arrays.append([Int](repeating: index, count: 100)) }
        #expect(cmc_thread_allocations() - before >= 10)
        #expect(arrays.count == 10)
    }
}
