/// What a page source actually got from the kernel, read back after mapping, never assumed.
///
/// The JSON keys (`pageKind`, `numaNode`, `arenaBytes`, `hugePageBytes`, `locked`) are part of
/// `matchbook memory-info --json` and `matchbook replay --json`.
public struct MemoryReport: Sendable, Equatable, Codable {
    /// `hugetlb`, `thp` or `4k`.
    public var pageKind: PageKind
    /// The NUMA node the pages live on (read back with `get_mempolicy`), or the requested node; -1 when unknown.
    public var numaNode: Int
    /// Whether libnuma reported a NUMA policy to bind with (`numa_available() >= 0`).
    public var numaAvailable: Bool
    /// Bytes mapped (a multiple of 2 MiB).
    public var arenaBytes: Int
    /// Bytes of the range really backed by huge pages (`AnonHugePages` or `*_Hugetlb` in /proc/self/smaps).
    public var hugePageBytes: Int
    /// Whether `mlock` succeeded for the whole range.
    public var locked: Bool
    /// Whether every page was faulted in at start-up.
    public var prefaulted: Bool
    /// Time spent mapping, binding, pre-faulting and locking, in nanoseconds.
    public var setupNanos: UInt64
    /// Every fallback taken and every refusal met, in order, in words.
    public var notes: [String]

    public init(
        pageKind: PageKind, numaNode: Int, numaAvailable: Bool, arenaBytes: Int, hugePageBytes: Int,
        locked: Bool, prefaulted: Bool, setupNanos: UInt64, notes: [String]
    ) {
        self.pageKind = pageKind
        self.numaNode = numaNode
        self.numaAvailable = numaAvailable
        self.arenaBytes = arenaBytes
        self.hugePageBytes = hugePageBytes
        self.locked = locked
        self.prefaulted = prefaulted
        self.setupNanos = setupNanos
        self.notes = notes
    }

    /// The share of the arena backed by huge pages, 0...1.
    public var hugePageFraction: Double {
        arenaBytes == 0 ? 0 : Double(hugePageBytes) / Double(arenaBytes)
    }
}
