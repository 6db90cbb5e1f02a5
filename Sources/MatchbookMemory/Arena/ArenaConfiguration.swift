/// How big an engine thread's arena is and how it is mapped.
public struct ArenaConfiguration: Sendable, Equatable {
    /// Total bytes mapped (rounded up to 2 MiB): control block, pools and tables, and epoch scratch.
    public var totalBytes: Int
    /// Bytes set aside at the top of the arena for epoch scratch. The rest (less the control block) holds pools.
    public var scratchBytes: Int
    /// Page policy, NUMA node, pre-fault and lock.
    public var pages: PageSourceOptions

    public init(totalBytes: Int, scratchBytes: Int? = nil, pages: PageSourceOptions = .init()) {
        self.totalBytes = totalBytes
        self.scratchBytes = scratchBytes ?? totalBytes / 4
        self.pages = pages
    }
}
