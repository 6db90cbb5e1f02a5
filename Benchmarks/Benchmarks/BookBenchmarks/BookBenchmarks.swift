import Benchmark
import MatchbookBook
import MatchbookMemory

/// The book module's hot paths at realistic depth: the matching engine (one symbol, ≥ 2,000 live orders over 50
/// levels a side, every operation near the touch) and the market-by-order mirror over 10,000 books. Set-up runs
/// before `startMeasurement()`; the measured loops must not allocate (thresholds gate `mallocCountTotal` at 0).
/// Times are reported, not gated: these shared machines cannot hold them steady.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        // Retain/release counts are left out: see ArenaBenchmarks.swift.
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(3),
        maxIterations: 10
    )

    Benchmark("MatchingAddCancelNearTouch") { benchmark in
        var bench = try MatchingBench()
        var ring = bench.prefill()
        var position = 0
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            let side: Side = iteration & 1 == 0 ? .buy : .sell
            let offset = UInt32(iteration % 10)
            let price = side == .buy ? MatchingBench.mid - 1 - offset : MatchingBench.mid + 1 + offset
            let id = bench.engine.submit(NewOrder(
                locate: 1, side: side, quantity: 100, priceTicks: price, owner: UInt32(iteration & 63)))
            bench.engine.cancel(orderId: ring[position], owner: bench.owner(of: ring[position]))
            ring[position] = id
            position = position == ring.count - 1 ? 0 : position + 1
            bench.engine.clearEvents()
        }
        benchmark.stopMeasurement()
        blackHole(bench.engine.restingOrderCount)
    }

    Benchmark("MatchingExecuteAtTouch") { benchmark in
        var bench = try MatchingBench()
        _ = bench.prefill()
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            // A new order joins the back of the best bid; an IOC sell takes the oldest one there.
            bench.engine.submit(NewOrder(
                locate: 1, side: .buy, quantity: 100, priceTicks: MatchingBench.mid - 1,
                owner: UInt32(iteration & 63)))
            bench.engine.submit(NewOrder(
                locate: 1, side: .sell, timeInForce: .ioc, quantity: 100, priceTicks: MatchingBench.mid - 1,
                owner: 1_000))
            bench.engine.clearEvents()
        }
        benchmark.stopMeasurement()
        blackHole(bench.engine.restingOrderCount)
    }

    Benchmark("MatchingReplaceNearTouch") { benchmark in
        var bench = try MatchingBench()
        let ring = bench.prefill()
        var position = 0
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            let id = ring[position]
            let buy = bench.isBuy(id)
            let offset = UInt32(iteration % 10)
            let price = buy ? MatchingBench.mid - 1 - offset : MatchingBench.mid + 1 + offset
            bench.engine.replace(orderId: id, newPriceTicks: price, newQuantity: 100 + UInt32(iteration & 1),
                                 owner: bench.owner(of: id))
            position = position == ring.count - 1 ? 0 : position + 1
            bench.engine.clearEvents()
        }
        benchmark.stopMeasurement()
        blackHole(bench.engine.restingOrderCount)
    }

    Benchmark("MatchingRealisticMix") { benchmark in
        // Per operation: 50% add near the touch, 45% cancel of the oldest live order (never below 2,000), 3%
        // replace, 2% crossing IOC. The stream is drawn before measuring.
        var bench = try MatchingBench()
        var queue = [UInt64](repeating: 0, count: 1 << 16)
        var head = 0
        var count = 0
        for id in bench.prefill() {
            queue[count] = id
            count += 1
        }
        var generator = BenchmarkGenerator(seed: 7)
        let stream = (0..<(1 << 16)).map { _ in UInt8(truncatingIfNeeded: generator.next() % 100) }
        let mask = queue.count - 1
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            let roll = stream[iteration & (stream.count - 1)]
            let side: Side = iteration & 1 == 0 ? .buy : .sell
            let offset = UInt32(roll % 10)
            if roll < 50 || (roll < 95 && count <= 2_000) {
                if count == queue.count { continue }
                let price = side == .buy ? MatchingBench.mid - 1 - offset : MatchingBench.mid + 1 + offset
                let id = bench.engine.submit(NewOrder(
                    locate: 1, side: side, quantity: 100, priceTicks: price, owner: UInt32(iteration & 63)))
                queue[(head + count) & mask] = id
                count += 1
            } else if roll < 95 {
                let id = queue[head]
                head = (head + 1) & mask
                count -= 1
                bench.engine.cancel(orderId: id, owner: bench.owner(of: id))
            } else if roll < 98 {
                let id = queue[(head + Int(roll) * 7) & mask]
                let price = bench.isBuy(id) ? MatchingBench.mid - 1 - offset : MatchingBench.mid + 1 + offset
                bench.engine.replace(orderId: id, newPriceTicks: price, owner: bench.owner(of: id))
            } else {
                let price = side == .buy ? MatchingBench.mid + 3 : MatchingBench.mid - 3
                bench.engine.submit(NewOrder(
                    locate: 1, side: side, timeInForce: .ioc, quantity: 150, priceTicks: price, owner: 1_000))
            }
            bench.engine.clearEvents()
        }
        benchmark.stopMeasurement()
        blackHole(bench.engine.restingOrderCount)
    }

    Benchmark("MarketByOrderAddDelete10kBooks") { benchmark in
        var bench = try MarketByOrderBench()
        var reference = bench.prefill()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let locate = UInt16(truncatingIfNeeded: reference % 10_000 + 1)
            let price = UInt32(100_000 + (reference % 40) * 100)
            let side: Side = reference & 1 == 0 ? .buy : .sell
            blackHole(bench.books.add(
                locate: locate, reference: reference, side: side, shares: 100,
                priceTicks: side == .buy ? price : price + 10_000))
            let old = reference - MarketByOrderBench.live
            blackHole(bench.books.delete(locate: UInt16(truncatingIfNeeded: old % 10_000 + 1), reference: old))
            reference += 1
        }
        benchmark.stopMeasurement()
    }

    Benchmark("MarketByOrderExecute10kBooks") { benchmark in
        var bench = try MarketByOrderBench()
        let end = bench.prefill()
        let first = end - MarketByOrderBench.live
        var reference = first
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(bench.books.execute(
                locate: UInt16(truncatingIfNeeded: reference % 10_000 + 1), reference: reference, shares: 1))
            reference = reference + 1 == end ? first : reference + 1
        }
        benchmark.stopMeasurement()
    }
}

