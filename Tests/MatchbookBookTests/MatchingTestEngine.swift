import MatchbookBook
import MatchbookMemory

/// A small arena and a matching engine built on it, owned and dropped together.
struct MatchingTestEngine: ~Copyable {
    let arena: Arena
    var engine: MatchingEngine

    init(capacity: MatchingCapacity = .testing, symbols: [SymbolRules]) throws {
        let scratchBytes = 1 << 20
        let totalBytes = (capacity.requiredArenaBytes + scratchBytes + (4 << 20) + (2 << 20 - 1)) & ~(2 << 20 - 1)
        let arena = try Arena(ArenaConfiguration(
            totalBytes: totalBytes, scratchBytes: scratchBytes, pages: PageSourceOptions(policy: .off, lock: false)))
        let engine = try MatchingEngine(arena: arena, capacity: capacity, symbols: symbols)
        self.arena = arena
        self.engine = engine
    }

    /// The events of the last operation(s), and clears the buffer.
    mutating func drain() -> [EngineEvent] {
        let events = (0..<engine.eventCount).map { engine.event(at: $0) }
        engine.clearEvents()
        return events
    }
}
