/// One source of ITCH bytes, delivered as chunks to an ``ITCHStreamParser``.
///
/// - A plain regular file is memory-mapped read-only (`mmap` + `madvise(MADV_SEQUENTIAL)`) and delivered as
///   one zero-copy chunk.
/// - A gzip file (detected by its magic bytes `1f 8b`, whatever its name) is streamed through compress-nio
///   into the fixed chunk buffer.
/// - Standard input and other non-regular files (pipes) are read with `read(2)` into the chunk buffer;
///   gzip on a pipe is detected the same way.
///
/// All buffers are allocated when the input is opened; reading allocates nothing per chunk. ~Copyable:
/// it owns its descriptor and mapping. Not thread-safe: owned by the thread that reads it.
public struct ITCHInput: ~Copyable {
    /// How the bytes are read.
    public enum Kind: Sendable, Equatable {
        /// A plain regular file, memory-mapped.
        case mappedFile
        /// A gzip regular file, streamed through the decompressor.
        case gzipFile
        /// A plain pipe or standard input, read with `read(2)`.
        case stream
        /// A gzip pipe or standard input.
        case gzipStream
    }

    /// The path given (or `"-"` for standard input).
    public let path: String
    /// How the bytes are read.
    public let kind: Kind

    private let mapped: _UnsafeMappedFile
    private let fileDescriptor: Int32
    private let closesDescriptor: Bool
    private let chunk: ITCHChunkBuffer
    /// Bytes read ahead into the chunk to look for the gzip magic (streams only).
    private var prefixCount: Int
    private let inflater: _GzipInflater?

    /// Opens `path` (`"-"` for standard input), detecting gzip by its first two bytes.
    /// Calls `open(2)`, `fstat(2)`, `pread(2)` and, for plain files, `mmap(2)`/`madvise(2)`.
    public init(path: String, chunk: consuming ITCHChunkBuffer = ITCHChunkBuffer()) throws(ITCHInputError) {
        if path == "-" {
            try self.init(streamDescriptor: 0, closesDescriptor: false, path: path, chunk: chunk)
            return
        }
        let fd: Int32
        switch _openReadOnly(path) {
        case .success(let value): fd = value
        case .failure(let error): throw Self.systemError(path, error)
        }
        let status: (isRegular: Bool, size: Int)
        switch _fileStatus(fd) {
        case .success(let value): status = value
        case .failure(let error):
            _close(fd)
            throw Self.systemError(path, error)
        }
        guard status.isRegular else {
            try self.init(streamDescriptor: fd, closesDescriptor: true, path: path, chunk: chunk)
            return
        }
        var magic: (UInt8, UInt8) = (0, 0)
        let magicCount = withUnsafeMutableBytes(of: &magic) { _unsafePRead(fd, into: $0, offset: 0) }
        if case .success(2) = magicCount, magic == (0x1F, 0x8B) {
            let inflater: _GzipInflater
            do { inflater = try _GzipInflater(path: path) } catch {
                _close(fd)
                throw error
            }
            self.init(
                path: path, kind: .gzipFile, mapped: .empty(), fileDescriptor: fd, closesDescriptor: true,
                chunk: chunk, prefixCount: 0, inflater: inflater)
            return
        }
        let mapping = _UnsafeMappedFile.map(fileDescriptor: fd, count: status.size)
        _close(fd)
        switch consume mapping {
        case .success(let file):
            self.init(
                path: path, kind: .mappedFile, mapped: file, fileDescriptor: -1, closesDescriptor: false,
                chunk: chunk, prefixCount: 0, inflater: nil)
        case .failure(let error):
            throw Self.systemError(path, error)
        }
    }

    /// Reads standard input (plain or gzip).
    public static func standardInput(chunk: consuming ITCHChunkBuffer = ITCHChunkBuffer())
        throws(ITCHInputError) -> ITCHInput
    {
        try ITCHInput(path: "-", chunk: chunk)
    }

