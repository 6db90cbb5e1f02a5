/// One engine thread's memory: a single NUMA-local, huge-page-backed, pre-faulted mapping that never grows and
/// never calls malloc or mmap after it is built.
///
/// Two tenants share it (see `_UnsafeArenaStorage.swift` for the picture):
/// - **pools** and **tables** for records that live across epochs, carved once at start-up
///   (`makePool(of:capacity:name:)`, `makeTable(of:count:name:)`);
/// - **epoch scratch**, bump-allocated downward (`scratchBytes(count:alignment:)`,
///   `scratchSpan(of:count:repeating:)`) and rewound in O(1) by `resetEpoch()`.
///
/// The arena is `~Copyable` and not `Sendable`: it cannot be shared or copied by accident. Scratch views are
/// `MutableSpan`/`MutableRawSpan`s whose lifetime is tied to a borrow of the arena, so calling the mutating
/// `resetEpoch()` while one is alive does not compile.
///
/// Not thread-safe: owned by one engine thread.
@safe
public struct Arena: ~Copyable {
    /// The mapping this arena lives in; unmapped when the arena goes away.
    @usableFromInline let region: MappedRegion
    @usableFromInline let storage: _UnsafeArenaStorage

    /// Maps a fresh arena for the calling thread as `configuration` says (see `PageSource.map`).
    ///
    /// - Throws: `ArenaError.pageSource` when the mapping fails or `require-huge` cannot be met;
    ///   `.invalidConfiguration` when scratch does not leave room for the control block.
    public init(_ configuration: ArenaConfiguration) throws(ArenaError) {
        let region: MappedRegion
        let system = configuration.backing == .systemAllocator
        do {
            // System-allocator backing maps only the control block, plainly: no huge pages, no pre-fault, no lock.
            region = try PageSource.map(
                bytes: system ? _arenaControlBytes : configuration.totalBytes,
                options: system ? PageSourceOptions(policy: .off, prefault: false, lock: false) : configuration.pages)
        } catch {
            throw .pageSource(error)
        }
        try self.init(region: region, scratchBytes: system ? 0 : configuration.scratchBytes, backing: configuration.backing)
    }

    /// Builds an arena in a region mapped by `PageSource`, with `scratchBytes` at the top for epoch scratch.
    public init(region: consuming MappedRegion, scratchBytes: Int, backing: ArenaBacking = .arena) throws(ArenaError) {
        guard scratchBytes >= 0, scratchBytes <= region.bytes - _arenaControlBytes else {
            throw .invalidConfiguration(
                "scratch of \(scratchBytes) bytes does not fit in \(region.bytes) bytes with the control block")
        }
        unsafe _UnsafeArenaStorage.initialize(
            base: region.base, capacity: region.bytes, scratchBytes: scratchBytes,
            systemBacked: backing == .systemAllocator)
        unsafe self.storage = _UnsafeArenaStorage(base: region.base)
        self.region = region
    }

    deinit {
        if unsafe storage.control.pointee.systemBacked { unsafe storage.freeSystemMemory() }
    }

    /// `arena` or `system`.
    public var backing: ArenaBacking {
        unsafe storage.control.pointee.systemBacked ? .systemAllocator : .arena
    }

    /// What the kernel gave: page kind, NUMA node, bytes, huge-page bytes, locked.
    public var memoryReport: MemoryReport { region.report }

    /// Total bytes of the mapping.
    public var capacityBytes: Int { region.bytes }
}

@available(*, unavailable, message: "an arena belongs to the engine thread that built it")
extension Arena: Sendable {}
