import Dispatch
import Histogram
import Logging
import MatchbookJournal
import NIOCore

/// The gateway's journal: every state change at the sequencing point (commands, session events, every message
/// sent) is appended before any acknowledgement leaves. Event-loop thread only.
///
/// Appends go to the writer's buffer; nothing reaches a client before `whenDurable` has handed the buffer to the
/// kernel (and, per policy, to the disk): each session's flush of its socket runs through it. So:
/// - `none`: a record is `write(2)`n before the ack it covers is flushed — it survives a process crash, not a
///   machine crash;
/// - `every`: one `fdatasync` per flush — it survives a machine crash, at a syscall per event-loop turn;
/// - `group:N`: acks wait for the `fdatasync` that covers them; syncs run one at a time on `syncQueue` (the event
///   loop goes on meanwhile), started at most once per N µs — it survives a machine crash, at about one sync (plus
///   what is left of the interval) of added latency.
final class ServiceJournal: @unchecked Sendable {
    // @unchecked: confined to the gateway's event loop (recovery hands it over there before anything else runs).
    private let writer: JournalWriter
    let policy: JournalSyncPolicy
    let directory: String
    private let eventLoop: EventLoop
    private let logger: Logger
    private var scratch: [UInt8] = []
    /// Flushes waiting for a group commit, with the last record each needs durable.
    private var waiting: [(covers: UInt64, flush: () -> Void)] = []
    private var syncScheduled = false
    /// A group sync is running on `syncQueue`; when the last one started.
    private var syncInFlight = false
    private var lastSyncStart: UInt64 = 0
    private var closed = false
    private let syncQueue = DispatchQueue(label: "matchbook.journal-sync", qos: .userInitiated)
    /// Set when a write or sync failed: the gateway then refuses commands and logons (nothing may be acked that
    /// the journal does not hold).
    private(set) var failure: String?
    /// Called once when the journal fails (the gateway logs every session out).
    var onFailure: ((String) -> Void)?

    // MARK: Context for outbound records

    /// The command whose replies are being turned into reports (0 outside that): outbound records name it, and
    /// recovery matches regenerated reports against them.
    var currentCommand: UInt64 = 0
    /// The gateway's next ExecID number, for outbound records (recovery continues after the largest).
    var nextExecID: UInt64 = 1
    /// Recovery: reports of each command already in the journal (sent before the crash), by command sequence.
    /// A regenerated report of such a command is dropped instead of sent again.
    var alreadySent: [UInt64: Int] = [:]
    /// Recovery is re-running the journal's commands: reports the journal holds are dropped (`alreadySent`).
    var replaying = false
    /// Reports recovery regenerated that the journal did not hold (sent after the restart).
    var regeneratedSends = 0

    // MARK: Measurements

