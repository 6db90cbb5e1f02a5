#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MatchbookBook
import MatchbookITCH
import MatchbookMemory
import MatchbookPublisher
import Testing

/// A sink that keeps every chunk it is handed. With `blocksFirstDeliver` its first `deliver` waits until
/// `open()` (called from the engine thread through `ReplayOptions.progress`), so the drain stops and the engine's
/// ring fills: a deterministic stall, released by the engine's own progress, never by a timer.
final class RecordingSink: MarketDataSink, @unchecked Sendable {
    // @unchecked: `deliver`/`finish` run on the drain thread; the test reads after the replay returned (the drain
    // thread was joined); the lock orders the rest.
    let name: String
    private let lock = NSLock()
    private var received: [[UInt8]] = []
    private let gate = DispatchSemaphore(value: 0)
    private let blocksFirstDeliver: Bool
    private var opened = false
    private var waited = false
    private var timedOut = false
    private var finishes = 0

    init(name: String = "recording", blocksFirstDeliver: Bool = false) {
        self.name = name
        self.blocksFirstDeliver = blocksFirstDeliver
    }

    /// Lets a blocked first `deliver` go on. Idempotent; any thread.
    func open() {
        lock.lock()
        defer { lock.unlock() }
        if !opened {
            opened = true
            gate.signal()
        }
    }

    func deliver(_ chunk: UnsafeRawBufferPointer) {
        if blocksFirstDeliver && !waited {
            waited = true
            // A safety net against a hang if `open()` is never called; the test fails on `gateTimedOut`.
            if gate.wait(timeout: .now() + .seconds(300)) == .timedOut {
                lock.lock()
                timedOut = true
                lock.unlock()
            }
        }
        let copy = Array(chunk)
        lock.lock()
        received.append(copy)
        lock.unlock()
    }

    func finish() -> String? {
        lock.lock()
        finishes += 1
        lock.unlock()
        return nil
    }

    var chunks: [[UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    var bytes: [UInt8] { chunks.flatMap { $0 } }

    var gateTimedOut: Bool {
        lock.lock()
        defer { lock.unlock() }
        return timedOut
    }

    var finishCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return finishes
    }
}

struct CollectorError: Error {
    var call: String
    var errno: Int32
}

/// A UDP socket on 127.0.0.1 (port 0: the kernel picks) whose own thread receives datagrams until `stop()` and a
/// quiet moment.
final class UDPCollector: @unchecked Sendable {
    // @unchecked: `datagrams` and `stopping` are behind `lock`; the socket is read by the receiving thread only.
    let socket: Int32
    let port: UInt16
    /// The receive buffer the kernel granted (bytes, as getsockopt reports it).
    let receiveBufferBytes: Int32
    private let lock = NSLock()
    private var stopping = false
    private var datagrams: [[UInt8]] = []
    private var thread: WorkerThread?

    init() throws {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw CollectorError(call: "socket", errno: errno) }
        // As large a receive buffer as allowed: SO_RCVBUFFORCE ignores rmem_max (needs CAP_NET_ADMIN).
        var wanted: Int32 = 64 << 20
        let size = socklen_t(MemoryLayout<Int32>.size)
        if setsockopt(descriptor, SOL_SOCKET, SO_RCVBUFFORCE, &wanted, size) != 0 {
            _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &wanted, size)
        }
        var granted: Int32 = 0
        var grantedSize = size
        _ = getsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &granted, &grantedSize)
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_port = 0
        local.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let error = errno
            close(descriptor)
            throw CollectorError(call: "bind", errno: error)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        socket = descriptor
        port = UInt16(bigEndian: actual.sin_port)
        receiveBufferBytes = granted
        thread = try WorkerThread(name: "udp-collector") { [self] in run() }
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready > 0 {
                let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    let datagram = Array(buffer[0..<count])
                    lock.lock()
                    datagrams.append(datagram)
                    lock.unlock()
                }
                continue
            }
            // Idle for 50 ms: done if the sender has finished.
            lock.lock()
            let done = stopping
            lock.unlock()
            if done { return }
        }
    }

    /// Stops receiving once the socket is quiet, closes it and returns every datagram, in arrival order.
    func stop() -> [[UInt8]] {
        lock.lock()
        stopping = true
        lock.unlock()
        thread?.join()
        thread = nil
        close(socket)
        lock.lock()
        defer { lock.unlock() }
        return datagrams
    }
}

