import Foundation
import MatchbookBook
import MatchbookLatency
import MatchbookMemory
import MatchbookPublisher

/// Replays an ITCH 5.0 stream through market-by-order books on one pinned engine thread that owns its arena:
/// file → parser → books → BBO rows / latency histograms → summary.
public enum ITCHReplay {
    /// What a replay leaves behind besides its summary: the final books as CSV (cold path, on request) and the
    /// latency histograms for reports.
    public struct Result: Sendable {
        public var summary: ReplaySummary
        public var latency: LatencySnapshot
        public var clock: TimestampClock
        /// `symbol,side,price,shares,orders` (when asked for).
        public var levelsCSV: String?
        /// `symbol,side,price,ref,shares` (when asked for).
        public var ordersCSV: String?
    }

    /// Replays `source` as `options` say. Blocks until the engine thread is done.
    ///
    /// - Throws: `ReplayError` (input, strict-mode framing fault, outputs), `ArenaError` (memory).
    public static func run(
        _ source: ReplaySource, options: ReplayOptions, exportLevels: Bool = false, exportOrders: Bool = false,
        levelsDepth: Int = .max
    ) throws -> Result {
        let clock = options.measureLatency ? TimestampClock.calibrated() : TimestampClock.monotonic()
        let thread = try EngineThread<Result>(
            name: "replay", cpu: options.cpu, arena: options.arenaConfiguration
        ) { arena, start in
            try replayOnEngineThread(
                source, arena: arena, start: start, options: options, clock: clock,
                exportLevels: exportLevels, exportOrders: exportOrders, levelsDepth: levelsDepth)
        }
        return try thread.join()
    }

    private static func replayOnEngineThread(
        _ source: ReplaySource, arena: borrowing Arena, start: EngineThreadStart, options: ReplayOptions,
        clock: TimestampClock, exportLevels: Bool, exportOrders: Bool, levelsDepth: Int
    ) throws -> Result {
        var loop = try ReplayLoop(arena: arena, options: options, clock: clock)
        var parser = ITCHStreamParser(mode: options.mode)
        let began = DispatchTime.now().uptimeNanoseconds
        loop.start()
        do {
            switch source {
            case .bytes(let bytes, _):
                // Untyped throws here: a typed-throws closure through withUnsafeBytes crashes IRGen (Swift 6.3.1).
                let fault: ITCHError? = bytes.withUnsafeBytes { buffer in
                    do throws(ITCHError) {
                        try parser.feed(buffer) { frame in loop.handle(frame, bytesSoFar: frame.offset) }
                        try parser.finish()
                        return nil
                    } catch {
                        return error
                    }
                }
                if let fault { throw ReplayError.input(.parse(fault)) }
            case .file, .standardInput:
                // The input's chunk buffer lives in the arena's epoch scratch for the whole replay.
                // (With system-allocator backing scratch is malloc'd on request and has no fixed capacity.)
                let chunkBytes = arena.backing == .systemAllocator
                    ? ITCHChunkBuffer.defaultCapacity
                    : min(ITCHChunkBuffer.defaultCapacity, arena.scratchCapacityBytes / 2)
                let chunkMemory: UnsafeMutableRawBufferPointer
                do {
                    let address = try arena.allocateScratch(byteCount: chunkBytes, alignment: 4096)
                    chunkMemory = UnsafeMutableRawBufferPointer(start: address, count: chunkBytes)
                } catch {
                    throw ReplayError.cannotOpen(path: source.name, what: "input chunk (\(error))")
                }
                do throws(ITCHInputError) {
                    let chunk = ITCHChunkBuffer(borrowing: chunkMemory)
                    var input = try source.isStandardInput
                        ? ITCHInput.standardInput(chunk: chunk) : ITCHInput(path: source.name, chunk: chunk)
                    try input.parse(into: &parser) { frame in loop.handle(frame, bytesSoFar: frame.offset) }
                } catch {
                    throw ReplayError.input(error)
                }
            }
        }
        if var writer = loop.bbo.take() {
            let error = writer.finish()
            if error != 0 { throw ReplayError.writeFailed(path: options.bboOutPath ?? "-", errno: error) }
            loop.bbo = consume writer
        }
        var publisherStats: PublisherStats? = nil
        if loop.publishing {
            let stats = loop.publisher.finish(books: loop.books)
            publisherStats = stats
            if let failure = stats.sinkFailures.first { throw ReplayError.marketData(failure) }
        }
        // Wall time includes handing the last bytes to every output.
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        let statistics = parser.statistics
        var counts: [String: UInt64] = [:]
        for (type, count) in statistics.counts.nonZero { counts[type] = count }
        let snapshot = loop.histograms.snapshot()
        var latency: [String: LatencySummary] = [:]
        if options.measureLatency {
            for (stage, summary) in snapshot.summaries where LatencyStage.reported.contains(stage) {
                latency[stage.rawValue] = summary
            }
        }
        let summary = ReplaySummary(
            source: source.name, messages: statistics.messages, bytes: statistics.bytesConsumed, seconds: seconds,
            messagesPerSecond: seconds > 0 ? Double(statistics.messages) / seconds : 0, countsByType: counts,
            unknownMessages: statistics.unknownMessages, parseFaults: statistics.faults,
            firstFault: statistics.firstFault.map { "\($0)" }, anomalies: loop.books.anomalies,
            invalidSides: loop.invalidSides, books: loop.books.definedLocates.count,
            liveOrders: loop.books.liveOrderCount, liveLevels: loop.books.liveLevelCount,
            bboRows: loop.bbo?.rows ?? 0, publisher: publisherStats, allocator: arena.backing.rawValue, memory: arena.memoryReport, arena: arena.stats, latency: latency,
            clock: clock.description, cpu: start.cpu)
        return Result(
            summary: summary, latency: snapshot, clock: clock,
            levelsCSV: exportLevels ? BookExport.levels(loop.books, maxLevels: levelsDepth) : nil,
            ordersCSV: exportOrders ? BookExport.orders(loop.books) : nil)
    }
}

extension LatencyStage {
    /// The stages a replay reports.
    static var reported: [LatencyStage] { [.parse, .book, .publish, .total] }
}
