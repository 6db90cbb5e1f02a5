import CMatchbookShim

#if canImport(Glibc)
import Glibc
#endif

/// What scanning one segment found.
struct _SegmentOutcome {
    /// The valid part of the segment; nil when the whole file is a torn segment to remove.
    var segment: JournalSegmentInfo?
    /// The torn tail at its end, when there is one (only ever in the last segment).
    var cut: JournalCut?
}

/// The verdict on the bytes at one record offset.
enum _RecordVerdict {
    case valid(payloadBytes: Int, recordBytes: Int, type: UInt8)
    /// A record that checks but carries another sequence than the expected one.
    case wrongSequence(found: UInt64)
    case bad(_RecordProblem)
}

/// Why the bytes at a record offset are not a valid record. Formatted only when reported.
enum _RecordProblem: CustomStringConvertible {
    case truncatedHeader(remaining: Int)
    case truncatedRecord(payloadBytes: Int, recordBytes: Int, remaining: Int)
    case checksum(stored: UInt32, computed: UInt32)
    case reservedNotZero
    case paddingNotZero

    var description: String {
        switch self {
        case .truncatedHeader(let remaining):
            "the file ends \(remaining) bytes into the record's 20-byte header"
        case .truncatedRecord(let payloadBytes, let recordBytes, let remaining):
            "the record declares \(payloadBytes) payload bytes (\(recordBytes) bytes framed) but the file ends "
                + "\(remaining) bytes after its start"
        case .checksum(let stored, let computed):
            "the record's CRC-32C is \(_hex(stored)) but its bytes give \(_hex(computed))"
        case .reservedNotZero:
            "the record's reserved bytes 17..<20 are not zero"
        case .paddingNotZero:
            "the record's padding bytes are not zero"
        }
    }
}

extension JournalReader {
    /// Maps one segment, checks its header and continuity with the previous segment, and hands its valid records
    /// to `body`. Decides (but does not apply) the cut of a torn tail when `isLast`; throws for anything else.
    static func scanSegment(
        path: String, nameSequence: UInt64, index: Int, isLast: Bool, expectedSequence: UInt64?,
        _ body: (JournalRecord) throws -> Void
    ) throws -> _SegmentOutcome {
        let descriptor = try _JournalIO.open(path, flags: O_RDONLY).orThrow(path: path)
        defer { _ = _JournalIO.close(descriptor) }
        let status = try _JournalIO.status(descriptor).orThrow(path: path)
        guard status.isRegular else {
            throw JournalError.badHeader(path: path, reason: "it is not a regular file")
        }
        let mapping: _UnsafeSegmentMapping
        switch _UnsafeSegmentMapping.map(fileDescriptor: descriptor, count: status.size) {
        case .success(let mapped): mapping = mapped
        case .failure(let error): throw error.journalError(path: path)
        }
        let bytes = mapping.bytes
        let size = bytes.count

        // The header. A segment the writer created next is named for the expected sequence: one that is not
        // is missing records before it, torn or not.
        if let expectedSequence, nameSequence != expectedSequence {
            throw JournalError.sequenceGap(path: path, offset: 0, expected: expectedSequence, found: nameSequence)
        }
        if size < JournalFormat.segmentHeaderBytes {
            if isLast && _SegmentHeader.isPrefixOfHeader(bytes, firstSequence: nameSequence) {
                let reason =
                    size == 0
                    ? "the last segment is empty (a crash right after the writer created it)"
                    : "the last segment ends \(size) bytes into its 32-byte header (a crash while the writer "
                        + "created it)"
                return _SegmentOutcome(segment: nil, cut: tornSegment(path: path, size: size, reason: reason))
            }
            throw JournalError.badHeader(
                path: path,
                reason: "the file has \(size) bytes, fewer than the 32-byte header, "
                    + (isLast ? "and they do not begin like this segment's header" : "and it is not the last segment"))
        }
        let header: _SegmentHeader
        switch _SegmentHeader.decode(bytes) {
        case .success(let decoded):
            header = decoded
        case .failure(let problem):
            if isLast && bytes.allSatisfy({ $0 == 0 }) {
                let reason = "the last segment is \(size) zero bytes (a crash while the writer created it)"
                return _SegmentOutcome(segment: nil, cut: tornSegment(path: path, size: size, reason: reason))
            }
            throw JournalError.badHeader(path: path, reason: problem.reason)
        }
        guard header.firstSequence == nameSequence else {
            throw JournalError.badHeader(
                path: path,
                reason: "the header's first sequence is \(header.firstSequence), the file name says \(nameSequence)")
        }
        guard header.firstSequence >= 1 else {
            throw JournalError.badHeader(path: path, reason: "the first sequence is 0; sequences start at 1")
        }

        // The records.
        let base = bytes.baseAddress!
        var offset = JournalFormat.segmentHeaderBytes
        var sequence = header.firstSequence
        var recordCount = 0
        var payloadBytes = 0
        var cut: JournalCut?
        while offset < size {
            switch checkRecord(bytes, at: offset, expectedSequence: sequence) {
            case .valid(let length, let recordBytes, let type):
                try body(
                    JournalRecord(
                        sequence: sequence, type: type,
                        payload: UnsafeRawBufferPointer(
                            start: base + offset + JournalFormat.recordHeaderBytes, count: length),
                        segmentIndex: index, path: path, offset: offset))
                offset += recordBytes
                sequence += 1
                recordCount += 1
                payloadBytes += length
            case .wrongSequence(let found):
                throw JournalError.sequenceGap(path: path, offset: offset, expected: sequence, found: found)
            case .bad(let problem):
                guard isLast else {
                    throw JournalError.corrupt(
                        path: path, offset: offset,
                        reason: "\(problem), in a segment that is not the last (a torn tail is only ever at the end "
                            + "of the last segment)")
                }
                if let valid = findValidRecord(bytes, after: offset, minimumSequence: sequence) {
                    throw JournalError.corrupt(
                        path: path, offset: offset,
                        reason: "\(problem), and a valid record (sequence \(valid.sequence)) follows at byte offset "
                            + "\(valid.offset), so this is damage, not a torn tail")
                }
                cut = JournalCut(
                    path: path, offset: offset, bytesRemoved: size - offset,
                    reason: "torn last record: \(problem)", repaired: false, removesSegment: false)
                offset = size
            }
        }
        let segment = JournalSegmentInfo(
            path: path, firstSequence: header.firstSequence, lastSequence: sequence - 1, recordCount: recordCount,
            payloadBytes: payloadBytes, bytes: cut?.offset ?? size, createdWallNanos: header.createdWallNanos)
        return _SegmentOutcome(segment: segment, cut: cut)
    }

