import CMatchbookShim

#if canImport(Glibc)
import Glibc
#endif

extension JournalWriter {
    /// Hands everything appended since the last commit to the kernel — one `write(2)` for the batch (a second
    /// when the batch starts a new segment, whose file is created then) — then syncs per policy:
    /// - `.none`: nothing more;
    /// - `.everyCommit`: `fdatasync(2)`;
    /// - `.group(intervalMicroseconds:)`: `fdatasync(2)` only when the last sync point is at least the interval
    ///   old (the first commit always syncs); otherwise the caller's timer calls ``syncNow()`` later.
    ///
    /// A commit with nothing pending writes nothing but still syncs written records when the policy says so.
    /// Short writes are continued and EINTR retried; any failure throws and stops the writer.
    /// - Returns: whether everything appended is now durable per the policy: always true for `.none` (the page
    ///   cache is all it promises) and `.everyCommit`; for `.group`, whether a sync point covers the last record.
    /// - Throws: ``JournalError/io(operation:path:errno:)`` naming the call and file, or why the writer cannot work.
    @discardableResult
    public func commit() throws -> Bool {
        if isStopped { try throwUnusable() }
        counters.commits &+= 1
        if pending.count > 0 { try writePending() }
        switch options.sync {
        case .none:
            return true
        case .everyCommit:
            if durableSequence < kernelSequence { try syncWritten() }
            return true
        case .group(let micros):
            if durableSequence < kernelSequence,
                cmb_monotonic_nanos() &- lastSyncNanos >= UInt64(micros) &* 1000
            {
                try syncWritten()
            }
            return durableSequence == appendedSequence
        }
    }

    /// Writes what is pending and makes everything written durable now, whatever the policy: `fdatasync(2)` of
    /// the current segment (and of segments finished since the last sync point, and `fsync(2)` of the directory
    /// when a segment was created). For the group-commit timer and shutdown. Does nothing when all is synced.
    /// - Throws: ``JournalError/io(operation:path:errno:)``, or why the writer cannot work.
    public func syncNow() throws {
        if isStopped { try throwUnusable() }
        if pending.count > 0 { try writePending() }
        if durableSequence < kernelSequence || !retiredSegments.isEmpty || directoryNeedsSync {
            try syncWritten()
        }
    }

    /// Writes the pending bytes: up to each new segment's header into the current file, then creates the new
    /// file and continues there.
    func writePending() throws {
        var chunkStart = 0
        for start in segmentStarts {
            if start.byteOffset > chunkStart {
                try write(pending.bytes(chunkStart..<start.byteOffset))
                kernelSequence = start.firstSequence - 1
            }
            try createSegment(firstSequence: start.firstSequence)
            chunkStart = start.byteOffset
        }
        try write(pending.bytes(chunkStart..<pending.count))
        kernelSequence = appendedSequence
        pending.removeAll()
        segmentStarts.removeAll(keepingCapacity: true)
    }

    /// `write(2)`s all of `bytes` to the current segment.
    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        switch _JournalIO.writeAll(fileDescriptor, bytes) {
        case .success(let calls):
            counters.writeCalls &+= UInt64(calls)
        case .failure(let error):
            throw fail(error.journalError(path: segmentPath))
        }
    }

    /// Retires the current segment (kept open until the next sync point) and creates the file of the next one
    /// (`O_CREAT | O_EXCL`: a segment is never overwritten). Cold: once per segment.
    @inline(never)
    private func createSegment(firstSequence: UInt64) throws {
        if fileDescriptor >= 0 {
            retiredSegments.append(_RetiredSegment(fileDescriptor: fileDescriptor, path: segmentPath))
            fileDescriptor = -1
            if retiredSegments.count > Self.maximumRetiredSegments { try syncRetired(count: 1) }
        }
        let path = _join(directory, JournalFormat.segmentFileName(firstSequence: firstSequence))
        switch _JournalIO.open(path, flags: O_WRONLY | O_CREAT | O_EXCL) {
        case .success(let descriptor):
            fileDescriptor = descriptor
            segmentPath = path
            directoryNeedsSync = true
            counters.segmentsOpened &+= 1
        case .failure(let error):
            throw fail(error.journalError(path: path))
        }
    }

    /// `fdatasync`s and closes the oldest `count` retired segments.
    private func syncRetired(count: Int) throws {
        for _ in 0..<count {
            let segment = retiredSegments.removeFirst()
            let synced = _JournalIO.fdatasync(segment.fileDescriptor)
            let closed = _JournalIO.close(segment.fileDescriptor)
            if case .failure(let error) = synced { throw fail(error.journalError(path: segment.path)) }
            if case .failure(let error) = closed { throw fail(error.journalError(path: segment.path)) }
        }
    }

    /// A sync point: makes everything written durable (retired segments, the directory, the current segment).
    private func syncWritten() throws {
        try syncRetired(count: retiredSegments.count)
        if directoryNeedsSync {
            if case .failure(let error) = _JournalIO.syncDirectory(directory) {
                throw fail(error.journalError(path: directory))
            }
            directoryNeedsSync = false
        }
        if fileDescriptor >= 0, case .failure(let error) = _JournalIO.fdatasync(fileDescriptor) {
            throw fail(error.journalError(path: segmentPath))
        }
        durableSequence = kernelSequence
        lastSyncNanos = cmb_monotonic_nanos()
        counters.syncs &+= 1
    }
}
