// All pointer arithmetic of the arena, its pools and tables lives in this file.
//
// Layout of one arena (one mapping, owned by one engine thread):
//
//     base                                                                          base + capacity
//     ┌──────────────┬────────────────────────────────────────┬─────────────────────────────────┐
//     │ control 4 KiB│ pools and tables, carved upward ──▶    │          ◀── epoch scratch      │
//     │ (_ArenaControl│ (each slab 64-byte aligned)   poolCursor│ scratchCursor bumps downward   │
//     │ + pool blocks)│                                         │ resetEpoch(): cursor = top     │
//     └──────────────┴────────────────────────────────────────┴─────────────────────────────────┘
//                    poolStart                       poolLimit = scratchFloor            scratchTop
//
// Invariants (every function below keeps them; none is checked twice on the hot path):
// - `_ArenaControl` lives at `base` and the pool control blocks right after it, inside the first 4 KiB.
// - poolStart <= poolCursor <= poolLimit == scratchFloor <= scratchCursor <= scratchTop == capacity (offsets).
// - Every slab and every scratch allocation starts at an address that is a multiple of its alignment (>= 64 for
//   slabs); slot `i` of a pool is at `slots + i * stride`, stride a multiple of 64, so every slot starts on a
//   cache line.
// - A pool slot index is valid iff `index < untouched`; a free slot holds the next free index (UInt32) in its
//   first four bytes. In checked builds `tags[i]` holds `live << 15 | generation` and handles carry the
//   generation in their top 8 bits.
// - Only trivial (BitwiseCopyable) values are ever stored: reset and unmap drop no reference counts.
// - Pools, tables and scratch pointers never outlive the `Arena` that carved them: the owner keeps the arena and
//   the structures built on it together (an engine thread's context) and drops them together. After the arena is
//   gone its memory is unmapped, so a stray use faults rather than corrupting another tenant.

@usableFromInline
internal let _arenaControlBytes = 4096
@usableFromInline
internal let _maximumPools = 32
@usableFromInline
internal let _noSlot: UInt32 = .max

/// The arena's own bookkeeping, stored at the start of the mapping. Offsets are bytes from `base`.
@usableFromInline
internal struct _ArenaControl {
    @usableFromInline var capacity: Int
    @usableFromInline var poolStart: Int
    @usableFromInline var poolCursor: Int
    @usableFromInline var poolLimit: Int
    @usableFromInline var scratchTop: Int
    @usableFromInline var scratchCursor: Int
    @usableFromInline var scratchLowWater: Int
    @usableFromInline var epochResets: Int
    @usableFromInline var scratchExhaustions: Int
    @usableFromInline var carveExhaustions: Int
    @usableFromInline var poolCount: Int
}

/// One pool's or table's bookkeeping, in the control page. Trivial: a `StaticString` name is a pointer to
/// constant memory.
@usableFromInline
internal struct _PoolControl {
    @usableFromInline var name: StaticString
    @usableFromInline var slotsOffset: Int
    @usableFromInline var tagsOffset: Int
    @usableFromInline var strideBytes: Int
    @usableFromInline var capacity: UInt32
    @usableFromInline var untouched: UInt32
    @usableFromInline var freeHead: UInt32
    @usableFromInline var live: UInt32
    @usableFromInline var highWater: UInt32
    @usableFromInline var exhaustions: UInt32
    @usableFromInline var allocations: UInt64
    @usableFromInline var frees: UInt64
    @usableFromInline var resets: UInt64
    @usableFromInline var isTable: Bool
}

/// The raw storage of an arena: a base pointer and typed views of its control block.
@usableFromInline
@unsafe
internal struct _UnsafeArenaStorage {
    @usableFromInline let base: UnsafeMutableRawPointer

    @inlinable @inline(__always)
    init(base: UnsafeMutableRawPointer) { unsafe self.base = base }

    @inlinable @inline(__always)
    var control: UnsafeMutablePointer<_ArenaControl> {
        unsafe base.assumingMemoryBound(to: _ArenaControl.self)
    }

    @inlinable @inline(__always)
    func poolControl(_ index: Int) -> UnsafeMutablePointer<_PoolControl> {
        let first = (MemoryLayout<_ArenaControl>.stride + 63) & ~63
        return unsafe (base + first + index * MemoryLayout<_PoolControl>.stride)
            .assumingMemoryBound(to: _PoolControl.self)
    }

