#if canImport(Glibc)
import Glibc
#endif

/// Reads a journal back: every record, in sequence order, verified; cuts a torn tail; refuses anything else.
///
/// What a crash can leave, and is therefore cut (and reported in ``JournalRecovery/cut``):
/// - the last record of the last segment incomplete (the file ends inside it), or complete but failing its
///   checksum, with no valid record anywhere after it (the bytes after it, if any, are not a record that checks:
///   e.g. the zeros some file systems leave past a torn write);
/// - a last segment named for the next sequence that is shorter than its 32-byte header, with bytes that begin
///   like the header its name implies, or that is all zero bytes (a crash right after the writer created it):
///   the file is removed.
///
/// Everything else that is wrong throws, naming the file and byte offset, and nothing is cut:
/// a bad record followed by a valid one, any bad record in a segment that is not the last, a record or segment
/// whose sequence is not the next one (``JournalError/sequenceGap(path:offset:expected:found:)``: a deleted
/// segment), a bad or unknown-version header, a file named `journal-*.mbj` that is not a segment.
/// An empty or missing directory is an empty journal; files not named like segments are ignored.
public enum JournalReader {
    /// Reads every record in sequence order across the segments of `directory`, calling `body` with each.
    ///
    /// Segments are mapped read-only (`mmap`), one at a time; the record's payload points into the mapping and
    /// is valid only during the `body` call. No allocation per record. Each record's CRC-32C, sequence,
    /// reserved bytes and padding are checked before it is handed over.
    ///
    /// - Parameters:
    ///   - repair: when true, a torn tail is cut from the file (`ftruncate` to the end of the last good record,
    ///     or `unlink` of a segment with a torn header) and the cut made durable (`fsync` of the file or the
    ///     directory) before returning; when false, the files are not touched and the cut is only reported.
    ///   - body: called once per valid record, in sequence order. An error it throws stops the scan and is
    ///     rethrown.
    /// - Returns: the segments, the sequence range, the record count and the cut, if any.
    /// - Throws: ``JournalError`` for damage that is not a torn tail and for I/O failures. Records handed to
    ///   `body` before a throw belong to a journal that is not valid as a whole: discard them.
    public static func scan(
        directory: String, repair: Bool, _ body: (JournalRecord) throws -> Void
    ) throws -> JournalRecovery {
        let trimmed = _trimmedDirectory(directory)
        var recovery = JournalRecovery(directory: trimmed)
        let files = try segmentFiles(in: trimmed)
        var expectedSequence: UInt64?
        for (index, file) in files.enumerated() {
            let isLast = index == files.count - 1
            let outcome = try scanSegment(
                path: file.path, nameSequence: file.firstSequence, index: index, isLast: isLast,
                expectedSequence: expectedSequence, body)
            if let segment = outcome.segment {
                recovery.segments.append(segment)
                if segment.recordCount > 0 {
                    if recovery.recordCount == 0 { recovery.firstSequence = segment.firstSequence }
                    recovery.lastSequence = segment.lastSequence
                    recovery.recordCount += segment.recordCount
                }
                expectedSequence = segment.lastSequence + 1
                recovery.nextSequence = segment.lastSequence + 1
            } else if recovery.segments.isEmpty {
                recovery.nextSequence = file.firstSequence  // a lone torn segment: start again under its name
            }
            if var cut = outcome.cut {
                if repair {
                    try applyCut(cut, directory: trimmed)
                    cut.repaired = true
                }
                recovery.cut = cut
            }
        }
        return recovery
    }

    /// The files in `directory` named like segments, sorted by first sequence; throws for a malformed
    /// `journal-*.mbj` name. A missing directory has none.
    static func segmentFiles(in directory: String) throws -> [(path: String, firstSequence: UInt64)] {
        guard let names = try _JournalIO.listDirectory(directory).orThrow(path: directory) else {
            return []
        }
        var files: [(path: String, firstSequence: UInt64)] = []
        for name in names {
            switch JournalFormat.classify(fileName: name) {
            case .other:
                continue
            case .segment(let firstSequence):
                files.append((_join(directory, name), firstSequence))
            case .malformedSegment:
                throw JournalError.badHeader(
                    path: _join(directory, name),
                    reason: "the name is not journal-<20 decimal digits>.mbj, yet it claims to be a journal segment")
            }
        }
        return files.sorted { $0.firstSequence < $1.firstSequence }
    }

    /// Truncates (or removes) the torn tail and makes that durable.
    static func applyCut(_ cut: JournalCut, directory: String) throws {
        if cut.removesSegment {
            try _JournalIO.unlink(cut.path).orThrow(path: cut.path)
            try _JournalIO.syncDirectory(directory).orThrow(path: directory)
            return
        }
        let descriptor = try _JournalIO.open(cut.path, flags: O_WRONLY).orThrow(path: cut.path)
        defer { _ = _JournalIO.close(descriptor) }
        try _JournalIO.truncate(descriptor, length: cut.offset).orThrow(path: cut.path)
        try _JournalIO.fsync(descriptor).orThrow(path: cut.path)
    }
}
