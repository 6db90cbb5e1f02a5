import Foundation
import Testing
import MatchbookBook
import MatchbookMemory

/// The arena matching engine against the obviously-right `ReferenceMatcher`, operation by operation: a seeded
/// mix of limit (some iceberg, post-only, GTC), market, IOC, FOK, stop and stop-limit orders, cancels, reduces,
/// replaces, bad requests, self-trade prevention, halts and session ends over four symbols with different ticks
/// and lots. After EVERY step: the same events and the same queues of the touched book. Every 1,000 steps and at
/// the end: every book, the invariants (never crossed, FIFO links, index = pools), quantity conservation, and
/// order status. Finally every order is cancelled and the pools' free counts must be back at their start.
///
/// `MATCHBOOK_MATCHING_STEPS` (per seed, default 200,000) and `MATCHBOOK_MATCHING_SEEDS` (default 3) scale it.
@Suite("Matching engine differential")
struct MatchingDifferentialTests {
    static let symbols: [SymbolRules] = [
        SymbolRules(locate: 1, symbol: "AAA", tickSize: 1, lotSize: 1, minPriceTicks: 5_000, maxPriceTicks: 15_000),
        SymbolRules(locate: 2, symbol: "BBB", tickSize: 5, lotSize: 1, minPriceTicks: 5_000, maxPriceTicks: 15_000),
        SymbolRules(locate: 3, symbol: "CCC", tickSize: 10, lotSize: 10, minPriceTicks: 5_000,
                    maxPriceTicks: 15_000),
        SymbolRules(locate: 4, symbol: "DDD", tickSize: 1, lotSize: 1, minPriceTicks: 9_900, maxPriceTicks: 10_100),
    ]

    static var capacity: MatchingCapacity {
        var capacity = MatchingCapacity.testing
        capacity.events = 64 << 10
        return capacity
    }

    struct Driver {
        var generator: SeededGenerator
        init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

        mutating func price(locate: UInt16, side: Side) -> UInt32 {
            let tick = Int(MatchingDifferentialTests.symbols[Int(locate) - 1].tickSize)
            // Around 10,000, buys mostly below and sells mostly above, overlapping a little.
            let distance = min(int(0...30), int(0...30)) - 3
            let offset = side == .buy ? -distance : distance
            var price = 10_000 + offset * tick
            if chance(1) { price += int(-3...3) }  // sometimes off the tick
            if chance(1) { price = side == .buy ? 20_000 : 1_000 }  // outside the band
            return UInt32(max(price, 1))
        }

        mutating func quantity(locate: UInt16) -> UInt32 {
            let lot = Int(MatchingDifferentialTests.symbols[Int(locate) - 1].lotSize)
            if chance(1) { return 0 }
            if chance(1) { return UInt32(lot * int(1...20) + (lot > 1 ? 3 : 0)) }
            return UInt32(lot * int(1...40))
        }

        /// A new order of the mix: limit (day/GTC, some iceberg, post-only), market, IOC, FOK, stop and
        /// stop-limit, a third with self-trade prevention, and now and then an unknown locate or a bad display.
        mutating func newOrder(locate: UInt16, clientTag: UInt64) -> NewOrder {
            let side: Side = chance(50) ? .buy : .sell
            var order = NewOrder(
                locate: chance(1) ? 9 : locate, side: side, quantity: quantity(locate: locate),
                priceTicks: price(locate: locate, side: side), owner: UInt32(int(1...6)), clientTag: clientTag)
            switch int(0...99) {
            case 0..<55: order.timeInForce = chance(25) ? .gtc : .day
            case 55..<63: order.type = .market; order.timeInForce = .ioc
            case 63..<71: order.timeInForce = .ioc
            case 71..<79: order.timeInForce = .fok
            case 79..<87:
                order.timeInForce = chance(30) ? .gtc : .day
                order.displayQuantity = max(order.quantity / UInt32(int(2...5)), 1)
                let lot = MatchingDifferentialTests.symbols[Int(locate) - 1].lotSize
                order.displayQuantity -= order.displayQuantity % lot
                if order.displayQuantity == 0 { order.displayQuantity = lot }
            case 87..<92:
                order.postOnly = true
                order.timeInForce = chance(30) ? .gtc : .day
            case 92..<96:
                order.type = .stop
                order.stopPriceTicks = price(locate: locate, side: side.opposite)
                order.timeInForce = chance(30) ? .gtc : .day
            default:
                order.type = .stopLimit
                order.stopPriceTicks = price(locate: locate, side: side.opposite)
                order.timeInForce = [.day, .gtc, .ioc, .fok][int(0...3)]
            }
            if chance(30) { order.selfTradePrevention = [.cancelTaker, .cancelMaker, .cancelBoth][int(0...2)] }
            if chance(1) { order.displayQuantity = order.quantity + 1 }
            return order
        }
    }

