import Testing
import MatchbookMemory
import CMatchbookShim

/// The fallback chain, each branch forced, read back from the kernel. Serialized: the hugetlb pool is shared.
@Suite("Page source", .serialized)
struct PageSourceTests {
    static let bytes = 8 << 20

    @Test("4 KiB pages with --pages off: mapped, aligned, pre-faulted and reported as 4k")
    func off() throws {
        let region = try PageSource.map(bytes: Self.bytes, options: .init(policy: .off))
        #expect(region.report.pageKind == .small)
        #expect(region.report.hugePageBytes == 0)
        #expect(region.report.arenaBytes == Self.bytes)
        #expect(unsafe UInt(bitPattern: region.base) % UInt(PageSource.hugePageBytes) == 0)
        #expect(region.report.prefaulted)
    }

    static var transparentHugePagesEnabled: Bool {
        let mode = SmapsReader.readTextFile("/sys/kernel/mm/transparent_hugepage/enabled") ?? ""
        return mode.contains("[always]") || mode.contains("[madvise]")
    }

    @Test(
        "THP when hugetlb is unavailable: AnonHugePages covers the arena",
        .enabled(if: transparentHugePagesEnabled, "THP is disabled in /sys/kernel/mm/transparent_hugepage/enabled")
    )
    func transparentHugePages() throws {
        let region = try PageSource.map(bytes: Self.bytes, options: .init(policy: .auto, unavailableKinds: [.hugetlb]))
        #expect(region.report.pageKind == .thp)
        #expect(region.report.hugePageFraction >= 0.9, "\(region.report)")
        #expect(region.report.notes.contains { $0.contains("hugetlb") })
    }

    @Test("4 KiB pages when both hugetlb and THP are unavailable, said in the notes")
    func fallbackToSmall() throws {
        let region = try PageSource.map(
            bytes: Self.bytes, options: .init(policy: .auto, unavailableKinds: [.hugetlb, .thp]))
        #expect(region.report.pageKind == .small)
        #expect(region.report.hugePageBytes == 0)
        #expect(region.report.notes.contains { $0.contains("transparent huge pages") })
    }

    @Test("require-huge with no huge pages is an error that says what to configure")
    func requireHugeFails() {
        #expect {
            _ = try PageSource.map(
                bytes: Self.bytes, options: .init(policy: .requireHuge, unavailableKinds: [.hugetlb, .thp]))
        } throws: { error in
            let text = "\(error)"
            return text.contains("nr_hugepages") && text.contains("transparent_hugepage")
        }
    }

    static var hugetlbPagesFree: Bool { cmb_hugetlb_free_pages_2mb() >= bytes / PageSource.hugePageBytes }

    @Test(
        "hugetlb when the pool has free pages (Scripts/setup reserves some as root)",
        .enabled(if: hugetlbPagesFree, "no free hugetlb pages: run `echo 64 > /proc/sys/vm/nr_hugepages` as root")
    )
    func hugetlb() throws {
        let region = try PageSource.map(bytes: Self.bytes, options: .init(policy: .auto))
        #expect(region.report.pageKind == .hugetlb)
        #expect(region.report.hugePageBytes == Self.bytes)
        let required = try PageSource.map(bytes: Self.bytes, options: .init(policy: .requireHuge))
        #expect(required.report.pageKind == .hugetlb)
    }

    @Test("the report names a NUMA node and says whether the memory is locked")
    func numaAndLock() throws {
        let region = try PageSource.map(bytes: Self.bytes, options: .init(policy: .off, lock: true))
        #expect(region.report.numaAvailable == (cmb_numa_available() >= 0))
        if region.report.numaAvailable { #expect(region.report.numaNode >= 0) }
        let backing = SmapsReader.backing(start: unsafe UInt(bitPattern: region.base), bytes: region.bytes)
        #expect(backing != nil)
        if region.report.locked { #expect(backing?.lockedBytes == region.bytes) }
    }

    @Test("sizes round up to 2 MiB; zero is refused")
    func sizes() throws {
        let region = try PageSource.map(bytes: 1, options: .init(policy: .off, prefault: false, lock: false))
        #expect(region.bytes == PageSource.hugePageBytes)
        #expect(throws: PageSourceError.invalidSize(bytes: 0)) {
            _ = try PageSource.map(bytes: 0, options: .init(policy: .off))
        }
    }
}

