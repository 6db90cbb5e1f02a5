#if canImport(Glibc)
import Glibc
#endif
import Atomics
import Foundation
import Logging
import MatchbookBook
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
    private let link = EngineLink()
    private var engineThread: EngineThread<Void>?
    private var pump: WorkerThread?
    private var gateway: ServiceGateway?
    private var channels: [Channel] = []
    private var ticker: RepeatedTask?
    private let stopped = ManagedAtomic<Bool>(false)
    /// The ports actually bound (port 0 in the configuration picks a free one).
    public private(set) var fixPort = 0
    public private(set) var httpPort = 0
    public private(set) var marketDataPort = 0
    /// The published books, for GET /book/{symbol}.
    let bookView = PublisherBookViewSink()
    /// What the market-data publisher wrote (after `shutdown()`).
    public var marketDataStats: PublisherStats? { link.marketData }

    /// The publisher's settings: the top 10 levels, a snapshot epoch every 1,000 commands or 100 ms, refresh.
    static func marketDataOptions(drainCPU: Int?) -> PublisherOptions {
        var options = PublisherOptions(
            snapshotEveryMessages: 1_000, depth: 10, snapshotEveryNanoseconds: 100_000_000, refreshBooksPerEpoch: 16)
        options.drainCPU = drainCPU
        return options
    }
    public private(set) var engineStart: EngineThreadStart?

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

    /// Starts the engine thread, the reply pump and the listeners. Returns when clients can connect.
    ///
    /// - Throws: what the engine thread's arena or the sockets refuse (with the address), or a timeout.
    public func start() throws {
        let symbols = configuration.symbols.enumerated().map { index, symbol in
            symbol.rules(locate: UInt16(index + 1))
        }
        let capacity = Self.capacity(symbols: symbols.count)
        let ringBytes = EngineWorker.commandSlots * 64 + EngineWorker.replySlots * 128 + (1 << 20)
            + Self.marketDataOptions(drainCPU: nil).requiredArenaBytes(books: capacity.book.books)
        let arenaBytes = max(configuration.arenaBytes, capacity.requiredArenaBytes + ringBytes + (16 << 20))
        let arena = ArenaConfiguration(
            totalBytes: arenaBytes, scratchBytes: 4 << 20,
            pages: PageSourceOptions(policy: configuration.pagePolicy, lock: false))
        let cpu = configuration.engineCPUs.first ?? CPUAffinity.allowedCPUs().last
        // Market data: TCP subscribers on the market-data port, and the book view behind GET /book/{symbol}.
        let tcp: PublisherTCPSink
        do {
            tcp = try PublisherTCPSink(listen: "\(configuration.listenAddress):\(configuration.marketDataPort)")
        } catch {
            throw ServiceError.cannotListen("market data on \(configuration.listenAddress):"
                + "\(configuration.marketDataPort): \(error)")
        }
        marketDataPort = Int(tcp.port)
        let sinks: [any MarketDataSink] = [tcp, bookView]
        let marketData = Self.marketDataOptions(drainCPU: CPUAffinity.allowedCPUs().first { $0 != cpu })
        let link = self.link
        let started = ManagedAtomic<Bool>(false)
        let engine = try EngineThread<Void>(name: "engine-0", cpu: cpu, arena: arena) { arena, _ in
            started.store(true, ordering: .releasing)
            try EngineWorker.run(
                arena: arena, symbols: symbols, capacity: capacity, link: link, marketData: marketData,
                sinks: sinks)
        }
        engineThread = engine
        let deadline = Date().addingTimeInterval(30)
        while !link.ready.load(ordering: .acquiring) {
            if Date() > deadline { throw ServiceError.engineDidNotStart("no answer in 30 s") }
            usleep(1_000)
            if started.load(ordering: .acquiring) == false, Date() > deadline { break }
            if !link.ready.load(ordering: .acquiring), engineFailedEarly(engine) { break }
        }
        guard link.ready.load(ordering: .acquiring), let producer = link.commandProducer,
              let replies = link.replyConsumer else {
            do { try engine.join() } catch { throw ServiceError.engineDidNotStart("\(error)") }
            throw ServiceError.engineDidNotStart("the engine thread ended before it was ready")
        }
        let eventLoop = group.next()
        let gateway = ServiceGateway(
            configuration: configuration, credentials: credentials, producer: producer, eventLoop: eventLoop,
            logger: logger)
        self.gateway = gateway
        pump = try WorkerThread(name: "reply-pump") {
            Self.pumpReplies(from: replies, to: gateway)
        }
        let fix = try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FIXConnectionHandler(gateway: gateway))
                }
            }
            .bind(host: configuration.listenAddress, port: configuration.fixPort).wait()
        channels.append(fix)
        fixPort = fix.localAddress?.port ?? configuration.fixPort
        let http = try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(HTTPHandler(service: self))
                }
            }
            .bind(host: configuration.listenAddress, port: configuration.httpPort).wait()
        channels.append(http)
        httpPort = http.localAddress?.port ?? configuration.httpPort
        ticker = eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in gateway.tick() }
        logger.info("serving", metadata: [
            "fix": "\(configuration.listenAddress):\(fixPort)", "http": "\(configuration.listenAddress):\(httpPort)",
            "marketData": "tcp \(configuration.listenAddress):\(marketDataPort)",
            "symbols": "\(configuration.symbols.map(\.name).joined(separator: ","))",
        ])
    }

    private func engineFailedEarly(_ engine: EngineThread<Void>) -> Bool { false }

    /// Takes replies off the ring in batches and hands each batch to the gateway's event loop. Spins while busy,
    /// naps when idle; ends when the engine closes the ring and everything is handed over.
    static func pumpReplies(from replies: SPSCRingConsumer, to gateway: ServiceGateway) {
        var idle = 0
        var batch: [ServiceReply] = []
        batch.reserveCapacity(1_024)
        while true {
            while batch.count < 1_024, let slot = replies.peek() {
                batch.append(slot.loadUnaligned(as: ServiceReply.self))
                replies.release()
            }
            if !batch.isEmpty {
                let handed = batch
                gateway.eventLoop.execute { gateway.deliver(handed) }
                batch.removeAll(keepingCapacity: true)
                idle = 0
                continue
            }
            if replies.isFinished { return }
            idle += 1
            if idle > 200 { if idle > 200_000 { usleep(100) } else { sched_yield() } }
        }
    }

    /// Graceful shutdown: stop accepting, Logout every session, drain the engine, stop the threads.
    public func shutdown() {
        guard !stopped.exchange(true, ordering: .acquiring) else { return }
        if let gateway {
            try? gateway.eventLoop.submit {
                gateway.shutdown()
            }.wait()
        }
        for channel in channels { try? channel.close().wait() }
        ticker?.cancel()
        // Let the engine finish what is queued, then stop it; the pump ends when the reply ring is closed.
        usleep(50_000)
        link.stop.store(true, ordering: .releasing)
        if let engineThread { try? engineThread.join() }
        pump?.join()
        try? group.syncShutdownGracefully()
        logger.info("stopped")
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
        metric("command_ring_depth", "Commands waiting for the engine.", "gauge", [("", gateway.commandRingDepth)])
        metric("command_ring_full_total", "Commands refused because the ring was full.", "counter",
               [("", metrics.commandRingFull)])
        metric("engine_commands_total", "Commands the engine applied.", "counter",
               [("", link.commandsApplied.load(ordering: .relaxed))])
        metric("engine_resting_orders", "Orders resting in the books.", "gauge",
               [("", link.restingOrders.load(ordering: .relaxed))])
        let histogram = metrics.orderToAck
        metric("order_to_ack_nanoseconds", "From reading a NewOrderSingle to writing its first report.", "summary",
               [0.5, 0.9, 0.99, 0.999].map { ("{quantile=\"\($0)\"}", histogram.valueAtPercentile($0 * 100)) }
                   + [("_count", histogram.totalCount)])
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
        guard let (book, sequence) = bookView.book(symbol: symbol, depth: depth) else {
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