    /// Conservation ledger: every share that entered is filled, cancelled, expired or still open.
    struct Ledger {
        var entered = 0
        var reducedAway = 0
        var filled = 0
        var cancelled = 0
        var expired = 0

        mutating func record(_ events: [EngineEvent], replaceDelta: Int) {
            entered += replaceDelta
            for event in events {
                switch event.kind {
                case .accepted: entered += Int(event.quantity)
                case .fill: filled += 2 * Int(event.quantity)
                case .cancelled: cancelled += Int(event.quantity)
                case .expired: expired += Int(event.quantity)
                case .reduced: reducedAway += Int(event.quantity)
                default: break
                }
            }
        }
    }

    @Test("seeded mixed operations match the reference matcher step by step")
    func differential() throws {
        let environment = ProcessInfo.processInfo.environment
        let steps = environment["MATCHBOOK_MATCHING_STEPS"].flatMap { Int($0) } ?? 200_000
        let seedCount = environment["MATCHBOOK_MATCHING_SEEDS"].flatMap { Int($0) } ?? 3
        for seed in 0..<UInt64(seedCount) {
            try run(seed: 0x4D41_5443_0000 + seed, steps: steps)
        }
    }

    func run(seed: UInt64, steps: Int) throws {
        var t = try MatchingTestEngine(capacity: Self.capacity, symbols: Self.symbols)
        var model = ReferenceMatcher(symbols: Self.symbols)
        var driver = Driver(seed: seed)
        var ledger = Ledger()
        let startFree = t.engine.freeSlots
        var eventCounts: [EngineEventKind: Int] = [:]
        for step in 0..<steps {
            let locate = UInt16(driver.int(1...4))
            var replaceDelta = 0
            let roll = driver.int(0...999)
            let operation: String
            if roll < 450 || roll >= 990 {
                let order = driver.newOrder(locate: locate, clientTag: UInt64(step))
                let engineId = t.engine.submit(order)
                let modelId = model.submit(order)
                #expect(engineId == modelId)
                operation = "submit \(order)"
            } else {
                let recent = max(1, Int(model.nextId) - 400)
                let id = UInt64(driver.int(recent...Int(model.nextId)))
                let trueOwner = model.resting[id]?.owner ?? model.stopIndex(id).map { model.stops[$0.0]![$0.1].owner }
                let owner = driver.chance(90) ? (trueOwner ?? 1) : UInt32(driver.int(1...6))
                if roll < 750 {
                    t.engine.cancel(orderId: id, owner: owner)
                    model.cancel(id, owner: owner)
                    operation = "cancel \(id) by \(owner)"
                } else if roll < 820 {
                    let lot = UInt32(Self.symbols[Int(model.resting[id]?.locate ?? 1) - 1].lotSize)
                    let shares = driver.chance(2) ? 0 : lot * UInt32(driver.int(1...15))
                    t.engine.reduce(orderId: id, by: shares, owner: owner)
                    model.reduce(id, by: shares, owner: owner)
                    operation = "reduce \(id) by \(shares) owner \(owner)"
                } else if roll < 985 {
                    let orderLocate = model.resting[id]?.locate ?? model.stopIndex(id)?.0 ?? locate
                    let side = model.resting[id]?.side ?? .buy
                    let before = t.engine.order(id: id)?.leaves
                    let price: UInt32? = driver.chance(60) ? driver.price(locate: orderLocate, side: side) : nil
                    let quantity: UInt32? = driver.chance(60) ? driver.quantity(locate: orderLocate) : nil
                    t.engine.replace(orderId: id, newPriceTicks: price, newQuantity: quantity, owner: owner)
                    model.replace(id, price: price, quantity: quantity, owner: owner)
                    if let before, let replaced = model.events.first(where: { $0.kind == .replaced }) {
                        replaceDelta = Int(replaced.leaves) - Int(before)
                    }
                    operation = "replace \(id) price \(String(describing: price)) qty \(String(describing: quantity))"
                } else {
                    let halted = !t.engine.isHalted(locate: locate)
                    t.engine.setHalted(locate: locate, halted || driver.chance(50))
                    model.setHalted(locate, t.engine.isHalted(locate: locate))
                    operation = "halt \(locate)"
                }
            }
            // A session end every 25,000 steps (more often in shorter runs, so expiries still happen).
            if step > 0 && step % min(25_000, max(steps / 4, 1)) == 0 {
                t.engine.endOfSession()
                model.endOfSession()
            }
            let events = t.drain()
            if events != model.events {
                let message = "seed \(seed) step \(step) \(operation): events differ\n"
                    + "engine: \(events)\nmodel:  \(model.events)"
                Issue.record(Comment(rawValue: message))
                return
            }
            ledger.record(events, replaceDelta: replaceDelta)
            for event in events { eventCounts[event.kind, default: 0] += 1 }
            model.events.removeAll(keepingCapacity: true)
            let touched = Set(events.map(\.locate) + [locate]).filter { (1...4).contains($0) }
            for book in touched {
                for side in Side.allCases where t.engine.orders(locate: book, side: side) != model.orders(book, side) {
                    Issue.record("seed \(seed) step \(step) \(operation): book \(book) \(side) differs")
                    return
                }
            }
            if step % 1_000 == 999 || step == steps - 1 {
                try checkEverything(t.engine, model, ledger, "seed \(seed) step \(step)")
            }
        }
        // Everything leaves: the pools must be back at their start.
        for id in Array(model.resting.keys) + model.stops.values.flatMap({ $0.map(\.id) }) {
            let owner = model.resting[id]?.owner ?? model.stopIndex(id).map { model.stops[$0.0]![$0.1].owner }!
            t.engine.cancel(orderId: id, owner: owner)
            model.cancel(id, owner: owner)
        }
        let finalEvents = t.drain()
        ledger.record(finalEvents, replaceDelta: 0)
        #expect(finalEvents == model.events)
        model.events.removeAll()
        try checkEverything(t.engine, model, ledger, "seed \(seed) end")
        #expect(t.engine.restingOrderCount == 0 && t.engine.waitingStopCount == 0 && t.engine.levelCount == 0)
        #expect(t.engine.freeSlots == startFree)
        #expect(t.engine.indexedCounts == (0, 0, 0, 0))
        #expect(t.engine.droppedEvents == 0)
        // The mix must actually exercise every kind of event.
        for kind in EngineEventKind.allCases { #expect(eventCounts[kind, default: 0] > 0, "no \(kind) events") }
    }

    func checkEverything(
        _ engine: borrowing MatchingEngine, _ model: ReferenceMatcher, _ ledger: Ledger, _ place: String
    ) throws {
        let problems = engine.invariantViolations()
        #expect(problems.isEmpty, "\(place): \(problems.prefix(5))")
        var open = 0
        for locate in UInt16(1)...4 {
            for side in Side.allCases {
                let views = engine.orders(locate: locate, side: side)
                #expect(views == model.orders(locate, side), "\(place): book \(locate) \(side)")
                open += views.reduce(0) { $0 + Int($1.displayed) + Int($1.hidden) }
            }
            open += engine.waitingStops(locate: locate).reduce(0) { $0 + Int($1.quantity) }
            #expect(engine.waitingStops(locate: locate).map(\.orderId) == (model.stops[locate] ?? []).map(\.id))
        }
        #expect(ledger.entered - ledger.reducedAway == ledger.filled + ledger.cancelled + ledger.expired + open,
                "\(place): quantity not conserved")
        for id in model.resting.keys.prefix(50) {
            let status = engine.order(id: id)
            let expected = model.status(id)
            #expect(status?.leaves == expected?.leaves && status?.cumulativeFilled == expected?.cumulative,
                    "\(place): status of \(id)")
        }
    }
}
