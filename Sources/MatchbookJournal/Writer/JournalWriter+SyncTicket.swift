import CMatchbookShim

/// A sync point taken off the writer's thread (group commit without stalling the thread that appends): what
/// `JournalWriter.beginSync()` hands over — a duplicate descriptor of the current segment, the finished segments
/// not yet synced (their descriptors now belong to the ticket), whether the folder needs an `fsync`, and the last
/// record all of that covers. `perform()` runs on any one thread; `JournalWriter.endSync(_:)` back on the
/// writer's thread makes the covered records durable. At most one ticket should be in flight at a time.
public final class JournalSyncTicket: @unchecked Sendable {
    // @unchecked: handed from the writer's thread to one syncing thread and back; never used by two at once.
    /// The last record the sync covers.
    public let coveredSequence: UInt64
    let current: (fileDescriptor: Int32, path: String)?
    let retired: [_RetiredSegment]
    let directory: String?
    /// Set by `perform()`.
    var error: JournalError?
    var performed = false

    init(coveredSequence: UInt64, current: (Int32, String)?, retired: [_RetiredSegment], directory: String?) {
        self.coveredSequence = coveredSequence
        self.current = current
        self.retired = retired
        self.directory = directory
    }

    /// `fdatasync`s every file of the ticket (and `fsync`s the folder when a segment was created), then closes the
    /// ticket's descriptors. Blocking: run it on a thread that may wait for the disk.
    public func perform() {
        guard !performed else { return }
        performed = true
        for segment in retired {
            if error == nil, case .failure(let failure) = _JournalIO.fdatasync(segment.fileDescriptor) {
                error = failure.journalError(path: segment.path)
            }
            _ = _JournalIO.close(segment.fileDescriptor)
        }
        if error == nil, let directory, case .failure(let failure) = _JournalIO.syncDirectory(directory) {
            error = failure.journalError(path: directory)
        }
        if let current {
            if error == nil, case .failure(let failure) = _JournalIO.fdatasync(current.fileDescriptor) {
                error = failure.journalError(path: current.path)
            }
            _ = _JournalIO.close(current.fileDescriptor)
        }
    }
}

extension JournalWriter {
    /// Writes what is pending and hands the sync of everything written to a ticket for another thread, or nil
    /// when everything written is already durable.
    /// - Throws: what writing the pending records threw, or a failed `dup(2)`; the writer then stops.
    public func beginSync() throws -> JournalSyncTicket? {
        if isStopped { try throwUnusable() }
        if pending.count > 0 { try writePending() }
        guard durableSequence < kernelSequence || !retiredSegments.isEmpty || directoryNeedsSync else { return nil }
        var current: (Int32, String)?
        if fileDescriptor >= 0 {
            switch _JournalIO.dup(fileDescriptor) {
            case .success(let copy): current = (copy, segmentPath)
            case .failure(let error): throw fail(error.journalError(path: segmentPath))
            }
        }
        let ticket = JournalSyncTicket(
            coveredSequence: kernelSequence, current: current, retired: retiredSegments,
            directory: directoryNeedsSync ? directory : nil)
        retiredSegments.removeAll()
        directoryNeedsSync = false
        return ticket
    }

    /// Back on the writer's thread after `ticket.perform()`: the records it covers are durable. A failed sync
    /// stops the writer (what the kernel dropped cannot be known) and is thrown.
    public func endSync(_ ticket: JournalSyncTicket) throws {
        precondition(ticket.performed, "endSync before the ticket's perform()")
        if let error = ticket.error { throw fail(error) }
        if ticket.coveredSequence > durableSequence { durableSequence = ticket.coveredSequence }
        lastSyncNanos = cmb_monotonic_nanos()
        counters.syncs &+= 1
    }
}
