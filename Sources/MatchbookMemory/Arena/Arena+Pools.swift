extension Arena {
    /// The largest pool capacity: checked builds keep 8 bits of each handle for a generation.
    public static var maximumPoolCapacity: Int {
        #if MATCHBOOK_CHECKED
        return 0x00FF_FFFF - 1
        #else
        return Int(UInt32.max) - 1
        #endif
    }

    /// Carves a pool of `capacity` slots of `Record` from the pool region. Cold path: call at start-up.
    ///
    /// `Record` must have a stride that is a multiple of 64 bytes and an alignment of at most 64 (pad it, e.g.
    /// with an `InlineArray`); every slot then starts on a cache line.
    ///
    /// - Throws: `.invalidRecordLayout`, `.invalidCapacity`, `.tooManyPools`, or `.exhausted(tenant:
    ///   "pool-region", …)` when the region is too small.
    public func makePool<Record: BitwiseCopyable>(
        of type: Record.Type, capacity: Int, name: StaticString
    ) throws(ArenaError) -> SlotPool<Record> {
        let stride = MemoryLayout<Record>.stride
        guard stride > 0, stride % 64 == 0, MemoryLayout<Record>.alignment <= 64 else {
            throw .invalidRecordLayout(
                type: "\(Record.self)", strideBytes: stride, alignmentBytes: MemoryLayout<Record>.alignment)
        }
        guard capacity > 0, capacity <= Arena.maximumPoolCapacity else {
            throw .invalidCapacity(requested: capacity, limit: Arena.maximumPoolCapacity)
        }
        let index = try registerTenant(name: name, slotsBytes: capacity * stride, tagsBytes: capacity * 2)
        let control = unsafe storage.poolControl(index)
        unsafe control.pointee.strideBytes = stride
        unsafe control.pointee.capacity = UInt32(capacity)
        if unsafe storage.control.pointee.systemBacked {
            // The baseline: a pointer per slot and a free-index stack, calloc'd (faulted lazily, as ordinary code).
            guard let slots = unsafe _systemZeroedAllocate(bytes: capacity * MemoryLayout<UnsafeMutableRawPointer?>.stride),
                  let stack = unsafe _systemZeroedAllocate(bytes: capacity * 4),
                  let tags = unsafe _systemZeroedAllocate(bytes: capacity * 2)
            else {
                throw .exhausted(tenant: "system allocator (\(name))", requestedBytes: capacity * 14,
                                 capacityBytes: 0, inUseBytes: 0, highWaterBytes: 0)
            }
            unsafe control.pointee.systemSlots = slots.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
            unsafe control.pointee.systemFreeStack = stack.assumingMemoryBound(to: UInt32.self)
            unsafe control.pointee.systemTags = tags.assumingMemoryBound(to: UInt16.self)
        }
        return unsafe SlotPool(storage: _UnsafePoolStorage(arena: storage, index: index))
    }

    /// Carves a zeroed table of `count` elements. Cold path: call at start-up.
    ///
    /// - Throws: `.tooManyPools`, or `.exhausted(tenant: "pool-region", …)`.
    public func makeTable<Element: BitwiseCopyable>(
        of type: Element.Type, count: Int, name: StaticString
    ) throws(ArenaError) -> ArenaTable<Element> {
        guard count >= 0 else { throw .invalidCapacity(requested: count, limit: Int(Int32.max)) }
        let bytes = MemoryLayout<Element>.stride * count
        let index = try registerTenant(name: name, slotsBytes: bytes, tagsBytes: 0)
        let control = unsafe storage.poolControl(index)
        unsafe control.pointee.isTable = true
        unsafe control.pointee.strideBytes = MemoryLayout<Element>.stride
        unsafe control.pointee.capacity = UInt32(truncatingIfNeeded: count)
        unsafe control.pointee.live = UInt32(truncatingIfNeeded: count)
        unsafe control.pointee.highWater = UInt32(truncatingIfNeeded: count)
        var start = unsafe storage.base + control.pointee.slotsOffset
        if unsafe storage.control.pointee.systemBacked {
            guard let zeroed = unsafe _systemZeroedAllocate(bytes: bytes) else {
                throw .exhausted(tenant: "system allocator (\(name))", requestedBytes: bytes,
                                 capacityBytes: 0, inUseBytes: 0, highWaterBytes: 0)
            }
            unsafe control.pointee.systemTable = zeroed
            unsafe start = zeroed
        }
        let elements = unsafe start.bindMemory(to: Element.self, capacity: count)
        return unsafe ArenaTable(elements: elements, count: count)
    }

    /// Bytes left in the pool region for more pools and tables.
    public var poolRegionFreeBytes: Int {
        unsafe storage.control.pointee.poolLimit - storage.control.pointee.poolCursor
    }

    /// Carves slots (64-byte aligned, zeroed) and tags for one tenant and fills its control block.
    private func registerTenant(name: StaticString, slotsBytes: Int, tagsBytes: Int) throws(ArenaError) -> Int {
        let control = unsafe storage.control
        let index = unsafe control.pointee.poolCount
        guard index < _maximumPools else { throw .tooManyPools(limit: _maximumPools) }
        let before = unsafe control.pointee.poolCursor
        // With system-allocator backing nothing is carved: the memory comes from malloc/calloc instead.
        let system = unsafe control.pointee.systemBacked
        guard let slots = system ? 0 : unsafe storage.carve(bytes: slotsBytes, alignment: 64),
              let tags = system ? 0 : unsafe storage.carve(bytes: tagsBytes, alignment: 64)
        else {
            unsafe control.pointee.poolCursor = before
            unsafe control.pointee.carveExhaustions += 1
            throw .exhausted(
                tenant: "pool-region (\(name))", requestedBytes: slotsBytes + tagsBytes,
                capacityBytes: unsafe control.pointee.poolLimit - control.pointee.poolStart,
                inUseBytes: unsafe before - control.pointee.poolStart,
                highWaterBytes: unsafe before - control.pointee.poolStart)
        }
        // Fresh mmap pages are zero only the first time; say "zeroed" by zeroing.
        if !system {
            unsafe storage.zero(offset: slots, count: slotsBytes)
            unsafe storage.zero(offset: tags, count: tagsBytes)
        }
        unsafe storage.poolControl(index).initialize(to: _PoolControl(
            name: name, slotsOffset: slots, tagsOffset: tags, strideBytes: 0, capacity: 0, untouched: 0,
            freeHead: _noSlot, live: 0, highWater: 0, exhaustions: 0, allocations: 0, frees: 0, resets: 0,
            isTable: false, systemSlots: nil, systemFreeStack: nil, systemFreeCount: 0, systemTags: nil,
            systemTable: nil))
        unsafe control.pointee.poolCount = index + 1
        return index
    }
}