/// The publisher's sinks and drain end to end: back-pressure from a stuck sink is dropped (and counted) on the engine
/// side, never waited for; UDP with loss; trades on the wire; time-based epochs; refresh snapshots; bad paths.
@Suite("Publisher sinks")
struct PublisherSinkTests {
    // MARK: Helpers

    /// Replay options with the publisher on and no file sink (`sinks` only).
    static func options(depth: Int = 5, every: Int, sinks: [any MarketDataSink]) -> ReplayOptions {
        var options = PublisherSubscriberTests.options(depth: depth, every: every, path: "")
        options.snapshotsOutPath = nil
        options.marketDataSinks = sinks
        return options
    }

    /// The engine's CSV (`replay --book-out` levels) as lines per symbol.
    static func booksByName(_ csv: String) -> [String: [String]] {
        var books: [String: [String]] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let name = String(line.prefix { $0 != "," })
            books[name, default: []].append(String(line))
        }
        return books
    }

    /// A subscriber's book as the same CSV lines, named `name`.
    static func lines(_ book: BookSubscriber.Book?, name: String) -> [String] {
        guard let book else { return [] }
        return book.bids.map { "\(name),B,\($0.priceTicks),\($0.shares),\($0.orders)" }
            + book.asks.map { "\(name),S,\($0.priceTicks),\($0.shares),\($0.orders)" }
    }

    /// Symbol names by locate, from the symbol definitions of a whole stream.
    static func names(_ messages: [WireMessage]) -> [UInt16: String] {
        var names: [UInt16: String] = [:]
        for case .symbolDefinition(let definition, _) in messages {
            names[definition.locate] = BookSubscriber.symbolText(definition.symbol) ?? "\(definition.locate)"
        }
        return names
    }

    static func isIncremental(_ message: WireMessage) -> Bool {
        if case .snapshot = message { return false }
        return true
    }

    static func locate(_ message: WireMessage) -> UInt16 {
        switch message {
        case .symbolDefinition(let definition, _): definition.locate
        case .levelUpdate(let update, _): update.locate
        case .trade(let trade, _): trade.locate
        case .snapshot(let snapshot): snapshot.locate
        }
    }

    /// What a lossy stream lost against the whole one (every message the publisher wrote, in order).
    struct Loss {
        var droppedMessages = 0
        var droppedBytes = 0
        /// Sequenced messages lost: what a subscriber must count in `lostMessages`.
        var droppedIncrementals = 0
        var droppedSnapshots = 0
        /// Books that lost a level update or symbol definition and got no snapshot after the last such loss:
        /// the only books a subscriber can end up wrong on.
        var unhealed: Set<UInt16> = []
    }

    /// Matches `received` against `whole`, the lossless stream of the same day: every received incremental must
    /// be `whole`'s message of that sequence, in rising order; every received snapshot must equal the book that
    /// `whole`'s incrementals build up to the snapshot's sequence (a run that dropped chunks writes snapshots of
    /// every active book at its next epoch, which `whole` does not have, so snapshots are checked by content).
    /// `droppedSnapshots` counts `whole`'s snapshots not received (meaningful when both came from one run).
    /// Nil when something received is not in `whole`, out of order, or a wrong snapshot.
    static func loss(whole: [(message: WireMessage, range: Range<Int>)], received: [WireMessage]) -> Loss? {
        var result = Loss()
        var incrementals: [(sequence: UInt64, message: WireMessage, bytes: Int)] = []
        var wholeSnapshots: [WireMessage] = []
        for (message, range) in whole {
            switch message {
            case .symbolDefinition(_, let sequence), .levelUpdate(_, let sequence), .trade(_, let sequence):
                incrementals.append((sequence, message, range.count))
            case .snapshot:
                wholeSnapshots.append(message)
            }
        }
        var reference = BookSubscriber()  // whole's incrementals, applied up to each received snapshot
        var nextWhole = 0
        var lostAt: [UInt16: UInt64] = [:]  // book → sequence of its last lost level update / definition
        var receivedSnapshots = 0
        func advance(through sequence: UInt64, receiving: UInt64?) -> Bool {
            while nextWhole < incrementals.count && incrementals[nextWhole].sequence <= sequence {
                let (seq, message, bytes) = incrementals[nextWhole]
                reference.apply(message)
                if seq != receiving {
                    result.droppedMessages += 1
                    result.droppedBytes += bytes
                    result.droppedIncrementals += 1
                    if case .trade = message {} else { lostAt[locate(message)] = seq }
                }
                nextWhole += 1
            }
            return true
        }
        for message in received {
            switch message {
            case .symbolDefinition(_, let sequence), .levelUpdate(_, let sequence), .trade(_, let sequence):
                guard let index = incrementals[nextWhole...].firstIndex(where: { $0.sequence == sequence }),
                      incrementals[index].message == message else { return nil }
                _ = advance(through: sequence, receiving: sequence)
            case .snapshot(let snapshot):
                _ = advance(through: snapshot.asOfSequence, receiving: nil)
                let book = reference.books[snapshot.locate] ?? BookSubscriber.Book()
                guard book.bids == snapshot.bids, book.asks == snapshot.asks,
                      book.bookSequence == snapshot.bookSequence else { return nil }
                if let lost = lostAt[snapshot.locate], lost <= snapshot.asOfSequence { lostAt[snapshot.locate] = nil }
                receivedSnapshots += 1
            }
        }
        _ = advance(through: .max, receiving: nil)
        result.droppedSnapshots = wholeSnapshots.count - receivedSnapshots
        result.droppedMessages += max(result.droppedSnapshots, 0)
        result.unhealed = Set(lostAt.keys)
        return result
    }

    /// Checks every healed book (not in `loss.unhealed`) of `subscriber` against the engine's CSV.
    /// Returns the names of books that differ.
    static func wrongHealedBooks(
        subscriber: BookSubscriber, engineCSV: String, names: [UInt16: String], loss: Loss
    ) -> [String] {
        let engine = booksByName(engineCSV)
        var wrong: [String] = []
        for (locate, name) in names.sorted(by: { $0.key < $1.key }) where !loss.unhealed.contains(locate) {
            if lines(subscriber.books[locate], name: name) != engine[name] ?? [] { wrong.append(name) }
        }
        return wrong
    }

    // MARK: Back-pressure

    /// One replay of `day` whose only sink stalls in its first `deliver` until the engine has handled
    /// `releaseAt` messages (ring of `bufferBytes` in 4 KiB chunks), and a reference replay of the same day with
    /// a ring that holds the whole stream (nothing can be dropped there, however late its drain runs).
    static func stalledRun(
        day: [UInt8], releaseAt: Int, every: Int, depth: Int = 5, bufferBytes: Int = 16 << 10
    ) throws -> (stalled: ITCHReplay.Result, sink: RecordingSink, whole: ITCHReplay.Result, wholeSink: RecordingSink) {
        let wholeSink = RecordingSink(name: "whole")
        var wholeOptions = options(depth: depth, every: every, sinks: [wholeSink])
        wholeOptions.publisher.chunkBytes = 4096
        wholeOptions.publisher.bufferBytes = 32 << 20
        let whole = try ITCHReplay.run(
            .bytes(day, name: "day"), options: wholeOptions, exportLevels: true, levelsDepth: depth)

        let sink = RecordingSink(name: "stalled", blocksFirstDeliver: true)
        var stalledOptions = options(depth: depth, every: every, sinks: [sink])
        stalledOptions.publisher.chunkBytes = 4096
        stalledOptions.publisher.bufferBytes = bufferBytes
        stalledOptions.progressEvery = 16
        stalledOptions.progress = { messages, _ in
            if messages >= releaseAt { sink.open() }
        }
        let stalled = try ITCHReplay.run(
            .bytes(day, name: "day"), options: stalledOptions, exportLevels: true, levelsDepth: depth)
        return (stalled, sink, whole, wholeSink)
    }

    /// Checks a stream the drain wrote while the engine dropped chunks (`received`, all the sink got) against
    /// the engine's final books: one channel sequence number skipped per gap and no other hole, per-book
    /// sequences unbroken (the drain numbers what it emits), every snapshot equal to the book its incrementals
    /// built (the engine repaired the books that lost records before any epoch), and exact at the end.
    static func checkDrainedAfterDrops(
        received: [WireMessage], stats: PublisherStats, engineCSV: String?
    ) {
        var subscriber = BookSubscriber()
        var inconsistentSnapshots: [String] = []
        for message in received {
            if case .snapshot(let snapshot) = message, let book = subscriber.books[snapshot.locate], book.isValid,
               book.bids != snapshot.bids || book.asks != snapshot.asks {
                inconsistentSnapshots.append("locate \(snapshot.locate) as of \(snapshot.asOfSequence)")
            }
            subscriber.apply(message)
        }
        #expect(subscriber.stats.channelGaps == stats.sequenceGaps)
        #expect(subscriber.stats.lostMessages == UInt64(stats.sequenceGaps))
        #expect(subscriber.stats.bookGaps == 0 && subscriber.gappedBooks.isEmpty)
        #expect(subscriber.lastSequence == stats.lastSequence)
        #expect(inconsistentSnapshots.isEmpty, "snapshots that differ from their incrementals: \(inconsistentSnapshots)")
        #expect(subscriber.levelsCSV() == engineCSV)
    }

    @Test("a stuck sink never stalls the engine: chunks are dropped and counted, the drain marks one gap per run of drops, repairs the books, and the subscriber is exact")
    func backPressure() throws {
        let depth = 5
        let day = ITCHDayGenerator(seed: 41, messages: 120_000, symbols: 40).generate()
        let run = try Self.stalledRun(day: day, releaseAt: 60_000, every: 10_000, depth: depth)
        let stats = try #require(run.stalled.summary.publisher)
        let wholeStats = try #require(run.whole.summary.publisher)
        #expect(!run.sink.gateTimedOut)
        #expect(run.sink.finishCount == 1 && run.wholeSink.finishCount == 1)

        // The reference lost nothing: its whole feed fitted in its ring.
        #expect(wholeStats.droppedChunks == 0 && wholeStats.sequenceGaps == 0)
        // The engine ran on while the sink was stuck: the ring (4 chunks) filled and later chunks were dropped.
        #expect(stats.droppedChunks > 0 && stats.droppedRecords > 0)
        #expect(stats.droppedBytes == stats.droppedRecords * FeedRecord.bytes)
        #expect(stats.droppedBytes <= stats.droppedChunks * 4096)
        #expect(stats.sequenceGaps > 0 && stats.sequenceGaps <= stats.droppedChunks)
        // Back-pressure does not reach the engine: the same books. Every record the engine made was handed over
        // or counted as dropped (plus a gap record and the repairs after each run of drops).
        #expect(run.stalled.levelsCSV == run.whole.levelsCSV)
        #expect(stats.feedRecords + stats.droppedRecords >= wholeStats.feedRecords + stats.sequenceGaps)
        // What a gap cannot give back: the trades in the dropped chunks.
        #expect(stats.trades < wholeStats.trades)

        // What the sink got: exactly what the drain delivered, whole messages only.
        let bytes = run.sink.bytes
        #expect(bytes.count == stats.bytes)
        #expect(run.sink.chunks.count == stats.chunks)
        let received = try WireDecoder.messages(in: bytes).map(\.message)
        #expect(Self.names(received).count == 40)
        Self.checkDrainedAfterDrops(received: received, stats: stats, engineCSV: run.whole.levelsCSV)
    }

    @Test("after the engine dropped every chunk up to the last regular epoch, the final epoch leaves the subscriber exact")
    func droppedEpochsHealAtTheEnd() throws {
        // The sink is stuck from the first chunk until message 100,000 (the last regular epoch: its epoch record
        // and those of every epoch before it are dropped); 20 messages later the stream ends. The books that lost
        // records are repaired from the engine's books before the final epoch, which snapshots every book.
        let depth = 5
        let day = ITCHDayGenerator(seed: 43, messages: 100_020, symbols: 40).generate()
        let run = try Self.stalledRun(day: day, releaseAt: 100_000, every: 10_000, depth: depth)
        let stats = try #require(run.stalled.summary.publisher)
        #expect(!run.sink.gateTimedOut)
        #expect(stats.droppedChunks > 0 && stats.sequenceGaps > 0)
        #expect(run.stalled.levelsCSV == run.whole.levelsCSV)
        let received = try WireDecoder.messages(in: run.sink.bytes).map(\.message)
        Self.checkDrainedAfterDrops(received: received, stats: stats, engineCSV: run.whole.levelsCSV)
    }

    // MARK: UDP

    /// A replay that sends to a local UDP socket (with `loss`) and to a recording sink (the whole stream).
    static func udpRun(seed: UInt64, loss: Double, depth: Int = 5, every: Int = 5_000) throws
        -> (result: ITCHReplay.Result, datagrams: [[UInt8]], whole: RecordingSink, collector: UDPCollector)
    {
        let day = ITCHDayGenerator(seed: seed, messages: 120_000, symbols: 40).generate()
        let collector = try UDPCollector()
        let whole = RecordingSink(name: "whole")
        var options = options(depth: depth, every: every, sinks: [whole])
        options.marketDataUDP = "127.0.0.1:\(collector.port)"
        options.marketDataUDPLoss = loss
        // A ring that holds the whole stream: the engine drops nothing, so only UDP loses.
        options.publisher.bufferBytes = 32 << 20
        let result: ITCHReplay.Result
        do {
            result = try ITCHReplay.run(.bytes(day, name: "day"), options: options, exportLevels: true, levelsDepth: depth)
        } catch {
            _ = collector.stop()
            throw error
        }
        return (result, collector.stop(), whole, collector)
    }

    @Test("UDP with 2% injected loss: gaps are seen, healed books are exact, and only books that lost something stay wrong")
    func udpWithLoss() throws {
        let run = try Self.udpRun(seed: 51, loss: 0.02)
        let stats = try #require(run.result.summary.publisher)
        let engineCSV = try #require(run.result.levelsCSV)
        #expect(stats.droppedChunks == 0)
        #expect(stats.sinkFailures.isEmpty)
        #expect(!run.datagrams.isEmpty)
        // Every datagram holds whole messages, at most 8 KiB (the sink's default) of them.
        var received: [WireMessage] = []
        for datagram in run.datagrams {
            #expect(datagram.count <= 8_192)
            received += try WireDecoder.messages(in: datagram).map(\.message)
        }
        let whole = try WireDecoder.messages(in: run.whole.bytes)
        #expect(run.whole.bytes.count == stats.bytes)
        let loss = try #require(Self.loss(whole: whole, received: received), "datagrams arrive in order")
        #expect(loss.droppedMessages > 0)

        var subscriber = BookSubscriber()
        for message in received { subscriber.apply(message) }
        var reference = BookSubscriber()
        for (message, _) in whole { reference.apply(message) }
        #expect(reference.levelsCSV() == engineCSV)
        #expect(subscriber.stats.channelGaps > 0)
        #expect(subscriber.stats.lostMessages == UInt64(loss.droppedIncrementals))
        #expect(subscriber.stats.bookGaps > 0 && subscriber.stats.recoveries > 0)

        let names = Self.names(whole.map(\.message))
        let wrong = Self.wrongHealedBooks(subscriber: subscriber, engineCSV: engineCSV, names: names, loss: loss)
        #expect(wrong.isEmpty, "healed books that differ from the engine's: \(wrong)")
        // A book the subscriber holds as valid and at the engine's own update count is exact, whatever was lost.
        let engine = Self.booksByName(engineCSV)
        for (locate, name) in names {
            guard let book = subscriber.books[locate], book.isValid,
                  book.bookSequence == reference.books[locate]?.bookSequence else { continue }
            #expect(Self.lines(book, name: name) == engine[name] ?? [], "\(name) valid at book sequence \(book.bookSequence)")
        }
        // Books gapped at the end lost an update after their last snapshot (the final epoch's datagrams can be
        // lost too); they are the unhealed ones, never others.
        #expect(Set(subscriber.gappedBooks).isSubset(of: loss.unhealed))
        // With every book snapshotted after its last loss (the case for this seed: 40 busy books, an epoch every
        // 5,000 messages, the final one delivered), the subscriber is exact.
        if loss.unhealed.isEmpty {
            #expect(subscriber.gappedBooks.isEmpty)
            #expect(subscriber.levelsCSV() == engineCSV)
        }
    }

    @Test("UDP without injected loss: the subscriber's books equal the engine's")
    func udpLossless() throws {
        let run = try Self.udpRun(seed: 52, loss: 0)
        let stats = try #require(run.result.summary.publisher)
        let engineCSV = try #require(run.result.levelsCSV)
        #expect(stats.droppedChunks == 0 && stats.sinkFailures.isEmpty)
        var received: [WireMessage] = []
        for datagram in run.datagrams { received += try WireDecoder.messages(in: datagram).map(\.message) }
        let whole = try WireDecoder.messages(in: run.whole.bytes)
        let loss = try #require(Self.loss(whole: whole, received: received), "datagrams arrive in order")
        var subscriber = BookSubscriber()
        for message in received { subscriber.apply(message) }
        #expect(subscriber.stats.lostMessages == UInt64(loss.droppedIncrementals))
        if loss.droppedMessages == 0 {
            #expect(run.datagrams.flatMap { $0 } == run.whole.bytes)
            #expect(subscriber.stats.channelGaps == 0 && subscriber.stats.bookGaps == 0)
            #expect(subscriber.lastSequence == stats.lastSequence)
            #expect(subscriber.levelsCSV() == engineCSV)
        } else {
            // The kernel dropped datagrams (a receive buffer of \(run.collector.receiveBufferBytes) bytes overran
            // on a busy machine): loopback UDP is not reliable either. Only what the loss allows is checked.
            let names = Self.names(whole.map(\.message))
            #expect(Self.wrongHealedBooks(subscriber: subscriber, engineCSV: engineCSV, names: names, loss: loss).isEmpty)
            #expect(Set(subscriber.gappedBooks).isSubset(of: loss.unhealed))
        }
    }

    // MARK: Trades

    /// The trades a day reports, in order: E, printable C, P and Q with shares. (locate, shares, match,
    /// price if the message states it, resting side if it states it.)
    struct ExpectedTrade: Equatable {
        var locate: UInt16
        var shares: UInt64
        var matchNumber: UInt64
        var priceTicks: UInt32?
        var side: Side??
    }

    static func expectedTrades(_ day: [UInt8]) throws -> [ExpectedTrade] {
        var trades: [ExpectedTrade] = []
        var parser = ITCHStreamParser(mode: .strict)
        let fault: ITCHError? = day.withUnsafeBytes { buffer in
            do throws(ITCHError) {
                try parser.feed(buffer) { frame in
                    switch frame.message {
                    case .orderExecuted(let execution):
                        trades.append(ExpectedTrade(
                            locate: execution.stockLocate, shares: UInt64(execution.executedShares),
                            matchNumber: execution.matchNumber, priceTicks: nil, side: nil))
                    case .orderExecutedWithPrice(let execution) where execution.printable == 0x59:
                        trades.append(ExpectedTrade(
                            locate: execution.stockLocate, shares: UInt64(execution.executedShares),
                            matchNumber: execution.matchNumber, priceTicks: execution.executionPriceTicks, side: nil))
                    case .trade(let trade):
                        trades.append(ExpectedTrade(
                            locate: trade.stockLocate, shares: UInt64(trade.shares), matchNumber: trade.matchNumber,
                            priceTicks: trade.priceTicks, side: .some(Side(rawValue: trade.side))))
                    case .crossTrade(let cross) where cross.shares > 0:
                        trades.append(ExpectedTrade(
                            locate: cross.stockLocate, shares: cross.shares, matchNumber: cross.matchNumber,
                            priceTicks: cross.crossPriceTicks, side: .some(nil)))
                    default:
                        break
                    }
                }
                try parser.finish()
                return nil
            } catch {
                return error
            }
        }
        if let fault { throw fault }
        return trades
    }

    @Test("executions and trade messages become Trade messages, one each, in order")
    func trades() throws {
        let seed: UInt64 = 61
        let symbols = 40
        let day = ITCHDayGenerator(seed: seed, messages: 120_000, symbols: symbols).generate()
        let expected = try Self.expectedTrades(day)
        let (_, bytes, stats) = try PublisherSubscriberTests.publish(
            seed: seed, messages: 120_000, symbols: symbols, depth: 5, every: 10_000)
        var wire: [(trade: TradeMessage, sequence: UInt64)] = []
        var subscriber = BookSubscriber()
        for (message, _) in try WireDecoder.messages(in: bytes) {
            if case .trade(let trade, let sequence) = message { wire.append((trade, sequence)) }
            subscriber.apply(message)
        }
        #expect(stats.trades > 0)
        #expect(wire.count == stats.trades)
        #expect(subscriber.stats.trades == stats.trades && subscriber.stats.channelGaps == 0)
        #expect(wire.count == expected.count)
        for (index, (trade, _)) in wire.enumerated() {
            #expect((1...UInt16(symbols)).contains(trade.locate), "trade \(index): locate \(trade.locate)")
            #expect(trade.shares > 0 && trade.priceTicks > 0, "trade \(index)")
            guard index < expected.count else { continue }
            let want = expected[index]
            #expect(trade.locate == want.locate && trade.shares == want.shares && trade.matchNumber == want.matchNumber,
                    "trade \(index): \(trade) vs \(want)")
            if let price = want.priceTicks { #expect(trade.priceTicks == price, "trade \(index)") }
            if let side = want.side { #expect(trade.restingSide == side, "trade \(index)") }
        }
        // Trades are sequenced incrementals, strictly rising with the others.
        #expect(zip(wire, wire.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
        // The subscriber's per-book traded shares add up to the day's.
        let tradedShares = subscriber.books.values.reduce(UInt64(0)) { $0 + $1.tradedShares }
        #expect(tradedShares == expected.reduce(UInt64(0)) { $0 + $1.shares })
    }

    // MARK: Time-based epochs

    /// The documented rule, over the day's timestamps: the first message starts the clock; an epoch runs when
    /// `interval` ns have passed since the last one (or the clock went backwards). Plus the final one.
    static func expectedTimeEpochs(_ day: [UInt8], interval: UInt64) throws -> (epochs: Int, span: UInt64) {
        var timestamps: [UInt64] = []
        var parser = ITCHStreamParser(mode: .strict)
        let fault: ITCHError? = day.withUnsafeBytes { buffer in
            do throws(ITCHError) {
                try parser.feed(buffer) { frame in timestamps.append(frame.timestampNanos) }
                try parser.finish()
                return nil
            } catch {
                return error
            }
        }
        if let fault { throw fault }
        guard var last = timestamps.first else { return (1, 0) }
        var epochs = 0
        for timestamp in timestamps.dropFirst() where timestamp &- last >= interval || timestamp < last {
            epochs += 1
            last = timestamp
        }
        return (epochs + 1, timestamps.last! - timestamps.first!)
    }

    @Test("time-based epochs: one per interval of feed time, and the subscriber equals the engine at each snapshot")
    func timeEpochs() throws {
        let depth = 5
        let day = ITCHDayGenerator(seed: 71, messages: 60_000, symbols: 30).generate()
        let (_, span) = try Self.expectedTimeEpochs(day, interval: 1)
        let interval = span / 10
        let (expectedEpochs, _) = try Self.expectedTimeEpochs(day, interval: interval)
        let sink = RecordingSink()
        var options = Self.options(depth: depth, every: 0, sinks: [sink])
        options.publisher.snapshotEveryNanoseconds = interval
        let result = try ITCHReplay.run(.bytes(day, name: "day"), options: options, exportLevels: true, levelsDepth: depth)
        let stats = try #require(result.summary.publisher)
        // The day is quiet before 9:30 and after 16:00, so fewer than 10 intervals hold messages; at least the
        // open, a few in market hours and the close do.
        #expect(stats.snapshotEpochs == expectedEpochs)
        #expect((4...11).contains(stats.snapshotEpochs))

        var subscriber = BookSubscriber()
        var checked = 0
        for (message, _) in try WireDecoder.messages(in: sink.bytes) {
            if case .snapshot(let snapshot) = message {
                let book = subscriber.books[snapshot.locate] ?? BookSubscriber.Book()
                #expect(book.bids == snapshot.bids && book.asks == snapshot.asks, "book \(snapshot.locate)")
                #expect(book.bookSequence == snapshot.bookSequence)
                checked += 1
            }
            subscriber.apply(message)
        }
        #expect(checked == stats.snapshots && checked > 0)
        #expect(subscriber.stats.channelGaps == 0)
        #expect(subscriber.levelsCSV() == result.levelsCSV)
    }

    @Test("time-based epochs off and message epochs off is refused")
    func noEpochTrigger() {
        var options = Self.options(every: 0, sinks: [RecordingSink()])
        options.publisher.snapshotEveryNanoseconds = 0
        #expect(throws: PublisherError.invalidInterval(0)) {
            _ = try ITCHReplay.run(
                .bytes(ITCHDayGenerator(seed: 1, messages: 10, symbols: 1).generate(), name: "day"), options: options)
        }
    }

    // MARK: Refresh

    /// Replays `day` and returns the whole stream, the engine's CSV and the stats.
    static func recordedRun(day: [UInt8], every: Int, refresh: Int, depth: Int = 5) throws
        -> (messages: [WireMessage], engineCSV: String, stats: PublisherStats)
    {
        let sink = RecordingSink()
        var options = options(depth: depth, every: every, sinks: [sink])
        options.publisher.refreshBooksPerEpoch = refresh
        let result = try ITCHReplay.run(.bytes(day, name: "day"), options: options, exportLevels: true, levelsDepth: depth)
        return (try WireDecoder.messages(in: sink.bytes).map(\.message), result.levelsCSV!, try #require(result.summary.publisher))
    }

    @Test("refresh snapshots make a late subscriber exact for every book, quiet ones included; without them quiet books stay missing")
    func refresh() throws {
        // Many symbols (Zipf: most of them rarely trade), so some books hold levels and do not change in the
        // last quarter of the day.
        let day = ITCHDayGenerator(seed: 81, messages: 40_000, symbols: 200).generate()
        let refreshed = try Self.recordedRun(day: day, every: 250, refresh: 8)
        let unrefreshed = try Self.recordedRun(day: day, every: 250, refresh: 0)
        #expect(refreshed.engineCSV == unrefreshed.engineCSV)
        #expect(refreshed.stats.refreshSnapshots > 0)
        #expect(unrefreshed.stats.refreshSnapshots == 0)
        #expect(refreshed.stats.refreshSnapshots <= 8 * refreshed.stats.snapshotEpochs)

        func join(_ messages: [WireMessage]) -> (BookSubscriber, Set<UInt16>) {
            var subscriber = BookSubscriber()
            var snapshotted: Set<UInt16> = []
            for message in messages[(messages.count * 3 / 4)...] {
                if case .snapshot(let snapshot) = message { snapshotted.insert(snapshot.locate) }
                subscriber.apply(message)
            }
            return (subscriber, snapshotted)
        }
        let (late, _) = join(refreshed.messages)
        #expect(late.stats.channelGaps == 1)
        #expect(late.gappedBooks.isEmpty)
        #expect(late.levelsCSV() == refreshed.engineCSV)

        // Without refresh, only books that changed after the join are snapshotted again.
        let (lateWithout, snapshotted) = join(unrefreshed.messages)
        let names = Self.names(unrefreshed.messages)
        let engine = Self.booksByName(unrefreshed.engineCSV)
        let quiet = names.filter { !snapshotted.contains($0.key) && engine[$0.value] != nil }
        try #require(!quiet.isEmpty, "the day has books with levels that are quiet in its last quarter")
        for (locate, name) in quiet {
            #expect(Self.lines(lateWithout.books[locate], name: name).isEmpty, "\(name) was never sent after the join")
        }
        for (locate, name) in names where snapshotted.contains(locate) {
            #expect(Self.lines(lateWithout.books[locate], name: name) == engine[name] ?? [], "\(name)")
        }
        #expect(lateWithout.levelsCSV() != unrefreshed.engineCSV)
    }

    // MARK: Bad paths

    @Test("--snapshots-out in a folder that does not exist is ReplayError.cannotOpen naming the option")
    func snapshotsOutMissingFolder() {
        var options = PublisherSubscriberTests.options(
            depth: 5, every: 1_000, path: "/nonexistent-\(UUID().uuidString)/md.bin")
        options.marketDataSinks = []
        let path = options.snapshotsOutPath!
        do {
            _ = try ITCHReplay.run(
                .bytes(ITCHDayGenerator(seed: 1, messages: 100, symbols: 2).generate(), name: "day"), options: options)
            Issue.record("the replay ran without its output file")
        } catch let error as ReplayError {
            guard case .cannotOpen(let failedPath, let what) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(failedPath == path)
            #expect(what == "--snapshots-out")
            #expect(error.description.contains("--snapshots-out") && error.description.contains(path))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