    /// Nanoseconds to append one record (encode + copy into the writer's buffer).
    private(set) var appendNanos = Histogram<UInt64>(
        highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
    /// Nanoseconds of each commit (write(2), and fdatasync when the policy syncs).
    private(set) var commitNanos = Histogram<UInt64>(
        highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
    private(set) var recordsAppended = 0

    init(directory: String, options: JournalOptions, after recovered: JournalRecovery?, eventLoop: EventLoop,
         logger: Logger) throws {
        writer = try JournalWriter(options: options, after: recovered)
        policy = options.sync
        self.directory = directory
        self.eventLoop = eventLoop
        self.logger = logger
    }

    var stats: JournalWriterStats { writer.stats }
    var lastSequence: UInt64 { writer.lastSequence }

    // MARK: Appending

    /// Appends `entry`.
    func append(_ entry: ServiceJournalEntry) {
        guard failure == nil else { return }
        let started = ServiceGateway.monotonicNanos()
        scratch.removeAll(keepingCapacity: true)
        entry.encode(into: &scratch)
        do {
            try scratch.withUnsafeBytes { _ = try writer.append(type: entry.kind.rawValue, payload: $0) }
        } catch {
            fail("append: \(error)")
            return
        }
        recordsAppended += 1
        let elapsed = ServiceGateway.monotonicNanos() &- started
        _ = appendNanos.record(elapsed)
    }

    /// Whether an outbound message about to be sent is one recovery regenerated and the journal already holds
    /// (it was sent before the crash): then it must not be sent again nor take a new sequence number.
    func suppressRegenerated() -> Bool {
        guard currentCommand != 0, let left = alreadySent[currentCommand] else {
            if replaying { regeneratedSends += 1 }
            return false
        }
        if left <= 1 { alreadySent[currentCommand] = nil } else { alreadySent[currentCommand] = left - 1 }
        return true
    }

    // MARK: Committing

    /// Runs `flush` once everything appended so far is as durable as the policy promises: now for `none` and
    /// `every` (after the write and, for `every`, the sync), or for `group` when a sync that covers it has
    /// completed. Not at all once the journal has failed (the client then never sees an ack the journal may not
    /// hold).
    func whenDurable(_ flush: @escaping () -> Void) {
        guard failure == nil else { return }
        if case .group = policy {
            waiting.append((writer.lastSequence, flush))
            startGroupSync()
            return
        }
        let started = ServiceGateway.monotonicNanos()
        do {
            _ = try writer.commit()
        } catch {
            fail("commit: \(error)")
            return
        }
        _ = commitNanos.record(ServiceGateway.monotonicNanos() &- started)
        flush()
    }

    /// Hands what is buffered to the kernel now (before a Logout that is flushed at once, and at shutdown).
    func commitNow() {
        guard failure == nil else { return }
        do { _ = try writer.commit() } catch { fail("commit: \(error)") }
    }

    /// Group commit: one sync at a time, on `syncQueue`, so the event loop goes on reading and matching while the
    /// disk works. A sync starts when none is in flight and the last one started at least the interval ago; when it
    /// completes, the flushes it covers run, and the next sync starts for whatever came in meanwhile.
    private func startGroupSync() {
        guard case .group(let interval) = policy, !syncInFlight, !syncScheduled, !waiting.isEmpty,
              failure == nil else { return }
        let sinceLast = ServiceGateway.monotonicNanos() &- lastSyncStart
        let intervalNanos = UInt64(max(0, interval)) * 1_000
        if sinceLast < intervalNanos {
            syncScheduled = true
            eventLoop.scheduleTask(in: .nanoseconds(Int64(intervalNanos - sinceLast))) { [self] in
                syncScheduled = false
                startGroupSync()
            }
            return
        }
        let ticket: JournalSyncTicket?
        do {
            ticket = try writer.beginSync()
        } catch {
            fail("write: \(error)")
            return
        }
        guard let ticket else {
            release(through: writer.syncedSequence)  // already durable
            return
        }
        syncInFlight = true
        lastSyncStart = ServiceGateway.monotonicNanos()
        let loop = eventLoop
        syncQueue.async {
            ticket.perform()
            loop.execute { [self] in finishGroupSync(ticket) }
        }
    }

    private func finishGroupSync(_ ticket: JournalSyncTicket) {
        syncInFlight = false
        guard failure == nil, !closed else { return }
        do {
            try writer.endSync(ticket)
        } catch {
            fail("sync: \(error)")
            return
        }
        _ = commitNanos.record(ServiceGateway.monotonicNanos() &- lastSyncStart)
        release(through: ticket.coveredSequence)
        startGroupSync()
    }

    /// Runs the waiting flushes whose records are durable (they wait in record order).
    private func release(through sequence: UInt64) {
        var ready = 0
        while ready < waiting.count, waiting[ready].covers <= sequence { ready += 1 }
        guard ready > 0 else { return }
        let flushes = waiting.prefix(ready).map(\.flush)
        waiting.removeFirst(ready)
        for flush in flushes { flush() }
    }

    /// Writes and syncs everything and closes the files (graceful shutdown).
    func close() {
        // A sync in flight hands its answer to the event loop: let it do so before the loop can go away.
        if syncInFlight { syncQueue.sync {} }
        guard failure == nil else { return }
        do {
            try writer.close()
        } catch {
            fail("close: \(error)")
            return
        }
        closed = true
        for entry in waiting { entry.flush() }
        waiting.removeAll()
    }

    private func fail(_ what: String) {
        guard failure == nil else { return }
        let reason = "journal \(directory): \(what)"
        failure = reason
        waiting.removeAll()
        logger.critical("the journal failed: no more commands are accepted", metadata: ["reason": "\(reason)"])
        onFailure?(reason)
    }
}
