import Foundation
import MatchbookBook
import MatchbookJournal

/// A snapshot of the whole service at one journal record: the gateway's sessions and live orders, and each
/// engine's state (`MatchingEngine.writeSnapshot`). Recovery restores the newest usable one and replays only the
/// journal records after `journalSequence`, so its time is bounded by the journal since the last snapshot.
///
/// File `DIR/snapshot-<journal sequence, 20 digits>.mbs`, little-endian, written to a temporary name, synced and
/// renamed (a crash leaves either the old set of snapshots or the new one):
///
/// | part | layout |
/// |---|---|
/// | header | magic `MBSS`; u16 version = 1; u16 engine threads; u64 journal sequence; u64 total bytes |
/// | configuration | u32 length, then a journal `start` record's payload: the symbols and engine threads it was written for (so it can be replayed when the journal files that held them are retired) |
/// | gateway | u64 next client tag, next command sequence, next ExecID; u32 sessions, each: u32 owner, string CompID, u64 next outbound, u64 next expected inbound, u32 ClOrdIDs (string, u64 tag each), u32 kept messages (u64 MsgSeqNum, u32 length, bytes each); u32 live orders, each: u64 client tag, u32 owner, string ClOrdID, string OrigClOrdID (empty: none), u16 locate, u8 side, u32 order quantity, u32 price ticks, u64 order id, u32 cumulative quantity, u64 notional ticks, u32 leaves, u8 time in force |
/// | engines | per engine: u64 length, the engine's snapshot |
/// | trailer | u32 CRC-32C of everything before it |
struct ServiceSnapshot {
    struct Session {
        var owner: UInt32
        var compID: String
        var nextOutbound: Int
        var expectedInbound: Int
        var clOrdIDs: [(String, UInt64)]
        var kept: [(Int, [UInt8])]
    }

    struct Order {
        var clientTag: UInt64
        var owner: UInt32
        var clOrdID: String
        var origClOrdID: String?
        var locate: UInt16
        var side: Side
        var orderQuantity: UInt32
        var priceTicks: UInt32
        var orderId: UInt64
        var cumulativeQuantity: UInt32
        var notionalTicks: UInt64
        var leaves: UInt32
        var timeInForce: TimeInForce
    }

    static let magic: UInt32 = 0x5353_424D  // "MBSS"
    static let version: UInt16 = 1

    var journalSequence: UInt64
    /// The symbols' rules (locate order) the engines were built with.
    var symbols: [SymbolRules]
    var nextClientTag: UInt64
    var nextCommandSequence: UInt64
    var nextExecID: UInt64
    var sessions: [Session]
    var orders: [Order]
    var engines: [[UInt8]]

    static func fileName(journalSequence: UInt64) -> String {
        let digits = String(journalSequence)
        return "snapshot-" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".mbs"
    }

