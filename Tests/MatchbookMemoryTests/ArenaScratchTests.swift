import Testing
@testable import MatchbookMemory

@Suite("Arena epoch scratch")
struct ArenaScratchTests {
    @Test("every size and power-of-two alignment lands aligned and inside the scratch region")
    func alignmentMix() throws {
        var arena = try TestArenas.small()
        let base = unsafe UInt(bitPattern: arena.storage.base)
        let capacity = UInt(arena.capacityBytes)
        for alignment in [1, 2, 4, 8, 16, 32, 64, 128, 256, 4096, 65_536] {
            for size in [0, 1, 3, 7, 8, 63, 64, 65, 100, 1000, 4097] {
                let address = unsafe UInt(bitPattern: try arena.allocateScratch(byteCount: size, alignment: alignment))
                #expect(address % UInt(alignment) == 0, "size \(size) alignment \(alignment)")
                #expect(address >= base && address + UInt(size) <= base + capacity)
            }
            arena.resetEpoch()
        }
    }

    @Test("the default alignment is one cache line")
    func defaultAlignment() throws {
        let arena = try TestArenas.small()
        for size in [1, 5, 17, 100] {
            let address = unsafe UInt(bitPattern: try arena.allocateScratch(byteCount: size))
            #expect(address % 64 == 0)
        }
    }

    @Test("allocations never overlap within an epoch")
    func noOverlap() throws {
        let arena = try TestArenas.small()
        var ranges: [Range<UInt>] = []
        for size in stride(from: 1, through: 5000, by: 97) {
            let start = unsafe UInt(bitPattern: try arena.allocateScratch(byteCount: size, alignment: 8))
            let range = start..<start + UInt(size)
            #expect(!ranges.contains { $0.overlaps(range) })
            ranges.append(range)
        }
    }

    @Test("resetEpoch rewinds in O(1) and the same addresses come back")
    func resetRewinds() throws {
        var arena = try TestArenas.small()
        let first = unsafe UInt(bitPattern: try arena.allocateScratch(byteCount: 1000))
        _ = unsafe try arena.allocateScratch(byteCount: 5000)
        #expect(arena.scratchInUseBytes >= 6000)
        arena.resetEpoch()
        #expect(arena.scratchInUseBytes == 0)
        let again = unsafe UInt(bitPattern: try arena.allocateScratch(byteCount: 1000))
        #expect(again == first)
        #expect(arena.stats.epochResets == 1)
        #expect(arena.stats.scratchHighWaterBytes >= 6000)
    }

    @Test("spans carry values and are initialized as asked")
    func spans() throws {
        var arena = try TestArenas.small()
        var numbers = try arena.scratchSpan(of: UInt64.self, count: 100, repeating: 7)
        #expect(numbers.count == 100)
        #expect(numbers[99] == 7)
        numbers[3] = 42
        #expect(numbers[3] == 42)
        var bytes = try arena.scratchBytes(count: 256, alignment: 128)
        #expect(bytes.byteCount == 256)
        bytes.storeBytes(of: 0xABCD, toByteOffset: 8, as: UInt16.self)
        #expect(bytes.unsafeLoad(fromByteOffset: 8, as: UInt16.self) == 0xABCD)
        arena.resetEpoch()
    }

    @Test("exhaustion is a typed error naming the tenant, and it is counted; the arena keeps working")
    func exhaustion() throws {
        var arena = try TestArenas.small(totalBytes: 4 << 20, scratchBytes: 1 << 20)
        let capacity = arena.scratchCapacityBytes
        _ = unsafe try arena.allocateScratch(byteCount: capacity - 4096)
        #expect {
            _ = unsafe try arena.allocateScratch(byteCount: 8192)
        } throws: { error in
            guard case ArenaError.exhausted(let tenant, let requested, let cap, let inUse, let highWater) = error
            else { return false }
            return tenant == "scratch" && requested == 8192 && cap == capacity && inUse >= capacity - 4096
                && highWater >= inUse
        }
        #expect(arena.stats.scratchExhaustions == 1)
        #expect(arena.stats.exhaustions == 1)
        arena.resetEpoch()
        _ = unsafe try arena.allocateScratch(byteCount: 8192)
    }

    @Test("alignments that are not powers of two are refused")
    func badAlignment() throws {
        let arena = try TestArenas.small()
        for alignment in [0, 3, 24, -64, 4 << 20] {
            #expect(throws: ArenaError.invalidAlignment(alignment)) {
                _ = unsafe try arena.allocateScratch(byteCount: 8, alignment: alignment)
            }
        }
    }

    @Test("checked builds poison reset scratch with 0xCD")
    func poisonOnReset() throws {
        var arena = try TestArenas.small()
        let address = unsafe try arena.allocateScratch(byteCount: 64)
        unsafe address.initializeMemory(as: UInt8.self, repeating: 0x11, count: 64)
        arena.resetEpoch()
        #if MATCHBOOK_CHECKED
        let after = unsafe address.load(fromByteOffset: 10, as: UInt8.self)
        #expect(after == 0xCD)
        #endif
    }

    @Test("a scratch request larger than the arena overflows into a typed error, not a trap")
    func hugeRequest() throws {
        let arena = try TestArenas.small()
        #expect(throws: ArenaError.self) {
            _ = try arena.scratchSpan(of: UInt64.self, count: Int.max / 4, repeating: 0)
        }
    }
}
