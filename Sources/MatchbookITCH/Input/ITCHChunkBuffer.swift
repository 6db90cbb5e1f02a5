/// The fixed buffer that streamed input (gzip output, `read(2)` blocks) is delivered in.
///
/// Allocated once (or borrowed from the caller, e.g. arena scratch) and reused for every chunk: input does
/// not allocate per chunk. ~Copyable: one owner. Not thread-safe: owned by the input's thread.
public struct ITCHChunkBuffer: ~Copyable {
    /// Default capacity: 1 MiB.
    public static let defaultCapacity = 1 << 20

    @usableFromInline internal let _storage: UnsafeMutableRawBufferPointer
    @usableFromInline internal let _owned: Bool

    /// Allocates `capacityBytes` (at least 4 KiB) once.
    public init(capacityBytes: Int = ITCHChunkBuffer.defaultCapacity) {
        let capacity = max(capacityBytes, 4096)
        _storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        _owned = true
    }

    /// Uses `memory` (at least 4 KiB) without owning it: the caller keeps it alive and unshared while this
    /// buffer and any input using it live.
    public init(borrowing memory: UnsafeMutableRawBufferPointer) {
        precondition(memory.count >= 4096 && memory.baseAddress != nil, "ITCHChunkBuffer needs at least 4 KiB")
        _storage = memory
        _owned = false
    }

    deinit { if _owned { _storage.deallocate() } }

    /// Capacity in bytes.
    public var capacityBytes: Int { _storage.count }
}
