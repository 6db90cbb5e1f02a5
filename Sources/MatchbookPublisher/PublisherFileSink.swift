#if canImport(Glibc)
import Glibc
#endif

/// The file sink: hands each epoch's bytes to write(2), retrying short writes and EINTR. The descriptor is
/// owned and closed in `deinit`. The first error is kept and later bytes are dropped (counted by the caller);
/// the engine never waits on anything but the write itself. Not thread-safe: owned by the engine thread.
public struct PublisherFileSink: ~Copyable {
    public let path: String
    private let fileDescriptor: Int32
    /// The first write(2) errno, 0 if none.
    public private(set) var writeError: Int32 = 0
    public private(set) var bytesWritten = 0

    /// Creates or truncates `path`. Cold path.
    public init(path: String) throws(PublisherError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        self.path = path
        fileDescriptor = descriptor
    }

    deinit { close(fileDescriptor) }

    /// Writes `count` bytes at `bytes`. O(count), one or more write(2) calls; no allocation.
    @inline(never)
    public mutating func write(_ bytes: UnsafeRawPointer, count: Int) {
        guard writeError == 0 else { return }
        var offset = 0
        while offset < count {
            let written = Glibc.write(fileDescriptor, bytes + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                writeError = errno
                return
            }
            offset += written
        }
        bytesWritten += count
    }
}
