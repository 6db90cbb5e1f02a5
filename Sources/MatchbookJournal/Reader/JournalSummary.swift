/// What a journal holds, for an inspect tool: computed by a read-only scan (`repair: false`), so looking never
/// changes the journal.
public struct JournalSummary: Sendable, Equatable, CustomStringConvertible {
    /// Records and payload bytes of one record type.
    public struct TypeCount: Sendable, Equatable {
        public var type: UInt8
        public var records: Int
        public var payloadBytes: Int
    }

    /// The directory inspected.
    public var directory: String
    /// Valid records.
    public var recordCount: Int
    /// Their payload bytes.
    public var payloadBytes: Int
    /// The first and last valid sequence (0 when there is no record).
    public var firstSequence: UInt64
    public var lastSequence: UInt64
    /// Counts per record type present, by type.
    public var types: [TypeCount]
    /// The segments with their sizes.
    public var segments: [JournalSegmentInfo]
    /// The torn tail a recovery would cut, if any (never cut by the summary).
    public var cut: JournalCut?

    /// Scans `directory` without repairing and counts what it holds.
    /// - Throws: what ``JournalReader/scan(directory:repair:_:)`` throws for a damaged journal.
    public static func inspect(directory: String) throws -> JournalSummary {
        var records = [Int](repeating: 0, count: 256)
        var bytes = [Int](repeating: 0, count: 256)
        let recovery = try JournalReader.scan(directory: directory, repair: false) { record in
            records[Int(record.type)] += 1
            bytes[Int(record.type)] += record.payload.count
        }
        let types = (0..<256).filter { records[$0] > 0 }.map {
            TypeCount(type: UInt8($0), records: records[$0], payloadBytes: bytes[$0])
        }
        return JournalSummary(
            directory: recovery.directory, recordCount: recovery.recordCount, payloadBytes: recovery.payloadBytes,
            firstSequence: recovery.firstSequence, lastSequence: recovery.lastSequence, types: types,
            segments: recovery.segments, cut: recovery.cut)
    }

    /// A plain-text report: range, per-type counts, segments, and the torn tail.
    public var description: String {
        var lines = ["journal \(directory)"]
        lines.append(
            recordCount == 0
                ? "  no records"
                : "  records \(recordCount) (sequences \(firstSequence)...\(lastSequence)), payload \(payloadBytes) bytes"
        )
        for type in types {
            lines.append("  type \(type.type): \(type.records) records, \(type.payloadBytes) payload bytes")
        }
        lines.append("  segments \(segments.count)")
        for segment in segments {
            let range =
                segment.recordCount == 0
                ? "no records" : "sequences \(segment.firstSequence)...\(segment.lastSequence)"
            lines.append(
                "    \(_fileName(of: segment.path)): \(segment.bytes) bytes, \(segment.recordCount) records, \(range)")
        }
        if let cut {
            lines.append(
                "  torn tail: \(cut.path) at byte offset \(cut.offset), \(cut.bytesRemoved) bytes (\(cut.reason)); "
                    + "a recovery will cut it")
        } else {
            lines.append("  no torn tail")
        }
        return lines.joined(separator: "\n")
    }
}
