import Testing
import MatchbookMemory

/// Randomized alloc/free/reset sequences against an obviously-right model (a dictionary of live values).
@Suite("Arena against a model")
struct ArenaModelTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(
        "pool and scratch follow the model over random operations",
        arguments: [1, 2, 3, 4], [ArenaBacking.arena, .systemAllocator])
    func randomized(seed: UInt64, backing: ArenaBacking) throws {
        var random = SplitMix64(state: seed)
        var arena = try Arena(ArenaConfiguration(
            totalBytes: 8 << 20, scratchBytes: 1 << 20,
            pages: PageSourceOptions(policy: .auto, unavailableKinds: [.hugetlb]), backing: backing))
        #expect(arena.backing == backing)
        let capacity = 512
        let pool = try arena.makePool(of: LineRecord.self, capacity: capacity, name: "model")
        var model: [PoolHandle<LineRecord>: UInt64] = [:]
        var scratch: [(address: UnsafeMutableRawPointer, size: Int, byte: UInt8)] = []
        var nextValue: UInt64 = 1
        for step in 0..<20_000 {
            switch random.next() % 100 {
            case 0..<45:
                if model.count == capacity {
                    #expect(throws: ArenaError.self) { _ = try pool.allocate(LineRecord(id: 0, value: 0)) }
                } else {
                    let handle = try pool.allocate(LineRecord(id: nextValue, value: nextValue &* 3))
                    #expect(model[handle] == nil, "step \(step): handle handed out twice")
                    model[handle] = nextValue
                    nextValue += 1
                }
            case 45..<85:
                if let handle = model.keys.randomElement(using: &random) {
                    pool.free(handle)
                    model[handle] = nil
                }
            case 85..<88:
                pool.resetAll()
                model.removeAll()
            case 88..<97:
                let size = Int(random.next() % 3000)
                let alignment = 1 << Int(random.next() % 8)
                let byte = UInt8(truncatingIfNeeded: random.next())
                do {
                    let address = unsafe try arena.allocateScratch(byteCount: size, alignment: alignment)
                    unsafe address.initializeMemory(as: UInt8.self, repeating: byte, count: size)
                    unsafe scratch.append((address, size, byte))
                } catch {
                    #expect(backing == .arena, "the system allocator should not run out here")
                    #expect(arena.scratchInUseBytes + size > arena.scratchCapacityBytes - alignment)
                }
            default:
                arena.resetEpoch()
                scratch.removeAll()
            }
            #expect(pool.liveCount == model.count)
        }
        for (handle, value) in model {
            let liveHandle = pool.isLive(handle)
        #expect(liveHandle)
            #expect(pool[handle].id == value && pool[handle].value == value &* 3)
        }
        for entry in unsafe scratch {
            for offset in stride(from: 0, to: entry.size, by: 97) {
                #expect(unsafe entry.address.load(fromByteOffset: offset, as: UInt8.self) == entry.byte)
            }
        }
        for handle in model.keys { pool.free(handle) }
        #expect(pool.liveCount == 0 && pool.freeCount == capacity)
    }
}
