import CMatchbookShim
import SystemPackage

// The thin layer of the page source's system calls (apple/swift-system's pattern): one `system_…` function per
// C call, returning `Result<_, Errno>`. The public `PageSource.map` is the throwing layer above it.
//
// Invariants:
// - Every address returned by `system_mmapAnonymous` is either a fresh private anonymous mapping of exactly
//   `bytes` bytes that only `MappedRegion` unmaps, or an error (never MAP_FAILED disguised as a pointer).
// - Ranges passed to `madvise`, `mlock` and `munmap` lie inside a mapping this module made.

@usableFromInline
internal func system_mmapAnonymous(bytes: Int, hugetlb: Bool) -> Result<UnsafeMutableRawPointer, Errno> {
    let address = unsafe cmb_mmap_anonymous(bytes, hugetlb ? 1 : 0)
    guard let address = unsafe address, UInt(bitPattern: address) != cmb_map_failed() else {
        return .failure(Errno(rawValue: cmb_errno()))
    }
    return unsafe .success(address)
}

@usableFromInline
internal func system_munmap(_ address: UnsafeMutableRawPointer, bytes: Int) -> Result<Void, Errno> {
    unsafe cmb_munmap(address, bytes) == 0 ? .success(()) : .failure(Errno(rawValue: cmb_errno()))
}

@usableFromInline
internal func system_madviseHugePage(_ address: UnsafeMutableRawPointer, bytes: Int) -> Result<Void, Errno> {
    unsafe cmb_madvise_hugepage(address, bytes) == 0 ? .success(()) : .failure(Errno(rawValue: cmb_errno()))
}

@usableFromInline
internal func system_madvisePopulateWrite(_ address: UnsafeMutableRawPointer, bytes: Int) -> Result<Void, Errno> {
    unsafe cmb_madvise_populate_write(address, bytes) == 0
        ? .success(()) : .failure(Errno(rawValue: cmb_errno()))
}

@usableFromInline
internal func system_mlock(_ address: UnsafeMutableRawPointer, bytes: Int) -> Result<Void, Errno> {
    unsafe cmb_mlock(address, bytes) == 0 ? .success(()) : .failure(Errno(rawValue: cmb_errno()))
}

@usableFromInline
internal func system_munlock(_ address: UnsafeMutableRawPointer, bytes: Int) {
    _ = unsafe cmb_munlock(address, bytes)
}

/// Writes one byte in every 4 KiB page of the range: the fallback pre-fault when `MADV_POPULATE_WRITE` is refused.
@usableFromInline
internal func system_touchEveryPage(_ address: UnsafeMutableRawPointer, bytes: Int) {
    var offset = 0
    while offset < bytes {
        unsafe address.storeBytes(of: 0, toByteOffset: offset, as: UInt8.self)
        offset &+= 4096
    }
}

/// Binds the range to one NUMA node with libnuma (`numa_tonode_memory`).
@usableFromInline
internal func system_bindToNode(_ address: UnsafeMutableRawPointer, bytes: Int, node: Int) {
    unsafe cmb_numa_tonode_memory(address, bytes, Int32(node))
}

/// The NUMA node the page at `address` lives on, or -1.
@usableFromInline
internal func system_nodeOfAddress(_ address: UnsafeMutableRawPointer) -> Int {
    Int(unsafe cmb_numa_node_of_address(address))
}
