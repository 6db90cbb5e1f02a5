import CompressNIO
import NIOCore

/// Streams a gzip file through compress-nio's zlib decompressor into the caller's chunk buffer.
///
/// ```
///   fd ─read(2)─> compressed (256 KiB ByteBuffer) ─inflate─> staging (64 KiB) ─copy─> chunk ─> body
/// ```
///
/// Every buffer is allocated once, in `init`; the chunk is the caller's (it may live in arena scratch), so
/// inflate goes through a small staging `ByteBuffer` (compress-nio writes only into `ByteBuffer`s) and one
/// copy. Concatenated gzip members are read one after another; bytes after the last member that do not
/// start a member are ignored. Not thread-safe: owned by the input's thread.
@usableFromInline
internal final class _GzipInflater {
    static let compressedCapacity = 256 << 10
    static let stagingCapacity = 64 << 10

    private let decompressor: ZlibDecompressor
    private var compressed: ByteBuffer
    private var staging: ByteBuffer

    init(path: String) throws(ITCHInputError) {
        do {
            decompressor = try ZlibDecompressor(algorithm: .gzip)
        } catch {
            throw .gzipCorrupt(path: path, compressedOffset: 0, detail: "zlib init failed: \(error)")
        }
        compressed = ByteBufferAllocator().buffer(capacity: Self.compressedCapacity)
        staging = ByteBufferAllocator().buffer(capacity: Self.stagingCapacity)
    }

    /// Inflates everything from `prefix` (compressed bytes already read) then `fd` until end of file,
    /// delivering full chunks (and the last partial one) to `body`.
    func run(
        fileDescriptor fd: Int32, prefix: UnsafeRawBufferPointer, chunk: UnsafeMutableRawBufferPointer,
        path: String, _ body: (UnsafeRawBufferPointer) throws(ITCHInputError) -> Void
    ) throws(ITCHInputError) {
        compressed.clear()
        compressed.writeBytes(prefix)
        var chunkFill = 0
        var compressedOffset = 0
        var endOfFile = false
        var outputPending = false
        var streamEnded = false
        while true {
            if compressed.readableBytes == 0 && !outputPending {
                if endOfFile { break }
                compressed.clear()
                var failure: _SystemError?
                compressed.writeWithUnsafeMutableBytes(minimumWritableBytes: 0) { writable in
                    switch _unsafeRead(fd, into: writable) {
                    case .success(let count): return count
                    case .failure(let error):
                        failure = error
                        return 0
                    }
                }
                if let failure {
                    throw .system(path: path, call: failure.call, errno: failure.errno, message: failure.message)
                }
                if compressed.readableBytes == 0 {
                    endOfFile = true
                    continue
                }
            }
            staging.clear()
            let before = compressed.readableBytes
            outputPending = false
            streamEnded = false
            do {
                try decompressor.inflate(from: &compressed, to: &staging)
                streamEnded = compressed.readableBytes == before && staging.readableBytes == 0
            } catch let error as CompressNIOError where error == .bufferOverflow {
                outputPending = true
            } catch let error as CompressNIOError where error == .inputBufferOverflow {
                // Needs more input: read on.
            } catch {
                throw .gzipCorrupt(path: path, compressedOffset: compressedOffset, detail: "\(error)")
            }
            compressedOffset += before - compressed.readableBytes
            let produced = staging.readableBytes
            if produced > 0 {
                try staging.withUnsafeReadableBytes { (bytes) throws(ITCHInputError) in
                    var copied = 0
                    while copied < produced {
                        if chunkFill == chunk.count {
                            try body(UnsafeRawBufferPointer(chunk))
                            chunkFill = 0
                        }
                        let step = min(produced - copied, chunk.count - chunkFill)
                        let target = chunk.baseAddress!.advanced(by: chunkFill)
                        target.copyMemory(from: bytes.baseAddress!.advanced(by: copied), byteCount: step)
                        copied += step
                        chunkFill += step
                    }
                }
            }
            if streamEnded && compressed.readableBytes > 0 {
                // One member ended with input left: another member follows, or trailing bytes to ignore.
                let magic = compressed.getBytes(at: compressed.readerIndex, length: 2)
                guard compressed.readableBytes >= 2, magic == [0x1F, 0x8B] else { break }
                do { try decompressor.reset() } catch {
                    throw .gzipCorrupt(path: path, compressedOffset: compressedOffset, detail: "\(error)")
                }
            }
        }
        if chunkFill > 0 { try body(UnsafeRawBufferPointer(rebasing: chunk[0..<chunkFill])) }
        try checkEnded(path: path, compressedOffset: compressedOffset)
    }

    /// At end of input: one more inflate with no input tells a finished stream from a cut one.
    private func checkEnded(path: String, compressedOffset: Int) throws(ITCHInputError) {
        compressed.clear()
        staging.clear()
        do {
            try decompressor.inflate(from: &compressed, to: &staging)
        } catch let error as CompressNIOError where error == .inputBufferOverflow {
            throw .gzipCorrupt(path: path, compressedOffset: compressedOffset,
                               detail: "stream ends before the gzip trailer (truncated file)")
        } catch {
            throw .gzipCorrupt(path: path, compressedOffset: compressedOffset, detail: "\(error)")
        }
    }
}

/// Gzip-compresses `bytes` in one call (compress-nio, default level). Cold path: generator and tests.
public func itchGzip(_ bytes: [UInt8]) throws -> [UInt8] {
    var input = ByteBufferAllocator().buffer(capacity: bytes.count)
    input.writeBytes(bytes)
    let output = try input.compress(with: .gzip())
    return Array(output.readableBytesView)
}
