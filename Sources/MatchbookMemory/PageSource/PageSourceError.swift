import SystemPackage

/// Why a page source could not provide memory. Every message says what happened and what to do.
public enum PageSourceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `mmap` refused the mapping.
    case mapFailed(bytes: Int, errno: Errno)
    /// `--pages require-huge` was asked for and neither hugetlb nor THP pages could be had.
    case hugePagesUnavailable(bytes: Int, reasons: [String])
    /// A size of zero or one that overflows when rounded to 2 MiB.
    case invalidSize(bytes: Int)

    public var description: String {
        switch self {
        case .mapFailed(let bytes, let errno):
            return "mmap of \(bytes) bytes failed: \(errno) — lower --bytes or free memory"
        case .hugePagesUnavailable(let bytes, let reasons):
            let need = (bytes + PageSource.hugePageBytes - 1) / PageSource.hugePageBytes
            return """
                huge pages required but none could be had for \(bytes) bytes (\(reasons.joined(separator: "; "))). \
                Reserve hugetlb pages as root: `echo \(need) > /proc/sys/vm/nr_hugepages`, \
                or enable transparent huge pages: `echo madvise > /sys/kernel/mm/transparent_hugepage/enabled`; \
                or run with --pages auto
                """
        case .invalidSize(let bytes):
            return "invalid arena size \(bytes) bytes: give a positive size below \(Int.max / 2) bytes"
        }
    }
}
