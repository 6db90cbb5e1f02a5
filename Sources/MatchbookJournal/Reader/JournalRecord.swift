/// One record as ``JournalReader/scan(directory:repair:_:)`` hands it over.
///
/// `payload` points into the mapped segment: it is valid only during the call that receives the record. Copy
/// what must outlive it.
public struct JournalRecord {
    /// The record's sequence (1, 2, 3 … journal-wide).
    public let sequence: UInt64
    /// The caller's record type.
    public let type: UInt8
    /// The payload bytes; valid only during the `body` call.
    public let payload: UnsafeRawBufferPointer
    /// The index of the record's segment among the journal's segments (0 for the first).
    public let segmentIndex: Int
    /// The segment file's path.
    public let path: String
    /// The record's byte offset in the segment file (where its length field is).
    public let offset: Int
}
