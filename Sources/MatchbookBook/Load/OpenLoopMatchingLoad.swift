import MatchbookLatency
import MatchbookMemory

/// What `matchbook bench-matching` runs: a realistic order mix offered to one matching engine at a constant
/// arrival rate, each operation timed from its *intended* send time, so a stall delays and is charged to every
/// operation queued behind it (no coordinated omission), as exchange-core measures.
public struct MatchingLoadOptions: Sendable {
    /// Operations per second offered.
    public var rate: Int
    /// How long to offer them, seconds.
    public var seconds: Double
    /// Symbols the flow is spread over (each prefilled with 2,000 resting orders near the touch).
    public var symbols: Int = 8
    public var seed: UInt64 = 1
    public var pages = PageSourceOptions()
    public var cpu: Int?
    /// Seconds of bare spinning on the engine's CPU before the load, to measure the platform's own stalls.
    public var hiccupSeconds: Double = 1

    public init(rate: Int, seconds: Double) {
        self.rate = rate
        self.seconds = seconds
    }

    /// Book sizes for the load: room for the prefill and the live set the mix keeps.
    var capacity: MatchingCapacity {
        MatchingCapacity(
            book: BookCapacity(
                books: symbols + 1, orders: 1 << 20, levels: 64 << 10, smallLadders: 4 * (symbols + 1),
                smallLadderLevels: 64, largeLadders: 2 * (symbols + 1), largeLadderLevels: 4_096,
                indexPages: 1_024, indexDirectoryPages: 1 << 16),
            stopOrders: 1_024, stopIndexPages: 16, events: 4_096)
    }
}

/// The outcome: rates, whether the rate was sustained, and the latency distributions.
public struct MatchingLoadResult: Sendable, Codable {
    public var targetRate: Int
    public var operations: Int
    public var seconds: Double
    public var achievedRate: Double
    /// The offered rate was kept: at least 99 % of it achieved and the last operation finished within 1 ms of
    /// its intended time.
    public var sustained: Bool
    /// How late the last operation finished against its intended time, nanoseconds.
    public var finalLagNanos: UInt64
    public var adds: Int
    public var cancels: Int
    public var replaces: Int
    public var crossing: Int
    public var fills: Int
    /// `total`: intended send time → done (what a client sees); `book`: the engine's own service time.
    /// Keys as in `matchbook replay --json`: `count`, `p50`, `p90`, `p99`, `p999`, `p9999`, `max` (ns).
    public var latency: [String: LatencySummary]
    /// The platform's own stalls, measured first on the same pinned CPU with nothing but a clock-reading spin
    /// loop: no engine can have a tail better than this floor.
    public var hiccups: PlatformHiccups
    public var memory: MemoryReport
    public var clock: String
}

/// Gaps between consecutive clock reads of a bare spin loop (jHiccup's idea): scheduler preemption, interrupts,
/// a hypervisor's steal. Counts are per second of spinning.
///
/// The floor percentiles turn the gaps into the best tail any engine could show on this CPU: an operation due
/// while the CPU is away waits until it is back, so an engine that takes no time at all, offered operations at
/// a constant rate, sees latency above `L` for the fraction `Σ max(gap − L, 0) / spin time` of them (whatever
/// the rate: the rate cancels out). `floorP99Nanos` is the smallest `L` with that fraction ≤ 1 %, and so on.
public struct PlatformHiccups: Sendable, Codable {
    public var seconds: Double
    public var gapsOver1MicrosecondPerSecond: Double
    public var gapsOver5MicrosecondsPerSecond: Double
    public var gapsOver20MicrosecondsPerSecond: Double
    public var maxGapNanos: UInt64
    /// p99 and p99.9 latency of an engine that takes no time, at any constant rate, on this CPU during the
    /// probe: the floor under the `total` percentiles of the load.
    public var floorP99Nanos: UInt64
    public var floorP999Nanos: UInt64

    /// Gaps shorter than this are not recorded for the floor (a clock read costs 10–20 ns; these matter to no
    /// percentile that is reported).
    static let recordedGapNanos: UInt64 = 200

