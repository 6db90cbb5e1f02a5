/// Counters of one ``JournalWriter`` since it was created. Plain counts, no latency samples.
public struct JournalWriterStats: Sendable, Equatable {
    /// Records appended.
    public var records: UInt64 = 0
    /// Payload bytes appended (without framing).
    public var payloadBytes: UInt64 = 0
    /// Bytes appended to the journal files: records with their framing and padding, and segment headers.
    public var bytes: UInt64 = 0
    /// `commit()` calls.
    public var commits: UInt64 = 0
    /// `write(2)` calls (one per commit and segment touched, more only when the kernel wrote short).
    public var writeCalls: UInt64 = 0
    /// Sync points: times the writer made everything written durable (one `fdatasync` of the current segment,
    /// plus one of each segment finished since the last sync point and of the directory when a segment was
    /// created).
    public var syncs: UInt64 = 0
    /// Segment files created.
    public var segmentsOpened: UInt64 = 0

    public init() {}
}
