/// How an arena asks for huge pages.
///
/// - `auto`: hugetlb (`MAP_HUGETLB`) when the pool has enough free 2 MiB pages, else transparent huge pages
///   (`madvise(MADV_HUGEPAGE)`), else 4 KiB pages. What was got is always reported.
/// - `requireHuge`: the same chain, but ending on 4 KiB pages is an error that says what to configure.
/// - `off`: 4 KiB pages only (the baseline for comparisons).
public enum PagePolicy: String, Sendable, CaseIterable, Codable {
    case auto
    case requireHuge = "require-huge"
    case off
}

/// The kind of page that actually backs an arena, as read back from the kernel.
public enum PageKind: String, Sendable, CaseIterable, Codable {
    /// Reserved hugetlb pages (`MAP_HUGETLB`, 2 MiB).
    case hugetlb
    /// Transparent huge pages (`madvise(MADV_HUGEPAGE)`), confirmed by `AnonHugePages` in smaps.
    case thp
    /// Ordinary 4 KiB pages.
    case small = "4k"
}
