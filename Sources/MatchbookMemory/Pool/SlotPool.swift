/// Fixed-stride slots for records that live across epochs (orders, price levels, books, index pages), carved
/// from an arena at start-up. A free list, 32-bit handles, no malloc, no ARC, O(1) everything.
///
///     slots ─▶ ┌─ slot 0 ─┐┌─ slot 1 ─┐┌─ slot 2 ─┐ … ┌─ slot capacity-1 ─┐
///              │ 64·k B   ││ (free:   ││          │   │  never used yet   │
///              │          ││ next idx)││          │   │                   │
///              └──────────┘└──────────┘└──────────┘   └───────────────────┘
///              every slot starts on a 64-byte line; `untouched` marks the first never-used slot
///
/// Size and alignment always come from `Record` (`MemoryLayout`), never from a caller's number; a handle can
/// only go back to a pool of its own record type; in checked builds a double free or a stale handle traps and
/// freed slots are poisoned (0xDB).
///
/// The pool is a view into its arena's memory: keep it together with the `Arena` that made it and never use it
/// after the arena is gone. Not thread-safe: owned by one engine thread.
@safe
public struct SlotPool<Record: BitwiseCopyable>: ~Copyable {
    @usableFromInline let storage: _UnsafePoolStorage

    @usableFromInline
    init(storage: _UnsafePoolStorage) {
        unsafe self.storage = storage
        precondition(unsafe storage.strideBytes == MemoryLayout<Record>.stride)
    }

    /// Takes a slot and stores `value` in it. O(1).
    ///
    /// - Throws: `ArenaError.exhausted(tenant: "pool <name>", …)` when every slot is live (counted).
    @inlinable
    public func allocate(_ value: Record) throws(ArenaError) -> PoolHandle<Record> {
        guard let index = unsafe storage.takeSlot() else { throw exhausted() }
        let control = unsafe storage.control
        unsafe control.pointee.live &+= 1
        unsafe control.pointee.allocations &+= 1
        if unsafe control.pointee.live > control.pointee.highWater {
            unsafe control.pointee.highWater = control.pointee.live
        }
        unsafe storage.slot(index).initializeMemory(as: Record.self, repeating: value, count: 1)
        #if MATCHBOOK_CHECKED
        let tag = unsafe storage.tag(index)
        let generation = (unsafe tag.pointee &+ 1) & 0xFF
        unsafe tag.pointee = 0x8000 | generation
        return PoolHandle(index: index, generation: generation)
        #else
        return PoolHandle(index: index, generation: 0)
        #endif
    }

    /// Returns the slot to the free list. O(1). The handle (and every copy of it) is dead afterwards.
    /// Checked builds trap on a stale handle or a double free and poison the slot.
    @inlinable
    public func free(_ handle: PoolHandle<Record>) {
        let index = validatedIndex(handle)
        #if MATCHBOOK_CHECKED
        let tag = unsafe storage.tag(index)
        unsafe tag.pointee &= 0x00FF
        unsafe storage.slot(index).initializeMemory(as: UInt8.self, repeating: 0xDB, count: storage.strideBytes)
        #endif
        unsafe storage.returnSlot(index)
        let control = unsafe storage.control
        unsafe control.pointee.live &-= 1
        unsafe control.pointee.frees &+= 1
    }

    /// The record behind a live handle, read and written in place (no copy of the slot).
    @inlinable
    public subscript(handle: PoolHandle<Record>) -> Record {
        @inline(__always) unsafeAddress {
            unsafe UnsafePointer(storage.slot(validatedIndex(handle)).assumingMemoryBound(to: Record.self))
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            unsafe storage.slot(validatedIndex(handle)).assumingMemoryBound(to: Record.self)
        }
    }

    /// Whether `handle` names a live slot of this pool (checked builds also compare generations).
    @inlinable
    public func isLive(_ handle: PoolHandle<Record>) -> Bool {
        guard !handle.isNone, unsafe handle.index < storage.control.pointee.untouched else { return false }
        #if MATCHBOOK_CHECKED
        let tag = unsafe storage.tag(handle.index).pointee
        return tag & 0x8000 != 0 && tag & 0xFF == handle.generation
        #else
        return true
        #endif
    }

    /// Frees every slot at once, in O(1): the epoch of the records ends (session end). Every handle of the pool
    /// is invalid afterwards. Checked builds poison the used slots and kill their generations (O(used)).
    public func resetAll() {
        let control = unsafe storage.control
        if unsafe storage.systemSlots != nil {
            // The baseline frees every live block, as ordinary code would (O(used)).
            let used = unsafe control.pointee.untouched
            unsafe storage.freeAllSystemSlots()
            var index: UInt32 = 0
            while index < used {
                unsafe storage.tag(index).pointee &= 0x00FF
                index &+= 1
            }
            unsafe control.pointee.untouched = 0
            unsafe control.pointee.freeHead = _noSlot
            unsafe control.pointee.live = 0
            unsafe control.pointee.resets &+= 1
            return
        }
        #if MATCHBOOK_CHECKED
        let used = unsafe control.pointee.untouched
        var index: UInt32 = 0
        while index < used {
            unsafe storage.tag(index).pointee &= 0x00FF
            index &+= 1
        }
        unsafe storage.slots.initializeMemory(
            as: UInt8.self, repeating: 0xDB, count: Int(used) * storage.strideBytes)
        #endif
        unsafe control.pointee.untouched = 0
        unsafe control.pointee.freeHead = _noSlot
        unsafe control.pointee.live = 0
        unsafe control.pointee.resets &+= 1
    }

    /// Live records now.
    @inlinable public var liveCount: Int { Int(unsafe storage.control.pointee.live) }
    /// Slots in all.
    @inlinable public var capacity: Int { Int(unsafe storage.control.pointee.capacity) }
    /// Slots still free.
    @inlinable public var freeCount: Int { capacity - liveCount }

    /// The cheap check always (one unsigned compare), the generation check in checked builds.
    @inlinable @inline(__always)
    func validatedIndex(_ handle: PoolHandle<Record>) -> UInt32 {
        let index = handle.index
        precondition(unsafe index < storage.control.pointee.untouched, "pool handle out of range")
        #if MATCHBOOK_CHECKED
        let tag = unsafe storage.tag(index).pointee
        precondition(tag & 0x8000 != 0, "stale pool handle: the slot was freed or the pool was reset")
        precondition(tag & 0xFF == handle.generation, "stale pool handle: the slot was reused")
        #endif
        return index
    }

    @usableFromInline @inline(never)
    func exhausted() -> ArenaError {
        let control = unsafe storage.control
        unsafe control.pointee.exhaustions &+= 1
        let stride = unsafe control.pointee.strideBytes
        return .exhausted(
            tenant: "pool \(unsafe control.pointee.name)", requestedBytes: stride,
            capacityBytes: capacity * stride, inUseBytes: liveCount * stride,
            highWaterBytes: Int(unsafe control.pointee.highWater) * stride)
    }
}

@available(*, unavailable, message: "a pool belongs to the engine thread that owns its arena")
extension SlotPool: Sendable {}
