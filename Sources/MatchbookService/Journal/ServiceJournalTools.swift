import Foundation
import MatchbookBook
import MatchbookJournal
import MatchbookMemory

/// The offline journal tools behind `matchbook journal inspect` and `matchbook journal replay` (cold path: they
/// allocate freely). Neither changes the journal: a torn last record is reported, not cut.
public enum ServiceJournalTools {
    /// What a journal holds, as lines for people. Throws (naming the file and offset) when it is damaged beyond a
    /// torn last record.
    public static func inspect(directory: String) throws -> String {
        var counts: [ServiceJournalEntry.Kind: Int] = [:]
        var compIDs: [UInt32: String] = [:]
        var expected: [UInt32: Int] = [:]
        var lastSent: [UInt32: Int] = [:]
        var firstCommand: UInt64 = 0
        var lastCommand: UInt64 = 0
        var symbols: [String] = []
        var engineThreads = 0
        var bytes = 0
        let recovered = try JournalReader.scan(directory: directory, repair: false) { record in
            let entry = try decode(record)
            counts[entry.kind, default: 0] += 1
            bytes += record.payload.count
            switch entry {
            case .start(_, let threads, let rules):
                symbols = rules.map(\.symbol)
                engineThreads = threads
            case .session(let owner, let compID): compIDs[owner] = compID
            case .inbound(let owner, let next): expected[owner] = next
            case .reset(let owner):
                expected[owner] = 1
                lastSent[owner] = 0
            case .command(let entry):
                if firstCommand == 0 { firstCommand = entry.command.sequence }
                lastCommand = entry.command.sequence
            case .outbound(let sent): lastSent[sent.owner] = sent.sequence
            }
        }
        var lines = ["journal \(directory)"]
        if recovered.recordCount == 0 {
            lines.append("  empty (no records)")
        } else {
            lines.append("  records \(recovered.firstSequence)...\(recovered.lastSequence) (\(recovered.recordCount)), "
                + "payload bytes \(bytes)")
        }
        for segment in recovered.segments {
            lines.append("  segment \(segment.path): records \(segment.firstSequence)...\(segment.lastSequence) "
                + "(\(segment.recordCount)), \(segment.bytes) bytes")
        }
        for kind in ServiceJournalEntry.Kind.allCases {
            lines.append("  \(kind.name): \(counts[kind] ?? 0)")
        }
        if lastCommand != 0 { lines.append("  commands \(firstCommand)...\(lastCommand)") }
        if !symbols.isEmpty {
            lines.append("  written by \(engineThreads) engine thread(s) for \(symbols.joined(separator: ","))")
        }
        for owner in compIDs.keys.sorted() {
            lines.append("  session \(compIDs[owner]!) (owner \(owner)): next inbound MsgSeqNum expected "
                + "\(expected[owner] ?? 1), last MsgSeqNum sent \(lastSent[owner] ?? 0)")
        }
        let newest = ServiceSnapshot.newest(in: directory)
        if let snapshot = newest.snapshot, let path = newest.path {
            lines.append("  newest usable snapshot: \(path) (record \(snapshot.journalSequence), "
                + "\(snapshot.orders.count) live orders, \(snapshot.sessions.count) sessions)")
        } else {
            lines.append("  snapshots: none usable")
        }
        for skipped in newest.skipped { lines.append("  DAMAGED snapshot (recovery skips it): \(skipped)") }
        if recovered.recordCount > 0, recovered.firstSequence > 1 {
            lines.append("  records before \(recovered.firstSequence) were retired (archive/ or deleted): recovery and "
                + "replay start from a snapshot")
        }
        if let cut = recovered.cut {
            lines.append("  DAMAGE: a torn last record (a crash mid-write; start-up will cut it): \(cut)")
        } else {
            lines.append("  damage: none")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The books the journal's commands build, as `replay --book-out` writes them
    /// (`symbol,side,price,shares,orders`), with the number of commands applied. The commands run through as many
    /// engines as the service had (the journal's `start` record), sharded and numbering orders the same way, so
    /// cancels and replaces name the same order ids they named in the service.
    public static func replayBooks(directory: String, pages: PageSourceOptions) throws -> (csv: String, commands: Int) {
        var symbols: [SymbolRules]?
        var engineCount = 1
        var commands: [(record: UInt64, command: ServiceCommand)] = []
        let recovered = try JournalReader.scan(directory: directory, repair: false) { record in
            switch try decode(record) {
            case .start(_, let threads, let rules):
                if symbols == nil {
                    symbols = rules
                    engineCount = max(1, threads)
                }
            case .command(let entry): commands.append((record.sequence, entry.command))
            default: break
            }
        }
        // A journal whose first files were retired starts from the newest snapshot that covers what is missing.
        var snapshot: ServiceSnapshot?
        if recovered.recordCount > 0, recovered.firstSequence > 1 {
            let newest = ServiceSnapshot.newest(in: directory)
            guard let found = newest.snapshot, found.journalSequence + 1 >= recovered.firstSequence else {
                throw ServiceRecoveryError.badRecord(
                    path: directory, offset: 0, sequence: recovered.firstSequence,
                    reason: "the journal starts at record \(recovered.firstSequence) and no usable snapshot covers "
                        + "the records before it")
            }
            // (Without a start record in the files left, the snapshot's configuration is the one.)
            if symbols != nil, found.engines.count != engineCount {
                throw ServiceRecoveryError.configurationChanged(
                    path: directory, journaled: "\(engineCount) engine threads",
                    configured: "a snapshot of \(found.engines.count)")
            }
            snapshot = found
            commands.removeAll { $0.record <= found.journalSequence }
        }
        // The snapshot's configuration when the files with a start record were retired.
        if let snapshot {
            symbols = symbols ?? snapshot.symbols
            engineCount = snapshot.engines.count
        }
        guard let symbols else {
            if commands.isEmpty { return ("symbol,side,price,shares,orders\n", 0) }
            throw ServiceRecoveryError.badRecord(
                path: directory, offset: 0, sequence: 0, reason: "commands but no start record (no symbols)")
        }
        let capacity = MatchbookServer.capacity(symbols: symbols.count)
        let arena = ArenaConfiguration(
            totalBytes: capacity.requiredArenaBytes + (16 << 20), scratchBytes: 1 << 20, pages: pages)
        var lines: [String] = []
        let engines = engineCount
        for k in 0..<engines {
            let rules = symbols.filter {
                MatchbookServer.engineIndex(symbol: Int($0.locate) - 1, engines: engines) == k
            }
            let routed = commands.map(\.command).filter {
                MatchbookServer.engineIndex(symbol: Int($0.locate) - 1, engines: engines) == k
            }
            let restore = snapshot?.engines[k]
            let thread = try EngineThread<[String]>(name: "journal-replay-\(k)", cpu: nil, arena: arena) { arena, _ in
                var engine = try MatchingEngine(arena: arena, capacity: capacity, symbols: rules)
                engine.numberOrders(from: UInt64(k + 1), step: UInt64(engines))
                if let restore { try EngineWorker.restoreState(EngineWorker.EngineState.split(restore).engine, into: &engine) }
                for command in routed {
                    EngineWorker.applyToBooks(command, engine: &engine)
                    engine.clearEvents()
                    engine.clearChangedBooks()
                }
                return EngineWorker.levelLines(engine, symbols: rules)
            }
            lines += try thread.join()
        }
        lines.sort { $0.prefix { $0 != "," } < $1.prefix { $0 != "," } }
        return ((["symbol,side,price,shares,orders"] + lines).joined(separator: "\n") + "\n", commands.count)
    }

    private static func decode(_ record: JournalRecord) throws -> ServiceJournalEntry {
        do {
            return try ServiceJournalEntry.decode(type: record.type, payload: record.payload)
        } catch {
            throw ServiceRecoveryError.badRecord(
                path: record.path, offset: record.offset, sequence: record.sequence, reason: "\(error)")
        }
    }
}
