import CMatchbookShim

#if canImport(Glibc)
import Glibc
#endif

/// Appends records to a journal directory: frames and checksums them into one reused buffer, hands each batch to
/// the kernel with one `write(2)` per commit, and `fdatasync`s as the ``JournalSyncPolicy`` says.
///
/// ```
///   append  append  append ─ commit ─► write(2) ─► [fdatasync, per policy]
///   │◄──── pending ──────►│
///   syncedSequence  ≤  writtenSequence  ≤  lastSequence
///   (fdatasync done)     (in the kernel)     (appended)
/// ```
///
/// Sequences are 1, 2, 3 … across the whole journal; a writer started after a scan numbers on from the scan's
/// last record. Segments roll when the next record would make the current one exceed
/// ``JournalOptions/segmentBytes``; a record never spans two segments. The file layout is in ``JournalFormat``.
///
/// Not thread-safe and not `Sendable`: owned by one thread (the gateway's event loop). `append` does not
/// allocate once the pending buffer has grown to the largest batch between two commits, and makes no system
/// call; `commit` makes one `write(2)` (two when the batch starts a new segment: the file is created then) and
/// the syncs of the policy.
///
/// After a failed write or sync the writer refuses all further work with
/// ``JournalError/writerFailed(path:cause:)``: what reached the disk is unknown, and an `fdatasync` retried after a
/// failure can report success for pages the kernel has already dropped. Restart, scan, and continue.
///
/// Records appended but not committed when the writer is released without ``close()`` are lost.
public final class JournalWriter {
    /// The options the writer was created with.
    public let options: JournalOptions

    /// `options.directory` without trailing slashes.
    let directory: String
    /// The largest payload a record may have (a record must fit in an empty segment).
    let maximumPayloadBytes: Int
    /// Segment headers and records appended since the last commit, in file order.
    var pending: _UnsafePendingBuffer
    /// Where, in `pending`, a new segment starts (its header), in order. Usually empty.
    var segmentStarts: [_PendingSegmentStart] = []
    /// The current segment's descriptor (open for writing at its end), or -1 before the first segment.
    var fileDescriptor: Int32 = -1
    /// The current segment's path ("" before the first).
    var segmentPath = ""
    /// Bytes of the segment being filled, pending bytes included; 0 when no segment is started.
    var segmentFillBytes = 0
    /// Finished segments written since the last sync point: still open, to be synced at the next one.
    var retiredSegments: [_RetiredSegment] = []
    /// Whether a segment was created since the last sync point (its directory entry is not yet durable).
    var directoryNeedsSync = false
    var appendedSequence: UInt64
    var kernelSequence: UInt64
    var durableSequence: UInt64
    var lastSyncNanos: UInt64 = 0
    var counters = JournalWriterStats()
    /// The first write or sync failure; set, the writer refuses work.
    var failure: JournalError? {
        didSet { isStopped = failure != nil || isClosed }
    }
    var isClosed = false {
        didSet { isStopped = failure != nil || isClosed }
    }
    /// `failure != nil || isClosed`, kept as one flag for the hot paths (testing the optional error there costs
    /// an outlined copy of it).
    var isStopped = false
    /// Inside an `append(type:payloadBytes:encode:)` closure (re-entry would move the buffer being encoded).
    var isEncoding = false

    /// At most this many finished segments stay open waiting for the next sync point; beyond it the oldest is
    /// synced and closed at once (only when a policy that seldom syncs rolls through several segments).
    static let maximumRetiredSegments = 4

