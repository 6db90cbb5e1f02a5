/// Where and how a ``JournalWriter`` writes.
public struct JournalOptions: Sendable, Equatable {
    /// The journal's directory; created (with its parents) when missing. One journal per directory.
    public var directory: String
    /// The most bytes a segment file may hold, header included: the writer starts a new segment when the next
    /// record would make the current one exceed it. At least 4 KiB; default 64 MiB. A record must fit in an
    /// empty segment (its payload is at most `segmentBytes - 52` bytes, rounded down to the 8-byte grid).
    public var segmentBytes: Int
    /// When committed records are made durable.
    public var sync: JournalSyncPolicy

    /// 64 MiB.
    public static let defaultSegmentBytes = 64 << 20
    /// 4 KiB.
    public static let minimumSegmentBytes = 4096

    public init(directory: String, segmentBytes: Int = JournalOptions.defaultSegmentBytes, sync: JournalSyncPolicy) {
        self.directory = directory
        self.segmentBytes = segmentBytes
        self.sync = sync
    }

    /// The largest payload one record may carry with these options.
    public var maximumPayloadBytes: Int {
        let usable = (segmentBytes - JournalFormat.segmentHeaderBytes) & ~(JournalFormat.recordAlignmentBytes - 1)
        return min(JournalFormat.maximumPayloadBytes, usable - JournalFormat.recordHeaderBytes)
    }
}
