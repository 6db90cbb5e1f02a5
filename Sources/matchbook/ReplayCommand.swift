import ArgumentParser
import Foundation
import MatchbookBook
import MatchbookITCH
import MatchbookLatency
import MatchbookMemory
import MatchbookPublisher


/// `matchbook replay [FILE]`: a day of ITCH 5.0 through the market-by-order books on one pinned engine thread,
/// with a per-stage latency table. Without FILE it generates the embedded default day and replays it.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay an ITCH 5.0 file (plain, .gz or - for stdin) through the books and report latency.")

    @Argument(help: "ITCH 5.0 file; gzip is detected by its magic bytes; - reads stdin. Default: a generated day.")
    var file: String?

    @Flag(name: .long, help: "Print the summary as JSON (keys documented in the README).")
    var json = false

    @Option(name: .long, help: "Write the final L2 depth of every book: symbol,side,price,shares,orders.")
    var bookOut: String?

    @Option(name: .long, help: "Levels per side in --book-out (default: full depth).")
    var bookDepth: Int?

    @Option(name: .long, help: "Write the final L3 orders: symbol,side,price,ref,shares in queue order.")
    var ordersOut: String?

    @Option(name: .long, help: "Write one row per best bid/ask change: seq,symbol,bid_price,…,ask_orders.")
    var bboOut: String?

    @Option(name: .long, help: "Write sequenced level updates and L2 snapshots (wire format in the README) to FILE.")
    var snapshotsOut: String?

    @Option(name: .long, help: "Send the same market-data stream as UDP datagrams to HOST:PORT (unicast or multicast).")
    var mdUdp: String?

    @Option(name: .long, help: "With --md-udp: drop each datagram with this probability (tests subscribers' recovery).")
    var mdUdpLoss: Double = 0

    @Option(name: .long, help: "Market data: a snapshot epoch every N messages (default 10000; 0 = only --snapshot-every-us).")
    var snapshotEvery: Int = 10_000

    @Option(name: .long, help: "Market data: also a snapshot epoch every N microseconds of feed time (default off).")
    var snapshotEveryUs: UInt64 = 0

    @Option(name: .long, help: "Market data: levels per side published (1...255 or 'full', default 5).")
    var snapshotDepth: String = "5"

    @Option(name: .long, help: "Market data: unchanged books re-snapshotted per epoch, round-robin (default 16).")
    var snapshotRefresh: Int = 16

    @Option(name: .long, help: "Write latency.json, <stage>.hgrm and latency.svg into this folder.")
    var report: String?

    @Flag(name: .long, help: "Stop at the first framing fault with a non-zero exit (default: count and go on).")
    var strict = false

    @Flag(name: .long, help: "No progress and no table: only errors (and --json).")
    var quiet = false

    @Flag(name: .long, help: "Do not time the stages (measures the measurement's own cost).")
    var noLatency = false

    @Option(name: .long, help: "Time every N-th message (a power of two; 1 = every message, at about +33 % wall time).")
    var latencySample: Int = 16

    @Option(name: .long, help: "Memory for records, indexes and scratch: arena (default) or system (malloc/calloc).")
    var allocator: ArenaBacking = .arena

    @Flag(name: .long, help: "Replay twice in this process, arena then system allocator; print percentiles side by side.")
    var compareAllocators = false

    @Option(name: .long, help: "Generated default day: messages.")
    var messages: Int = DefaultDay.messages

    @Option(name: .long, help: "Generated default day: symbols.")
    var symbols: Int = DefaultDay.symbols

    @Option(name: .long, help: "Generated default day: seed.")
    var seed: UInt64 = DefaultDay.seed

    @OptionGroup var engine: EngineOptions

    func run() throws {
        let source: ReplaySource
        switch file {
        case nil:
            if !quiet && !json {
                printError("generating the default day: \(messages) messages, \(symbols) symbols, seed \(seed)")
            }
            let bytes = ITCHDayGenerator(seed: seed, messages: messages, symbols: symbols).generate()
            source = .bytes(bytes, name: "generated:seed=\(seed),messages=\(messages),symbols=\(symbols)")
        case "-":
            source = .standardInput
        case let path?:
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw CommandFailure("cannot read '\(path)': no such file or no permission")
            }
            source = .file(path: path)
        }
        var options = ReplayOptions()
        options.mode = strict ? .strict : .tolerant
        options.measureLatency = !noLatency
        options.latencySampleInterval = latencySample
        options.bboOutPath = bboOut
        options.snapshotsOutPath = snapshotsOut
        options.marketDataUDP = mdUdp
        options.marketDataUDPLoss = mdUdpLoss
        if options.publishes {
            let depth = snapshotDepth == "full" ? PublisherOptions.maximumDepth : Int(snapshotDepth) ?? 0
            guard (1...PublisherOptions.maximumDepth).contains(depth) else {
                throw CommandFailure(PublisherError.invalidDepth(depth).description)
            }
            guard snapshotEvery > 0 || snapshotEveryUs > 0, snapshotEvery >= 0 else {
                throw CommandFailure(PublisherError.invalidInterval(snapshotEvery).description)
            }
            guard (0.0...1.0).contains(mdUdpLoss) else {
                throw CommandFailure("--md-udp-loss \(mdUdpLoss) is out of range: use a probability 0...1")
            }
            options.publisher.snapshotEveryMessages = snapshotEvery
            options.publisher.snapshotEveryNanoseconds = snapshotEveryUs * 1_000
            options.publisher.depth = depth
            options.publisher.refreshBooksPerEpoch = max(snapshotRefresh, 0)
        }
        options.pages = engine.pageOptions
        options.cpu = engine.engineCPU
        // The drain thread gets another CPU than the engine's, when there is one.
        options.publisher.drainCPU = CPUAffinity.allowedCPUs().first { $0 != options.cpu }
        options.backing = allocator
        if compareAllocators {
            try runComparison(source, options: options)
            return
        }
        if !quiet && !json && isatty(STDERR_FILENO) != 0 {
            let progress = ProgressLine()
            options.progress = { messages, bytes in progress.update(messages: messages, bytes: bytes) }
        }
        let result: ITCHReplay.Result
        do {
            result = try ITCHReplay.run(
                source, options: options, exportLevels: bookOut != nil, exportOrders: ordersOut != nil,
                levelsDepth: bookDepth ?? .max)
        } catch let error as ReplayError {
            throw CommandFailure(error.description)
        } catch let error as ArenaError {
            throw CommandFailure(error.description)
        } catch let error as PublisherError {
            throw CommandFailure(error.description)
        }
        if options.progress != nil { ProgressLine.clear() }
        if let bookOut, let csv = result.levelsCSV { try write(csv, to: bookOut) }
        if let ordersOut, let csv = result.ordersCSV { try write(csv, to: ordersOut) }
        if let report {
            let directory = URL(fileURLWithPath: report)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            _ = try LatencyReport(result.latency, title: "matchbook replay", clock: result.clock).write(to: directory)
        }
        let summary = result.summary
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else if !quiet {
            printSummary(summary, latency: result.latency, clock: result.clock)
        }
        if strict, summary.parseFaults > 0 {
            throw CommandFailure("strict: \(summary.firstFault ?? "framing fault")")
        }
    }

    /// Both allocators on the same input in this process: the arena first, then the system allocator.
    private func runComparison(_ source: ReplaySource, options: ReplayOptions) throws {
        var results: [ITCHReplay.Result] = []
        for backing in [ArenaBacking.arena, .systemAllocator] {
            var run = options
            run.backing = backing
            run.progress = nil
            do {
                results.append(try ITCHReplay.run(source, options: run))
            } catch let error as ReplayError {
                throw CommandFailure(error.description)
            } catch let error as ArenaError {
                throw CommandFailure(error.description)
            }
        }
        let (arena, system) = (results[0], results[1])
        let comparison = LatencyComparison(arena: arena.latency, system: system.latency)
        if let report {
            let directory = URL(fileURLWithPath: report)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            _ = try comparison.write(to: directory)
        }
        if json {
            struct Output: Encodable { var arena: ReplaySummary; var system: ReplaySummary }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(Output(arena: arena.summary, system: system.summary)),
                         as: UTF8.self))
            return
        }
        guard !quiet else { return }
        for result in results {
            let summary = result.summary
            print("\(summary.allocator): \(summary.messages) messages in \(String(format: "%.3f", summary.seconds)) s "
                + "= \(String(format: "%.2f", summary.messagesPerSecond / 1e6)) M msg/s")
        }
        print("")
        print(comparison.renderTable())
    }

    private func printSummary(_ summary: ReplaySummary, latency: LatencySnapshot, clock: TimestampClock) {
        let memory = summary.memory
        print("""
            replayed   \(summary.source)
            messages   \(summary.messages) (\(summary.bytes) bytes) in \(String(format: "%.3f", summary.seconds)) s \
            = \(String(format: "%.2f", summary.messagesPerSecond / 1e6)) M msg/s
            books      \(summary.books) symbols, \(summary.liveOrders) live orders, \(summary.liveLevels) levels at the end
            faults     \(summary.parseFaults) framing, \(summary.unknownMessages) unknown types, \
            \(summary.anomalies.total) feed anomalies\(summary.firstFault.map { " (first: \($0))" } ?? "")
            memory     \(summary.allocator == "system" ? "system allocator (malloc/calloc), control block " : "")\(memory.pageKind.rawValue), node \(memory.numaNode), \(memory.arenaBytes >> 20) MiB, \
            \(memory.hugePageBytes >> 20) MiB on huge pages, \(memory.locked ? "locked" : "not locked"), CPU \(summary.cpu)
            """)
        if let publisher = summary.publisher {
            let build = publisher.snapshotBuild.map { " (build per book p50 \($0.p50) ns, p99 \($0.p99) ns)" } ?? ""
            print("""
                market data \(publisher.levelUpdates) level updates, \(publisher.trades) trades, \
                \(publisher.snapshots) snapshots in \(publisher.snapshotEpochs) epochs\(build), \
                \(publisher.bytes) bytes to the sinks; \(publisher.droppedChunks) chunks dropped, \
                \(publisher.sequenceGaps) gaps
                """)
        }
        if !summary.latency.isEmpty {
            print("")
            print(LatencyReport(latency, title: "per-message latency", clock: clock).renderTable())
        }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}

/// A one-line progress display on stderr (only on a terminal), throttled to a few updates a second.
final class ProgressLine: @unchecked Sendable {
    // @unchecked: called from the engine thread only, after being created on the main thread.
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastPrinted: UInt64 = 0

    func update(messages: Int, bytes: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastPrinted > 250_000_000 else { return }
        lastPrinted = now
        let seconds = Double(now - started) / 1e9
        let rate = seconds > 0 ? Double(messages) / seconds / 1e6 : 0
        printError(String(format: "\r%12d messages  %8.1f MB  %6.2f M msg/s", messages, Double(bytes) / 1e6, rate),
                   newline: false)
    }

    static func clear() { printError("\r\u{1B}[K", newline: false) }
}

func printError(_ text: String, newline: Bool = true) {
    FileHandle.standardError.write(Data((text + (newline ? "\n" : "")).utf8))
}
