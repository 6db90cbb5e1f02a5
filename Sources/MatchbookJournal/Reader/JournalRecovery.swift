/// What ``JournalReader/scan(directory:repair:_:)`` found: the segments, the sequence range, and the torn tail
/// it cut, if any. Pass it to ``JournalWriter/init(options:after:)`` to continue the journal.
public struct JournalRecovery: Sendable, Equatable {
    /// The directory scanned.
    public var directory: String
    /// The valid segments, in sequence order (a torn last segment that was removed is not among them).
    public var segments: [JournalSegmentInfo]
    /// The first record's sequence, 0 when the journal holds no record.
    public var firstSequence: UInt64
    /// The last valid record's sequence, 0 when the journal holds no record.
    public var lastSequence: UInt64
    /// Valid records read.
    public var recordCount: Int
    /// The sequence the next appended record must carry: `lastSequence + 1`, or, in a journal without records,
    /// the first sequence its (empty) segment declares, or 1.
    public var nextSequence: UInt64
    /// The torn tail found at the end of the last segment, when there was one.
    public var cut: JournalCut?

    /// An empty journal in `directory`.
    public init(directory: String) {
        self.directory = directory
        self.segments = []
        self.firstSequence = 0
        self.lastSequence = 0
        self.recordCount = 0
        self.nextSequence = 1
        self.cut = nil
    }

    /// Payload bytes of all valid records.
    public var payloadBytes: Int { segments.reduce(0) { $0 + $1.payloadBytes } }
}

/// One valid segment file.
public struct JournalSegmentInfo: Sendable, Equatable {
    /// The segment file's path (the directory joined with `journal-<first sequence>.mbj`).
    public var path: String
    /// The sequence the header declares for the first record (also when the segment holds none).
    public var firstSequence: UInt64
    /// The last record's sequence; `firstSequence - 1` when the segment holds no record.
    public var lastSequence: UInt64
    /// Valid records in the segment.
    public var recordCount: Int
    /// Payload bytes of those records.
    public var payloadBytes: Int
    /// The segment's valid bytes, header included: where its last good record ends (after a cut, the new size).
    public var bytes: Int
    /// CLOCK_REALTIME nanoseconds when the writer created the segment (from its header).
    public var createdWallNanos: UInt64
}

/// A torn tail: the end of the last segment that a crash left incomplete.
public struct JournalCut: Sendable, Equatable, CustomStringConvertible {
    /// The segment file.
    public var path: String
    /// Where the torn bytes start: the end of the last good record, or 0 for a segment whose header is torn.
    public var offset: Int
    /// Bytes from `offset` to the end of the file as found.
    public var bytesRemoved: Int
    /// What was wrong with the bytes at `offset`.
    public var reason: String
    /// Whether the file was repaired (truncated at `offset`, or removed when `offset` is 0) and the repair made
    /// durable; false when the scan ran with `repair: false` and only reports it.
    public var repaired: Bool
    /// Whether the repair is the removal of the whole file (its header was torn), rather than a truncation.
    public var removesSegment: Bool

    /// One line: where, how much, why, and whether it was cut.
    public var description: String {
        let what = removesSegment ? "the whole segment (\(bytesRemoved) bytes)" : "\(bytesRemoved) bytes"
        let done = repaired ? (removesSegment ? "removed" : "cut") : "not repaired (read-only scan)"
        return "\(path) at byte offset \(offset): \(what), \(done): \(reason)"
    }
}
