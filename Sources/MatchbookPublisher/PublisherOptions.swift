import MatchbookLatency

/// How the snapshot publisher runs: epochs, depth, refresh, and the ring that carries its bytes to the sinks.
public struct PublisherOptions: Sendable, Equatable {
    /// A snapshot epoch every this many feed messages (every ITCH message counts); 0: no count-based epochs.
    /// Default 10,000.
    public var snapshotEveryMessages = 10_000
    /// A snapshot epoch when this many nanoseconds of feed (or engine) time have passed since the last one;
    /// 0: no time-based epochs. Both triggers may be on: the first to fire starts the epoch.
    public var snapshotEveryNanoseconds: UInt64 = 0
    /// Levels per side in level updates and snapshots (1 ... `PublisherOptions.maximumDepth`). Default 5.
    public var depth = 5
    /// Books re-snapshotted per epoch although they did not change, round-robin over the books that hold
    /// levels, so a subscriber that joins late (or lost a datagram of a quiet book) is whole again after
    /// books ÷ this many epochs. 0: only changed books are snapshotted. Default 16.
    public var refreshBooksPerEpoch = 16
    /// Bytes of one chunk: the unit the engine hands to the drain thread (a multiple of 64, at least one
    /// snapshot of full depth). Default 64 KiB.
    public var chunkBytes = 64 << 10
    /// Bytes of the ring of chunks between the engine and the drain thread (carved from the engine's arena).
    /// When the drain falls this far behind, the engine drops whole chunks (counted), never waits. Default 4 MiB.
    public var bufferBytes = 4 << 20
    /// When the engine idles (`SnapshotPublisher.idle(timestamp:)`), a partly filled chunk goes to the drain
    /// if this long has passed since the last such hand-over: the most market data waits while the engine is
    /// quiet. Default 200 µs.
    public var idleFlushNanoseconds: UInt64 = 200_000
    /// The CPU the drain thread is pinned to; nil leaves it to the scheduler.
    public var drainCPU: Int? = nil

    /// The deepest published book: the format's per-side limit ("full depth" in practice for a lit book's
    /// top; the level cache is books × 2 × depth × 16 bytes).
    public static let maximumDepth = 255

    public init(
        snapshotEveryMessages: Int = 10_000, depth: Int = 5, bufferBytes: Int = 4 << 20,
        snapshotEveryNanoseconds: UInt64 = 0, refreshBooksPerEpoch: Int = 16
    ) {
        self.snapshotEveryMessages = snapshotEveryMessages
        self.depth = depth
        self.bufferBytes = bufferBytes
        self.snapshotEveryNanoseconds = snapshotEveryNanoseconds
        self.refreshBooksPerEpoch = refreshBooksPerEpoch
    }

    /// Chunks in the ring: `bufferBytes / chunkBytes` rounded down to a power of two, at least 2.
    public var chunkCount: Int {
        let wanted = max(bufferBytes / max(chunkBytes, 64), 2)
        return 1 << (Int.bitWidth - 1 - wanted.leadingZeroBitCount)
    }

    /// The smallest chunk for `depth`: it must hold a snapshot of full depth (the drain's output buffer) and an
    /// image of one side after a `gap` record (the feed), rounded up to 64 bytes.
    public var minimumChunkBytes: Int {
        let snapshot = WireFormat.snapshotBytes(bids: depth, asks: depth)
        let image = (depth + 2) * FeedRecord.bytes
        return (max(snapshot, image) + 63) & ~63
    }

    /// Bytes of arena pool region the publisher needs for `books` books (tables, ring, discard chunk, output).
    public func requiredArenaBytes(books: Int) -> Int {
        let cache = books * 2 * depth * 16 + depth * 16
        let perBook = books * (2 + 8 + 4 + 1 + 2 + 2 + 8 + 1 + 2)
        return cache + perBook + chunkBytes * (chunkCount + 2) + chunkCount * 8 + 20 * 4096
    }
}

/// Options out of range, named with what to do.
public enum PublisherError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidDepth(Int)
    case invalidInterval(Int)
    case invalidChunk(bytes: Int, minimum: Int)
    case cannotOpen(path: String, errno: Int32)
    case writeFailed(path: String, errno: Int32)
    case cannotStartDrain(String)

    public var description: String {
        switch self {
        case .invalidDepth(let depth):
            "snapshot depth \(depth) is out of range: use 1...\(PublisherOptions.maximumDepth)"
        case .invalidInterval(let every):
            "snapshot interval \(every) is out of range: use a positive number of messages (or a time interval)"
        case .invalidChunk(let bytes, let minimum):
            "publisher chunk of \(bytes) bytes is too small or not a multiple of 64: use at least \(minimum)"
        case .cannotOpen(let path, let errno):
            "cannot open '\(path)' for market data (errno \(errno))"
        case .writeFailed(let path, let errno):
            "writing market data to '\(path)' failed (errno \(errno))"
        case .cannotStartDrain(let why):
            "cannot start the market-data drain thread: \(why)"
        }
    }
}

/// What a publisher wrote.
public struct PublisherStats: Sendable, Equatable, Codable {
    /// Channel sequence of the last incremental (symbol definitions, level updates and trades written, plus one
    /// skipped number per `sequenceGaps`).
    public var lastSequence: UInt64 = 0
    public var levelUpdates = 0
    public var symbolDefinitions = 0
    public var trades = 0
    /// Snapshot epochs run (including the final one at `finish`), and book snapshots written in them
    /// (changed books plus refreshed ones).
    public var snapshotEpochs = 0
    public var snapshots = 0
    public var refreshSnapshots = 0
    /// Wire bytes the drain thread handed to every sink, and in how many deliveries.
    public var bytes = 0
    public var chunks = 0
    /// Feed records (`FeedRecord`, 32 bytes each) the engine handed to the drain thread, in ring chunks.
    public var feedRecords = 0
    public var feedChunks = 0
    /// Ring chunks the engine dropped because the drain was a whole ring behind, with their records and bytes.
    public var droppedChunks = 0
    public var droppedRecords = 0
    public var droppedBytes = 0
    /// Channel sequence numbers the drain skipped, one after each run of dropped chunks: subscribers see the hole
    /// as a channel gap and are whole again after the next snapshot epoch (which then snapshots every book).
    public var sequenceGaps = 0
    /// Nanoseconds to build one book's snapshot at an epoch (the drain thread's epoch time over the books it
    /// wrote, per book); nil when no epoch wrote one.
    public var snapshotBuild: LatencySummary?
    /// Sink failures reported when the stream ended.
    public var sinkFailures: [String] = []

    public init() {}
}
