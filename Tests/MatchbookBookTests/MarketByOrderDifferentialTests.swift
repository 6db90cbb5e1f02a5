import Foundation
import Testing
import MatchbookBook
import MatchbookMemory

/// The arena mirror against the obviously-right reference model, message by message: a seeded, deterministic
/// mix of adds, executes, cancels, deletes and replaces over ~20 symbols, with deliberate anomalies. After every
/// step: the same `BookUpdate` (top-of-book flag and anomaly), the same anomaly counters and the same full depth
/// of the touched book; at the end the same L3 (queue order) in every book, and every pool back to zero once
/// every order is deleted.
@Suite("Market-by-order differential")
struct MarketByOrderDifferentialTests {
    /// Small segments of 16 levels so sides move between segment sizes often; plenty of everything else.
    static var capacity: BookCapacity {
        var capacity = BookCapacity.testing
        capacity.largeLadders = 64
        capacity.indexPages = 512
        return capacity
    }

    /// The driver: picks messages from live state; the model decides what they mean.
    struct Driver {
        var generator: SeededGenerator
        var live: [UInt64] = []
        var position: [UInt64: Int] = [:]
        var nextReference: UInt64 = 1
        let symbols: [UInt16] = Array(1...20)
        let midTicks: [UInt32] = (0..<20).map { UInt32(100_000 + 25_000 * $0) }

        init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

        mutating func track(_ reference: UInt64, isLive: Bool) {
            if isLive, position[reference] == nil {
                position[reference] = live.count
                live.append(reference)
            } else if !isLive, let index = position.removeValue(forKey: reference) {
                let last = live.removeLast()
                if index < live.count {
                    live[index] = last
                    position[last] = index
                }
            }
        }

        mutating func randomLive() -> UInt64? {
            live.isEmpty ? nil : live[Int.random(in: 0..<live.count, using: &generator)]
        }

        mutating func price(symbol: Int, side: Side) -> UInt32 {
            // Mostly near the touch, sometimes deep (to grow ladders past the small segment).
            let near = min(UInt32.random(in: 0..<40, using: &generator), UInt32.random(in: 0..<40, using: &generator))
            let distance = Int.random(in: 0..<50, using: &generator) == 0
                ? UInt32.random(in: 40..<400, using: &generator) : near
            let mid = midTicks[symbol]
            return side == .buy ? mid - 100 - distance * 100 : mid + 100 + distance * 100
        }

        mutating func newReference() -> UInt64 {
            nextReference += UInt64.random(in: 1...3, using: &generator)
            return nextReference
        }
    }

    @Test("200k mixed messages with anomalies match the reference model step by step")
    func differential() throws {
        var t = try TestBooks(capacity: Self.capacity)
        let capacity = Self.capacity
        var model = ReferenceMarketByOrder(
            bookCount: capacity.books, referenceLimit: UInt64(capacity.indexDirectoryPages) << 12)
        var driver = Driver(seed: 0x4D42_2026)
        for (offset, locate) in driver.symbols.enumerated() {
            t.books.defineSymbol(locate: locate, symbol: "SYM\(offset)")
        }
        // MATCHBOOK_MBO_STEPS scales it (the sanitizer runs of Scripts/test use fewer steps).
        let steps = ProcessInfo.processInfo.environment["MATCHBOOK_MBO_STEPS"].flatMap { Int($0) } ?? 200_000
        var mismatches = 0
        var anomalySteps = 0
        var topChanges = 0
        for step in 0..<steps {
            let (mirror, reference, touched) = Self.randomStep(&t.books, &model, &driver)
            if mirror != reference || t.books.anomalies != model.anomalies {
                mismatches += 1
                Issue.record("step \(step): mirror \(mirror), model \(reference)")
            }
            if mirror.anomaly != nil { anomalySteps += 1 }
            if mirror.topOfBookChanged { topChanges += 1 }
            if Int(mirror.locate) < capacity.books {
                for side in Side.allCases {
                    let depth = t.books.depth(locate: mirror.locate, side: side)
                    if depth != model.depth(locate: mirror.locate, side: side) {
                        mismatches += 1
                        Issue.record("step \(step): \(side) depth of \(mirror.locate) differs")
                    }
                }
            }
            for reference in touched { driver.track(reference, isLive: model.orders[reference] != nil) }
            if step % 1_000 == 0 {
                let problems = t.books.invariantViolations(locate: mirror.locate)
                #expect(problems.isEmpty, "step \(step): \(problems)")
                t.books.validateInvariants(locate: mirror.locate)
            }
            if step % 50_000 == 0 {
                let problems = t.books.invariantViolations()
                #expect(problems.isEmpty, "step \(step): \(problems)")
            }
            if mismatches > 5 { break }
        }
        #expect(mismatches == 0)
        // The mix exercised anomalies and top-of-book changes (thresholds scale with the step count).
        #expect(anomalySteps > steps / 200 && topChanges > steps / 20)
        #expect(t.books.liveOrderCount == model.orders.count && t.books.indexedOrderCount == model.orders.count)

        // Full L3 of every book, queue order included.
        for locate in UInt16(0)..<UInt16(capacity.books) {
            for side in Side.allCases {
                let l3 = t.books.orders(locate: locate, side: side)
                #expect(l3 == model.orderViews(locate: locate, side: side), "L3 of \(locate) \(side)")
            }
        }
        var problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")

        // Delete every order: every pool and segment goes back to zero.
        for reference in model.orders.keys.sorted() {
            let locate = model.orders[reference]!.locate
            let update = t.books.delete(locate: locate, reference: reference)
            #expect(update.anomaly == nil)
        }
        #expect(t.books.liveOrderCount == 0 && t.books.liveLevelCount == 0)
        #expect(t.books.indexedOrderCount == 0 && t.books.liveIndexPages == 0)
        problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
    }