    /// Spins for `seconds` on the calling thread, reading `clock`. Cold path (it is the measurement); the gap
    /// list is reserved before spinning.
    public static func measure(seconds: Double, clock: TimestampClock) -> PlatformHiccups {
        guard seconds > 0 else {
            return PlatformHiccups(
                seconds: 0, gapsOver1MicrosecondPerSecond: 0, gapsOver5MicrosecondsPerSecond: 0,
                gapsOver20MicrosecondsPerSecond: 0, maxGapNanos: 0, floorP99Nanos: 0, floorP999Nanos: 0)
        }
        let one = clock.ticks(fromNanos: 1_000), five = clock.ticks(fromNanos: 5_000)
        let twenty = clock.ticks(fromNanos: 20_000)
        let recorded = clock.ticks(fromNanos: recordedGapNanos)
        var gaps: [UInt64] = []
        gaps.reserveCapacity(1 << 18)
        var over1 = 0, over5 = 0, over20 = 0
        var maxGap: UInt64 = 0
        let start = clock.now()
        let end = start &+ clock.ticks(fromNanos: UInt64(seconds * 1e9))
        var previous = start
        while previous < end {
            let now = clock.now()
            let gap = now &- previous
            previous = now
            if gap > recorded {
                if gaps.count < gaps.capacity { gaps.append(gap) }
                if gap > one {
                    over1 += 1
                    if gap > five { over5 += 1 }
                    if gap > twenty { over20 += 1 }
                    if gap > maxGap { maxGap = gap }
                }
            }
        }
        let gapNanos = gaps.map { clock.nanos(fromTicks: $0) }
        let spunNanos = Double(clock.nanos(fromTicks: previous &- start))
        return PlatformHiccups(
            seconds: seconds, gapsOver1MicrosecondPerSecond: Double(over1) / seconds,
            gapsOver5MicrosecondsPerSecond: Double(over5) / seconds,
            gapsOver20MicrosecondsPerSecond: Double(over20) / seconds, maxGapNanos: clock.nanos(fromTicks: maxGap),
            floorP99Nanos: floor(gapNanos: gapNanos, spunNanos: spunNanos, above: 0.01),
            floorP999Nanos: floor(gapNanos: gapNanos, spunNanos: spunNanos, above: 0.001))
    }

