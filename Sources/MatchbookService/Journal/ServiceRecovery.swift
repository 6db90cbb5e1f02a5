#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import MatchbookBook
import MatchbookJournal
import NIOCore

/// Start-up from the journal: the gateway's sessions (owners, both sequence numbers, the messages kept for
/// resends) come back from the records, and every journaled command runs again, in order, through the same
/// deterministic engines — so books, order ids, ClOrdIDs and the orders' states are what they were. Reports the
/// replay regenerates that the journal shows were sent are dropped; those it shows were not (the crash came
/// between the command and its reports) are sent now, with the next sequence numbers, and kept for the client's
/// ResendRequest.
enum ServiceRecovery {
    struct Report: CustomStringConvertible {
        var records = 0
        var commands = 0
        var sessions = 0
        var segments = 0
        var reportsRegenerated = 0
        /// The snapshot recovery started from (its journal record), nil when it replayed the whole journal.
        var snapshotSequence: UInt64?
        var cut: JournalCut?
        var nanoseconds: UInt64 = 0

        var description: String {
            var text = snapshotSequence.map { "the snapshot at record \($0), then " } ?? ""
            text += "\(commands) commands replayed (\(records) journal records read, \(segments) segment(s), "
                + "\(sessions) sessions) in \(String(format: "%.1f", Double(nanoseconds) / 1e6)) ms"
            if reportsRegenerated > 0 { text += "; \(reportsRegenerated) reports not sent before the stop, sent now" }
            if let cut { text += "; cut a torn last record: \(cut)" }
            return text
        }
    }

    /// Recovers `gateway` and its engines from `directory` and opens the journal for appending after it.
    /// Runs before the listeners open; the engines and reply pumps must be running.
    ///
    /// - Throws: `ServiceRecoveryError` naming the file and offset of anything damaged other than a torn last
    ///   record, or a journal written for other symbols or engine threads; `JournalError` for I/O.
    static func recover(
        gateway: ServiceGateway, options: JournalOptions, engines: [EngineLink], routes: [Int],
        symbols: [SymbolRules], snapshot: ServiceSnapshot?, logger: Logger
    ) throws -> Report {
        let started = ServiceGateway.monotonicNanos()
        var report = Report()
        report.snapshotSequence = snapshot?.journalSequence
        if let snapshot {
            try gateway.eventLoop.submit { gateway.restore(snapshot) }.wait()
        }
        let skipThrough = snapshot?.journalSequence ?? 0
        // Pass 1, on the event loop (nothing else runs there yet): sessions and what they sent.
        let (recovered, commands, sentPerCommand, nextExecID) = try gateway.eventLoop.submit {
            try applyRecords(gateway: gateway, directory: options.directory, symbols: symbols,
                             engineThreads: engines.count, skipThrough: skipThrough)
        }.wait()
        if recovered.recordCount > 0, recovered.firstSequence > skipThrough + 1 {
            throw ServiceRecoveryError.badRecord(
                path: options.directory, offset: 0, sequence: recovered.firstSequence,
                reason: "the journal starts at record \(recovered.firstSequence) (earlier files were archived or "
                    + "deleted) but " + (snapshot == nil ? "no snapshot reads back whole"
                        : "the newest usable snapshot stands for record \(skipThrough)")
                    + ": put the archived files (archive/) back, or a snapshot that covers them")
        }
        if skipThrough > recovered.lastSequence {
            throw ServiceRecoveryError.badRecord(
                path: options.directory, offset: 0, sequence: recovered.lastSequence,
                reason: "the snapshot stands for record \(skipThrough) but the journal ends at record "
                    + "\(recovered.lastSequence): the journal lost records the snapshot holds")
        }
        report.records = recovered.recordCount
        report.segments = recovered.segments.count
        report.cut = recovered.cut
        report.commands = commands.count
        let journal = try ServiceJournal(
            directory: options.directory, options: options, after: recovered, eventLoop: gateway.eventLoop,
            logger: logger)
        report.sessions = try gateway.eventLoop.submit {
            journal.alreadySent = sentPerCommand
            journal.nextExecID = max(journal.nextExecID, nextExecID)
            gateway.nextExecID = max(gateway.nextExecID, nextExecID)
            gateway.journal = journal
            for session in gateway.sessions.values { session.journal = journal }
            journal.replaying = true
            return gateway.sessions.count
        }.wait()

        // Pass 2: the commands again, through the rings, in order. A full ring yields the event loop to the
        // reply drains and is tried again.
        var pushed = [Int](repeating: 0, count: engines.count)
        var next = 0
        while next < commands.count {
            let first = next
            let (count, perEngine) = try gateway.eventLoop.submit {
                var taken = 0
                var perEngine = [Int](repeating: 0, count: engines.count)
                while first + taken < commands.count, taken < 4_096 {
                    let entry = commands[first + taken]
                    if entry.command.kindRaw == ServiceCommandKind.endOfSession.rawValue {
                        guard gateway.producerPush(entry.command) else { break }
                        perEngine[routes[Int(entry.command.locate) - 1]] += 1
                        taken += 1
                        continue
                    }
                    guard let session = gateway.session(owner: entry.command.owner) else {
                        throw ServiceRecoveryError.unknownOwner(
                            owner: entry.command.owner, commandSequence: entry.command.sequence)
                    }
                    guard gateway.producerPush(entry.command) else { break }
                    gateway.remember(entry, session: session)
                    perEngine[routes[Int(entry.command.locate) - 1]] += 1
                    taken += 1
                }
                return (taken, perEngine)
            }.wait()
            next += count
            for k in pushed.indices { pushed[k] += perEngine[k] }
            if count == 0 { usleep(100) }
        }
        if let last = commands.last {
            try gateway.eventLoop.submit {
                gateway.nextCommandSequence = max(gateway.nextCommandSequence, last.command.sequence + 1)
            }.wait()
        }
        // Wait for the engines to apply everything, then take their last replies on the event loop.
        for (k, link) in engines.enumerated() {
            while link.commandsApplied.load(ordering: .acquiring) < pushed[k] {
                if link.failed.load(ordering: .relaxed) { throw ServiceRecoveryError.engineFailed(engine: k) }
                usleep(200)
            }
        }
        let unmatched = try gateway.eventLoop.submit {
            for link in engines { if let replies = link.replyConsumer { gateway.drainReplies(replies) } }
            journal.replaying = false
            let left = journal.alreadySent.values.reduce(0, +)
            journal.alreadySent = [:]
            journal.append(.start(
                wallNanos: FIXSession.nowNanos(), engineThreads: engines.count, symbols: symbols))
            journal.commitNow()
            return left
        }.wait()
        if unmatched > 0 {
            // The replay produced fewer reports than were sent: the engine did not replay the same way. Start-up
            // goes on (the books are what the journal's commands give) but this is loud.
            logger.error("recovery: reports in the journal that the replay did not produce again", metadata: [
                "count": "\(unmatched)"])
        }
        report.reportsRegenerated = try gateway.eventLoop.submit { journal.regeneratedSends }.wait()
        report.nanoseconds = ServiceGateway.monotonicNanos() &- started
        return report
    }