    /// One random message applied to both; returns both updates and the references whose liveness may change.
    static func randomStep(
        _ books: inout MarketByOrderBooks, _ model: inout ReferenceMarketByOrder, _ driver: inout Driver
    ) -> (BookUpdate, BookUpdate, [UInt64]) {
        let roll = Int.random(in: 0..<1_000, using: &driver.generator)
        let symbol = Int.random(in: 0..<driver.symbols.count, using: &driver.generator)
        var locate = driver.symbols[symbol]
        // Keep the live population around 3,000 orders.
        let addBias = driver.live.count < 3_000 ? 430 : 330
        if roll < 30 {
            return anomalyStep(roll, &books, &model, &driver)
        }
        guard roll >= addBias, let target = driver.randomLive() else {
            let side: Side = Bool.random(using: &driver.generator) ? .buy : .sell
            let reference = driver.newReference()
            let shares = UInt32.random(in: 1...5, using: &driver.generator) * 100
            let price = driver.price(symbol: symbol, side: side)
            return (books.add(locate: locate, reference: reference, side: side, shares: shares, priceTicks: price),
                    model.add(locate: locate, reference: reference, side: side, shares: shares, priceTicks: price),
                    [reference])
        }
        let order = model.orders[target]!
        locate = order.locate
        let part = UInt32.random(in: 1...max(1, order.shares), using: &driver.generator)
        switch roll % 5 {
        case 0:
            return (books.execute(locate: locate, reference: target, shares: part),
                    model.execute(locate: locate, reference: target, shares: part), [target])
        case 1:
            return (books.executeWithPrice(locate: locate, reference: target, shares: part, priceTicks: 1),
                    model.execute(locate: locate, reference: target, shares: part), [target])
        case 2:
            return (books.cancel(locate: locate, reference: target, shares: part),
                    model.cancel(locate: locate, reference: target, shares: part), [target])
        case 3:
            return (books.delete(locate: locate, reference: target),
                    model.delete(locate: locate, reference: target), [target])
        default:
            let newReference = driver.newReference()
            let samePrice = Bool.random(using: &driver.generator)
            let price = samePrice ? order.priceTicks : driver.price(symbol: Int(locate) - 1, side: order.side)
            let shares = UInt32.random(in: 1...5, using: &driver.generator) * 100
            return (books.replace(locate: locate, originalReference: target, newReference: newReference,
                                  shares: shares, priceTicks: price),
                    model.replace(locate: locate, originalReference: target, newReference: newReference,
                                  shares: shares, priceTicks: price),
                    [target, newReference])
        }
    }

    /// A deliberate anomaly (3% of messages).
    static func anomalyStep(
        _ roll: Int, _ books: inout MarketByOrderBooks, _ model: inout ReferenceMarketByOrder, _ driver: inout Driver
    ) -> (BookUpdate, BookUpdate, [UInt64]) {
        let live = driver.randomLive() ?? 1
        let order = model.orders[live]
        let locate = order?.locate ?? 1
        let otherLocate = locate == 20 ? 1 : locate + 1
        let resting = order?.shares ?? 1
        switch roll % 10 {
        case 0:
            let unknown = driver.nextReference + 1_000_000
            return (books.execute(locate: locate, reference: unknown, shares: 1),
                    model.execute(locate: locate, reference: unknown, shares: 1), [])
        case 1:
            return (books.add(locate: locate, reference: live, side: .buy, shares: 100, priceTicks: 500),
                    model.add(locate: locate, reference: live, side: .buy, shares: 100, priceTicks: 500), [live])
        case 2:
            return (books.execute(locate: locate, reference: live, shares: resting + 50),
                    model.execute(locate: locate, reference: live, shares: resting + 50), [live])
        case 3:
            return (books.cancel(locate: locate, reference: live, shares: resting + 1),
                    model.cancel(locate: locate, reference: live, shares: resting + 1), [live])
        case 4:
            let reference = driver.newReference()
            return (books.add(locate: locate, reference: reference, side: .sell, shares: 0, priceTicks: 500),
                    model.add(locate: locate, reference: reference, side: .sell, shares: 0, priceTicks: 500), [])
        case 5:
            let reference = driver.newReference()
            return (books.add(locate: locate, reference: reference, side: .buy, shares: 10, priceTicks: 0),
                    model.add(locate: locate, reference: reference, side: .buy, shares: 10, priceTicks: 0), [])
        case 6:
            return (books.delete(locate: 200, reference: live), model.delete(locate: 200, reference: live), [])
        case 7:
            return (books.delete(locate: otherLocate, reference: live),
                    model.delete(locate: otherLocate, reference: live), [live])
        case 8:
            let beyond = UInt64(1) << 40
            return (books.add(locate: locate, reference: beyond, side: .buy, shares: 1, priceTicks: 1),
                    model.add(locate: locate, reference: beyond, side: .buy, shares: 1, priceTicks: 1), [])
        default:
            // Replace onto a live reference (duplicate) or of a dead one (unknown).
            let other = driver.randomLive() ?? 2
            return (books.replace(locate: locate, originalReference: live, newReference: other, shares: 5,
                                  priceTicks: 700),
                    model.replace(locate: locate, originalReference: live, newReference: other, shares: 5,
                                  priceTicks: 700), [live, other])
        }
    }
}