    private init(
        path: String, kind: Kind, mapped: consuming _UnsafeMappedFile, fileDescriptor: Int32,
        closesDescriptor: Bool, chunk: consuming ITCHChunkBuffer, prefixCount: Int, inflater: _GzipInflater?
    ) {
        self.path = path
        self.kind = kind
        self.mapped = mapped
        self.fileDescriptor = fileDescriptor
        self.closesDescriptor = closesDescriptor
        self.chunk = chunk
        self.prefixCount = prefixCount
        self.inflater = inflater
    }

    /// A stream input over `fd`: reads ahead up to two bytes into the chunk to detect gzip.
    private init(streamDescriptor fd: Int32, closesDescriptor: Bool, path: String, chunk: consuming ITCHChunkBuffer)
        throws(ITCHInputError)
    {
        var prefix = 0
        readAhead: while prefix < 2 {
            switch _unsafeRead(fd, into: UnsafeMutableRawBufferPointer(rebasing: chunk._storage[prefix...])) {
            case .success(0):
                break readAhead
            case .success(let count):
                prefix += count
            case .failure(let error):
                if closesDescriptor { _close(fd) }
                throw Self.systemError(path, error)
            }
        }
        let isGzip = prefix >= 2 && chunk._storage[0] == 0x1F && chunk._storage[1] == 0x8B
        var inflater: _GzipInflater? = nil
        if isGzip {
            do { inflater = try _GzipInflater(path: path) } catch {
                if closesDescriptor { _close(fd) }
                throw error
            }
        }
        self.init(
            path: path, kind: isGzip ? .gzipStream : .stream, mapped: .empty(), fileDescriptor: fd,
            closesDescriptor: closesDescriptor, chunk: chunk, prefixCount: prefix, inflater: inflater)
    }

    deinit {
        if closesDescriptor { _close(fileDescriptor) }
    }

    /// Delivers the whole input to `body` in order, as chunks of any size (one chunk for a mapped file).
    /// A chunk is valid only during the call. Reads to end of input; one pass only.
    public mutating func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(ITCHInputError) -> Void)
        throws(ITCHInputError)
    {
        switch kind {
        case .mappedFile:
            if mapped.count > 0 { try body(mapped.bytes) }
        case .gzipFile, .gzipStream:
            let prefix = UnsafeRawBufferPointer(rebasing: chunk._storage[0..<prefixCount])
            prefixCount = 0
            try inflater!.run(fileDescriptor: fileDescriptor, prefix: prefix, chunk: chunk._storage, path: path, body)
        case .stream:
            if prefixCount > 0 {
                try body(UnsafeRawBufferPointer(rebasing: chunk._storage[0..<prefixCount]))
                prefixCount = 0
            }
            while true {
                switch _unsafeRead(fileDescriptor, into: chunk._storage) {
                case .success(0): return
                case .success(let count): try body(UnsafeRawBufferPointer(rebasing: chunk._storage[0..<count]))
                case .failure(let error): throw Self.systemError(path, error)
                }
            }
        }
    }

    /// Feeds the whole input through `parser` and ends it (``ITCHStreamParser/finish()``), calling `body`
    /// for every frame. Strict-mode faults come back as ``ITCHInputError/parse(_:)``.
    public mutating func parse(into parser: inout ITCHStreamParser, _ body: (ITCHFrame) -> Void)
        throws(ITCHInputError)
    {
        try forEachChunk { (bytes) throws(ITCHInputError) in
            do throws(ITCHError) { try parser.feed(bytes, body) } catch { throw .parse(error) }
        }
        do { try parser.finish() } catch { throw .parse(error) }
    }

    @inline(never)
    private static func systemError(_ path: String, _ error: _SystemError) -> ITCHInputError {
        .system(path: path, call: error.call, errno: error.errno, message: error.message)
    }
}
