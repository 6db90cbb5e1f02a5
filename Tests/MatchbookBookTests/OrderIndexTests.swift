import Testing
import MatchbookBook
import MatchbookMemory

/// The paged direct index: reference → order handle, pages of 4,096 references freed when empty.
@Suite("Order index")
struct OrderIndexTests {
    static func handle(_ raw: UInt32) -> PoolHandle<Order> { PoolHandle(raw: raw) }

    @Test("insert, lookup and remove; a page is taken for the first reference and freed with the last")
    func pageLifecycle() throws {
        let arena = try makeTestArena(megabytes: 8)
        var index = try OrderIndex(arena: arena, directoryPages: 64, pages: 4)
        let inserted = index.insert(4_096 * 3 + 5, Self.handle(11))
        let neighbour = index.insert(4_096 * 3 + 6, Self.handle(12))
        #expect(inserted == .inserted && neighbour == .inserted)
        #expect(index.count == 2 && index.livePages == 1)
        let found = index.lookup(4_096 * 3 + 5)
        let absent = index.lookup(4_096 * 3 + 7)
        let otherPage = index.lookup(5)
        #expect(found == Self.handle(11) && absent.isNone && otherPage.isNone)
        let removed = index.remove(4_096 * 3 + 5)
        #expect(removed == Self.handle(11) && index.livePages == 1)
        let again = index.remove(4_096 * 3 + 5)
        #expect(again.isNone && index.count == 1)
        index.remove(4_096 * 3 + 6)
        #expect(index.count == 0 && index.livePages == 0)
    }

    @Test("page boundaries: 4095 and 4096 live on different pages")
    func boundaries() throws {
        let arena = try makeTestArena(megabytes: 8)
        var index = try OrderIndex(arena: arena, directoryPages: 64, pages: 4)
        _ = index.insert(4_095, Self.handle(1))
        _ = index.insert(4_096, Self.handle(2))
        _ = index.insert(0, Self.handle(3))
        #expect(index.livePages == 2)
        let (a, b, c) = (index.lookup(4_095), index.lookup(4_096), index.lookup(0))
        #expect(a == Self.handle(1) && b == Self.handle(2) && c == Self.handle(3))
        let census = index.pageCensus()
        #expect(census.pages == 2 && census.entries == 3)
    }

    @Test("duplicates, out-of-range references and page exhaustion change nothing")
    func refusals() throws {
        let arena = try makeTestArena(megabytes: 8)
        var index = try OrderIndex(arena: arena, directoryPages: 4, pages: 2)
        _ = index.insert(1, Self.handle(1))
        let duplicate = index.insert(1, Self.handle(2))
        let outOfRange = index.insert(4 * 4_096, Self.handle(3))
        _ = index.insert(4_096, Self.handle(4))
        let exhausted = index.insert(2 * 4_096, Self.handle(5))
        #expect(duplicate == .duplicate && outOfRange == .outOfRange && exhausted == .pagesExhausted)
        let covers = (index.covers(4 * 4_096 - 1), index.covers(4 * 4_096))
        #expect(covers == (true, false))
        let kept = index.lookup(1)
        let beyond = index.lookup(UInt64.max)
        #expect(kept == Self.handle(1) && beyond.isNone && index.count == 2)
    }

    @Test("removeAll forgets everything and the pages are reusable")
    func removeAll() throws {
        let arena = try makeTestArena(megabytes: 8)
        var index = try OrderIndex(arena: arena, directoryPages: 16, pages: 3)
        for reference in UInt64(0)..<(3 * 4_096) { _ = index.insert(reference, Self.handle(UInt32(reference))) }
        #expect(index.count == 3 * 4_096 && index.livePages == 3)
        index.removeAll()
        #expect(index.count == 0 && index.livePages == 0)
        let gone = index.lookup(17)
        #expect(gone.isNone)
        for reference in UInt64(10 * 4_096)..<(10 * 4_096 + 100) {
            let result = index.insert(reference, Self.handle(1))
            #expect(result == .inserted)
        }
        let entries = index.allEntries()
        #expect(entries.count == 100 && entries.first?.reference == 10 * 4_096)
    }

    @Test("rising references with random deletions keep a handful of pages, matching a dictionary")
    func risingReferences() throws {
        let arena = try makeTestArena(megabytes: 8)
        var index = try OrderIndex(arena: arena, directoryPages: 1_024, pages: 64)
        var model: [UInt64: UInt32] = [:]
        var live: [UInt64] = []
        var generator = SeededGenerator(seed: 42)
        var next: UInt64 = 1
        for step in 0..<100_000 {
            if live.count < 2_000 || Bool.random(using: &generator) {
                next += UInt64.random(in: 1...4, using: &generator)
                let result = index.insert(next, Self.handle(UInt32(step)))
                #expect(result == .inserted)
                model[next] = UInt32(step)
                live.append(next)
            } else {
                // Delete mostly old orders, as the day's early orders trade or cancel.
                let position = Int.random(in: 0..<min(live.count, 400), using: &generator)
                let reference = live.remove(at: position)
                let removed = index.remove(reference)
                #expect(removed.raw == model.removeValue(forKey: reference))
            }
        }
        #expect(index.count == model.count)
        for (reference, raw) in model {
            let found = index.lookup(reference)
            #expect(found.raw == raw)
        }
        #expect(index.livePages <= 64)
    }
}
