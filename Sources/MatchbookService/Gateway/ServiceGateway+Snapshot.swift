#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MatchbookBook

/// Service snapshots: the gateway's state and every engine's, at one journal record.
extension ServiceGateway {
    /// Takes a snapshot now and writes it into the journal's folder. Event loop; it holds the loop (no new
    /// command can come in) while every engine writes its state after the commands before it and the replies
    /// to those are handled, so gateway and engines are at the same point: the last journal record.
    ///
    /// - Returns: the file's path and the journal record it stands for.
    /// - Throws: when journaling is off or has failed, when an engine does not answer, or the file cannot be
    ///   written (named).
    func takeSnapshot(engines: [EngineLink]) throws -> (path: String, journalSequence: UInt64, bytes: Int) {
        guard let journal else { throw SnapshotRefusal(reason: "journaling is off (journalSync off)") }
        if let failure = journal.failure { throw SnapshotRefusal(reason: failure) }
        var command = ServiceCommand(kind: .snapshot, owner: 0, clientTag: 0)
        command.sequence = 0
        let before = engines.map { $0.snapshotsWritten.load(ordering: .acquiring) }
        let publishersBefore = engines.map { $0.publisherStatesWritten.load(ordering: .acquiring) }
        for link in engines {
            // Straight into that engine's ring (no symbol routes a snapshot).
            while !link.commandProducer!.push(command) {
                drainAll(engines)
                sched_yield()
            }
        }
        let deadline = Self.monotonicNanos() + 30_000_000_000
        for (k, link) in engines.enumerated() {
            while link.snapshotsWritten.load(ordering: .acquiring) == before[k]
                    || link.publisherStatesWritten.load(ordering: .acquiring) == publishersBefore[k] {
                // The engine may be waiting for room in its reply ring: take replies while we wait.
                drainAll(engines)
                guard Self.monotonicNanos() < deadline else {
                    throw SnapshotRefusal(reason: "engine \(k) did not write its state within 30 s")
                }
                sched_yield()
            }
        }
        // Every reply to a command before the snapshot command was written before the engine's state: take them.
        drainAll(engines)
        journal.commitNow()
        let snapshot = ServiceSnapshot(
            journalSequence: journal.lastSequence,
            symbols: configuration.symbols.enumerated().map { $0.element.rules(locate: UInt16($0.offset + 1)) },
            nextClientTag: nextClientTag,
            nextCommandSequence: nextCommandSequence, nextExecID: nextExecID,
            sessions: sessions.values.sorted { $0.owner < $1.owner }.map { session in
                ServiceSnapshot.Session(
                    owner: session.owner, compID: session.compID, nextOutbound: session.nextOutbound,
                    expectedInbound: session.expectedInbound,
                    clOrdIDs: session.clOrdIDs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                    kept: session.keptMessages)
            },
            orders: orders.values.filter { !$0.isDone }.sorted { $0.clientTag < $1.clientTag }.map { order in
                ServiceSnapshot.Order(
                    clientTag: order.clientTag, owner: order.session.owner, clOrdID: order.clOrdID,
                    origClOrdID: order.origClOrdID, locate: order.locate, side: order.side,
                    orderQuantity: order.orderQuantity, priceTicks: order.priceTicks, orderId: order.orderId,
                    cumulativeQuantity: order.cumulativeQuantity, notionalTicks: order.notionalTicks,
                    leaves: order.leaves, timeInForce: order.timeInForce)
            },
            engines: engines.map { EngineWorker.EngineState.join(engine: $0.snapshot, publisher: $0.publisherState) })
        let path = try snapshot.write(to: journal.directory)
        metrics.snapshots += 1
        let (retired, problems) = ServiceSnapshot.retire(
            in: journal.directory, through: snapshot.journalSequence, policy: configuration.journalRetention)
        if !retired.isEmpty {
            logger.info("journal files behind the snapshot retired", metadata: [
                "policy": "\(configuration.journalRetention.rawValue)", "files": "\(retired.joined(separator: ","))"])
        }
        for problem in problems { logger.error("could not retire a journal file", metadata: ["file": "\(problem)"]) }
        logger.info("snapshot written", metadata: [
            "path": "\(path)", "journalSequence": "\(snapshot.journalSequence)"])
        return (path, snapshot.journalSequence, (try? FileManager.default.attributesOfItem(atPath: path)[.size]
            as? Int) ?? 0)
    }

    /// Ends the trading session on every engine: one journaled `.endOfSession` command each, through the
    /// sequencing point (so recovery replays it in its place), then a snapshot once their replies are in — the
    /// next start replays nothing from this session. Event loop.
    /// - Returns: the snapshot taken (nil when journaling is off).
    func endSession(engines: [EngineLink]) throws -> (path: String, journalSequence: UInt64, bytes: Int)? {
        if let failure = journal?.failure { throw SnapshotRefusal(reason: failure) }
        for k in engines.indices where k < configuration.symbols.count {
            // Symbol k belongs to engine k (round-robin), so its locate routes the command there.
            var entry = ServiceJournalEntry.Command(
                command: ServiceCommand(kind: .endOfSession, owner: 0, clientTag: 0, locate: UInt16(k + 1)),
                clOrdID: "")
            entry.command.sequence = nextCommandSequence
            while !producerPush(entry.command) {
                drainAll(engines)
                sched_yield()
            }
            nextCommandSequence += 1
            journal?.append(.command(entry))
        }
        metrics.sessionEnds += 1
        logger.info("the trading session ended: day orders expire, GTC orders carry over")
        guard journal != nil else {
            drainAll(engines)
            return nil
        }
        return try takeSnapshot(engines: engines)
    }

    func drainAll(_ engines: [EngineLink]) {
        for link in engines { if let replies = link.replyConsumer { drainReplies(replies) } }
    }

    /// Recovery: the gateway as a snapshot left it (sessions with their kept messages, live orders).
    func restore(_ snapshot: ServiceSnapshot) {
        nextClientTag = snapshot.nextClientTag
        nextCommandSequence = snapshot.nextCommandSequence
        nextExecID = snapshot.nextExecID
        for saved in snapshot.sessions {
            let session = self.session(owner: saved.owner) ?? makeSession(compID: saved.compID, owner: saved.owner)
            session.expectedInbound = saved.expectedInbound
            for (sequence, bytes) in saved.kept { session.restoreSent(bytes, sequence: sequence) }
            session.nextOutbound = saved.nextOutbound
            for (clOrdID, tag) in saved.clOrdIDs { session.clOrdIDs[clOrdID] = tag }
        }
        for saved in snapshot.orders {
            guard let session = session(owner: saved.owner) else { continue }
            var order = GatewayOrder(
                clientTag: saved.clientTag, session: session, clOrdID: saved.clOrdID,
                symbol: configuration.symbols[Int(saved.locate) - 1].name, locate: saved.locate, side: saved.side,
                orderQuantity: saved.orderQuantity, priceTicks: saved.priceTicks, leaves: saved.leaves)
            order.origClOrdID = saved.origClOrdID
            order.orderId = saved.orderId
            order.cumulativeQuantity = saved.cumulativeQuantity
            order.notionalTicks = saved.notionalTicks
            order.timeInForce = saved.timeInForce
            orders[saved.clientTag] = order
            if saved.orderId != 0 { makerTags[saved.orderId] = saved.clientTag }
        }
    }
}

/// Why a snapshot was not taken.
struct SnapshotRefusal: Error, CustomStringConvertible {
    var reason: String
    var description: String { "no snapshot: \(reason)" }
}
