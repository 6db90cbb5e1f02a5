import Testing
import MatchbookMemory

/// Misuse traps in checked builds (generation checks) and everywhere (bounds). Each case runs in a child process
/// (Swift Testing exit tests) and must die; the suite fails if it survives.
@Suite("Arena crash cases")
struct ArenaCrashTests {
    #if MATCHBOOK_CHECKED
    @Test("a handle used after free traps")
    func useAfterFree() async {
        await #expect(processExitsWith: .failure) {
            let arena = try TestArenas.small()
            let pool = try arena.makePool(of: LineRecord.self, capacity: 4, name: "records")
            let handle = try pool.allocate(LineRecord(id: 1, value: 1))
            pool.free(handle)
            _ = pool[handle].value
        }
    }

    @Test("a double free traps")
    func doubleFree() async {
        await #expect(processExitsWith: .failure) {
            let arena = try TestArenas.small()
            let pool = try arena.makePool(of: LineRecord.self, capacity: 4, name: "records")
            let handle = try pool.allocate(LineRecord(id: 1, value: 1))
            pool.free(handle)
            pool.free(handle)
        }
    }

    @Test("a stale handle to a reused slot traps (generation mismatch)")
    func staleGeneration() async {
        await #expect(processExitsWith: .failure) {
            let arena = try TestArenas.small()
            let pool = try arena.makePool(of: LineRecord.self, capacity: 4, name: "records")
            let old = try pool.allocate(LineRecord(id: 1, value: 1))
            pool.free(old)
            let reused = try pool.allocate(LineRecord(id: 2, value: 2))
            precondition(reused.index == old.index)
            pool[old].value = 9
        }
    }

    @Test("a handle from before resetAll traps")
    func handleAcrossReset() async {
        await #expect(processExitsWith: .failure) {
            let arena = try TestArenas.small()
            let pool = try arena.makePool(of: LineRecord.self, capacity: 4, name: "records")
            let before = try pool.allocate(LineRecord(id: 1, value: 1))
            _ = try pool.allocate(LineRecord(id: 2, value: 2))
            pool.resetAll()
            _ = try pool.allocate(LineRecord(id: 3, value: 3))
            _ = try pool.allocate(LineRecord(id: 4, value: 4))
            _ = pool[before].value
        }
    }
    #endif

    @Test("a handle beyond the used slots traps in every build")
    func outOfRange() async {
        await #expect(processExitsWith: .failure) {
            let arena = try TestArenas.small()
            let pool = try arena.makePool(of: LineRecord.self, capacity: 4, name: "records")
            _ = pool[PoolHandle(raw: 3)].value
        }
    }

    @Test("a table index out of range traps in every build")
    func tableOutOfRange() async {
        await #expect(processExitsWith: .failure) {
            let arena = try TestArenas.small()
            let table = try arena.makeTable(of: UInt32.self, count: 10, name: "table")
            table[10] = 1
        }
    }
}
