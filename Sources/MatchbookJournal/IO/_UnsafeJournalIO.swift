#if canImport(Glibc)
import Glibc
#endif

// Every system call of the journal lives in this file, in two layers: thin wrappers that retry EINTR, finish
// partial writes and return `Result<_, _SystemCallError>`, never trapping; and the writer and reader, which turn a
// failure into a `JournalError.io` naming the call, the path and errno. Nothing here ignores a failure, except
// `close` of read-only descriptors and `munmap` in `deinit` (they cannot lose data).

/// A failed system call: its name and errno.
struct _SystemCallError: Error, Equatable {
    var call: String
    var errno: Int32

    /// The public error, naming `path`.
    func journalError(path: String) -> JournalError { .io(operation: call, path: path, errno: errno) }
}

extension Result where Failure == _SystemCallError {
    /// The success value, or the failure thrown as a ``JournalError/io(operation:path:errno:)`` naming `path`.
    @discardableResult
    func orThrow(path: String) throws(JournalError) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw error.journalError(path: path)
        }
    }
}

enum _JournalIO {
    typealias Outcome<Value> = Result<Value, _SystemCallError>

    /// `open(2)`, retrying EINTR. Always adds `O_CLOEXEC`.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) -> Outcome<Int32> {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return .success(fd) }
            if errno != EINTR { return .failure(.init(call: "open", errno: errno)) }
        }
    }

    /// `write(2)` of all of `bytes` at the current file offset: a short write is continued where it stopped,
    /// EINTR retried. Returns the number of `write` calls made (1 unless the kernel wrote short).
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Outcome<Int> {
        guard var cursor = bytes.baseAddress, bytes.count > 0 else { return .success(0) }
        var remaining = bytes.count
        var calls = 0
        while remaining > 0 {
            calls += 1
            let written = Glibc.write(fd, cursor, remaining)
            if written > 0 {
                cursor += written
                remaining -= written
            } else if written == 0 {
                // A regular file never accepts 0 of n > 0 bytes without an error; do not spin.
                return .failure(.init(call: "write", errno: EIO))
            } else if errno != EINTR {
                return .failure(.init(call: "write", errno: errno))
            }
        }
        return .success(calls)
    }

    /// `fdatasync(2)`, retrying EINTR.
    static func fdatasync(_ fd: Int32) -> Outcome<Void> {
        while Glibc.fdatasync(fd) != 0 {
            if errno != EINTR { return .failure(.init(call: "fdatasync", errno: errno)) }
        }
        return .success(())
    }

    /// `fsync(2)`, retrying EINTR.
    static func fsync(_ fd: Int32) -> Outcome<Void> {
        while Glibc.fsync(fd) != 0 {
            if errno != EINTR { return .failure(.init(call: "fsync", errno: errno)) }
        }
        return .success(())
    }

    /// Opens the directory at `path` and `fsync`s it, making the creation or removal of its entries durable.
    static func syncDirectory(_ path: String) -> Outcome<Void> {
        open(path, flags: O_RDONLY | O_DIRECTORY).flatMap { fd in
            defer { _ = Glibc.close(fd) }
            return fsync(fd)
        }
    }

    /// `ftruncate(2)` to `length` bytes, retrying EINTR.
    static func truncate(_ fd: Int32, length: Int) -> Outcome<Void> {
        while Glibc.ftruncate(fd, off_t(length)) != 0 {
            if errno != EINTR { return .failure(.init(call: "ftruncate", errno: errno)) }
        }
        return .success(())
    }

    /// `lseek(fd, offset, SEEK_SET)`.
    static func seek(_ fd: Int32, to offset: Int) -> Outcome<Void> {
        Glibc.lseek(fd, off_t(offset), SEEK_SET) < 0 ? .failure(.init(call: "lseek", errno: errno)) : .success(())
    }

    /// `fstat(2)`: whether the descriptor is a regular file, and its size in bytes.
    static func status(_ fd: Int32) -> Outcome<(isRegular: Bool, size: Int)> {
        var info = stat()
        guard Glibc.fstat(fd, &info) == 0 else { return .failure(.init(call: "fstat", errno: errno)) }
        return .success(((info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size)))
    }

    /// `close(2)`, reporting its error (a written file's close can report a deferred write error). Not retried
    /// on EINTR: Linux has released the descriptor either way.
    /// `dup(2)`: a second descriptor of the same open file (a sync on another thread outlives a roll).
    static func dup(_ fd: Int32) -> Outcome<Int32> {
        let copy = Glibc.dup(fd)
        return copy >= 0 ? .success(copy) : .failure(.init(call: "dup", errno: errno))
    }

    static func close(_ fd: Int32) -> Outcome<Void> {
        Glibc.close(fd) == 0 || errno == EINTR ? .success(()) : .failure(.init(call: "close", errno: errno))
    }

    /// `open(2)` of a file to write from scratch (created, or truncated when it exists).
    static func create(_ path: String) -> Outcome<Int32> {
        open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
    }

    /// `rename(2)`.
    static func rename(_ from: String, to: String) -> Outcome<Void> {
        Glibc.rename(from, to) == 0 ? .success(()) : .failure(.init(call: "rename", errno: errno))
    }

    /// `unlink(2)`.
    static func unlink(_ path: String) -> Outcome<Void> {
        Glibc.unlink(path) == 0 ? .success(()) : .failure(.init(call: "unlink", errno: errno))
    }

    /// `mkdir -p`: creates `path` and its missing parents (mode 0755). Returns whether `path` itself was created;
    /// fails with ENOTDIR (call `mkdir`) when it exists and is not a directory.
    static func makeDirectories(_ path: String) -> Outcome<Bool> {
        if Glibc.mkdir(path, 0o755) == 0 { return .success(true) }
        switch errno {
        case EEXIST:
            // Something is there: a directory (fine) or not (ENOTDIR from opening it as one).
            return open(path, flags: O_RDONLY | O_DIRECTORY).map { fd in
                _ = Glibc.close(fd)
                return false
            }.mapError { _SystemCallError(call: "mkdir", errno: $0.errno) }
        case ENOENT:
            let parent = _parentDirectory(of: path)
            guard parent != path else { return .failure(.init(call: "mkdir", errno: ENOENT)) }
            if case .failure(let error) = makeDirectories(parent) { return .failure(error) }
            if Glibc.mkdir(path, 0o755) == 0 { return .success(true) }
            return errno == EEXIST ? .success(false) : .failure(.init(call: "mkdir", errno: errno))
        default:
            return .failure(.init(call: "mkdir", errno: errno))
        }
    }

    /// The names in directory `path` (without `.` and `..`), or nil when the directory does not exist.
    static func listDirectory(_ path: String) -> Outcome<[String]?> {
        guard let stream = Glibc.opendir(path) else {
            return errno == ENOENT ? .success(nil) : .failure(.init(call: "opendir", errno: errno))
        }
        defer { _ = Glibc.closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = Glibc.readdir(stream) else {
                if errno != 0 { return .failure(.init(call: "readdir", errno: errno)) }
                return .success(names)
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    /// CLOCK_REALTIME in nanoseconds since the Unix epoch.
    static func wallClockNanos() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}

/// `path`, with trailing slashes removed (but `/` kept).
func _trimmedDirectory(_ path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    return String(trimmed)
}

/// `directory/name`.
func _join(_ directory: String, _ name: String) -> String {
    let trimmed = _trimmedDirectory(directory)
    return trimmed.hasSuffix("/") ? trimmed + name : trimmed + "/" + name
}

/// The directory holding `path` (`.` for a bare name, `/` for `/x`).
func _parentDirectory(of path: String) -> String {
    let trimmed = _trimmedDirectory(path)
    guard let slash = trimmed.lastIndex(of: "/") else { return "." }
    if slash == trimmed.startIndex { return "/" }
    return String(trimmed[..<slash])
}

/// The last path component.
func _fileName(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
}
