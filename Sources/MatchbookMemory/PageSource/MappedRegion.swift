/// One mapping made by `PageSource`: owned, never copied, unmapped when it goes away.
///
/// Not thread-safe and not `Sendable`: it belongs to the engine thread that mapped it.
@safe
public struct MappedRegion: ~Copyable {
    /// The first byte; 2 MiB aligned.
    public let base: UnsafeMutableRawPointer
    /// The mapped length in bytes; a multiple of 2 MiB.
    public let bytes: Int
    /// What the kernel gave, read back.
    public internal(set) var report: MemoryReport
    internal var locked = false

    internal init(base: UnsafeMutableRawPointer, bytes: Int) {
        unsafe self.base = base
        self.bytes = bytes
        self.report = MemoryReport(
            pageKind: .small, numaNode: -1, numaAvailable: false, arenaBytes: bytes, hugePageBytes: 0,
            locked: false, prefaulted: false, setupNanos: 0, notes: [])
    }

    deinit {
        if locked { unsafe system_munlock(base, bytes: bytes) }
        _ = unsafe system_munmap(base, bytes: bytes)
    }
}

@available(*, unavailable, message: "a mapped region belongs to the thread that mapped it")
extension MappedRegion: Sendable {}
