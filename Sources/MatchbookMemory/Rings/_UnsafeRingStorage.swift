import Atomics

// All pointer arithmetic of the single-producer single-consumer ring lives in this file.
//
// Layout of one ring, carved from an arena as one table of 64-byte-aligned words:
//
//     ┌─ line 0 ─┬─ line 1 ─┬─ line 2 ─┬─ lengths ───────────────┬─ slot 0 ─┬─ slot 1 ─┬ … ┬─ slot n-1 ─┐
//     │ head     │ tail     │ closed   │ slotCount × Int (bytes) │ slotBytes each, 64-byte multiples     │
//     └──────────┴──────────┴──────────┴─────────────────────────┴──────────┴──────────┴───┴────────────┘
//
// Invariants:
// - `head` is written only by the producer and `tail` only by the consumer, each on its own cache line so the
//   two threads never write the same line. Both count slots from 0 and never wrap (Int, 2^63 slots).
// - 0 <= head - tail <= slotCount. Slot `i % slotCount` with tail <= i < head is owned by the consumer; the
//   others by the producer. The producer writes a slot's bytes and its length, then stores head + 1 with release
//   ordering; the consumer loads head with acquire ordering before reading them (and symmetrically for tail), so
//   each side sees the other's writes to a slot before it owns it.
// - `closed` goes 0 → 1 once, stored (release) by the producer after its last publish.
// - The memory belongs to the arena that carved it; the owner of the ring keeps that arena alive until the
//   consumer has stopped touching it (the publisher joins its drain thread before it lets go of the arena).

/// Word offsets of the ring's parts, and the pointers derived from the table's base.
@usableFromInline @safe
struct _UnsafeRingStorage: @unchecked Sendable {
    // @unchecked: raw pointers into arena memory shared by exactly one producer and one consumer thread under
    // the protocol above; neither side writes what the other owns.
    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let slotBytes: Int
    @usableFromInline let slotCount: Int
    @usableFromInline let mask: Int

    static let controlBytes = 3 * 64

    /// Bytes of table a ring of `slotCount` slots of `slotBytes` needs.
    static func requiredBytes(slotBytes: Int, slotCount: Int) -> Int {
        controlBytes + ((slotCount * 8 + 63) & ~63) + slotBytes * slotCount
    }

    init(base: UnsafeMutableRawPointer, slotBytes: Int, slotCount: Int) {
        unsafe self.base = base
        self.slotBytes = slotBytes
        self.slotCount = slotCount
        mask = slotCount - 1
    }

    @inlinable @inline(__always)
    var head: UnsafeAtomic<Int> {
        unsafe UnsafeAtomic(at: base.assumingMemoryBound(to: Int.AtomicRepresentation.self))
    }

    @inlinable @inline(__always)
    var tail: UnsafeAtomic<Int> {
        unsafe UnsafeAtomic(at: (base + 64).assumingMemoryBound(to: Int.AtomicRepresentation.self))
    }

    @inlinable @inline(__always)
    var closed: UnsafeAtomic<Int> {
        unsafe UnsafeAtomic(at: (base + 128).assumingMemoryBound(to: Int.AtomicRepresentation.self))
    }

    /// The byte count stored for the slot of sequence `index`.
    @inlinable @inline(__always)
    func lengthPointer(_ index: Int) -> UnsafeMutablePointer<Int> {
        unsafe (base + 192).assumingMemoryBound(to: Int.self) + (index & mask)
    }

    /// The first byte of the slot of sequence `index`.
    @inlinable @inline(__always)
    func slot(_ index: Int) -> UnsafeMutableRawPointer {
        unsafe base + (192 + ((slotCount &* 8 &+ 63) & ~63)) + (index & mask) &* slotBytes
    }
}
