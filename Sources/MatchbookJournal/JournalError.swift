#if canImport(Glibc)
import Glibc
#endif

/// Everything that can go wrong writing or reading a journal. Every case names the file or directory, and the
/// byte offset in the file where one applies.
public enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed: `operation` is the call (`open`, `write`, `fdatasync`, …), `errno` its error.
    case io(operation: String, path: String, errno: Int32)
    /// A record that is damaged where damage cannot be a torn tail: inside a segment that is not the last, or
    /// followed by a valid record.
    case corrupt(path: String, offset: Int, reason: String)
    /// A record (or a segment's first sequence) whose sequence is not the one after its predecessor: records are
    /// missing, e.g. a segment was deleted.
    case sequenceGap(path: String, offset: Int, expected: UInt64, found: UInt64)
    /// A segment whose header is not a valid version-1 header (or a `journal-*.mbj` name that is not 20 digits).
    case badHeader(path: String, reason: String)
    /// `append` with a payload larger than a segment can hold (`path` is the journal directory).
    case recordTooLarge(path: String, payloadBytes: Int, limitBytes: Int)
    /// The options cannot work (`path` is the journal directory).
    case invalidOptions(path: String, reason: String)
    /// The writer was given a recovery that does not describe the directory as it is now.
    case recoveryMismatch(path: String, reason: String)
    /// An earlier write or sync failed, so what reached the disk is unknown; the writer refuses further work.
    /// `cause` is that first error's description.
    case writerFailed(path: String, cause: String)
    /// The writer was closed.
    case closed(path: String)

    /// The file or directory the error is about.
    public var path: String {
        switch self {
        case .io(_, let path, _), .corrupt(let path, _, _), .sequenceGap(let path, _, _, _),
            .badHeader(let path, _), .recordTooLarge(let path, _, _), .invalidOptions(let path, _),
            .recoveryMismatch(let path, _), .writerFailed(let path, _), .closed(let path):
            path
        }
    }

    /// The byte offset in ``path`` the error is about, when there is one.
    public var offset: Int? {
        switch self {
        case .corrupt(_, let offset, _), .sequenceGap(_, let offset, _, _): offset
        default: nil
        }
    }

    @inline(never)
    public var description: String {
        switch self {
        case .io(let operation, let path, let code):
            "journal I/O error: \(operation) on \(path) failed: \(String(cString: strerror(code))) (errno \(code)). "
                + "Check the disk (space, permissions, device errors); records not yet synced may be lost."
        case .corrupt(let path, let offset, let reason):
            "journal segment \(path) is corrupt at byte offset \(offset): \(reason). This is not a torn tail a "
                + "crash leaves, so nothing was cut: restore the journal from a replica or backup, or inspect it "
                + "with the journal inspect tool before deciding to truncate it by hand."
        case .sequenceGap(let path, let offset, let expected, let found):
            "journal segment \(path) at byte offset \(offset) has sequence \(found) where \(expected) was expected: "
                + "records \(expected)..<\(found) are missing (a deleted or misplaced segment?). Restore the "
                + "missing segment; the journal cannot be replayed with a hole in it."
        case .badHeader(let path, let reason):
            "journal segment \(path) has a bad header: \(reason). Files named journal-<20 digits>.mbj belong to "
                + "the journal: move foreign files out of the journal directory."
        case .recordTooLarge(let path, let payloadBytes, let limitBytes):
            "journal record of \(payloadBytes) payload bytes is too large for journal \(path): a record holds at "
                + "most \(limitBytes) bytes with this segment size. Raise the segment size or split the record."
        case .invalidOptions(let path, let reason):
            "journal options for \(path) are invalid: \(reason)."
        case .recoveryMismatch(let path, let reason):
            "journal \(path) does not match the recovery given to the writer: \(reason). Scan the directory with "
                + "JournalReader.scan(repair: true) and start the writer after that scan."
        case .writerFailed(let path, let cause):
            "journal writer for \(path) stopped after an earlier failure: \(cause). What reached the disk after the "
                + "last successful sync is unknown: restart, which scans and recovers the journal."
        case .closed(let path):
            "journal writer for \(path) is closed."
        }
    }
}
