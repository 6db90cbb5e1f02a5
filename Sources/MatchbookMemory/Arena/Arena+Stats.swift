/// One pool's or table's counters.
public struct PoolStats: Sendable, Equatable, Codable {
    public var name: String
    public var isTable: Bool
    public var strideBytes: Int
    public var capacity: Int
    public var live: Int
    public var highWater: Int
    public var allocations: UInt64
    public var frees: UInt64
    public var exhaustions: Int
    public var resets: UInt64
    /// `live × stride`.
    public var inUseBytes: Int { live * strideBytes }
}

/// Bytes in use per tenant, high-water marks, resets and exhaustions. Cold path (allocates the array).
public struct ArenaStats: Sendable, Equatable, Codable {
    public var capacityBytes: Int
    public var poolRegionBytes: Int
    public var poolRegionCarvedBytes: Int
    public var scratchCapacityBytes: Int
    public var scratchInUseBytes: Int
    public var scratchHighWaterBytes: Int
    public var epochResets: Int
    public var scratchExhaustions: Int
    public var poolRegionExhaustions: Int
    public var pools: [PoolStats]

    /// Exhaustions of every tenant, in all.
    public var exhaustions: Int {
        scratchExhaustions + poolRegionExhaustions + pools.reduce(0) { $0 + $1.exhaustions }
    }
}

extension Arena {
    /// A snapshot of the arena's counters. Cold path.
    public var stats: ArenaStats {
        let control = unsafe storage.control.pointee
        var pools: [PoolStats] = []
        for index in 0..<control.poolCount {
            let pool = unsafe storage.poolControl(index).pointee
            pools.append(PoolStats(
                name: "\(pool.name)", isTable: pool.isTable, strideBytes: pool.strideBytes,
                capacity: Int(pool.capacity), live: Int(pool.live), highWater: Int(pool.highWater),
                allocations: pool.allocations, frees: pool.frees, exhaustions: Int(pool.exhaustions),
                resets: pool.resets))
        }
        return ArenaStats(
            capacityBytes: control.capacity, poolRegionBytes: control.poolLimit - control.poolStart,
            poolRegionCarvedBytes: control.poolCursor - control.poolStart,
            scratchCapacityBytes: control.scratchTop - control.poolLimit,
            scratchInUseBytes: control.scratchTop - control.scratchCursor,
            scratchHighWaterBytes: control.scratchTop - control.scratchLowWater,
            epochResets: control.epochResets, scratchExhaustions: control.scratchExhaustions,
            poolRegionExhaustions: control.carveExhaustions, pools: pools)
    }
}
