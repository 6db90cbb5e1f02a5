import CMatchbookShim
import SystemPackage

/// Options for mapping one engine thread's memory.
public struct PageSourceOptions: Sendable, Equatable {
    /// Huge-page policy (`auto`, `require-huge`, `off`).
    public var policy: PagePolicy
    /// The NUMA node to bind to; nil means the node of the CPU the calling thread runs on.
    public var numaNode: Int?
    /// Fault every page in at start-up so no page fault reaches a timed section.
    public var prefault: Bool
    /// `mlock` the range (refusal is reported, not fatal).
    public var lock: Bool
    /// Page kinds to treat as unavailable: the test hook that forces each branch of the fallback chain.
    public var unavailableKinds: Set<PageKind>

    public init(
        policy: PagePolicy = .auto, numaNode: Int? = nil, prefault: Bool = true, lock: Bool = true,
        unavailableKinds: Set<PageKind> = []
    ) {
        self.policy = policy
        self.numaNode = numaNode
        self.prefault = prefault
        self.lock = lock
        self.unavailableKinds = unavailableKinds
    }
}

/// Maps the memory of one engine thread, in the order DESIGN.md gives:
///
///     mmap (2 MiB aligned) → bind to the NUMA node of the calling thread's CPU (libnuma)
///       → hugetlb (MAP_HUGETLB) if the pool has free pages, else THP (madvise(MADV_HUGEPAGE)), else 4 KiB
///       → pre-fault every page (madvise(MADV_POPULATE_WRITE), else a write per page) → mlock
///
/// and then reads back what it got (`MemoryReport`). Cold path: call it once per thread at start-up.
public enum PageSource {
    /// 2 MiB: the huge-page size and the alignment of every mapping.
    public static let hugePageBytes = 2 << 20

