import Foundation
import MatchbookBook
import MatchbookITCH
import MatchbookMemory
import MatchbookPublisher
import Testing

/// The publisher and the reference subscriber over whole generated days: the subscriber's books equal the
/// engine's top D levels at every snapshot epoch and at the end, with and without injected loss.
@Suite("Publisher and subscriber")
struct PublisherSubscriberTests {
    static func options(depth: Int, every: Int, path: String) -> ReplayOptions {
        var options = ReplayOptions()
        options.capacity = .testing
        options.capacity.books = 256
        options.pages = PageSourceOptions(policy: .auto, lock: false)
        options.snapshotsOutPath = path
        options.publisher.depth = depth
        options.publisher.snapshotEveryMessages = every
        return options
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("matchbook-md-\(UUID().uuidString).bin").path
    }

    /// Replays a generated day with the publisher on: (engine's top-`depth` CSV, market-data bytes, stats).
    static func publish(seed: UInt64, messages: Int, symbols: Int, depth: Int, every: Int) throws
        -> (engineCSV: String, bytes: [UInt8], stats: PublisherStats)
    {
        let day = ITCHDayGenerator(seed: seed, messages: messages, symbols: symbols).generate()
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try ITCHReplay.run(
            .bytes(day, name: "day"), options: options(depth: depth, every: every, path: path), exportLevels: true,
            levelsDepth: depth)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        return (result.levelsCSV!, bytes, try #require(result.summary.publisher))
    }

    @Test("no loss: the subscriber's books equal the engine's at every epoch and at the end",
          arguments: [(seed: UInt64(1), depth: 5, every: 10_000), (2, 1, 2_500), (3, 12, 777), (4, 64, 50_000)])
    func lossless(seed: UInt64, depth: Int, every: Int) throws {
        let (engineCSV, bytes, stats) = try Self.publish(
            seed: seed, messages: 120_000, symbols: 40, depth: depth, every: every)
        var subscriber = BookSubscriber()
        var checkedSnapshots = 0
        for (message, _) in try WireDecoder.messages(in: bytes) {
            if case .snapshot(let snapshot) = message {
                // Before the snapshot is applied, the book rebuilt from incrementals must already equal it.
                let book = subscriber.books[snapshot.locate] ?? BookSubscriber.Book()
                #expect(book.bids == snapshot.bids && book.asks == snapshot.asks, "book \(snapshot.locate)")
                #expect(book.bookSequence == snapshot.bookSequence)
                #expect(snapshot.bids.count <= depth && snapshot.asks.count <= depth)
                checkedSnapshots += 1
            }
            subscriber.apply(message)
        }
        #expect(checkedSnapshots == stats.snapshots && stats.snapshots > 0)
        #expect(stats.snapshotEpochs == 120_000 / every + 1)
        #expect(subscriber.stats.channelGaps == 0 && subscriber.stats.bookGaps == 0)
        #expect(subscriber.lastSequence == stats.lastSequence)
        #expect(subscriber.stats.levelUpdates == stats.levelUpdates)
        #expect(stats.bytes == bytes.count)
        #expect(subscriber.levelsCSV() == engineCSV)
        #expect(engineCSV.split(separator: "\n").count > 40)  // the comparison compares something
    }

    @Test("injected loss: gaps are reported, books are discarded, and every book is exact after the next snapshot",
          arguments: [(seed: UInt64(11), dropEvery: 100), (12, 20), (13, 1_000)])
    func loss(seed: UInt64, dropEvery: Int) throws {
        let (engineCSV, bytes, _) = try Self.publish(
            seed: seed, messages: 120_000, symbols: 40, depth: 5, every: 5_000)
        let messages = try WireDecoder.messages(in: bytes).map(\.message)
        var random = SplitMix64(seed: seed)  // deterministic loss pattern per seed
        var lossless = BookSubscriber()
        var lossy = BookSubscriber()
        var dropped = 0
        var epochEnds = 0
        for (index, message) in messages.enumerated() {
            lossless.apply(message)
            if case .levelUpdate = message, random.next() % UInt64(dropEvery) == 0 {
                dropped += 1  // lost on the way: the lossy subscriber never sees it
            } else {
                lossy.apply(message)
            }
            // The end of a snapshot epoch: a snapshot followed by an incremental or the end of the stream.
            let isSnapshot = if case .snapshot = message { true } else { false }
            let nextIsSnapshot = index + 1 < messages.count
                && { if case .snapshot = messages[index + 1] { true } else { false } }()
            if isSnapshot && !nextIsSnapshot {
                epochEnds += 1
                #expect(lossy.gappedBooks.isEmpty, "after epoch \(epochEnds): \(lossy.gappedBooks)")
                #expect(lossy.levelsCSV() == lossless.levelsCSV(), "after epoch \(epochEnds)")
            }
        }
        #expect(dropped > 0)
        #expect(epochEnds > 10)
        #expect(lossy.stats.channelGaps > 0)
        #expect(lossy.stats.lostMessages == UInt64(dropped))
        #expect(lossy.stats.bookGaps > 0 && lossy.stats.recoveries > 0)
        #expect(lossy.levelsCSV() == engineCSV)
        #expect(lossless.levelsCSV() == engineCSV)
    }

    @Test("a subscriber joining mid-stream recovers each book at its next snapshot")
    func lateJoin() throws {
        let (engineCSV, bytes, _) = try Self.publish(seed: 21, messages: 60_000, symbols: 20, depth: 5, every: 4_000)
        let messages = try WireDecoder.messages(in: bytes).map(\.message)
        var subscriber = BookSubscriber()
        for message in messages[(messages.count / 2)...] { subscriber.apply(message) }
        #expect(subscriber.stats.channelGaps == 1)
        #expect(subscriber.gappedBooks.isEmpty)
        #expect(subscriber.levelsCSV() == engineCSV)
    }

    @Test("a cut file: the subscriber keeps every whole message before the cut and names the offset")
    func cutFile() throws {
        let (_, bytes, _) = try Self.publish(seed: 31, messages: 5_000, symbols: 5, depth: 5, every: 1_000)
        let messages = try WireDecoder.messages(in: bytes)
        let cut = messages[messages.count / 2].range.lowerBound + 3
        var subscriber = BookSubscriber()
        #expect(throws: WireError.truncated(offset: cut - 3, need: 16, have: 3)) {
            try subscriber.consume(Array(bytes[0..<cut]))
        }
        #expect(subscriber.stats.messages == messages.count / 2)
    }

    @Test("the publisher's options are checked")
    func badOptions() {
        #expect(throws: PublisherError.invalidDepth(0)) {
            _ = try ITCHReplay.run(
                .bytes(ITCHDayGenerator(seed: 1, messages: 10, symbols: 1).generate(), name: "day"),
                options: Self.options(depth: 0, every: 10, path: Self.temporaryPath()))
        }
        #expect(throws: PublisherError.invalidDepth(256)) {
            _ = try ITCHReplay.run(
                .bytes(ITCHDayGenerator(seed: 1, messages: 10, symbols: 1).generate(), name: "day"),
                options: Self.options(depth: 256, every: 10, path: Self.temporaryPath()))
        }
    }
}
