#if canImport(Glibc)
import Glibc
#endif

// A whole segment file mapped read-only for the reader.
//
// Invariants of `_UnsafeSegmentMapping`:
// - `base` is nil (empty file: nothing mapped) or the start of a read-only private mapping of exactly `count`
//   bytes made by `map(fileDescriptor:count:)`, unmapped exactly once, in `deinit`.
// - The mapping is never written and never resized. The reader truncates a segment (cutting a torn tail) only
//   after the mapping of that segment is gone, so it never touches pages past a new end of file.
// - ~Copyable: exactly one owner unmaps; `bytes` must not be used after the owner is gone.

/// A segment file mapped with `mmap(PROT_READ, MAP_PRIVATE)`, advised `MADV_SEQUENTIAL`. Owned by one thread.
struct _UnsafeSegmentMapping: ~Copyable {
    let base: UnsafeRawPointer?
    let count: Int

    /// Maps `count` bytes of `fileDescriptor`; an empty file maps nothing. Returns errno on failure.
    static func map(fileDescriptor: Int32, count: Int) -> Result<_UnsafeSegmentMapping, _SystemCallError> {
        if count == 0 { return .success(_UnsafeSegmentMapping(base: nil, count: 0)) }
        guard let pointer = mmap(nil, count, PROT_READ, MAP_PRIVATE, fileDescriptor, 0),
            pointer != UnsafeMutableRawPointer(bitPattern: -1)
        else { return .failure(.init(call: "mmap", errno: errno)) }
        _ = madvise(pointer, count, MADV_SEQUENTIAL)  // advice only: its failure changes nothing
        return .success(_UnsafeSegmentMapping(base: UnsafeRawPointer(pointer), count: count))
    }

    private init(base: UnsafeRawPointer?, count: Int) {
        self.base = base
        self.count = count
    }

    deinit {
        if let base { _ = munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    /// The mapped bytes; valid while `self` is alive.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
