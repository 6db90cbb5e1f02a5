import MatchbookBook
import MatchbookMemory

/// A small arena and the mirror built on it, owned and dropped together (the mirror's pools are views into the
/// arena). Pre-faulting fresh memory runs at ~0.4 GB/s on these guests: keep arenas small.
struct TestBooks: ~Copyable {
    let arena: Arena
    var books: MarketByOrderBooks

    init(capacity: BookCapacity = .testing, scratchBytes: Int = 1 << 20) throws {
        let totalBytes = (capacity.requiredArenaBytes + scratchBytes + (4 << 20) + (2 << 20 - 1)) & ~(2 << 20 - 1)
        let arena = try Arena(ArenaConfiguration(
            totalBytes: totalBytes, scratchBytes: scratchBytes,
            pages: PageSourceOptions(policy: .off, lock: false)))
        let books = try MarketByOrderBooks(arena: arena, capacity: capacity)
        self.arena = arena
        self.books = books
    }
}

/// An arena for tests that build their own structures on it.
func makeTestArena(megabytes: Int = 16) throws -> Arena {
    try Arena(ArenaConfiguration(
        totalBytes: megabytes << 20, scratchBytes: 1 << 20, pages: PageSourceOptions(policy: .off, lock: false)))
}

/// Deterministic, seeded generator (SplitMix64): the same seed gives the same run on every machine.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
