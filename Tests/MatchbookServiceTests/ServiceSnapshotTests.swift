import Foundation
import Logging
import MatchbookBook
import MatchbookJournal
@testable import MatchbookService
import Testing

/// Service snapshot files (codec, damage, fallback, retention) and start-up on a damaged journal.
@Suite("Service snapshots and damaged journals")
struct ServiceSnapshotTests {
    static func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("matchbook-snapshot-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func sample(sequence: UInt64 = 42) -> ServiceSnapshot {
        ServiceSnapshot(
            journalSequence: sequence,
            symbols: [SymbolRules(
                locate: 1, symbol: "AAPL", tickSize: 100, minPriceTicks: 10_000, maxPriceTicks: 10_000_000)],
            nextClientTag: 17, nextCommandSequence: 23, nextExecID: 99,
            sessions: [
                .init(owner: 1, compID: "CLIENT1", nextOutbound: 5, expectedInbound: 7,
                      clOrdIDs: [("A-1", 3), ("A-2", 4)], kept: [(3, Array("8=FIX.4.4|x".utf8)), (4, [1, 2, 3])]),
                .init(owner: 2, compID: "CLIENT2", nextOutbound: 1, expectedInbound: 1, clOrdIDs: [], kept: []),
            ],
            orders: [
                .init(clientTag: 3, owner: 1, clOrdID: "A-1", origClOrdID: nil, locate: 1, side: .buy,
                      orderQuantity: 100, priceTicks: 1_000_000, orderId: 1, cumulativeQuantity: 40,
                      notionalTicks: 40_000_000, leaves: 60, timeInForce: .gtc),
                .init(clientTag: 4, owner: 1, clOrdID: "A-2", origClOrdID: "A-0", locate: 2, side: .sell,
                      orderQuantity: 5, priceTicks: 2_000_000, orderId: 3, cumulativeQuantity: 0, notionalTicks: 0,
                      leaves: 5, timeInForce: .day),
            ],
            engines: [[9, 8, 7], []])
    }

    @Test("a snapshot reads back as written, and writes again to the same bytes")
    func roundTrip() throws {
        let bytes = Self.sample().encoded()
        let decoded = try ServiceSnapshot.decode(bytes)
        #expect(decoded.encoded() == bytes)
        #expect(decoded.symbols.map(\.symbol) == ["AAPL"] && decoded.symbols[0].tickSize == 100)
        #expect(decoded.journalSequence == 42 && decoded.nextExecID == 99 && decoded.engines == [[9, 8, 7], []])
        #expect(decoded.sessions.map(\.compID) == ["CLIENT1", "CLIENT2"])
        #expect(decoded.sessions[0].kept.map(\.0) == [3, 4] && decoded.sessions[0].clOrdIDs.map(\.0) == ["A-1", "A-2"])
        #expect(decoded.orders.map(\.origClOrdID) == [nil, "A-0"] && decoded.orders[0].leaves == 60)
    }

    @Test("every truncation and every flipped byte is refused, never read as a smaller snapshot")
    func damage() {
        let bytes = Self.sample().encoded()
        for length in 0..<bytes.count {
            #expect(throws: ServiceSnapshot.SnapshotError.self) { try ServiceSnapshot.decode(Array(bytes[..<length])) }
        }
        for index in bytes.indices {
            var damaged = bytes
            damaged[index] ^= 0x10
            #expect(throws: ServiceSnapshot.SnapshotError.self) { try ServiceSnapshot.decode(damaged) }
        }
    }

