/// Where an arena's pools, tables and scratch really come from.
public enum ArenaBacking: String, Sendable, Codable, CaseIterable {
    /// One pre-faulted, huge-page, NUMA-local mapping: the point of the project.
    case arena
    /// The baseline for comparisons: the same pools, tables and scratch API and the same record layouts, but
    /// every record is its own `posix_memalign` block found through a pointer table, tables are `calloc`'d,
    /// scratch is `malloc`'d per request and freed at each reset — no pre-faulting, no huge pages, no locking:
    /// the memory behaviour of ordinary code.
    case systemAllocator = "system"
}

/// How big an engine thread's arena is and how it is mapped.
public struct ArenaConfiguration: Sendable, Equatable {
    /// Total bytes mapped (rounded up to 2 MiB): control block, pools and tables, and epoch scratch.
    public var totalBytes: Int
    /// Bytes set aside at the top of the arena for epoch scratch. The rest (less the control block) holds pools.
    public var scratchBytes: Int
    /// Page policy, NUMA node, pre-fault and lock.
    public var pages: PageSourceOptions
    /// The arena itself, or the system allocator behind the same API (for comparisons).
    public var backing: ArenaBacking

    public init(
        totalBytes: Int, scratchBytes: Int? = nil, pages: PageSourceOptions = .init(), backing: ArenaBacking = .arena
    ) {
        self.totalBytes = totalBytes
        self.scratchBytes = scratchBytes ?? totalBytes / 4
        self.pages = pages
        self.backing = backing
    }
}
