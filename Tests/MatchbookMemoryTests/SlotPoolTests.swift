import Testing
@testable import MatchbookMemory

@Suite("Slot pools")
struct SlotPoolTests {
    @Test("every slot starts on a 64-byte line")
    func slotsOnCacheLines() throws {
        let arena = try TestArenas.small()
        let lines = try arena.makePool(of: LineRecord.self, capacity: 100, name: "lines")
        let pairs = try arena.makePool(of: TwoLineRecord.self, capacity: 50, name: "pairs")
        for index in 0..<100 {
            let handle = try lines.allocate(LineRecord(id: UInt64(index), value: 0))
            let address = unsafe UInt(bitPattern: lines.storage.slot(handle.index))
            #expect(address % 64 == 0)
        }
        for _ in 0..<50 {
            let handle = try pairs.allocate(TwoLineRecord(words: .init(repeating: 1)))
            #expect(unsafe UInt(bitPattern: pairs.storage.slot(handle.index)) % 64 == 0)
        }
    }

    @Test("records read and write in place")
    func readWrite() throws {
        let arena = try TestArenas.small()
        let pool = try arena.makePool(of: LineRecord.self, capacity: 10, name: "records")
        let handle = try pool.allocate(LineRecord(id: 1, value: 10))
        #expect(pool[handle].value == 10)
        pool[handle].value += 5
        #expect(pool[handle] == LineRecord(id: 1, value: 15))
        #expect(pool.liveCount == 1)
        let liveHandle = pool.isLive(handle)
        #expect(liveHandle)
    }

    @Test("freed slots are reused (last freed first) and counts return to the start")
    func freeListReuse() throws {
        let arena = try TestArenas.small()
        let pool = try arena.makePool(of: LineRecord.self, capacity: 4, name: "records")
        let a = try pool.allocate(LineRecord(id: 1, value: 0))
        let b = try pool.allocate(LineRecord(id: 2, value: 0))
        pool.free(a)
        let liveA = pool.isLive(a)
        #expect(!liveA)
        let c = try pool.allocate(LineRecord(id: 3, value: 0))
        #expect(c.index == a.index)
        #expect(pool[c].id == 3)
        pool.free(b)
        pool.free(c)
        #expect(pool.liveCount == 0)
        #expect(pool.freeCount == 4)
        let stats = arena.stats.pools[0]
        #expect(stats.allocations == 3 && stats.frees == 3 && stats.highWater == 2)
    }

    @Test("exhaustion is a typed error with the pool's name, counted, and the pool still works after a free")
    func exhaustion() throws {
        let arena = try TestArenas.small()
        let pool = try arena.makePool(of: LineRecord.self, capacity: 3, name: "orders")
        var handles = try (0..<3).map { try pool.allocate(LineRecord(id: UInt64($0), value: 0)) }
        #expect(throws: ArenaError.exhausted(
            tenant: "pool orders", requestedBytes: 64, capacityBytes: 192, inUseBytes: 192, highWaterBytes: 192)
        ) {
            _ = try pool.allocate(LineRecord(id: 9, value: 0))
        }
        #expect(arena.stats.pools[0].exhaustions == 1)
        pool.free(handles.removeLast())
        _ = try pool.allocate(LineRecord(id: 10, value: 0))
    }

    @Test("records whose stride is not a multiple of 64 are refused")
    func refusesOddStride() throws {
        let arena = try TestArenas.small()
        #expect(throws: ArenaError.self) {
            _ = try arena.makePool(of: OddRecord.self, capacity: 10, name: "odd")
        }
        #expect(throws: ArenaError.self) {
            _ = try arena.makePool(of: LineRecord.self, capacity: 0, name: "empty")
        }
    }

    @Test("resetAll frees everything at once and the pool starts over")
    func resetAll() throws {
        let arena = try TestArenas.small()
        let pool = try arena.makePool(of: LineRecord.self, capacity: 1000, name: "orders")
        let handles = try (0..<1000).map { try pool.allocate(LineRecord(id: UInt64($0), value: 0)) }
        pool.resetAll()
        #expect(pool.liveCount == 0)
        let anyLive = handles.contains { pool.isLive($0) }
        #expect(!anyLive)
        let fresh = try pool.allocate(LineRecord(id: 5, value: 5))
        #expect(fresh.index == 0)
        #expect(arena.stats.pools[0].resets == 1)
    }

    @Test("the pool region's exhaustion names the pool being carved")
    func regionExhaustion() throws {
        let arena = try TestArenas.small(totalBytes: 4 << 20, scratchBytes: 1 << 20)
        #expect {
            _ = try arena.makePool(of: LineRecord.self, capacity: 1_000_000, name: "too-big")
        } throws: { error in
            guard case ArenaError.exhausted(let tenant, _, _, _, _) = error else { return false }
            return tenant.contains("too-big")
        }
        #expect(arena.stats.poolRegionExhaustions == 1)
        _ = try arena.makePool(of: LineRecord.self, capacity: 100, name: "fits")
    }

    @Test("checked builds poison freed slots with 0xDB")
    func poisonOnFree() throws {
        let arena = try TestArenas.small()
        let pool = try arena.makePool(of: LineRecord.self, capacity: 4, name: "records")
        let handle = try pool.allocate(LineRecord(id: 0x1111, value: 0x2222))
        let slot = unsafe pool.storage.slot(handle.index)
        pool.free(handle)
        #if MATCHBOOK_CHECKED
        // The first four bytes hold the free-list link; the rest is poison.
        #expect(unsafe slot.load(fromByteOffset: 8, as: UInt64.self) == 0xDBDB_DBDB_DBDB_DBDB)
        #expect(unsafe slot.load(fromByteOffset: 60, as: UInt32.self) == 0xDBDB_DBDB)
        #endif
    }

    @Test("tables are zeroed, on a cache line, and bounds-checked")
    func tables() throws {
        let arena = try TestArenas.small()
        let table = try arena.makeTable(of: UInt32.self, count: 1000, name: "index")
        #expect(table.span.count == 1000)
        #expect((0..<1000).allSatisfy { table[$0] == 0 })
        table[999] = 7
        #expect(table[999] == 7)
        table.fill(with: 3)
        #expect(table[0] == 3 && table[999] == 3)
        #expect(unsafe UInt(bitPattern: table.elements) % 64 == 0)
    }

    @Test("PoolHandle is four bytes; none is distinct")
    func handleLayout() {
        #expect(MemoryLayout<PoolHandle<LineRecord>>.size == 4)
        #expect(MemoryLayout<PoolHandle<LineRecord>>.stride == 4)
        #expect(PoolHandle<LineRecord>.none.isNone)
    }
}
