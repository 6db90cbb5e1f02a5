import Testing
@testable import MatchbookMemory

/// The system-allocator backing (the comparison baseline) keeps the arena's API and layouts but takes every
/// record, table and scratch block from malloc/calloc.
@Suite("System-allocator backing")
struct SystemBackingTests {
    static func arena() throws -> Arena {
        try Arena(ArenaConfiguration(totalBytes: 64 << 20, backing: .systemAllocator))
    }

    @Test("it maps only the control block, and says so")
    func smallMapping() throws {
        let arena = try Self.arena()
        #expect(arena.backing == .systemAllocator)
        #expect(arena.capacityBytes == PageSource.hugePageBytes)
        #expect(arena.memoryReport.pageKind == .small)
        #expect(!arena.memoryReport.prefaulted)
    }

    @Test("records are separate 64-byte-aligned malloc blocks outside the mapping, reused through a free stack")
    func recordsAreMallocBlocks() throws {
        let arena = try Self.arena()
        let pool = try arena.makePool(of: LineRecord.self, capacity: 100, name: "records")
        let base = unsafe UInt(bitPattern: arena.storage.base)
        var handles: [PoolHandle<LineRecord>] = []
        for index in 0..<100 {
            let handle = try pool.allocate(LineRecord(id: UInt64(index), value: 1))
            let address = unsafe UInt(bitPattern: pool.storage.slot(handle.index))
            #expect(address % 64 == 0)
            #expect(address < base || address >= base + UInt(arena.capacityBytes))
            handles.append(handle)
        }
        #expect(throws: ArenaError.self) { _ = try pool.allocate(LineRecord(id: 0, value: 0)) }
        for handle in handles.prefix(50) { pool.free(handle) }
        #expect(pool.liveCount == 50)
        for index in 0..<50 { _ = try pool.allocate(LineRecord(id: UInt64(index), value: 2)) }
        #expect(pool.liveCount == 100)
        #expect(pool[handles[99]].id == 99)
        pool.resetAll()
        #expect(pool.liveCount == 0)
        _ = try pool.allocate(LineRecord(id: 7, value: 7))
    }

    @Test("tables are calloc'd and zeroed; scratch blocks are freed at each reset")
    func tablesAndScratch() throws {
        var arena = try Self.arena()
        let table = try arena.makeTable(of: UInt64.self, count: 10_000, name: "table")
        #expect((0..<10_000).allSatisfy { table[$0] == 0 })
        table[9_999] = 5
        #expect(table[9_999] == 5)
        for _ in 0..<3 {
            var span = try arena.scratchSpan(of: UInt32.self, count: 1000, repeating: 9)
            span[999] = 1
            #expect(span[0] == 9 && span[999] == 1)
            arena.resetEpoch()
        }
        #expect(arena.stats.epochResets == 3)
    }
}