    /// Opens the journal in `options.directory` for appending, continuing after `recovered`.
    ///
    /// - `recovered == nil`: a new journal. The directory is created (with its parents) when missing and must
    ///   not hold journal segments; the first record gets sequence 1.
    /// - otherwise: `recovered` must come from ``JournalReader/scan(directory:repair:_:)`` of this directory,
    ///   with any torn tail repaired, and nothing changed since. The writer appends to the last segment at its
    ///   end (or starts a new segment when it is full or there is none), numbering on from
    ///   `recovered.lastSequence`. It `fdatasync`s the recovered segments and the directory first, so the records
    ///   about to be replayed are durable before anything new is acknowledged (after a process crash under
    ///   `.none` they may have been in the page cache only).
    ///
    /// Cold path: allocates, opens and syncs files.
    /// - Throws: ``JournalError/invalidOptions(path:reason:)``, ``JournalError/recoveryMismatch(path:reason:)``,
    ///   ``JournalError/io(operation:path:errno:)``.
    public init(options: JournalOptions, after recovered: JournalRecovery?) throws {
        self.options = options
        self.directory = _trimmedDirectory(options.directory)
        self.maximumPayloadBytes = options.maximumPayloadBytes
        self.pending = _UnsafePendingBuffer(capacity: 64 << 10)
        self.segmentStarts.reserveCapacity(4)
        self.retiredSegments.reserveCapacity(Self.maximumRetiredSegments + 1)
        self.appendedSequence = 0
        self.kernelSequence = 0
        self.durableSequence = 0

        try Self.validate(options, directory: directory)
        let created = try _JournalIO.makeDirectories(directory).orThrow(path: directory)
        if created {
            try _JournalIO.syncDirectory(_parentDirectory(of: directory)).orThrow(path: directory)
        }
        let onDisk = try Self.segmentNames(in: directory)
        let next: UInt64
        if let recovered {
            next = try resume(after: recovered, onDisk: onDisk)
        } else {
            guard onDisk.isEmpty else {
                throw JournalError.recoveryMismatch(
                    path: directory,
                    reason: "the directory holds \(onDisk.count) journal segment(s) (\(onDisk[0]) …) but no recovery "
                        + "was given")
            }
            next = 1
        }
        appendedSequence = next - 1
        kernelSequence = next - 1
        durableSequence = next - 1
    }

    /// Checks `recovered` against the directory, syncs the recovered segments, opens the last one at its end.
    /// Returns the next sequence.
    private func resume(after recovered: JournalRecovery, onDisk: [String]) throws -> UInt64 {
        guard _trimmedDirectory(recovered.directory) == directory else {
            throw JournalError.recoveryMismatch(
                path: directory, reason: "the recovery is of directory \(recovered.directory)")
        }
        if let cut = recovered.cut, !cut.repaired {
            throw JournalError.recoveryMismatch(
                path: directory,
                reason: "the scan found a torn tail in \(cut.path) at byte offset \(cut.offset) and did not cut it "
                    + "(it ran with repair: false)")
        }
        let expected = recovered.segments.map { _fileName(of: $0.path) }
        guard expected == onDisk else {
            throw JournalError.recoveryMismatch(
                path: directory,
                reason: "the recovery lists segments \(expected) but the directory holds \(onDisk)")
        }
        for segment in recovered.segments.dropLast() {
            let descriptor = try _JournalIO.open(segment.path, flags: O_RDONLY).orThrow(path: segment.path)
            defer { _ = _JournalIO.close(descriptor) }
            try _JournalIO.fdatasync(descriptor).orThrow(path: segment.path)
        }
        if let last = recovered.segments.last {
            let descriptor = try _JournalIO.open(last.path, flags: O_WRONLY).orThrow(path: last.path)
            fileDescriptor = descriptor
            segmentPath = last.path
            let status = try _JournalIO.status(descriptor).orThrow(path: last.path)
            guard status.isRegular, status.size == last.bytes else {
                throw JournalError.recoveryMismatch(
                    path: directory,
                    reason: "\(last.path) has \(status.size) bytes, the recovery says \(last.bytes)")
            }
            try _JournalIO.seek(descriptor, to: last.bytes).orThrow(path: last.path)
            try _JournalIO.fdatasync(descriptor).orThrow(path: last.path)
            segmentFillBytes = last.bytes
        }
        try _JournalIO.syncDirectory(directory).orThrow(path: directory)
        return recovered.nextSequence
    }

    private static func validate(_ options: JournalOptions, directory: String) throws {
        guard !directory.isEmpty else { throw JournalError.invalidOptions(path: directory, reason: "empty directory") }
        guard options.segmentBytes >= JournalOptions.minimumSegmentBytes else {
            throw JournalError.invalidOptions(
                path: directory,
                reason:
                    "segmentBytes \(options.segmentBytes) is below the minimum \(JournalOptions.minimumSegmentBytes)")
        }
        if case .group(let micros) = options.sync, micros < 0 {
            throw JournalError.invalidOptions(
                path: directory, reason: "group sync interval \(micros) µs must not be negative")
        }
    }

