import MatchbookMemory

// The publisher's raw memory, in one place. Invariants:
// - Feed records live in chunks of the engine's arena (64-byte aligned, sizes multiples of 64), written at
//   offsets that are multiples of `FeedRecord.bytes`: every record is 8-byte aligned and never straddles a chunk.
//   The engine writes a chunk only between `claim()` and `publish`, the drain reads it only between `peek()` and
//   `release()`: one thread touches a chunk at a time, ordered by the ring's release/acquire indices.
// - The discard chunk and the drain's output buffer are arena tables: their base addresses are stable for the
//   arena's life, which outlives the publisher (`finish(books:)` or `deinit` joins the drain first).

extension FeedRecord {
    /// Writes the record at `destination` (8-byte aligned, 32 bytes of room) as four 8-byte stores (a store of
    /// the struct itself becomes a call to memcpy). In-process only: both ends are this machine. (Non-temporal
    /// stores, to spare fetching ring lines the drain last read, measured no faster here.)
    @inlinable @inline(__always)
    public func store(to destination: UnsafeMutableRawPointer) {
        let head = UInt64(kindRaw) | UInt64(sideRaw) << 8 | UInt64(locate) << 16 | UInt64(priceTicks) << 32
        destination.storeBytes(of: head, toByteOffset: 0, as: UInt64.self)
        destination.storeBytes(of: shares, toByteOffset: 8, as: UInt64.self)
        destination.storeBytes(of: UInt64(orders) | UInt64(count) << 32, toByteOffset: 16, as: UInt64.self)
        destination.storeBytes(of: extra, toByteOffset: 24, as: UInt64.self)
    }

    /// Reads a record `store(to:)` wrote at `source`.
    @inlinable @inline(__always)
    public init(loadingFrom source: UnsafeRawPointer) {
        let head = source.load(fromByteOffset: 0, as: UInt64.self)
        let counts = source.load(fromByteOffset: 16, as: UInt64.self)
        kindRaw = UInt8(truncatingIfNeeded: head)
        sideRaw = UInt8(truncatingIfNeeded: head >> 8)
        locate = UInt16(truncatingIfNeeded: head >> 16)
        priceTicks = UInt32(truncatingIfNeeded: head >> 32)
        shares = source.load(fromByteOffset: 8, as: UInt64.self)
        orders = UInt32(truncatingIfNeeded: counts)
        count = UInt32(truncatingIfNeeded: counts >> 32)
        extra = source.load(fromByteOffset: 24, as: UInt64.self)
    }
}

extension PublisherEncoder {
    /// The start of `table`'s storage, stable for the arena's life. Cold path.
    static func base(of table: borrowing ArenaTable<UInt64>) -> UnsafeMutableRawPointer {
        var span = table.mutableSpan
        return span.withUnsafeMutableBytes { $0.baseAddress! }
    }
}