/// An arena and a matching engine with one symbol (locate 1, tick 1) around `mid`.
struct MatchingBench: ~Copyable {
    static let mid: UInt32 = 100_000
    let arena: Arena
    var engine: MatchingEngine

    init() throws {
        let capacity = MatchingCapacity(
            book: BookCapacity(
                books: 16, orders: 64 << 10, levels: 8 << 10, smallLadders: 64, smallLadderLevels: 64,
                largeLadders: 16, largeLadderLevels: 4_096, indexPages: 512, indexDirectoryPages: 8_192),
            stopOrders: 1_024, stopIndexPages: 16, events: 4_096)
        let arena = try Arena(ArenaConfiguration(
            totalBytes: (capacity.requiredArenaBytes + (6 << 20)) & ~(2 << 20 - 1), scratchBytes: 1 << 20,
            pages: PageSourceOptions(policy: .auto)))
        let engine = try MatchingEngine(
            arena: arena, capacity: capacity,
            symbols: [SymbolRules(locate: 1, symbol: "BENCH", minPriceTicks: 1, maxPriceTicks: 1_000_000)])
        self.arena = arena
        self.engine = engine
    }

    /// 2,000 resting orders: 50 levels a side next to the touch, 20 orders each. Returns their ids, oldest first.
    mutating func prefill() -> [UInt64] {
        var ids: [UInt64] = []
        for position in 0..<20 {
            for level in 0..<50 {
                for side in [Side.buy, Side.sell] {
                    let price = side == .buy ? Self.mid - 1 - UInt32(level) : Self.mid + 1 + UInt32(level)
                    let owner = UInt32((position * 50 + level) & 63)
                    ids.append(engine.submit(NewOrder(
                        locate: 1, side: side, quantity: 100, priceTicks: price, owner: owner)))
                }
            }
        }
        engine.clearEvents()
        return ids
    }

    /// The owner of a live order (cold-looking but O(1): one index lookup); 0 if it is gone.
    @inline(__always)
    func owner(of id: UInt64) -> UInt32 { engine.order(id: id)?.owner ?? 0 }

    @inline(__always)
    func isBuy(_ id: UInt64) -> Bool { engine.order(id: id)?.side != .sell }
}

/// An arena and the market-by-order mirror over 10,000 books.
struct MarketByOrderBench: ~Copyable {
    static let live: UInt64 = 100_000
    let arena: Arena
    var books: MarketByOrderBooks

    init() throws {
        let capacity = BookCapacity(
            books: 10_016, orders: 256 << 10, levels: 128 << 10, smallLadders: 20_480, smallLadderLevels: 16,
            largeLadders: 64, largeLadderLevels: 1_024, indexPages: 512, indexDirectoryPages: 1 << 16)
        let arena = try Arena(ArenaConfiguration(
            totalBytes: (capacity.requiredArenaBytes + (6 << 20)) & ~(2 << 20 - 1), scratchBytes: 1 << 20,
            pages: PageSourceOptions(policy: .auto)))
        let books = try MarketByOrderBooks(arena: arena, capacity: capacity)
        self.arena = arena
        self.books = books
    }

    /// 100,000 orders, 10 a book over 10,000 books, references 1…100,000. Returns the next reference.
    mutating func prefill() -> UInt64 {
        var reference: UInt64 = 1
        while reference <= Self.live {
            let price = UInt32(100_000 + (reference % 40) * 100)
            let side: Side = reference & 1 == 0 ? .buy : .sell
            _ = books.add(
                locate: UInt16(truncatingIfNeeded: reference % 10_000 + 1), reference: reference, side: side,
                shares: 1_000_000, priceTicks: side == .buy ? price : price + 10_000)
            reference += 1
        }
        return reference
    }
}

/// SplitMix64 for drawing operation streams before measuring.
struct BenchmarkGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