    // MARK: Encoding

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(Self.magic)
        bytes.appendLittleEndian(Self.version)
        bytes.appendLittleEndian(UInt16(engines.count))
        bytes.appendLittleEndian(journalSequence)
        bytes.appendLittleEndian(UInt64(0))  // total bytes, set below
        var configuration: [UInt8] = []
        ServiceJournalEntry.start(wallNanos: 0, engineThreads: engines.count, symbols: symbols)
            .encode(into: &configuration)
        bytes.appendLittleEndian(UInt32(configuration.count))
        bytes.append(contentsOf: configuration)
        bytes.appendLittleEndian(nextClientTag)
        bytes.appendLittleEndian(nextCommandSequence)
        bytes.appendLittleEndian(nextExecID)
        bytes.appendLittleEndian(UInt32(sessions.count))
        for session in sessions {
            bytes.appendLittleEndian(session.owner)
            bytes.appendString(session.compID)
            bytes.appendLittleEndian(UInt64(session.nextOutbound))
            bytes.appendLittleEndian(UInt64(session.expectedInbound))
            bytes.appendLittleEndian(UInt32(session.clOrdIDs.count))
            for (clOrdID, tag) in session.clOrdIDs {
                bytes.appendString(clOrdID)
                bytes.appendLittleEndian(tag)
            }
            bytes.appendLittleEndian(UInt32(session.kept.count))
            for (sequence, message) in session.kept {
                bytes.appendLittleEndian(UInt64(sequence))
                bytes.appendLittleEndian(UInt32(message.count))
                bytes.append(contentsOf: message)
            }
        }
        bytes.appendLittleEndian(UInt32(orders.count))
        for order in orders {
            bytes.appendLittleEndian(order.clientTag)
            bytes.appendLittleEndian(order.owner)
            bytes.appendString(order.clOrdID)
            bytes.appendString(order.origClOrdID ?? "")
            bytes.appendLittleEndian(order.locate)
            bytes.append(order.side.rawValue)
            bytes.appendLittleEndian(order.orderQuantity)
            bytes.appendLittleEndian(order.priceTicks)
            bytes.appendLittleEndian(order.orderId)
            bytes.appendLittleEndian(order.cumulativeQuantity)
            bytes.appendLittleEndian(order.notionalTicks)
            bytes.appendLittleEndian(order.leaves)
            bytes.append(order.timeInForce.rawValue)
        }
        for engine in engines {
            bytes.appendLittleEndian(UInt64(engine.count))
            bytes.append(contentsOf: engine)
        }
        let total = UInt64(bytes.count + 4)
        withUnsafeBytes(of: total.littleEndian) { bytes.replaceSubrange(16..<24, with: $0) }
        let crc = bytes.withUnsafeBytes { JournalFormat.crc32c($0) }
        bytes.appendLittleEndian(crc)
        return bytes
    }

    // MARK: Decoding

    /// Reads a snapshot; throws what is wrong and where.
    static func decode(_ data: [UInt8]) throws(SnapshotError) -> ServiceSnapshot {
        guard data.count >= 28 else { throw SnapshotError(reason: "\(data.count) bytes is too short", offset: 0) }
        let stored = data.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: data.count - 4,
                                                                                   as: UInt32.self)) }
        let computed = data.withUnsafeBytes {
            JournalFormat.crc32c(UnsafeRawBufferPointer(rebasing: $0.dropLast(4)))
        }
        guard stored == computed else {
            throw SnapshotError(reason: "checksum mismatch (torn or damaged file)", offset: data.count - 4)
        }
        let result: Result<ServiceSnapshot, SnapshotError> = data.withUnsafeBytes { raw in
            var reader = LittleEndianReader(bytes: UnsafeRawBufferPointer(rebasing: raw.dropLast(4)))
            do {
                return .success(try readBody(&reader, fileBytes: data.count))
            } catch let error as SnapshotError {
                return .failure(error)
            } catch {
                return .failure(SnapshotError(reason: "\(error)", offset: reader.offset))
            }
        }
        return try result.get()
    }

    /// The fields after the checksum check; throws `SnapshotError` or the reader's `DecodeError`.
    private static func readBody(_ reader: inout LittleEndianReader, fileBytes: Int) throws -> ServiceSnapshot {
        guard try reader.read(UInt32.self) == magic else { throw SnapshotError(reason: "not a snapshot", offset: 0) }
        let version = try reader.read(UInt16.self)
        guard version == Self.version else {
            throw SnapshotError(reason: "format version \(version) is not \(Self.version)", offset: 4)
        }
        let engineCount = Int(try reader.read(UInt16.self))
        let journalSequence = try reader.read(UInt64.self)
        let total = try reader.read(UInt64.self)
        guard total == UInt64(fileBytes) else {
            throw SnapshotError(reason: "header says \(total) bytes, the file has \(fileBytes)", offset: 16)
        }
        let configuration = try reader.bytes(Int(try reader.read(UInt32.self)))
        let symbols: [SymbolRules]
        do {
            guard case .start(_, _, let rules) = try configuration.withUnsafeBytes({
                try ServiceJournalEntry.decode(type: ServiceJournalEntry.Kind.start.rawValue, payload: $0)
            }) else { throw SnapshotError(reason: "no configuration", offset: 24) }
            symbols = rules
        } catch {
            throw SnapshotError(reason: "configuration: \(error)", offset: 24)
        }
        var snapshot = ServiceSnapshot(
            journalSequence: journalSequence, symbols: symbols, nextClientTag: try reader.read(UInt64.self),
            nextCommandSequence: try reader.read(UInt64.self), nextExecID: try reader.read(UInt64.self),
            sessions: [], orders: [], engines: [])
        for _ in 0..<Int(try reader.read(UInt32.self)) {
            let owner = try reader.read(UInt32.self)
            let compID = try reader.string()
            let nextOutbound = Int(try reader.read(UInt64.self))
            let expected = Int(try reader.read(UInt64.self))
            var clOrdIDs: [(String, UInt64)] = []
            for _ in 0..<Int(try reader.read(UInt32.self)) {
                clOrdIDs.append((try reader.string(), try reader.read(UInt64.self)))
            }
            var kept: [(Int, [UInt8])] = []
            for _ in 0..<Int(try reader.read(UInt32.self)) {
                let sequence = Int(try reader.read(UInt64.self))
                kept.append((sequence, try reader.bytes(Int(try reader.read(UInt32.self)))))
            }
            snapshot.sessions.append(Session(
                owner: owner, compID: compID, nextOutbound: nextOutbound, expectedInbound: expected,
                clOrdIDs: clOrdIDs, kept: kept))
        }
        for _ in 0..<Int(try reader.read(UInt32.self)) {
            let clientTag = try reader.read(UInt64.self)
            let owner = try reader.read(UInt32.self)
            let clOrdID = try reader.string()
            let orig = try reader.string()
            let locate = try reader.read(UInt16.self)
            guard let side = Side(rawValue: try reader.read(UInt8.self)) else {
                throw SnapshotError(reason: "bad side", offset: reader.offset - 1)
            }
            snapshot.orders.append(Order(
                clientTag: clientTag, owner: owner, clOrdID: clOrdID, origClOrdID: orig.isEmpty ? nil : orig,
                locate: locate, side: side, orderQuantity: try reader.read(UInt32.self),
                priceTicks: try reader.read(UInt32.self), orderId: try reader.read(UInt64.self),
                cumulativeQuantity: try reader.read(UInt32.self), notionalTicks: try reader.read(UInt64.self),
                leaves: try reader.read(UInt32.self),
                timeInForce: TimeInForce(rawValue: try reader.read(UInt8.self)) ?? .day))
        }
        for _ in 0..<engineCount {
            snapshot.engines.append(try reader.bytes(Int(try reader.read(UInt64.self))))
        }
        guard reader.offset == fileBytes - 4 else {
            throw SnapshotError(reason: "\(fileBytes - 4 - reader.offset) bytes left over", offset: reader.offset)
        }
        return snapshot
    }

    struct SnapshotError: Error, CustomStringConvertible {
        var reason: String
        var offset: Int
        var description: String { "\(reason) (at byte \(offset))" }
    }

    // MARK: Files

    /// Writes `self` into `directory` (temporary name, fsync, rename, fsync of the folder). Returns the path.
    func write(to directory: String) throws(JournalError) -> String {
        let path = directory + "/" + Self.fileName(journalSequence: journalSequence)
        try JournalFiles.writeDurably(encoded(), to: path)
        return path
    }

    /// After a snapshot at `sequence`: journal files whose records all come before it (never the last file) and
    /// snapshots older than the newest two are archived into `directory/archive/` or deleted. Returns what it
    /// moved or deleted, and what it could not (with why).
    static func retire(in directory: String, through sequence: UInt64, policy: JournalRetention)
        -> (retired: [String], problems: [String])
    {
        guard policy != .keep else { return ([], []) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let segments = names.compactMap { name -> (String, UInt64)? in
            guard name.hasPrefix("journal-"), name.hasSuffix(".mbj"), name.count == 32,
                  let first = UInt64(name.dropFirst(8).prefix(20)) else { return nil }
            return (name, first)
        }.sorted { $0.1 < $1.1 }
        var victims: [String] = []
        for index in segments.indices.dropLast() where segments[index + 1].1 - 1 <= sequence {
            victims.append(segments[index].0)
        }
        victims += names.filter { $0.hasPrefix("snapshot-") && $0.hasSuffix(".mbs") }.sorted(by: >).dropFirst(2)
        var retired: [String] = []
        var problems: [String] = []
        for name in victims {
            let path = directory + "/" + name
            do {
                if policy == .archive { try JournalFiles.move(path, into: directory + "/archive") } else {
                    try JournalFiles.remove(path)
                }
                retired.append(name)
            } catch {
                problems.append("\(error)")
            }
        }
        return (retired, problems)
    }

    /// The newest snapshot in `directory` that reads back whole, and the ones skipped (newest first) with why.
    static func newest(in directory: String) -> (snapshot: ServiceSnapshot?, path: String?, skipped: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix("snapshot-") && $0.hasSuffix(".mbs") }.sorted(by: >)
        var skipped: [String] = []
        for name in names {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                skipped.append("\(path): unreadable")
                continue
            }
            do {
                return (try decode(Array(data)), path, skipped)
            } catch {
                skipped.append("\(path): \(error)")
            }
        }
        return (nil, nil, skipped)
    }
}
