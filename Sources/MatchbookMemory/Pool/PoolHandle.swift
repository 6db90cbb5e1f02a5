/// A 32-bit reference to one slot of a `SlotPool<Record>`: denser than a pointer, no ARC, typed so it can only
/// go back to a pool of its own record type.
///
/// Release builds use all 32 bits as the slot index. Checked builds (`MATCHBOOK_CHECKED`, every debug build)
/// keep the slot's generation in the top 8 bits and the index in the low 24, so a stale handle — freed, or
/// from before a reset — traps instead of reading someone else's record:
///
///     checked:  ┌ generation (8) ┬──────── index (24) ────────┐
///     release:  └──────────────── index (32) ─────────────────┘
@frozen
public struct PoolHandle<Record>: Hashable, Sendable, BitwiseCopyable, CustomStringConvertible {
    /// The raw 32 bits; `UInt32.max` is `none`.
    public var raw: UInt32

    @inlinable @inline(__always)
    public init(raw: UInt32) { self.raw = raw }

    /// No slot: the null handle (for intrusive lists and empty links).
    public static var none: PoolHandle { PoolHandle(raw: .max) }

    /// Whether this is the null handle.
    @inlinable @inline(__always)
    public var isNone: Bool { raw == .max }

    #if MATCHBOOK_CHECKED
    @usableFromInline static var indexBits: UInt32 { 24 }
    #else
    @usableFromInline static var indexBits: UInt32 { 32 }
    #endif

    /// The slot index (for direct tables keyed by handle).
    @inlinable @inline(__always)
    public var index: UInt32 {
        #if MATCHBOOK_CHECKED
        raw & 0x00FF_FFFF
        #else
        raw
        #endif
    }

    @inlinable @inline(__always)
    var generation: UInt16 {
        #if MATCHBOOK_CHECKED
        UInt16(truncatingIfNeeded: raw >> 24)
        #else
        0
        #endif
    }

    @inlinable @inline(__always)
    init(index: UInt32, generation: UInt16) {
        #if MATCHBOOK_CHECKED
        raw = UInt32(generation & 0xFF) << 24 | index
        #else
        raw = index
        #endif
    }

    public var description: String { isNone ? "none" : "#\(index)" }
}