    /// The smallest latency `L` (ns) such that an instantaneous engine waits longer than `L` for at most the
    /// fraction `above` of its operations, given the CPU's gaps over `spunNanos` of spinning. Binary search on
    /// `L`; O(gaps × log(max gap)).
    public static func floor(gapNanos: [UInt64], spunNanos: Double, above fraction: Double) -> UInt64 {
        guard spunNanos > 0, let longest = gapNanos.max() else { return 0 }
        func fractionAbove(_ latency: UInt64) -> Double {
            var waited = 0.0
            for gap in gapNanos where gap > latency { waited += Double(gap - latency) }
            return waited / spunNanos
        }
        var low: UInt64 = 0, high = longest
        while low < high {
            let middle = low + (high - low) / 2
            if fractionAbove(middle) <= fraction { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

public enum OpenLoopMatchingLoad {
    /// Runs the load on a pinned engine thread that owns its arena. Blocks for about `seconds`.
    public static func run(_ options: MatchingLoadOptions) throws -> (result: MatchingLoadResult, latency: LatencySnapshot) {
        precondition(options.rate > 0 && options.seconds > 0 && options.symbols > 0)
        let clock = TimestampClock.calibrated()
        let capacity = options.capacity
        let configuration = ArenaConfiguration(
            totalBytes: capacity.requiredArenaBytes + (20 << 20), scratchBytes: 1 << 20, pages: options.pages)
        let thread = try EngineThread<(MatchingLoadResult, LatencySnapshot)>(
            name: "bench-matching", cpu: options.cpu, arena: configuration
        ) { arena, _ in
            try runOnEngineThread(arena: arena, options: options, capacity: capacity, clock: clock)
        }
        let (result, latency) = try thread.join()
        return (result, latency)
    }

    static let mid: UInt32 = 100_000

    private static func runOnEngineThread(
        arena: borrowing Arena, options: MatchingLoadOptions, capacity: MatchingCapacity, clock: TimestampClock
    ) throws -> (MatchingLoadResult, LatencySnapshot) {
        let symbols = (1...options.symbols).map {
            SymbolRules(locate: UInt16($0), symbol: "SYM\($0)", minPriceTicks: 1, maxPriceTicks: 10_000_000)
        }
        var engine = try MatchingEngine(arena: arena, capacity: capacity, symbols: symbols)
        // Live orders, oldest first: a ring of (id << 8 | side << 7 | owner) in the arena.
        let ring = try arena.makeTable(of: UInt64.self, count: 1 << 20, name: "load-live-orders")
        let ringMask = ring.count - 1
        var head = 0
        var live = 0
        func remember(_ id: UInt64, side: Side, owner: UInt32) {
            ring[(head + live) & ringMask] = id << 8 | (side == .sell ? 0x80 : 0) | UInt64(owner & 0x7F)
            live += 1
        }
        // Prefill: 50 levels a side next to the touch, 20 orders each, in every symbol.
        for position in 0..<20 {
            for level in 0..<50 {
                for locate in 1...options.symbols {
                    for side in [Side.buy, .sell] {
                        let owner = UInt32((position * 50 + level) & 63)
                        let price = side == .buy ? mid - 1 - UInt32(level) : mid + 1 + UInt32(level)
                        let id = engine.submit(NewOrder(
                            locate: UInt16(locate), side: side, quantity: 100, priceTicks: price, owner: owner))
                        remember(id, side: side, owner: owner)
                    }
                }
            }
        }
        engine.clearEvents()
        let hiccups = PlatformHiccups.measure(seconds: options.hiccupSeconds, clock: clock)

        var histograms = StageHistograms()
        var random = options.seed &+ 0x9E37_79B9_7F4A_7C15
        let total = Int(Double(options.rate) * options.seconds)
        let ticksPerSecond = clock.ticksPerSecond
        let rate = UInt64(options.rate)
        var adds = 0, cancels = 0, replaces = 0, crossing = 0, fills = 0
        let minimumLive = 2_000 * options.symbols / 2
        let start = clock.now() &+ ticksPerSecond / 1_000  // 1 ms to settle
        var last = start
        for index in 0..<total {
            let intended = start &+ UInt64(index) &* ticksPerSecond / rate
            var now = clock.now()
            while now < intended { now = clock.now() }
            // SplitMix64: a roll for the kind, a symbol, a price offset, a side.
            random &+= 0x9E37_79B9_7F4A_7C15
            var z = random
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let roll = Int(z % 100)
            let locate = UInt16(truncatingIfNeeded: (z >> 8) % UInt64(options.symbols) + 1)
            let offset = UInt32(truncatingIfNeeded: (z >> 24) % 10)
            let side: Side = (z >> 40) & 1 == 0 ? .buy : .sell
            if roll < 50 || (roll < 95 && live <= minimumLive) {
                if live < ring.count {
                    let owner = UInt32(truncatingIfNeeded: (z >> 48) & 63)
                    let price = side == .buy ? mid - 1 - offset : mid + 1 + offset
                    let id = engine.submit(NewOrder(
                        locate: locate, side: side, quantity: 100, priceTicks: price, owner: owner))
                    remember(id, side: side, owner: owner)
                    adds += 1
                }
            } else if roll < 95 {
                let entry = ring[head]
                head = (head + 1) & ringMask
                live -= 1
                engine.cancel(orderId: entry >> 8, owner: UInt32(entry & 0x7F))
                cancels += 1
            } else if roll < 98 {
                let entry = ring[(head + Int(z >> 32) % live) & ringMask]
                let buy = entry & 0x80 == 0
                engine.replace(
                    orderId: entry >> 8, newPriceTicks: buy ? mid - 1 - offset : mid + 1 + offset,
                    owner: UInt32(entry & 0x7F))
                replaces += 1
            } else {
                engine.submit(NewOrder(
                    locate: locate, side: side, timeInForce: .ioc, quantity: 150,
                    priceTicks: side == .buy ? mid + 3 : mid - 3, owner: 1_000))
                crossing += 1
            }
            for event in 0..<engine.eventCount where engine.event(at: event).kind == .fill { fills += 1 }
            engine.clearEvents()
            engine.clearChangedBooks()
            let done = clock.now()
            histograms.record(.book, fromTicks: now, toTicks: done, clock: clock)
            histograms.record(.total, fromTicks: intended, toTicks: done, clock: clock)
            last = done
        }
        let finalIntended = start &+ UInt64(max(total - 1, 0)) &* ticksPerSecond / rate
        let elapsedNanos = clock.nanos(fromTicks: TimestampClock.ticks(from: start, to: last))
        let seconds = Double(elapsedNanos) / 1e9
        let achieved = seconds > 0 ? Double(total) / seconds : 0
        let finalLag = clock.nanos(fromTicks: TimestampClock.ticks(from: finalIntended, to: last))
        let snapshot = histograms.snapshot()
        var latency: [String: LatencySummary] = [:]
        for stage in [LatencyStage.book, .total] { latency[stage.rawValue] = snapshot.summary(stage) }
        let result = MatchingLoadResult(
            targetRate: options.rate, operations: total, seconds: seconds, achievedRate: achieved,
            sustained: achieved >= 0.99 * Double(options.rate) && finalLag <= 1_000_000, finalLagNanos: finalLag,
            adds: adds, cancels: cancels, replaces: replaces, crossing: crossing, fills: fills, latency: latency,
            hiccups: hiccups, memory: arena.memoryReport, clock: clock.description)
        return (result, snapshot)
    }
}
