import MatchbookBook
import MatchbookLatency
import MatchbookMemory
import MatchbookPublisher

/// What a replay did, as `matchbook replay --json` prints it (keys documented in the README).
public struct ReplaySummary: Sendable, Codable {
    /// What was replayed (a path, `-`, or `generated:…`).
    public var source: String
    /// Framed messages of known types delivered to the books.
    public var messages: Int
    /// Bytes of ITCH consumed (after decompression).
    public var bytes: Int
    /// Wall time of the replay loop on the engine thread, seconds (arena set-up excluded).
    public var seconds: Double
    public var messagesPerSecond: Double
    /// Messages by ITCH type letter.
    public var countsByType: [String: UInt64]
    /// Unknown message types skipped by their length.
    public var unknownMessages: Int
    /// Framing faults counted in tolerant mode (truncated, too short).
    public var parseFaults: Int
    /// The first framing fault, in words (offset, type, need, have).
    public var firstFault: String?
    /// Feed anomalies counted by the books (unknown reference, duplicate add, clamped executions, …).
    public var anomalies: FeedAnomalies
    /// Adds whose side byte was neither `B` nor `S` (books unchanged).
    public var invalidSides: Int
    /// Books with a symbol, live orders and levels at the end.
    public var books: Int
    public var liveOrders: Int
    public var liveLevels: Int
    /// BBO rows written (when `--bbo-out` was given).
    public var bboRows: Int
    /// What the snapshot publisher wrote (when `--snapshots-out` was given): sequence, updates, snapshots, bytes.
    public var publisher: PublisherStats?
    /// `arena` or `system` (the system allocator behind the same API).
    public var allocator: String
    /// What the arena got from the kernel.
    public var memory: MemoryReport
    /// The arena's counters at the end.
    public var arena: ArenaStats
    /// Per-stage latency in nanoseconds: `parse`, `book`, `publish`, `total`, each with `count`, `p50`, `p90`,
    /// `p99`, `p999`, `p9999`, `max`. Empty when measurement was off.
    public var latency: [String: LatencySummary]
    /// The clock used for the latency figures (source, frequency, cost of one read).
    public var clock: String
    /// The CPU the engine thread ran on.
    public var cpu: Int
}
