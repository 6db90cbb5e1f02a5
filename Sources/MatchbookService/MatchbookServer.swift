#if canImport(Glibc)
import Glibc
#endif
import Atomics
import Foundation
import Logging
import MatchbookBook
import MatchbookJournal
import MatchbookMemory
import MatchbookPublisher
import NIOCore
import NIOHTTP1
import NIOPosix

/// `matchbook serve`: the exchange. FIX 4.4 sessions on a SwiftNIO event loop (the gateway), one pinned engine
/// thread with its own arena applying commands from an SPSC ring and answering through another, and an HTTP
/// port for `/health` and `/metrics`.
///
///     clients ─TCP─▶ gateway (event loop): sessions, risk, sequencing point ─▶ command ring ─▶ engine thread
///     clients ◀─TCP─ gateway ◀─ event loop ◀─ reply pump thread ◀─ reply ring ◀────────────────┘
public final class MatchbookServer: @unchecked Sendable {
    // @unchecked: started and stopped from one thread; the gateway is confined to its event loop.
    public let configuration: ServiceConfiguration
    private let credentials: SessionCredentials
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private var engines: [Engine] = []
    private var gateway: ServiceGateway?
    private var channels: [Channel] = []
    private var ticker: RepeatedTask?
    /// The next end of session; the gateway's event loop only.
    private var sessionTimer: Scheduled<Void>?
    private let stopped = ManagedAtomic<Bool>(false)
    /// The ports actually bound (port 0 in the configuration picks a free one).
    public private(set) var fixPort = 0
    public private(set) var httpPort = 0
    public private(set) var marketDataPort = 0
    /// The market-data port of each engine's channel (the first is `marketDataPort`).
    public var marketDataPorts: [Int] { engines.map(\.marketDataPort) }
    /// What each engine's market-data publisher wrote (after `shutdown()`).
    public var marketDataStats: [PublisherStats?] { engines.map(\.link.marketData) }

    /// The publisher's settings: the top 10 levels, a snapshot epoch every 1,000 commands or 100 ms, refresh.
    static func marketDataOptions(drainCPU: Int?) -> PublisherOptions {
        var options = PublisherOptions(
            snapshotEveryMessages: 1_000, depth: 10, snapshotEveryNanoseconds: 100_000_000, refreshBooksPerEpoch: 16)
        options.drainCPU = drainCPU
        return options
    }
    public private(set) var engineStart: EngineThreadStart?
    /// What start-up recovered from the journal (nil when journaling is off), as one line for logs.
    public private(set) var recoverySummary: String?
    /// When set, `shutdown()` writes the engines' books there (`symbol,side,price,shares,orders`, as
    /// `replay --book-out` and `journal replay --book-out`).
    public var bookOutPath: String?
    /// What `shutdown()` could not do (writing `bookOutPath`), for the caller to report.
    public private(set) var shutdownProblems: [String] = []

