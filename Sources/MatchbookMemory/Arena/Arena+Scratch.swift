extension Arena {
    /// Bump-allocates `count` raw bytes of epoch scratch at `alignment` (a power of two, default one cache
    /// line). The bytes are not zeroed: scratch is reused every epoch, so nothing there is zero unless you zero
    /// it. O(1), no system call, no malloc.
    ///
    /// The span lives until the next `resetEpoch()`, which the compiler will not let you call while it is alive.
    ///
    /// - Throws: `ArenaError.exhausted(tenant: "scratch", …)` when the epoch's scratch is used up (counted).
    @inlinable
    @_lifetime(borrow self)
    public func scratchBytes(count: Int, alignment: Int = 64) throws(ArenaError) -> MutableRawSpan {
        let address = try allocateScratch(byteCount: count, alignment: alignment)
        let span = unsafe MutableRawSpan(_unsafeStart: address, byteCount: count)
        return unsafe _overrideLifetime(span, borrowing: self)
    }

    /// Bump-allocates `count` elements of epoch scratch, each initialized to `value` (O(count)).
    /// Aligned to `max(64, MemoryLayout<Element>.alignment)`.
    ///
    /// - Throws: `ArenaError.exhausted(tenant: "scratch", …)`.
    @inlinable
    @_lifetime(borrow self)
    public func scratchSpan<Element: BitwiseCopyable>(
        of type: Element.Type, count: Int, repeating value: Element
    ) throws(ArenaError) -> MutableSpan<Element> {
        let (bytes, overflow) = MemoryLayout<Element>.stride.multipliedReportingOverflow(by: count)
        guard !overflow else { throw scratchExhausted(requested: .max) }
        let address = try allocateScratch(
            byteCount: bytes, alignment: max(64, MemoryLayout<Element>.alignment))
        let typed = unsafe address.bindMemory(to: Element.self, capacity: count)
        unsafe typed.initialize(repeating: value, count: count)
        let span = unsafe MutableSpan(_unsafeStart: typed, count: count)
        return unsafe _overrideLifetime(span, borrowing: self)
    }

    /// The unsafe allocation under the span accessors: a pointer valid until the next `resetEpoch()`.
    /// Use it only inside a module that keeps that promise (input chunk buffers, event buffers).
    @inlinable
    @unsafe
    public func allocateScratch(byteCount: Int, alignment: Int = 64) throws(ArenaError) -> UnsafeMutableRawPointer {
        guard alignment > 0, alignment & (alignment - 1) == 0, alignment <= PageSource.hugePageBytes else {
            throw .invalidAlignment(alignment)
        }
        guard byteCount >= 0 else { throw scratchExhausted(requested: byteCount) }
        if unsafe storage.control.pointee.systemBacked {
            guard let block = unsafe storage.systemScratch(bytes: byteCount, alignment: alignment) else {
                throw scratchExhausted(requested: byteCount)
            }
            return unsafe block
        }
        guard let address = unsafe storage.bumpScratch(bytes: byteCount, alignment: alignment)
        else { throw scratchExhausted(requested: byteCount) }
        return unsafe address
    }

    /// Rewinds epoch scratch in O(1): every scratch view and pointer of the epoch is invalid afterwards (the
    /// compiler rejects a live span). Checked builds poison the rewound bytes with 0xCD first.
    public mutating func resetEpoch() {
        let control = unsafe storage.control
        if unsafe control.pointee.systemBacked {
            unsafe storage.freeSystemScratch()
            unsafe control.pointee.epochResets &+= 1
            return
        }
        #if MATCHBOOK_CHECKED
        unsafe storage.poison(
            fromOffset: control.pointee.scratchCursor, toOffset: control.pointee.scratchTop, byte: 0xCD)
        #endif
        unsafe control.pointee.scratchCursor = control.pointee.scratchTop
        unsafe control.pointee.epochResets &+= 1
    }

    /// Bytes of scratch in use in this epoch.
    public var scratchInUseBytes: Int {
        unsafe storage.control.pointee.scratchTop - storage.control.pointee.scratchCursor
    }

    /// Bytes of scratch the arena has, in all.
    public var scratchCapacityBytes: Int {
        unsafe storage.control.pointee.scratchTop - storage.control.pointee.poolLimit
    }

    @usableFromInline @inline(never)
    func scratchExhausted(requested: Int) -> ArenaError {
        let control = unsafe storage.control
        unsafe control.pointee.scratchExhaustions += 1
        return .exhausted(
            tenant: "scratch", requestedBytes: requested, capacityBytes: scratchCapacityBytes,
            inUseBytes: scratchInUseBytes,
            highWaterBytes: unsafe control.pointee.scratchTop - control.pointee.scratchLowWater)
    }
}
