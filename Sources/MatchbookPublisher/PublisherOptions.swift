/// How the snapshot publisher runs: snapshot interval, depth, buffer size.
public struct PublisherOptions: Sendable, Equatable {
    /// A snapshot epoch every this many feed messages (every ITCH message counts). Default 10,000.
    public var snapshotEveryMessages = 10_000
    /// Levels per side in level updates and snapshots (1 ... `PublisherOptions.maximumDepth`). Default 5.
    public var depth = 5
    /// Bytes of the publisher's epoch buffer (carved from the arena at start-up). Incrementals and snapshots
    /// collect here and go to the sink at each snapshot epoch, or earlier when the buffer fills. Default 4 MiB.
    public var bufferBytes = 4 << 20

    /// The deepest published book this build supports (the level cache is books × 2 × depth × 16 bytes).
    public static let maximumDepth = 64

    public init(snapshotEveryMessages: Int = 10_000, depth: Int = 5, bufferBytes: Int = 4 << 20) {
        self.snapshotEveryMessages = snapshotEveryMessages
        self.depth = depth
        self.bufferBytes = bufferBytes
    }

    /// Bytes of arena pool region the publisher needs for `books` books (tables and buffer), rounded up.
    public func requiredArenaBytes(books: Int) -> Int {
        let cache = books * 2 * depth * 16 + depth * 16
        let perBook = books * (2 + 4 + 1 + 2 + 8)
        return cache + perBook + bufferBytes + 8 * 4096
    }
}

/// Options out of range, named with what to do.
public enum PublisherError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidDepth(Int)
    case invalidInterval(Int)
    case cannotOpen(path: String, errno: Int32)
    case writeFailed(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .invalidDepth(let depth):
            "snapshot depth \(depth) is out of range: use 1...\(PublisherOptions.maximumDepth)"
        case .invalidInterval(let every):
            "snapshot interval \(every) is out of range: use a positive number of messages"
        case .cannotOpen(let path, let errno):
            "cannot open '\(path)' for market data (errno \(errno))"
        case .writeFailed(let path, let errno):
            "writing market data to '\(path)' failed (errno \(errno))"
        }
    }
}

/// What a publisher wrote.
public struct PublisherStats: Sendable, Equatable, Codable {
    /// Channel sequence of the last incremental (symbol definitions + level updates written).
    public var lastSequence: UInt64 = 0
    public var levelUpdates = 0
    public var symbolDefinitions = 0
    /// Snapshot epochs run (including the final one at `finish`), and book snapshots written in them.
    public var snapshotEpochs = 0
    public var snapshots = 0
    /// Bytes handed to the sink, and how often the buffer filled before an epoch ended.
    public var bytes = 0
    public var earlyFlushes = 0

    public init() {}
}
