#if canImport(Glibc)
import Glibc
#endif

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
// - System-allocator backing (the comparison baseline, `ArenaBacking.systemAllocator`): the control block still
//   lives in the mapping, but every pool slot is its own `posix_memalign(64)` block found through a calloc'd
//   pointer table (`systemSlots[i]`, nil when free), free indexes sit on a calloc'd stack, tables are calloc'd,
//   and scratch allocations are malloc'd blocks listed in `systemScratch` and freed at `resetEpoch()`. The arena
//   frees all of it when it goes away. Layouts (strides, alignment) are the same as in the arena.
// - Pools, tables and scratch pointers never outlive the `Arena` that carved them: the owner keeps the arena and
//   the structures built on it together (an engine thread's context) and drops them together. After the arena is
//   gone its memory is unmapped, so a stray use faults rather than corrupting another tenant.

@usableFromInline
internal let _arenaControlBytes = 16_384
@usableFromInline
internal let _maximumPools = 64
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
    /// Non-nil: system-allocator backing. The malloc'd scratch blocks of this epoch (a growable list).
    @usableFromInline var systemScratch: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    @usableFromInline var systemScratchCount: Int
    @usableFromInline var systemScratchCapacity: Int
    @usableFromInline var systemScratchBytes: Int
    @usableFromInline var systemBacked: Bool
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
    /// System-allocator backing: one pointer per slot (nil when free), or the calloc'd table's elements.
    @usableFromInline var systemSlots: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    /// System-allocator backing: free slot indexes (a stack) and the calloc'd tags.
    @usableFromInline var systemFreeStack: UnsafeMutablePointer<UInt32>?
    @usableFromInline var systemFreeCount: UInt32
    @usableFromInline var systemTags: UnsafeMutablePointer<UInt16>?
    @usableFromInline var systemTable: UnsafeMutableRawPointer?
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
    static func initialize(base: UnsafeMutableRawPointer, capacity: Int, scratchBytes: Int, systemBacked: Bool) {
        let first = (MemoryLayout<_ArenaControl>.stride + 63) & ~63
        precondition(first + _maximumPools * MemoryLayout<_PoolControl>.stride <= _arenaControlBytes)
        let scratchFloor = (capacity - scratchBytes) & ~4095
        unsafe base.initializeMemory(as: UInt8.self, repeating: 0, count: _arenaControlBytes)
        unsafe base.bindMemory(to: _ArenaControl.self, capacity: 1).initialize(to: _ArenaControl(
            capacity: capacity, poolStart: _arenaControlBytes, poolCursor: _arenaControlBytes,
            poolLimit: scratchFloor, scratchTop: capacity, scratchCursor: capacity, scratchLowWater: capacity,
            epochResets: 0, scratchExhaustions: 0, carveExhaustions: 0, poolCount: 0, systemScratch: nil,
            systemScratchCount: 0, systemScratchCapacity: 0, systemScratchBytes: 0, systemBacked: systemBacked))
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

    /// System-allocator backing: a malloc'd scratch block, listed so `resetEpoch()` frees it.
    @usableFromInline @inline(never)
    func systemScratch(bytes: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        let control = unsafe control
        if unsafe control.pointee.systemScratchCount == control.pointee.systemScratchCapacity {
            let capacity = max(64, unsafe control.pointee.systemScratchCapacity * 2)
            guard let grown = unsafe realloc(
                control.pointee.systemScratch, capacity * MemoryLayout<UnsafeMutableRawPointer?>.stride)
            else { return nil }
            unsafe control.pointee.systemScratch = grown.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
            unsafe control.pointee.systemScratchCapacity = capacity
        }
        var block: UnsafeMutableRawPointer? = nil
        guard unsafe posix_memalign(&block, max(alignment, MemoryLayout<Int>.stride), max(bytes, 1)) == 0 else {
            return nil
        }
        unsafe control.pointee.systemScratch.unsafelyUnwrapped[control.pointee.systemScratchCount] = block
        unsafe control.pointee.systemScratchCount += 1
        unsafe control.pointee.systemScratchBytes += bytes
        return unsafe block
    }

    /// System-allocator backing: frees this epoch's scratch blocks.
    func freeSystemScratch() {
        let control = unsafe control
        let count = unsafe control.pointee.systemScratchCount
        for index in 0..<count {
            unsafe free(control.pointee.systemScratch.unsafelyUnwrapped[index])
        }
        unsafe control.pointee.systemScratchCount = 0
        unsafe control.pointee.systemScratchBytes = 0
    }

    /// System-allocator backing: frees every pool block, pointer table, stack, tag array, table and scratch block.
    func freeSystemMemory() {
        unsafe freeSystemScratch()
        unsafe free(control.pointee.systemScratch)
        let pools = unsafe control.pointee.poolCount
        for index in 0..<pools {
            let pool = unsafe poolControl(index)
            let isTable = unsafe pool.pointee.isTable
            if let slots = unsafe pool.pointee.systemSlots, !isTable {
                let used = Int(unsafe pool.pointee.untouched)
                for slot in 0..<used { unsafe free(slots[slot]) }
                unsafe free(slots)
            }
            unsafe free(pool.pointee.systemFreeStack)
            unsafe free(pool.pointee.systemTags)
            unsafe free(pool.pointee.systemTable)
        }
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
    /// Non-nil only with system-allocator backing.
    @usableFromInline let systemSlots: UnsafeMutablePointer<UnsafeMutableRawPointer?>?

    @inlinable @inline(__always)
    init(arena: _UnsafeArenaStorage, index: Int) {
        let control = unsafe arena.poolControl(index)
        unsafe self.control = control
        unsafe self.slots = arena.base + control.pointee.slotsOffset
        if let systemTags = unsafe control.pointee.systemTags {
            unsafe self.tags = systemTags
        } else {
            unsafe self.tags = (arena.base + control.pointee.tagsOffset).assumingMemoryBound(to: UInt16.self)
        }
        unsafe self.strideBytes = control.pointee.strideBytes
        unsafe self.systemSlots = control.pointee.systemSlots
    }

    /// The slot's address: `slots + index × stride` in the arena; one pointer-table load (and the cache miss of
    /// a scattered malloc block) with system-allocator backing. The branch is the same every call.
    @inlinable @inline(__always)
    func slot(_ index: UInt32) -> UnsafeMutableRawPointer {
        if let systemSlots = unsafe systemSlots {
            return unsafe systemSlots[Int(truncatingIfNeeded: index)].unsafelyUnwrapped
        }
        return unsafe slots + Int(truncatingIfNeeded: index) &* strideBytes
    }

    /// Pops a slot: the free list first, then never-used slots. nil when full.
    @inlinable @inline(__always)
    func takeSlot() -> UInt32? {
        if unsafe systemSlots != nil { return unsafe takeSystemSlot() }
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
        if unsafe systemSlots != nil { return unsafe returnSystemSlot(index) }
        unsafe slot(index).storeBytes(of: control.pointee.freeHead, as: UInt32.self)
        unsafe control.pointee.freeHead = index
    }

    /// System-allocator backing: an index from the free stack (or a never-used one) and a fresh
    /// `posix_memalign(64, stride)` block for it, as ordinary code allocating one object per record would.
    @usableFromInline
    func takeSystemSlot() -> UInt32? {
        let control = unsafe control
        let index: UInt32
        if unsafe control.pointee.systemFreeCount > 0 {
            unsafe control.pointee.systemFreeCount -= 1
            index = unsafe control.pointee.systemFreeStack.unsafelyUnwrapped[Int(control.pointee.systemFreeCount)]
        } else {
            index = unsafe control.pointee.untouched
            guard unsafe index < control.pointee.capacity else { return nil }
            unsafe control.pointee.untouched = index &+ 1
        }
        guard let block = unsafe _systemAlignedAllocate(bytes: strideBytes) else {
            unsafe returnSystemIndex(index)
            return nil
        }
        unsafe systemSlots.unsafelyUnwrapped[Int(index)] = block
        return index
    }

    /// System-allocator backing: frees the slot's block and stacks its index.
    @usableFromInline
    func returnSystemSlot(_ index: UInt32) {
        let table = unsafe systemSlots.unsafelyUnwrapped
        unsafe _systemFree(table[Int(index)])
        unsafe table[Int(index)] = nil
        unsafe returnSystemIndex(index)
    }

    @usableFromInline
    func returnSystemIndex(_ index: UInt32) {
        unsafe control.pointee.systemFreeStack.unsafelyUnwrapped[Int(control.pointee.systemFreeCount)] = index
        unsafe control.pointee.systemFreeCount += 1
    }

    /// System-allocator backing: frees every live block (O(used)), as ordinary code would at a reset.
    func freeAllSystemSlots() {
        let table = unsafe systemSlots.unsafelyUnwrapped
        let used = Int(unsafe control.pointee.untouched)
        for index in 0..<used {
            if let block = unsafe table[index] {
                unsafe _systemFree(block)
                unsafe table[index] = nil
            }
        }
        unsafe control.pointee.systemFreeCount = 0
    }

    @inlinable @inline(__always)
    func tag(_ index: UInt32) -> UnsafeMutablePointer<UInt16> {
        unsafe tags + Int(truncatingIfNeeded: index)
    }
}

// The system allocator, for the comparison backing only.
@usableFromInline
func _systemAlignedAllocate(bytes: Int) -> UnsafeMutableRawPointer? {
    var block: UnsafeMutableRawPointer? = nil
    guard unsafe posix_memalign(&block, 64, bytes) == 0 else { return nil }
    return unsafe block
}

@usableFromInline
func _systemFree(_ block: UnsafeMutableRawPointer?) {
    unsafe free(block)
}

@usableFromInline
func _systemZeroedAllocate(bytes: Int) -> UnsafeMutableRawPointer? {
    unsafe calloc(1, max(bytes, 1))
}