    /// The cut that removes a whole torn last segment.
    private static func tornSegment(path: String, size: Int, reason: String) -> JournalCut {
        JournalCut(path: path, offset: 0, bytesRemoved: size, reason: reason, repaired: false, removesSegment: true)
    }

    /// Checks the record at `offset`: complete, checksum, reserved bytes, padding, then sequence.
    @inline(__always)
    static func checkRecord(_ bytes: UnsafeRawBufferPointer, at offset: Int, expectedSequence: UInt64)
        -> _RecordVerdict
    {
        let remaining = bytes.count - offset
        guard remaining >= JournalFormat.recordHeaderBytes else { return .bad(.truncatedHeader(remaining: remaining)) }
        let record = bytes.baseAddress! + offset
        let length = Int(UInt32(littleEndian: record.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
        let recordBytes = JournalFormat.recordBytes(payloadBytes: length)
        guard recordBytes <= remaining else {
            return .bad(.truncatedRecord(payloadBytes: length, recordBytes: recordBytes, remaining: remaining))
        }
        let stored = UInt32(littleEndian: record.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        let computed = cmb_crc32c(0, record + 8, JournalFormat.recordHeaderBytes - 8 + length)
        guard stored == computed else { return .bad(.checksum(stored: stored, computed: computed)) }
        let typeWord = UInt32(littleEndian: record.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        guard typeWord & 0xFFFF_FF00 == 0 else { return .bad(.reservedNotZero) }
        for padding in (JournalFormat.recordHeaderBytes + length)..<recordBytes
        where record.load(fromByteOffset: padding, as: UInt8.self) != 0 {
            return .bad(.paddingNotZero)
        }
        let sequence = UInt64(littleEndian: record.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        guard sequence == expectedSequence else { return .wrongSequence(found: sequence) }
        return .valid(payloadBytes: length, recordBytes: recordBytes, type: UInt8(truncatingIfNeeded: typeWord))
    }

    /// The first valid record at an 8-byte-aligned offset after `offset` whose sequence is at least
    /// `minimumSequence` (and could belong to this segment), if any: what tells damage from a torn tail.
    /// Cold: runs only when a bad record was found in the last segment. O(bytes after `offset`).
    static func findValidRecord(_ bytes: UnsafeRawBufferPointer, after offset: Int, minimumSequence: UInt64)
        -> (offset: Int, sequence: UInt64)?
    {
        let size = bytes.count
        let plausibleRecords = UInt64(size / JournalFormat.minimumRecordBytes + 1)
        var candidate = offset + JournalFormat.recordAlignmentBytes
        while candidate + JournalFormat.minimumRecordBytes <= size {
            let record = bytes.baseAddress! + candidate
            let sequence = UInt64(littleEndian: record.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            if sequence >= minimumSequence && sequence - minimumSequence < plausibleRecords,
                case .valid = checkRecord(bytes, at: candidate, expectedSequence: sequence)
            {
                return (candidate, sequence)
            }
            candidate += JournalFormat.recordAlignmentBytes
        }
        return nil
    }
}
