import Benchmark
import MatchbookBook
import MatchbookITCH
import MatchbookMemory

/// ITCH 5.0 replay: parsing alone, and parsing plus the market-by-order books for every symbol, over one
/// generated day held in memory. Counted per message (scaling factor: the day's message count).
let benchmarks: @Sendable () -> Void = {
    let messages = 1_000_000
    let day = ITCHDayGenerator(seed: 1, messages: messages, symbols: 100).generate()

    Benchmark.defaultConfiguration = .init(
        // Retain/release counts are left out: see ArenaBenchmarks.swift.
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(5),
        maxIterations: 10
    )

    Benchmark("ITCHParseOnly1MMessages") { benchmark in
        var parser = ITCHStreamParser(mode: .tolerant)
        var checksum: UInt64 = 0
        benchmark.startMeasurement()
        day.withUnsafeBytes { bytes in
            try? parser.feed(bytes) { frame in checksum &+= UInt64(frame.type.rawValue) &+ UInt64(frame.length) }
        }
        benchmark.stopMeasurement()
        blackHole(checksum)
    }

    Benchmark("ITCHReplayBooks1MMessages") { benchmark in
        let arena = try Arena(ArenaConfiguration(
            totalBytes: BookCapacity.default.requiredArenaBytes + (8 << 20), scratchBytes: 4 << 20))
        var options = ReplayOptions()
        options.measureLatency = false
        var engine = try ReplayEngine(arena: arena, options: options)
        var parser = ITCHStreamParser(mode: .tolerant)
        benchmark.startMeasurement()
        try day.withUnsafeBytes { try engine.replay($0, parser: &parser) }
        benchmark.stopMeasurement()
        blackHole(engine.messages)
    }

    // The same replay with the snapshot publisher on (top 5 levels, an epoch every 10,000 messages, trades),
    // its drain thread writing to /dev/null: the engine thread's publishing cost, side by side with the above.
    Benchmark("ITCHReplayBooksPublisher1MMessages") { benchmark in
        var options = ReplayOptions()
        options.measureLatency = false
        options.snapshotsOutPath = "/dev/null"
        let arena = try Arena(ArenaConfiguration(
            totalBytes: BookCapacity.default.requiredArenaBytes + (8 << 20)
                + options.publisher.requiredArenaBytes(books: BookCapacity.default.books),
            scratchBytes: 4 << 20))
        var engine = try ReplayEngine(arena: arena, options: options)
        var parser = ITCHStreamParser(mode: .tolerant)
        benchmark.startMeasurement()
        try day.withUnsafeBytes { try engine.replay($0, parser: &parser) }
        benchmark.stopMeasurement()
        blackHole(engine.messages)
    }
}
