// The writer's bytes appended but not yet written: all pointer work of the writer lives in this file.
//
// Invariants of `_UnsafePendingBuffer`:
// - `base` points to `capacity` bytes allocated here (8-byte aligned), freed exactly once, in `deinit`.
// - Bytes `0 ..< count` are the pending segment headers and records, in file order; `count <= capacity`.
// - The storage only grows (doubling) and is reused after every commit (`removeAll` keeps it), so appends stop
//   allocating once it has reached the largest batch between two commits.
// - Pointers handed out by `reserve` are valid until the next `reserve` (which may move the storage).
// - ~Copyable: one owner, one `deallocate`.

/// A growable, reused byte buffer. Not thread-safe: owned by the writer's thread.
struct _UnsafePendingBuffer: ~Copyable {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Bytes in use.
    var count: Int = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        self.base = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// Makes room for `bytes` more bytes and returns where they start (`base + count`); `count` is unchanged.
    @inline(__always)
    mutating func reserve(_ bytes: Int) -> UnsafeMutableRawPointer {
        if count + bytes > capacity { grow(toAtLeast: count + bytes) }
        return base + count
    }

    @inline(never)
    private mutating func grow(toAtLeast needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Bytes `range` of the buffer.
    @inline(__always)
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Forgets the contents, keeping the storage.
    @inline(__always)
    mutating func removeAll() { count = 0 }
}