    /// Pass 1: reads every record, applies session state, collects the commands. Event loop.
    private static func applyRecords(
        gateway: ServiceGateway, directory: String, symbols: [SymbolRules], engineThreads: Int, skipThrough: UInt64
    ) throws -> (JournalRecovery, [ServiceJournalEntry.Command], [UInt64: Int], UInt64) {
        var commands: [ServiceJournalEntry.Command] = []
        var sentPerCommand: [UInt64: Int] = [:]
        var nextExecID = gateway.nextExecID
        var lastCommand = gateway.nextCommandSequence - 1
        let recovered = try JournalReader.scan(directory: directory, repair: true) { record in
            let entry: ServiceJournalEntry
            do {
                entry = try ServiceJournalEntry.decode(type: record.type, payload: record.payload)
            } catch {
                throw ServiceRecoveryError.badRecord(
                    path: record.path, offset: record.offset, sequence: record.sequence, reason: "\(error)")
            }
            func session(_ owner: UInt32) throws -> FIXSession {
                guard let session = gateway.session(owner: owner) else {
                    throw ServiceRecoveryError.badRecord(
                        path: record.path, offset: record.offset, sequence: record.sequence,
                        reason: "session owner \(owner) was never opened")
                }
                return session
            }
            if record.sequence <= skipThrough {
                // In the snapshot already; only the configuration it was written for is checked.
                guard case .start = entry else { return }
            }
            switch entry {
            case .start(_, let threads, let journaled):
                // Order ids and books depend on both: a journal replays only into the configuration it was
                // written with.
                if journaled.map(\.symbol) != symbols.map(\.symbol) || threads != engineThreads {
                    throw ServiceRecoveryError.configurationChanged(
                        path: record.path, journaled: "\(threads) engine threads, symbols "
                            + journaled.map(\.symbol).joined(separator: ","),
                        configured: "\(engineThreads) engine threads, symbols "
                            + symbols.map(\.symbol).joined(separator: ","))
                }
            case .session(let owner, let compID):
                if gateway.session(owner: owner) == nil { _ = gateway.makeSession(compID: compID, owner: owner) }
            case .inbound(let owner, let expected):
                try session(owner).expectedInbound = expected
            case .reset(let owner):
                let reset = try session(owner)
                reset.nextOutbound = 1
                reset.expectedInbound = 1
                reset.forgetSent()
            case .command(let command):
                guard command.command.sequence > lastCommand else {
                    throw ServiceRecoveryError.badRecord(
                        path: record.path, offset: record.offset, sequence: record.sequence,
                        reason: "command sequence \(command.command.sequence) after \(lastCommand)")
                }
                if command.command.kindRaw != ServiceCommandKind.endOfSession.rawValue {
                    _ = try session(command.command.owner)
                }
                lastCommand = command.command.sequence
                commands.append(command)
            case .outbound(let sent):
                try session(sent.owner).restoreSent(sent.bytes, sequence: sent.sequence)
                if sent.commandSequence != 0 { sentPerCommand[sent.commandSequence, default: 0] += 1 }
                nextExecID = max(nextExecID, sent.nextExecID)
            }
        }
        if let cut = recovered.cut {
            gateway.logger.warning("journal: cut a torn last record", metadata: ["cut": "\(cut)"])
        }
        return (recovered, commands, sentPerCommand, nextExecID)
    }
}

/// Why start-up from the journal stopped.
enum ServiceRecoveryError: Error, CustomStringConvertible {
    case badRecord(path: String, offset: Int, sequence: UInt64, reason: String)
    case configurationChanged(path: String, journaled: String, configured: String)
    case unknownOwner(owner: UInt32, commandSequence: UInt64)
    case engineFailed(engine: Int)

    var description: String {
        switch self {
        case .badRecord(let path, let offset, let sequence, let reason):
            "journal \(path) at offset \(offset) (record \(sequence)): \(reason)"
        case .configurationChanged(let path, let journaled, let configured):
            "journal \(path) was written with \(journaled); the configuration has \(configured). Recover with the "
                + "journal's configuration, or move the journal away to start empty"
        case .unknownOwner(let owner, let sequence):
            "journal command \(sequence) names session owner \(owner), which no record opened"
        case .engineFailed(let engine): "engine \(engine) failed while the journal was replayed"
        }
    }
}