    /// Writes the control block for a fresh (or reused) mapping of `capacity` bytes.
    static func initialize(base: UnsafeMutableRawPointer, capacity: Int, scratchBytes: Int) {
        let first = (MemoryLayout<_ArenaControl>.stride + 63) & ~63
        precondition(first + _maximumPools * MemoryLayout<_PoolControl>.stride <= _arenaControlBytes)
        let scratchFloor = (capacity - scratchBytes) & ~4095
        unsafe base.initializeMemory(as: UInt8.self, repeating: 0, count: _arenaControlBytes)
        unsafe base.bindMemory(to: _ArenaControl.self, capacity: 1).initialize(to: _ArenaControl(
            capacity: capacity, poolStart: _arenaControlBytes, poolCursor: _arenaControlBytes,
            poolLimit: scratchFloor, scratchTop: capacity, scratchCursor: capacity, scratchLowWater: capacity,
            epochResets: 0, scratchExhaustions: 0, carveExhaustions: 0, poolCount: 0))
        unsafe (base + first).bindMemory(to: _PoolControl.self, capacity: _maximumPools)
    }

    /// Carves `bytes` from the pool region at `alignment`; nil when it does not fit.
    func carve(bytes: Int, alignment: Int) -> Int? {
        let control = unsafe control
        let start = (unsafe control.pointee.poolCursor + alignment - 1) & ~(alignment - 1)
        guard unsafe start + bytes <= control.pointee.poolLimit else { return nil }
        unsafe control.pointee.poolCursor = start + bytes
        return start
    }

    /// Bumps the scratch cursor down by `bytes` at `alignment` (a power of two); nil when it does not fit.
    @inlinable @inline(__always)
    func bumpScratch(bytes: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        let control = unsafe control
        let cursor = unsafe control.pointee.scratchCursor
        let floor = unsafe control.pointee.poolLimit
        guard bytes <= cursor - floor else { return nil }
        let start = (cursor - bytes) & ~(alignment - 1)
        guard start >= floor else { return nil }
        unsafe control.pointee.scratchCursor = start
        if unsafe start < control.pointee.scratchLowWater { unsafe control.pointee.scratchLowWater = start }
        return unsafe base + start
    }

    /// Checked builds: fills `[from, to)` with a poison byte so reads of freed or reset memory stand out.
    func poison(fromOffset: Int, toOffset: Int, byte: UInt8) {
        guard toOffset > fromOffset else { return }
        unsafe (base + fromOffset).initializeMemory(as: UInt8.self, repeating: byte, count: toOffset - fromOffset)
    }

    /// Zeroes `count` bytes at `offset`.
    func zero(offset: Int, count: Int) {
        unsafe (base + offset).initializeMemory(as: UInt8.self, repeating: 0, count: count)
    }
}

/// The raw face of one pool: slot addresses, the intrusive free list and the checked-build tags.
@usableFromInline
@unsafe
internal struct _UnsafePoolStorage {
    @usableFromInline let control: UnsafeMutablePointer<_PoolControl>
    @usableFromInline let slots: UnsafeMutableRawPointer
    @usableFromInline let tags: UnsafeMutablePointer<UInt16>
    @usableFromInline let strideBytes: Int

    @inlinable @inline(__always)
    init(arena: _UnsafeArenaStorage, index: Int) {
        let control = unsafe arena.poolControl(index)
        unsafe self.control = control
        unsafe self.slots = arena.base + control.pointee.slotsOffset
        unsafe self.tags = (arena.base + control.pointee.tagsOffset).assumingMemoryBound(to: UInt16.self)
        unsafe self.strideBytes = control.pointee.strideBytes
    }

    @inlinable @inline(__always)
    func slot(_ index: UInt32) -> UnsafeMutableRawPointer {
        unsafe slots + Int(truncatingIfNeeded: index) &* strideBytes
    }

    /// Pops a slot: the free list first, then never-used slots. nil when full.
    @inlinable @inline(__always)
    func takeSlot() -> UInt32? {
        let head = unsafe control.pointee.freeHead
        if head != _noSlot {
            unsafe control.pointee.freeHead = slot(head).load(as: UInt32.self)
            return head
        }
        let next = unsafe control.pointee.untouched
        guard unsafe next < control.pointee.capacity else { return nil }
        unsafe control.pointee.untouched = next &+ 1
        return next
    }

    /// Pushes a slot on the free list (its first four bytes become the link).
    @inlinable @inline(__always)
    func returnSlot(_ index: UInt32) {
        unsafe slot(index).storeBytes(of: control.pointee.freeHead, as: UInt32.self)
        unsafe control.pointee.freeHead = index
    }

    @inlinable @inline(__always)
    func tag(_ index: UInt32) -> UnsafeMutablePointer<UInt16> {
        unsafe tags + Int(truncatingIfNeeded: index)
    }
}