    /// Maps `bytes` (rounded up to 2 MiB) for the calling thread. Calls `mmap`, `numa_tonode_memory`,
    /// `madvise`, `mlock` and reads `/proc/self/smaps`.
    ///
    /// - Throws: `PageSourceError.mapFailed` when the kernel refuses even 4 KiB pages;
    ///   `.hugePagesUnavailable` under `requireHuge` when neither hugetlb nor THP could back the range.
    public static func map(bytes requested: Int, options: PageSourceOptions = .init()) throws(PageSourceError)
        -> MappedRegion
    {
        guard requested > 0, requested < Int.max / 2 else { throw .invalidSize(bytes: requested) }
        let started = cmb_monotonic_nanos()
        let bytes = (requested + hugePageBytes - 1) / hugePageBytes * hugePageBytes
        var notes: [String] = []
        let wantsHuge = options.policy != .off

        // 1. hugetlb, when the pool has enough free pages.
        var mapping: (address: UnsafeMutableRawPointer, kind: PageKind)?
        if wantsHuge && !options.unavailableKinds.contains(.hugetlb) {
            let free = cmb_hugetlb_free_pages_2mb()
            let need = bytes / hugePageBytes
            if free >= need {
                switch unsafe system_mmapAnonymous(bytes: bytes, hugetlb: true) {
                case .success(let address): unsafe mapping = unsafe (address, .hugetlb)
                case .failure(let errno): notes.append("hugetlb mmap refused (\(errno)); falling back")
                }
            } else {
                notes.append("hugetlb pool has \(max(free, 0)) free 2 MiB pages, \(need) needed; falling back")
            }
        } else if wantsHuge {
            notes.append("hugetlb treated as unavailable")
        }

        // 2. Ordinary anonymous memory, trimmed to 2 MiB alignment, then THP advice.
        if unsafe mapping == nil {
            let address = try unsafe mapAligned(bytes: bytes)
            var kind = PageKind.small
            if wantsHuge && !options.unavailableKinds.contains(.thp) {
                switch unsafe system_madviseHugePage(address, bytes: bytes) {
                case .success: kind = .thp
                case .failure(let errno): notes.append("madvise(MADV_HUGEPAGE) refused (\(errno)); using 4 KiB pages")
                }
            } else if wantsHuge {
                notes.append("transparent huge pages treated as unavailable; using 4 KiB pages")
            }
            unsafe mapping = unsafe (address, kind)
        }
        guard let mapping = unsafe mapping else { throw .invalidSize(bytes: requested) }
        let address = unsafe mapping.address
        var region = unsafe MappedRegion(base: address, bytes: bytes)

        // 3. NUMA binding before the first touch, so pages are born on the right node.
        let numaAvailable = cmb_numa_available() >= 0
        var node = options.numaNode ?? Int(cmb_numa_node_of_cpu(cmb_current_cpu()))
        if numaAvailable && node >= 0 {
            unsafe system_bindToNode(address, bytes: bytes, node: node)
        } else {
            notes.append(numaAvailable ? "CPU's NUMA node unknown; memory not bound" : "libnuma: NUMA not available; memory not bound")
        }

        // 4. Pre-fault every page after the policy is set.
        if options.prefault {
            if case .failure(let errno) = unsafe system_madvisePopulateWrite(address, bytes: bytes) {
                notes.append("MADV_POPULATE_WRITE refused (\(errno)); touching every page instead")
                unsafe system_touchEveryPage(address, bytes: bytes)
            }
        }

        // 5. Lock.
        var locked = false
        if options.lock {
            switch unsafe system_mlock(address, bytes: bytes) {
            case .success: locked = true
            case .failure(let errno):
                notes.append("mlock refused (\(errno)); memory may be swapped — raise RLIMIT_MEMLOCK or run as root")
            }
        }
        region.locked = locked

        // 6. Read back what we got.
        let backing = SmapsReader.backing(start: UInt(bitPattern: address), bytes: bytes)
        var hugeBytes = 0
        var kind = unsafe mapping.kind
        switch kind {
        case .hugetlb: hugeBytes = backing?.hugetlbBytes ?? bytes
        case .thp:
            hugeBytes = backing?.transparentHugeBytes ?? 0
            if hugeBytes == 0 && options.prefault {
                notes.append("THP advised but the kernel backed no huge pages (AnonHugePages 0); reporting 4k")
                kind = .small
            }
        case .small: hugeBytes = 0
        }
        // Read the lock back too: a sanitizer's mlock interceptor (ASan's) reports success without locking.
        // hugetlb pages never show in `Locked` (and are never swapped), so trust mlock's word for them.
        if locked, kind != .hugetlb, let backing, backing.lockedBytes < bytes {
            notes.append("mlock reported success but smaps shows \(backing.lockedBytes) of \(bytes) bytes locked")
            locked = false
        }
        if options.prefault, numaAvailable {
            let actual = unsafe system_nodeOfAddress(address)
            if actual >= 0 { node = actual }
        }
        if options.policy == .requireHuge && kind == .small {
            throw .hugePagesUnavailable(bytes: bytes, reasons: notes)
        }
        region.report = MemoryReport(
            pageKind: kind, numaNode: node, numaAvailable: numaAvailable, arenaBytes: bytes,
            hugePageBytes: hugeBytes, locked: locked, prefaulted: options.prefault,
            setupNanos: cmb_monotonic_nanos() &- started, notes: notes)
        return region
    }

    /// Maps `bytes + 2 MiB` of ordinary memory and unmaps the head and tail so the rest starts on 2 MiB.
    private static func mapAligned(bytes: Int) throws(PageSourceError) -> UnsafeMutableRawPointer {
        let padded = bytes + hugePageBytes
        let raw: UnsafeMutableRawPointer
        switch unsafe system_mmapAnonymous(bytes: padded, hugetlb: false) {
        case .success(let address): unsafe raw = unsafe address
        case .failure(let errno): throw .mapFailed(bytes: bytes, errno: errno)
        }
        let start = UInt(bitPattern: raw)
        let alignedStart = (start + UInt(hugePageBytes) - 1) & ~UInt(hugePageBytes - 1)
        let head = Int(alignedStart - start)
        let tail = padded - head - bytes
        if head > 0 { _ = unsafe system_munmap(raw, bytes: head) }
        let aligned = unsafe raw + head
        if tail > 0 { _ = unsafe system_munmap(aligned + bytes, bytes: tail) }
        return unsafe aligned
    }
}
