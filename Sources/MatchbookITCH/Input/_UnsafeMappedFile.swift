#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// All pointer and system-call work of file input lives in this file.
//
// Invariants of `_UnsafeMappedFile`:
// - `_base` is either nil (empty file: nothing mapped) or the start of a read-only private mapping of exactly
//   `count` bytes, made by `mmap` in `map(fileDescriptor:count:)` and unmapped exactly once, in `deinit`.
// - The mapping is never written (PROT_READ) and never resized; the file descriptor may be closed after
//   mapping (the mapping keeps the file alive). A file truncated by someone else while mapped raises SIGBUS
//   on access: Matchbook reads input files it was given, not files being rewritten.
// - The type is ~Copyable, so exactly one owner unmaps; `bytes` must not be used after the owner is gone.
//
// `_unsafeRead` and `_unsafePRead` retry on EINTR and report errno, never trap.

/// A whole file mapped read-only with `mmap(2)` and advised `MADV_SEQUENTIAL`. Owned by one thread.
@usableFromInline
internal struct _UnsafeMappedFile: ~Copyable {
    @usableFromInline internal let _base: UnsafeRawPointer?
    @usableFromInline internal let count: Int

    /// Maps `count` bytes of `fileDescriptor` (`mmap(PROT_READ, MAP_PRIVATE)` then
    /// `madvise(MADV_SEQUENTIAL)`; the advice failing is ignored). Returns errno on failure.
    internal static func map(fileDescriptor: Int32, count: Int) -> Result<_UnsafeMappedFile, _SystemError> {
        if count == 0 { return .success(_UnsafeMappedFile(base: nil, count: 0)) }
        guard let pointer = mmap(nil, count, PROT_READ, MAP_PRIVATE, fileDescriptor, 0),
            pointer != UnsafeMutableRawPointer(bitPattern: -1)
        else { return .failure(_SystemError(call: "mmap", errno: errno)) }
        _ = madvise(pointer, count, MADV_SEQUENTIAL)
        return .success(_UnsafeMappedFile(base: UnsafeRawPointer(pointer), count: count))
    }

    /// Nothing mapped (inputs that are not mapped files).
    internal static func empty() -> _UnsafeMappedFile { _UnsafeMappedFile(base: nil, count: 0) }

    private init(base: UnsafeRawPointer?, count: Int) {
        self._base = base
        self.count = count
    }

    deinit {
        if let base = _base { _ = munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    /// The mapped bytes; valid while `self` is alive.
    @usableFromInline
    internal var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: _base, count: count) }
}

/// A failed system call: its name and errno.
@usableFromInline
internal struct _SystemError: Error {
    let call: String
    let errno: Int32
    var message: String { String(cString: strerror(errno)) }
}

/// `open(path, O_RDONLY | O_CLOEXEC)`.
internal func _openReadOnly(_ path: String) -> Result<Int32, _SystemError> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    return fd < 0 ? .failure(_SystemError(call: "open", errno: errno)) : .success(fd)
}

/// `fstat`: (is a regular file, size in bytes).
internal func _fileStatus(_ fd: Int32) -> Result<(isRegular: Bool, size: Int), _SystemError> {
    var status = stat()
    guard fstat(fd, &status) == 0 else { return .failure(_SystemError(call: "fstat", errno: errno)) }
    return .success(((status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size)))
}

/// `read(2)` into `buffer`, retrying on EINTR: bytes read, 0 at end of file.
@usableFromInline
internal func _unsafeRead(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, _SystemError> {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return .success(0) }
    while true {
        let result = read(fd, base, buffer.count)
        if result >= 0 { return .success(result) }
        if errno != EINTR { return .failure(_SystemError(call: "read", errno: errno)) }
    }
}

/// `pread(2)` at `offset`, retrying on EINTR.
internal func _unsafePRead(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, offset: Int)
    -> Result<Int, _SystemError>
{
    guard let base = buffer.baseAddress, buffer.count > 0 else { return .success(0) }
    while true {
        let result = pread(fd, base, buffer.count, off_t(offset))
        if result >= 0 { return .success(result) }
        if errno != EINTR { return .failure(_SystemError(call: "pread", errno: errno)) }
    }
}

/// `close(2)`, result ignored (read-only descriptors).
internal func _close(_ fd: Int32) { _ = close(fd) }