    public init(configuration: ServiceConfiguration, credentials: SessionCredentials, logger: Logger) {
        self.configuration = configuration
        self.credentials = credentials
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// The books' sizes for the configured symbols.
    static func capacity(symbols: Int) -> MatchingCapacity {
        let book = BookCapacity(
            books: max(64, symbols + 1), orders: 1 << 20, levels: 64 << 10, smallLadders: 1_024,
            smallLadderLevels: 64, largeLadders: 64, largeLadderLevels: 8_192, indexPages: 4_096,
            indexDirectoryPages: 1 << 16)
        return MatchingCapacity(book: book, stopOrders: 16 << 10, stopIndexPages: 256, events: 16 << 10)
    }

    /// One engine thread and what belongs to it: its link (rings, counters), its reply pump, its market-data
    /// channel (TCP port) and book view.
    struct Engine {
        let link: EngineLink
        let thread: EngineThread<Void>
        var pump: WorkerThread?
        let bookView: PublisherBookViewSink
        let marketDataPort: Int
    }

    /// The engine that owns symbol number `index` (0-based in the configuration): round-robin.
    static func engineIndex(symbol index: Int, engines: Int) -> Int { index % max(engines, 1) }

    /// Starts the engine threads, their reply pumps and the listeners. Returns when clients can connect.
    ///
    /// Symbols are sharded round-robin over `engineThreads` engine threads; each is pinned to the next CPU of
    /// `engineCPUs` (or the allowed CPUs from the last down), owns one arena on its node, and publishes its own
    /// market-data channel on `marketDataPort + k`.
    ///
    /// - Throws: what an engine thread's arena or the sockets refuse (with the address), or a timeout. What was
    ///   started by then (engine threads, reply pumps, listeners) is stopped first: the reply pumps only end with
    ///   their engines, so a half-started server left to `deinit` would wait for them forever.
    public func start() throws {
        do {
            try startEnginesAndListeners()
        } catch {
            bookOutPath = nil  // no books to speak of: a half-started service must not write an empty book file
            shutdown()
            throw error
        }
    }

    private func startEnginesAndListeners() throws {
        let engineCount = max(1, configuration.engineThreads)
        let allRules = configuration.symbols.enumerated().map { index, symbol in
            symbol.rules(locate: UInt16(index + 1))
        }
        let capacity = Self.capacity(symbols: allRules.count)
        let ringBytes = EngineWorker.commandSlots * 64 + EngineWorker.replySlots * 128 + (1 << 20)
            + Self.marketDataOptions(drainCPU: nil).requiredArenaBytes(books: capacity.book.books)
        let arenaBytes = max(configuration.arenaBytes, capacity.requiredArenaBytes + ringBytes + (16 << 20))
        let arena = ArenaConfiguration(
            totalBytes: arenaBytes, scratchBytes: 4 << 20,
            pages: PageSourceOptions(policy: configuration.pagePolicy, lock: false))
        let allowed = CPUAffinity.allowedCPUs()
        // Recovery starts from the newest snapshot that reads back whole (older ones are the fallback).
        var snapshot: ServiceSnapshot?
        if configuration.journalSync != nil {
            let found = ServiceSnapshot.newest(in: configuration.journalDirectory)
            for skipped in found.skipped {
                logger.warning("snapshot skipped: it does not read back whole", metadata: ["snapshot": "\(skipped)"])
            }
            if let candidate = found.snapshot {
                guard candidate.engines.count == engineCount else {
                    throw ServiceRecoveryError.configurationChanged(
                        path: found.path ?? "", journaled: "\(candidate.engines.count) engine threads",
                        configured: "\(engineCount) engine threads")
                }
                snapshot = candidate
            }
        }
        let restoring = snapshot
        var producers: [CommandProducer] = []
        for k in 0..<engineCount {
            let rules = allRules.enumerated().filter { Self.engineIndex(symbol: $0.offset, engines: engineCount) == k }
                .map(\.element)
            let cpu = k < configuration.engineCPUs.count ? configuration.engineCPUs[k]
                : allowed.isEmpty ? nil : allowed[(allowed.count - 1 - k % allowed.count + allowed.count) % allowed.count]
            // Market data: TCP subscribers on the channel's port, and the book view behind GET /book/{symbol}.
            let port = configuration.marketDataPort == 0 ? 0 : configuration.marketDataPort + k
            let tcp: PublisherTCPSink
            do {
                tcp = try PublisherTCPSink(listen: "\(configuration.listenAddress):\(port)")
            } catch {
                throw ServiceError.cannotListen("market data on \(configuration.listenAddress):\(port): \(error)")
            }
            let bookView = PublisherBookViewSink()
            let sinks: [any MarketDataSink] = [tcp, bookView]
            let marketData = Self.marketDataOptions(drainCPU: allowed.first { $0 != cpu })
            let link = EngineLink()
            let thread = try EngineThread<Void>(name: "engine-\(k)", cpu: cpu, arena: arena) { arena, _ in
                try EngineWorker.run(
                    arena: arena, symbols: rules, capacity: capacity, link: link, marketData: marketData, sinks: sinks,
                    orderIds: (UInt64(k + 1), UInt64(engineCount)), restore: restoring?.engines[k])
            }
            let deadline = Date().addingTimeInterval(30)
            while !link.ready.load(ordering: .acquiring) && !link.failed.load(ordering: .acquiring) {
                if Date() > deadline { throw ServiceError.engineDidNotStart("engine \(k): no answer in 30 s") }
                usleep(1_000)
            }
            guard link.ready.load(ordering: .acquiring), let producer = link.commandProducer else {
                do { try thread.join() } catch { throw ServiceError.engineDidNotStart("engine \(k): \(error)") }
                throw ServiceError.engineDidNotStart("engine \(k) ended before it was ready")
            }
            if let problem = link.publisherRestoreProblem {
                logger.warning("market data starts a new channel: the snapshot's publisher state was not restored",
                               metadata: ["engine": "\(k)", "why": "\(problem)"])
            }
            producers.append(producer)
            engines.append(Engine(link: link, thread: thread, pump: nil, bookView: bookView,
                                  marketDataPort: Int(tcp.port)))
        }
        marketDataPort = engines[0].marketDataPort
        let eventLoop = group.next()
        let routes = (0..<allRules.count).map { Self.engineIndex(symbol: $0, engines: engineCount) }
        let gateway = ServiceGateway(
            configuration: configuration, credentials: credentials, producers: producers, routes: routes,
            eventLoop: eventLoop, logger: logger)
        self.gateway = gateway
        let views = engines.map(\.bookView)
        let symbolEngines = Dictionary(uniqueKeysWithValues: configuration.symbols.enumerated().map {
            ($0.element.name, Self.engineIndex(symbol: $0.offset, engines: engineCount))
        })
        gateway.marketDataSource = { symbol, depth in
            symbolEngines[symbol].flatMap { views[$0].book(symbol: symbol, depth: depth) }
        }
        for k in engines.indices {
            let link = engines[k].link
            let replies = link.replyConsumer!
            link.pumpStarted.store(true, ordering: .releasing)
            do {
                engines[k].pump = try WorkerThread(name: "reply-pump-\(k)") {
                    Self.pumpReplies(from: replies, to: gateway, wake: link.replyWake)
                    link.pumpEnded.store(true, ordering: .releasing)
                }
            } catch {
                link.pumpEnded.store(true, ordering: .releasing)  // no pump: the engine need not wait for it
                throw error
            }
        }
        if let sync = configuration.journalSync {
            // Before any client can connect: the books, orders and sessions come back from the journal.
            let options = JournalOptions(
                directory: configuration.journalDirectory, segmentBytes: configuration.journalSegmentBytes, sync: sync)
            let report = try ServiceRecovery.recover(
                gateway: gateway, options: options, engines: engines.map(\.link), routes: routes, symbols: allRules,
                snapshot: snapshot, logger: logger)
            recoverySummary = report.description
            logger.info("recovered from the journal", metadata: [
                "directory": "\(configuration.journalDirectory)", "sync": "\(sync)", "recovered": "\(report)"])
        }
        let fix = try Self.listening("FIX on \(configuration.listenAddress):\(configuration.fixPort)") {
            try ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(FIXConnectionHandler(gateway: gateway))
                    }
                }
                .bind(host: configuration.listenAddress, port: configuration.fixPort).wait()
        }
        channels.append(fix)
        fixPort = fix.localAddress?.port ?? configuration.fixPort
        let http = try Self.listening("HTTP on \(configuration.listenAddress):\(configuration.httpPort)") {
            try ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.pipeline.configureHTTPServerPipeline().flatMap {
                        channel.pipeline.addHandler(HTTPHandler(service: self))
                    }
                }
                .bind(host: configuration.listenAddress, port: configuration.httpPort).wait()
        }
        channels.append(http)
        httpPort = http.localAddress?.port ?? configuration.httpPort
        eventLoop.execute { self.scheduleSessionEnd(on: eventLoop) }  // the timer is the event loop's
        ticker = eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in gateway.tick() }
        logger.info("serving", metadata: [
            "fix": "\(configuration.listenAddress):\(fixPort)", "http": "\(configuration.listenAddress):\(httpPort)",
            "marketData": "tcp \(configuration.listenAddress):\(marketDataPort)",
            "symbols": "\(configuration.symbols.map(\.name).joined(separator: ","))",
        ])
    }

    /// `bind()`'s result, or `ServiceError.cannotListen` naming what could not listen where.
    private static func listening(_ what: String, _ bind: () throws -> Channel) throws -> Channel {
        do { return try bind() } catch { throw ServiceError.cannotListen("\(what): \(error)") }
    }

    /// Watches the reply ring and wakes the gateway's event loop when replies wait: at most one drain task is
    /// scheduled at a time, and the event loop itself takes the replies off the ring (it is the ring's one
    /// consumer), so a burst costs one wake-up, not one per reply. Spins briefly, then yields, then naps when idle;
    /// ends when the engine closes the ring and everything is taken.
    static func pumpReplies(from replies: SPSCRingConsumer, to gateway: ServiceGateway, wake: WakeSignal) {
        let scheduled = ManagedAtomic<Bool>(false)
        var idle = 0
        while true {
            if replies.hasWaiting {
                idle = 0
                if !scheduled.exchange(true, ordering: .acquiringAndReleasing) {
                    gateway.eventLoop.execute {
                        gateway.drainReplies(replies)
                        scheduled.store(false, ordering: .releasing)
                    }
                }
                sched_yield()
                continue
            }
            if replies.isFinishedWatching {
                // The last drain task may still be running on the event loop: it reads the ring, which goes
                // away with the engine's arena once this returns.
                while scheduled.load(ordering: .acquiring) { sched_yield() }
                return
            }
            idle += 1
            if idle > 2_000 {
                // Sleep until the engine publishes (it wakes us) or 10 ms pass (to notice the end). The end is
                // checked again after `prepareToSleep`, so a close just before the sleep does not cost 10 ms.
                wake.prepareToSleep()
                if replies.hasWaiting || replies.isFinishedWatching { wake.cancelSleep() } else {
                    wake.sleep(timeoutNanoseconds: 10_000_000)
                }
                idle = 0
            }
        }
    }

    /// Graceful shutdown: stop accepting, Logout every session, drain the engine, stop the threads.
    public func shutdown() {
        guard !stopped.exchange(true, ordering: .acquiring) else { return }
        if let gateway {
            let links = engines.map(\.link)
            try? gateway.eventLoop.submit {
                self.sessionTimer?.cancel()
                gateway.shutdown()
                // A snapshot at every graceful stop: the next start replays nothing.
                let running = links.allSatisfy { $0.ready.load(ordering: .acquiring) && !$0.failed.load(ordering: .acquiring) }
                if gateway.journal != nil, !links.isEmpty, running {
                    do { _ = try gateway.takeSnapshot(engines: links) } catch {
                        gateway.logger.error("no snapshot at the stop", metadata: ["reason": "\(error)"])
                    }
                }
            }.wait()
        }
        for channel in channels { try? channel.close().wait() }
        ticker?.cancel()
        // Let the engine finish what is queued, then stop it; the pump ends when the reply ring is closed.
        usleep(50_000)
        for engine in engines {
            engine.link.exportBooks.store(bookOutPath != nil, ordering: .releasing)
            engine.link.stop.store(true, ordering: .releasing)
            engine.link.commandWake.wakeIfSleeping()
            try? engine.thread.join()
            engine.pump?.join()
        }
        if let gateway {
            // The replies drained after the Logouts are journaled too; then everything reaches the disk.
            try? gateway.eventLoop.submit { gateway.journal?.close() }.wait()
        }
        if let bookOutPath {
            let lines = engines.flatMap(\.link.bookLines).sorted { Self.bookOrder($0, $1) }
            do {
                try (["symbol,side,price,shares,orders"] + lines).joined(separator: "\n").appending("\n")
                    .write(toFile: bookOutPath, atomically: true, encoding: .utf8)
            } catch {
                shutdownProblems.append("cannot write \(bookOutPath): \(error.localizedDescription)")
            }
        }
        try? group.syncShutdownGracefully()
        logger.info("stopped")
    }

    /// Orders book lines of several engines as one engine would write them: by symbol, each engine's lines of a
    /// symbol staying in their order (bids best first, then asks).
    private static func bookOrder(_ a: String, _ b: String) -> Bool {
        a.prefix { $0 != "," } < b.prefix { $0 != "," }
    }

    /// `POST /snapshot`: takes a service snapshot now (on the gateway's event loop, where the HTTP handler runs).
    func snapshotJSON() -> (ok: Bool, json: String) {
        guard let gateway else { return (false, "{\"error\":\"not started\"}\n") }
        do {
            let started = ServiceGateway.monotonicNanos()
            let taken = try gateway.takeSnapshot(engines: engines.map(\.link))
            let micros = (ServiceGateway.monotonicNanos() - started) / 1_000
            return (true, "{\"path\":\"\(Self.escape(taken.path))\",\"journalSequence\":\(taken.journalSequence),"
                + "\"bytes\":\(taken.bytes),\"microseconds\":\(micros)}\n")
        } catch {
            return (false, "{\"error\":\"\(Self.escape("\(error)"))\"}\n")
        }
    }

    /// `POST /session/end`, and the `sessionEpoch` timer: ends the trading session now (day orders expire, GTC
    /// orders carry over, a snapshot follows).
    func endSessionJSON() -> (ok: Bool, json: String) {
        guard let gateway else { return (false, "{\"error\":\"not started\"}\n") }
        do {
            let taken = try gateway.endSession(engines: engines.map(\.link))
            let snapshot = taken.map { "{\"path\":\"\(Self.escape($0.path))\",\"journalSequence\":\($0.journalSequence)}" }
            return (true, "{\"sessionEnded\":true,\"snapshot\":\(snapshot ?? "null")}\n")
        } catch {
            return (false, "{\"error\":\"\(Self.escape("\(error)"))\"}\n")
        }
    }

    /// Schedules the next end of session (`sessionEpoch`, a time of day in UTC) on the gateway's event loop;
    /// each one schedules the next.
    private func scheduleSessionEnd(on eventLoop: EventLoop) {
        guard case .endOfSession(let secondsAfterMidnight) = configuration.sessionEpoch else { return }
        let now = Date().timeIntervalSince1970
        let midnight = (now / 86_400).rounded(.down) * 86_400
        var next = midnight + Double(secondsAfterMidnight)
        if next <= now + 0.5 { next += 86_400 }
        let delay = Int64((next - now) * 1_000_000)
        sessionTimer = eventLoop.scheduleTask(in: .microseconds(delay)) { [weak self] in
            guard let self, !self.stopped.load(ordering: .acquiring) else { return }
            let (ok, json) = self.endSessionJSON()
            if !ok { self.logger.error("the end of session failed", metadata: ["answer": "\(json)"]) }
            self.scheduleSessionEnd(on: eventLoop)
        }
    }

    /// `prometheusText()` read on the gateway's event loop (for callers on other threads).
    func prometheusTextOnLoop() -> String {
        guard let gateway else { return "" }
        return (try? gateway.eventLoop.submit { self.prometheusText() }.wait()) ?? ""
    }

    /// Prometheus text of the service's counters (event loop).
    func prometheusText() -> String {
        guard let gateway else { return "" }
        let metrics = gateway.metrics
        var lines: [String] = []
        func metric(_ name: String, _ help: String, _ type: String, _ values: [(String, Any)]) {
            lines.append("# HELP matchbook_\(name) \(help)")
            lines.append("# TYPE matchbook_\(name) \(type)")
            for (labels, value) in values { lines.append("matchbook_\(name)\(labels) \(value)") }
        }
        metric("orders_received_total", "NewOrderSingle messages read.", "counter", [("", metrics.ordersReceived)])
        metric("orders_accepted_total", "Orders the engine accepted.", "counter", [("", metrics.ordersAccepted)])
        metric("fills_total", "Matches.", "counter", [("", metrics.fills)])
        metric("cancels_total", "Orders cancelled or expired.", "counter", [("", metrics.cancels)])
        metric("replaces_total", "Orders replaced.", "counter", [("", metrics.replaces)])
        metric("rejects_total", "Rejects by reason.", "counter",
               metrics.rejectsByReason.sorted { $0.key < $1.key }.map { ("{reason=\"\(Self.escape($0.key))\"}", $0.value) })
        metric("session_rejects_total", "Session-level Rejects sent.", "counter", [("", metrics.sessionRejects)])
        metric("framing_errors_total", "Connections closed for malformed FIX.", "counter", [("", metrics.framingErrors)])
        metric("logons_total", "Logons accepted.", "counter", [("", metrics.logons)])
        metric("refused_logons_total", "Logons refused.", "counter", [("", metrics.refusedLogons)])
        metric("sessions", "Sessions logged on.", "gauge", [("", gateway.sessionCount)])
        metric("command_ring_depth", "Commands waiting for each engine.", "gauge",
               gateway.commandRingDepths.enumerated().map { ("{engine=\"\($0.offset)\"}", $0.element) })
        metric("session_ends_total", "Trading sessions ended (sessionEpoch or POST /session/end).", "counter",
               [("", metrics.sessionEnds)])
        metric("snapshots_total", "Service snapshots written.", "counter", [("", metrics.snapshots)])
        metric("command_ring_full_total", "Commands refused because the ring was full.", "counter",
               [("", metrics.commandRingFull)])
        metric("engine_commands_total", "Commands the engine applied.", "counter",
               engines.enumerated().map { ("{engine=\"\($0.offset)\"}", $0.element.link.commandsApplied.load(ordering: .relaxed)) })
        metric("engine_resting_orders", "Orders resting in the books.", "gauge",
               engines.enumerated().map { ("{engine=\"\($0.offset)\"}", $0.element.link.restingOrders.load(ordering: .relaxed)) })
        let histogram = metrics.orderToAck
        metric("order_to_ack_nanoseconds", "From reading a NewOrderSingle to writing its first report.", "summary",
               [0.5, 0.9, 0.99, 0.999].map { ("{quantile=\"\($0)\"}", histogram.valueAtPercentile($0 * 100)) }
                   + [("_count", histogram.totalCount)])
        if let journal = gateway.journal {
            let stats = journal.stats
            metric("journal_records_total", "Records appended to the journal.", "counter", [("", stats.records)])
            metric("journal_bytes_total", "Bytes appended to the journal.", "counter", [("", stats.bytes)])
            metric("journal_syncs_total", "fdatasync calls.", "counter", [("", stats.syncs)])
            metric("journal_failed", "1 when the journal could not write (no commands are accepted).", "gauge",
                   [("", journal.failure == nil ? 0 : 1)])
            for (name, help, histogram) in [
                ("journal_append_nanoseconds", "Appending one record at the sequencing point.", journal.appendNanos),
                ("journal_commit_nanoseconds", "One commit before acks are flushed (write, and sync per policy).",
                 journal.commitNanos),
            ] {
                metric(name, help, "summary",
                       [0.5, 0.9, 0.99, 0.999].map { ("{quantile=\"\($0)\"}", histogram.valueAtPercentile($0 * 100)) }
                           + [("_count", histogram.totalCount)])
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `GET /book/{symbol}?depth=N` as JSON: the published book (the depth market-data subscribers see).
    func bookJSON(path: String) -> (found: Bool, json: String) {
        let parts = path.split(separator: "?", maxSplits: 1)
        let symbol = String(parts[0].dropFirst("/book/".count))
        var depth = 10
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") where pair.hasPrefix("depth=") {
                depth = Int(pair.dropFirst("depth=".count)) ?? depth
            }
        }
        let engine = configuration.symbols.firstIndex { $0.name == symbol }
            .map { Self.engineIndex(symbol: $0, engines: engines.count) }
        guard let engine, let (book, sequence) = engines[engine].bookView.book(symbol: symbol, depth: depth) else {
            return (false, "{\"error\":\"no published book for symbol \(Self.escape(symbol))\"}\n")
        }
        func levels(_ levels: [LevelView]) -> String {
            "[" + levels.map {
                "{\"price\":\"\(ServiceGateway.price($0.priceTicks))\",\"shares\":\($0.shares),\"orders\":\($0.orders)}"
            }.joined(separator: ",") + "]"
        }
        var json = "{\"symbol\":\"\(Self.escape(symbol))\",\"sequence\":\(sequence),\"valid\":\(book.isValid),"
        json += "\"bids\":\(levels(book.bids)),\"asks\":\(levels(book.asks))"
        if let trade = book.lastTrade {
            json += ",\"lastTrade\":{\"price\":\"\(ServiceGateway.price(trade.priceTicks))\",\"shares\":\(trade.shares)}"
        }
        return (true, json + "}\n")
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ")
    }
}

/// Why the service could not start.
public enum ServiceError: Error, CustomStringConvertible {
    case engineDidNotStart(String)
    case cannotListen(String)

    public var description: String {
        switch self {
        case .engineDidNotStart(let why): "the engine thread did not start: \(why)"
        case .cannotListen(let what): "cannot listen for \(what)"
        }
    }
}