    @Test("recovery takes the newest snapshot that reads back whole and says which it skipped")
    func newestUsable() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Self.sample(sequence: 10).write(to: folder)
        let newest = try Self.sample(sequence: 20).write(to: folder)
        var damaged = try #require(FileManager.default.contents(atPath: newest))
        damaged[damaged.count / 2] ^= 0xFF
        try damaged.write(to: URL(fileURLWithPath: newest))
        let found = ServiceSnapshot.newest(in: folder)
        #expect(found.snapshot?.journalSequence == 10)
        #expect(found.skipped.count == 1 && found.skipped[0].contains("snapshot-00000000000000000020.mbs"))
        #expect(found.skipped[0].contains("checksum"))
    }

    @Test("retention moves only journal files wholly behind the snapshot, and snapshots older than the last two")
    func retention() throws {
        for policy in [JournalRetention.archive, .delete, .keep] {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            for first in [1, 100, 200] {
                let name = JournalFormat.segmentFileName(firstSequence: UInt64(first))
                #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data()))
            }
            for sequence in [50, 120, 150] { _ = try Self.sample(sequence: UInt64(sequence)).write(to: folder) }
            let (retired, problems) = ServiceSnapshot.retire(in: folder, through: 150, policy: policy)
            #expect(problems.isEmpty)
            let expected = policy == .keep ? [] : [
                JournalFormat.segmentFileName(firstSequence: 1), ServiceSnapshot.fileName(journalSequence: 50),
            ]
            #expect(retired.sorted() == expected.sorted(), "\(policy)")
            let archived = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/archive")) ?? []
            #expect(archived.sorted() == (policy == .archive ? expected.sorted() : []), "\(policy)")
            let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0 != "archive" }
            #expect(left.count == 6 - expected.count, "\(policy): \(left)")
        }
    }

    @Test("start-up on a journal damaged in the middle stops, naming the file and offset")
    func damagedJournalStopsStartUp() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A journal of three records written by the journal itself, then one byte of the middle record flipped.
        let writer = try JournalWriter(
            options: JournalOptions(directory: folder, sync: .none), after: JournalRecovery(directory: folder))
        var offsets: [Int] = []
        for index in 0..<3 {
            var payload: [UInt8] = []
            ServiceJournalEntry.session(owner: UInt32(index + 1), compID: "CLIENT\(index + 1)").encode(into: &payload)
            try writer.append(type: ServiceJournalEntry.Kind.session.rawValue, bytes: payload)
        }
        try writer.close()
        _ = try JournalReader.scan(directory: folder, repair: false) { offsets.append($0.offset) }
        let file = folder + "/" + JournalFormat.segmentFileName(firstSequence: 1)
        var bytes = try #require(FileManager.default.contents(atPath: file))
        bytes[offsets[1] + 24] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: file))

        let configuration = try await ServiceConfiguration.load(
            configFile: FIXClientEndToEndTests.packageRoot.appendingPathComponent("Config/matchbook.json").path,
            environment: [:],
            arguments: ["--fix-port", "0", "--http-port", "0", "--market-data-port", "0", "--page-policy", "off",
                        "--journal-directory", folder, "--journal-sync", "none"])
        let credentials = try SessionCredentials.load(path: configuration.sessionsFile)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = MatchbookServer(configuration: configuration, credentials: credentials, logger: logger)
        let error = #expect(throws: (any Error).self) { try server.start() }
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains(file) && text.contains("offset \(offsets[1])"), "\(text)")
        // Nothing was cut or changed: the damage is there for a person to look at.
        #expect(FileManager.default.contents(atPath: file) == bytes)
    }

    // MARK: Market data across restarts

    /// A server journaling to `folder` (no fsync, every file kept), on free ports.
    static func server(folder: String) async throws -> MatchbookServer {
        try await FIXClientEndToEndTests.startServer(
            folder: folder, sync: "none", extraArguments: ["--journal-retention", "keep"])
    }

    /// 1,000 orders through both demo sessions (half of them cross), every one acknowledged.
    static func load(_ server: MatchbookServer) throws {
        struct SessionsFile: Decodable { var sessions: [SessionCredentials.Entry] }
        let entries = try JSONDecoder().decode(SessionsFile.self, from: Data(contentsOf: URL(
            fileURLWithPath: server.configuration.sessionsFile))).sessions
        var options = FIXLoadGenerator.Options()
        options.port = server.fixPort
        options.rate = 2_000
        options.seconds = 0.5
        options.sessions = entries.prefix(2).map { ($0.senderCompID, $0.username, $0.password) }
        let result = try FIXLoadGenerator(options: options).run()
        #expect(result.acknowledged == result.sent && result.sent == 1_000, "\(result)")
    }

    /// `GET /book/AAPL`'s channel sequence and levels, once the book view shows at least `atLeast` (the drain
    /// publishes after the engine: it is polled for up to 5 s).
    static func publishedBook(_ server: MatchbookServer, atLeast: Int = 1) throws -> (sequence: Int, levels: String) {
        var last = (sequence: -1, levels: "")
        let deadline = Date().addingTimeInterval(5)
        repeat {
            let response = try FIXClientEndToEndTests.httpGet(port: server.httpPort, path: "/book/AAPL?depth=5")
            if response.hasPrefix("HTTP/1.1 200"), let body = response.range(of: "\r\n\r\n"),
               let object = try JSONSerialization.jsonObject(
                   with: Data(response[body.upperBound...].utf8)) as? [String: Any],
               let sequence = object["sequence"] as? Int {
                let levels = try JSONSerialization.data(
                    withJSONObject: ["bids": object["bids"] ?? [], "asks": object["asks"] ?? []], options: .sortedKeys)
                last = (sequence, String(decoding: levels, as: UTF8.self))
                if sequence >= atLeast { return last }
            }
            usleep(20_000)
        } while Date() < deadline
        return last
    }

    @Test("restarted from a snapshot, or from an older snapshot and the journal after it, the market-data channel goes on with the same sequence numbers and books")
    func publisherChannelSurvivesRestarts() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try await Self.server(folder: folder)
        try Self.load(first)
        let before = try Self.publishedBook(first, atLeast: 1_000)
        first.shutdown()  // a graceful stop writes a snapshot, the publisher's state with it

        let second = try await Self.server(folder: folder)
        let restored = try Self.publishedBook(second)
        #expect(restored.sequence == before.sequence && restored.levels == before.levels,
                "\(restored) after a restart from a snapshot of \(before)")
        try Self.load(second)
        let later = try Self.publishedBook(second, atLeast: before.sequence + 1_000)
        second.shutdown()

        // Without the newest snapshot, start-up takes the first one and replays the second run's commands.
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix("snapshot-") }.sorted()
        try #require(snapshots.count == 2, "\(snapshots)")
        try FileManager.default.removeItem(atPath: folder + "/" + snapshots[1])
        let third = try await Self.server(folder: folder)
        let replayed = try Self.publishedBook(third, atLeast: later.sequence)
        third.shutdown()
        #expect(later.sequence > before.sequence)
        #expect(replayed.sequence == later.sequence && replayed.levels == later.levels,
                "\(replayed) after a snapshot and the journal after it; the run had \(later)")
    }
}
