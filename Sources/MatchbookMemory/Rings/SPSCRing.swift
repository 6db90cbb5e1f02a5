import Atomics

/// A single-producer single-consumer ring of fixed-size slots in arena memory: how an engine thread hands
/// bytes (market-data chunks, fixed-size command records) to exactly one other thread without locks,
/// allocation or blocking.
///
/// The producer (the engine thread, which owns this value and the arena) fills the slot `claim()` returns and
/// `publish(byteCount:)`es it; a full ring makes `claim()` return `nil` — the producer decides what to drop,
/// it never waits. The consumer (`makeConsumer()`, one per ring) reads published slots in order with
/// `peek()` and hands them back with `release()`. Indices live on separate cache lines; each side caches the
/// other's index and reloads it (acquire) only when the ring looks full or empty.
///
/// Lifetime: the ring's memory is the arena's. Keep the arena until the consumer has stopped (join its thread).
public struct SPSCRing: ~Copyable {
    @usableFromInline let table: ArenaTable<UInt64>
    @usableFromInline let storage: _UnsafeRingStorage
    /// Slots published so far (the producer's own copy of `head`).
    @usableFromInline var head = 0
    /// The consumer's `tail` as last loaded.
    @usableFromInline var cachedTail = 0
    private var consumerMade = false

    /// Bytes per slot (a multiple of 64) and number of slots (a power of two).
    public var slotBytes: Int { storage.slotBytes }
    public var slotCount: Int { storage.slotCount }

    /// Carves a ring of `slotCount` slots of `slotBytes` from `arena`. Cold path.
    ///
    /// - Precondition: `slotBytes` is a positive multiple of 64 and `slotCount` a power of two ≥ 2.
    /// - Throws: `ArenaError` when the arena's pool region is too small.
    public init(arena: borrowing Arena, slotBytes: Int, slotCount: Int, name: StaticString) throws(ArenaError) {
        precondition(slotBytes > 0 && slotBytes % 64 == 0, "ring slots are whole cache lines")
        precondition(slotCount >= 2 && slotCount & (slotCount - 1) == 0, "ring slot count is a power of two")
        let bytes = _UnsafeRingStorage.requiredBytes(slotBytes: slotBytes, slotCount: slotCount)
        let table = try arena.makeTable(of: UInt64.self, count: bytes / 8, name: name)
        let base = unsafe UnsafeMutableRawPointer(table.elements)
        storage = unsafe _UnsafeRingStorage(base: base, slotBytes: slotBytes, slotCount: slotCount)
        self.table = table
        storage.head.store(0, ordering: .relaxed)
        storage.tail.store(0, ordering: .relaxed)
        storage.closed.store(0, ordering: .relaxed)
    }

    /// Bytes of arena pool region a ring needs (for sizing an arena).
    public static func requiredArenaBytes(slotBytes: Int, slotCount: Int) -> Int {
        _UnsafeRingStorage.requiredBytes(slotBytes: slotBytes, slotCount: slotCount) + 4096
    }

    /// The next free slot (`slotBytes` writable bytes), or `nil` when the consumer has not released enough.
    /// Calling it again before `publish` returns the same slot. O(1); one acquire load when the ring looks full.
    @inlinable
    public mutating func claim() -> UnsafeMutableRawPointer? {
        if head &- cachedTail >= storage.slotCount {
            cachedTail = storage.tail.load(ordering: .acquiring)
            if head &- cachedTail >= storage.slotCount { return nil }
        }
        return unsafe storage.slot(head)
    }

    /// Hands the claimed slot, holding `byteCount` bytes, to the consumer. O(1), one release store.
    ///
    /// - Precondition: `claim()` returned a slot since the last publish, and `byteCount <= slotBytes`.
    @inlinable
    public mutating func publish(byteCount: Int) {
        precondition(UInt(bitPattern: byteCount) <= UInt(bitPattern: storage.slotBytes), "ring slot overflow")
        unsafe storage.lengthPointer(head).pointee = byteCount
        head &+= 1
        storage.head.store(head, ordering: .releasing)
    }

    /// Slots published and not yet released by the consumer (as last seen). O(1).
    public mutating func depth() -> Int {
        cachedTail = storage.tail.load(ordering: .acquiring)
        return head &- cachedTail
    }

    /// Tells the consumer nothing more will be published. Call after the last `publish`.
    public func close() {
        storage.closed.store(1, ordering: .releasing)
    }

    /// The consumer end. Call once; hand it to the one consumer thread.
    public mutating func makeConsumer() -> SPSCRingConsumer {
        precondition(!consumerMade, "an SPSC ring has one consumer")
        consumerMade = true
        return SPSCRingConsumer(storage: storage)
    }
}

/// The consumer end of an `SPSCRing`: used by exactly one thread (the one it is handed to).
///
/// `@unchecked Sendable`: it holds pointers into the producer's arena, valid while the producer keeps that arena
/// (it joins the consumer's thread first); it reads only slots the producer has published (acquire) and writes
/// only `tail` (release).
public final class SPSCRingConsumer: @unchecked Sendable {
    @usableFromInline let storage: _UnsafeRingStorage
    @usableFromInline var tail = 0
    @usableFromInline var cachedHead = 0

    init(storage: _UnsafeRingStorage) {
        self.storage = storage
    }

    /// The oldest published slot's bytes, or `nil` when none is waiting. Valid until `release()`. O(1).
    @inlinable
    public func peek() -> UnsafeRawBufferPointer? {
        if tail == cachedHead {
            cachedHead = storage.head.load(ordering: .acquiring)
            if tail == cachedHead { return nil }
        }
        let count = unsafe storage.lengthPointer(tail).pointee
        return unsafe UnsafeRawBufferPointer(start: storage.slot(tail), count: count)
    }

    /// Hands the slot `peek()` returned back to the producer. O(1), one release store.
    @inlinable
    public func release() {
        precondition(tail != cachedHead, "release() without a peeked slot")
        tail &+= 1
        storage.tail.store(tail, ordering: .releasing)
    }

    /// Whether a published slot is waiting, as seen from any thread (both indices loaded atomically): for a
    /// watcher that only decides when to wake the consumer's thread. O(1).
    public var hasWaiting: Bool {
        storage.head.load(ordering: .acquiring) != storage.tail.load(ordering: .acquiring)
    }

    /// `isFinished` as seen from any thread (a watcher's view: closed, and nothing waiting).
    public var isFinishedWatching: Bool {
        guard storage.closed.load(ordering: .acquiring) == 1 else { return false }
        return !hasWaiting
    }

    /// True once the producer has closed the ring and every slot has been released.
    public var isFinished: Bool {
        guard storage.closed.load(ordering: .acquiring) == 1 else { return false }
        return tail == storage.head.load(ordering: .acquiring)
    }
}
