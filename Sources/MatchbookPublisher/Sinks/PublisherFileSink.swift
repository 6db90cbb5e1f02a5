#if canImport(Glibc)
import Glibc
#endif

/// The file sink: appends every chunk with write(2), retrying short writes and EINTR. The first error is kept
/// and later chunks are dropped (reported by `finish()`). Runs on the drain thread, off the engine's path.
public final class PublisherFileSink: MarketDataSink, @unchecked Sendable {
    // @unchecked: used by the drain thread only after the creating thread hands it over (the drain's start
    // orders the two).
    public let path: String
    private let fileDescriptor: Int32
    /// The first write(2) errno, 0 if none.
    public private(set) var writeError: Int32 = 0
    public private(set) var bytesWritten = 0
    private var closed = false

    public var name: String { "file \(path)" }

    /// Creates or truncates `path`. Cold path.
    public init(path: String) throws(PublisherError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        self.path = path
        fileDescriptor = descriptor
    }

    deinit { if !closed { close(fileDescriptor) } }

    public func deliver(_ chunk: UnsafeRawBufferPointer) {
        guard writeError == 0, let base = chunk.baseAddress else { return }
        var offset = 0
        while offset < chunk.count {
            let written = write(fileDescriptor, base + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                writeError = errno
                return
            }
            offset += written
        }
        bytesWritten += chunk.count
    }

    public func finish() -> String? {
        if !closed {
            closed = true
            if close(fileDescriptor) != 0 && writeError == 0 { writeError = errno }
        }
        return writeError == 0 ? nil : PublisherError.writeFailed(path: path, errno: writeError).description
    }
}