    /// Names of the files in `directory` that claim to be segments, sorted.
    static func segmentNames(in directory: String) throws -> [String] {
        let names = try _JournalIO.listDirectory(directory).orThrow(path: directory) ?? []
        return names.filter { JournalFormat.classify(fileName: $0) != .other }.sorted()
    }

    deinit {
        for segment in retiredSegments { _ = Glibc.close(segment.fileDescriptor) }
        if fileDescriptor >= 0 { _ = Glibc.close(fileDescriptor) }
    }

    // MARK: Progress

    /// The sequence of the last appended record (committed or not); 0 before the first.
    public var lastSequence: UInt64 { appendedSequence }
    /// The sequence of the last record handed to the kernel with `write(2)`: it survives a process crash.
    public var writtenSequence: UInt64 { kernelSequence }
    /// The sequence of the last record covered by `fdatasync`: it survives a machine crash.
    public var syncedSequence: UInt64 { durableSequence }
    /// CLOCK_MONOTONIC nanoseconds (``cmb_monotonic_nanos``) when the last sync point completed; 0 before the
    /// first in this writer's life.
    public var lastSyncMonotonicNanos: UInt64 { lastSyncNanos }
    /// Nanoseconds since the last sync point completed (since boot when there was none).
    public var nanosecondsSinceSync: UInt64 { cmb_monotonic_nanos() &- lastSyncNanos }
    /// Under the group policy, when records are not yet durable: nanoseconds until a sync is due (0: now), for
    /// the caller's timer, which then calls ``syncNow()``. Nil when nothing waits for a sync or under another
    /// policy.
    public var nanosecondsUntilSyncDue: UInt64? {
        guard case .group(let micros) = options.sync, durableSequence < appendedSequence else { return nil }
        let interval = UInt64(micros) &* 1000
        let elapsed = nanosecondsSinceSync
        return elapsed >= interval ? 0 : interval - elapsed
    }
    /// Bytes appended and not yet committed (framing and any new segment header included).
    public var pendingBytes: Int { pending.count }
    /// The segment file being written, nil before the first.
    public var currentSegmentPath: String? { segmentPath.isEmpty ? nil : segmentPath }
    /// The writer's counters.
    public var stats: JournalWriterStats { counters }
    /// Whether ``close()`` was called.
    public var closed: Bool { isClosed }

    // MARK: Closing

    /// Commits what is pending, syncs everything (``syncNow()``) and closes the files. Closing twice does
    /// nothing. The descriptors are closed even when the sync fails; the error is thrown after.
    /// - Throws: the sync's or `close(2)`'s ``JournalError/io(operation:path:errno:)``, or
    ///   ``JournalError/writerFailed(path:cause:)`` when an earlier failure stopped the writer.
    public func close() throws {
        guard !isClosed else { return }
        var firstError: JournalError?
        if let failure {
            firstError = .writerFailed(path: directory, cause: failure.description)
        } else {
            do { try syncNow() } catch let error as JournalError { firstError = error }
        }
        isClosed = true
        for segment in retiredSegments { _ = Glibc.close(segment.fileDescriptor) }
        retiredSegments.removeAll()
        if fileDescriptor >= 0 {
            if case .failure(let error) = _JournalIO.close(fileDescriptor), firstError == nil {
                firstError = error.journalError(path: segmentPath)
            }
            fileDescriptor = -1
        }
        if let firstError { throw firstError }
    }

    /// Throws why the writer cannot work (closed, or stopped by a failure). Cold.
    @inline(never)
    func throwUnusable() throws -> Never {
        if let failure { throw JournalError.writerFailed(path: directory, cause: failure.description) }
        throw JournalError.closed(path: directory)
    }

    /// Records `error` as the writer's failure (the first one wins) and returns it, for `throw`.
    @inline(never)
    func fail(_ error: JournalError) -> JournalError {
        if failure == nil { failure = error }
        return error
    }
}

@available(*, unavailable, message: "JournalWriter belongs to one thread (the gateway's event loop)")
extension JournalWriter: Sendable {}

/// A segment that starts inside the pending bytes: its header is at `byteOffset`.
struct _PendingSegmentStart {
    var byteOffset: Int
    var firstSequence: UInt64
}

/// A finished segment whose last bytes are not yet synced.
struct _RetiredSegment {
    var fileDescriptor: Int32
    var path: String
}
