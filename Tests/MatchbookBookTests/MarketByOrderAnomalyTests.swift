import Foundation
import Testing
import MatchbookBook
import MatchbookMemory

/// Every feed anomaly is counted, never fatal, and leaves the book as it was (except the clamped oversized
/// execution and cancel, which remove the order).
@Suite("Market-by-order feed anomalies")
struct MarketByOrderAnomalyTests {
    /// The whole L3 state of a few books, for "unchanged" checks.
    static func snapshot(_ books: borrowing MarketByOrderBooks) -> [[OrderView]] {
        (UInt16(0)..<4).flatMap { locate in Side.allCases.map { books.orders(locate: locate, side: $0) } }
    }

    /// A book with two bids and one ask in locate 1.
    static func seeded() throws -> TestBooks {
        var t = try TestBooks()
        _ = t.books.add(locate: 1, reference: 100, side: .buy, shares: 100, priceTicks: 1_000)
        _ = t.books.add(locate: 1, reference: 101, side: .buy, shares: 50, priceTicks: 990)
        _ = t.books.add(locate: 1, reference: 102, side: .sell, shares: 70, priceTicks: 1_010)
        return t
    }

    @Test("anomalies that leave the book unchanged", arguments: FeedAnomalyCase.unchanged)
    func unchanged(_ anomalyCase: FeedAnomalyCase) throws {
        var t = try Self.seeded()
        let before = Self.snapshot(t.books)
        let update = anomalyCase.apply(&t.books)
        #expect(update.anomaly == anomalyCase.expected)
        #expect(!update.topOfBookChanged)
        #expect(update.touch == nil)
        let after = Self.snapshot(t.books)
        #expect(after == before)
        let anomalies = t.books.anomalies
        #expect(anomalies[anomalyCase.expected] == 1 && anomalies.total == 1)
        let problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("an execution larger than the resting shares is clamped and counted")
    func oversizedExecution() throws {
        var t = try Self.seeded()
        let update = t.books.execute(locate: 1, reference: 100, shares: 1_000)
        #expect(update == BookUpdate(
            locate: 1, topOfBookChanged: true, anomaly: .oversizedExecution,
            touch: LevelTouch(side: .buy, priceTicks: 1_000, shares: 0, orders: 0)))
        let bids = t.books.depth(locate: 1, side: .buy)
        #expect(bids == [LevelView(priceTicks: 990, shares: 50, orders: 1)])
        let withPrice = t.books.executeWithPrice(locate: 1, reference: 102, shares: 71, priceTicks: 1)
        #expect(withPrice.anomaly == .oversizedExecution)
        let anomalies = t.books.anomalies
        #expect(anomalies.oversizedExecution == 2 && anomalies.total == 2)
    }

    @Test("a cancel larger than the resting shares is clamped and counted")
    func oversizedCancel() throws {
        var t = try Self.seeded()
        let update = t.books.cancel(locate: 1, reference: 101, shares: 51)
        #expect(update == BookUpdate(
            locate: 1, topOfBookChanged: false, anomaly: .oversizedCancel,
            touch: LevelTouch(side: .buy, priceTicks: 990, shares: 0, orders: 0)))
        let bids = t.books.depth(locate: 1, side: .buy)
        #expect(bids == [LevelView(priceTicks: 1_000, shares: 100, orders: 1)])
        let anomalies = t.books.anomalies
        #expect(anomalies.oversizedCancel == 1 && t.books.liveOrderCount == 2)
    }

    @Test("a zero-share execution or cancel changes nothing and is not an anomaly")
    func zeroShareReduction() throws {
        var t = try Self.seeded()
        let execute = t.books.execute(locate: 1, reference: 100, shares: 0)
        let cancel = t.books.cancel(locate: 1, reference: 100, shares: 0)
        #expect(execute == BookUpdate(locate: 1, topOfBookChanged: false) && execute == cancel)
        let anomalies = t.books.anomalies
        #expect(anomalies.total == 0)
    }

    @Test("exhausted capacities are counted and leave the book unchanged")
    func capacityExhaustion() throws {
        var capacity = BookCapacity.testing
        capacity.orders = 5
        capacity.levels = 3
        capacity.indexPages = 2
        capacity.largeLadderLevels = 20
        capacity.smallLadderLevels = 16
        var t = try TestBooks(capacity: capacity)
        _ = t.books.add(locate: 1, reference: 1, side: .buy, shares: 1, priceTicks: 10)
        _ = t.books.add(locate: 1, reference: 2, side: .buy, shares: 1, priceTicks: 11)
        _ = t.books.add(locate: 1, reference: 3, side: .buy, shares: 1, priceTicks: 12)
        let before = Self.snapshot(t.books)
        var update = t.books.add(locate: 1, reference: 4, side: .buy, shares: 1, priceTicks: 13)
        #expect(update.anomaly == .levelsExhausted)
        // A new page for reference 8192 while pages for 0–4095 and 4096–8191 are both live.
        _ = t.books.add(locate: 1, reference: 4_096, side: .buy, shares: 1, priceTicks: 12)
        update = t.books.add(locate: 1, reference: 8_192, side: .buy, shares: 1, priceTicks: 12)
        #expect(update.anomaly == .indexPagesExhausted)
        _ = t.books.add(locate: 1, reference: 5, side: .buy, shares: 1, priceTicks: 12)
        update = t.books.add(locate: 1, reference: 6, side: .buy, shares: 1, priceTicks: 12)
        #expect(update.anomaly == .ordersExhausted)
        _ = t.books.delete(locate: 1, reference: 4_096)
        _ = t.books.delete(locate: 1, reference: 5)
        let after = Self.snapshot(t.books)
        #expect(after == before)
        let anomalies = t.books.anomalies
        #expect(anomalies.levelsExhausted == 1 && anomalies.indexPagesExhausted == 1 && anomalies.ordersExhausted == 1)
        let problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("a side full of levels refuses a new price and still takes orders at its prices")
    func ladderFull() throws {
        var capacity = BookCapacity.testing
        capacity.largeLadderLevels = 20
        var t = try TestBooks(capacity: capacity)
        for price in UInt32(1)...20 {
            _ = t.books.add(locate: 2, reference: UInt64(price), side: .sell, shares: 1, priceTicks: price)
        }
        let refused = t.books.add(locate: 2, reference: 21, side: .sell, shares: 1, priceTicks: 21)
        let joined = t.books.add(locate: 2, reference: 22, side: .sell, shares: 1, priceTicks: 20)
        #expect(refused.anomaly == .ladderFull && joined.anomaly == nil)
        let levels = t.books.depth(locate: 2, side: .sell).count
        #expect(levels == 20)
        let problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("views of out-of-range locates are empty, not crashes")
    func outOfRangeViews() throws {
        let t = try TestBooks()
        let (bids, orders) = (t.books.depth(locate: 9_999, side: .buy), t.books.orders(locate: 9_999, side: .sell))
        let (bid, ask) = (t.books.bestBid(locate: 9_999), t.books.bestAsk(locate: 9_999))
        #expect(bids.isEmpty && orders.isEmpty && bid == nil && ask == nil)
        let top = t.books.topOfBook(locate: 9_999)
        #expect(top == TopOfBook(bid: nil, ask: nil))
    }

    @Test("FeedAnomalies round-trips through JSON")
    func codable() throws {
        var anomalies = FeedAnomalies()
        for (offset, kind) in FeedAnomaly.allCases.enumerated() {
            for _ in 0...offset { anomalies.record(kind) }
        }
        let data = try JSONEncoder().encode(anomalies)
        let decoded = try JSONDecoder().decode(FeedAnomalies.self, from: data)
        #expect(decoded == anomalies)
        #expect(anomalies.total == UInt64((1...FeedAnomaly.allCases.count).reduce(0, +)))
    }
}

/// One message that must be refused, with the anomaly it must count.
struct FeedAnomalyCase: Sendable, CustomTestStringConvertible {
    let name: String
    let expected: FeedAnomaly
    let apply: @Sendable (inout MarketByOrderBooks) -> BookUpdate

    var testDescription: String { name }

    static let unchanged: [FeedAnomalyCase] = [
        .init(name: "add to a locate out of range", expected: .locateOutOfRange) {
            $0.add(locate: 64, reference: 1, side: .buy, shares: 1, priceTicks: 1) },
        .init(name: "execute in a locate out of range", expected: .locateOutOfRange) {
            $0.execute(locate: 65_535, reference: 100, shares: 1) },
        .init(name: "add with zero shares", expected: .zeroShareAdd) {
            $0.add(locate: 1, reference: 1, side: .buy, shares: 0, priceTicks: 1_000) },
        .init(name: "add with zero price", expected: .zeroPriceAdd) {
            $0.add(locate: 1, reference: 1, side: .sell, shares: 10, priceTicks: 0) },
        .init(name: "add of a live reference", expected: .duplicateAdd) {
            $0.add(locate: 2, reference: 100, side: .sell, shares: 10, priceTicks: 1_000) },
        .init(name: "add beyond the index", expected: .referenceOutOfRange) {
            $0.add(locate: 1, reference: 1 << 40, side: .buy, shares: 1, priceTicks: 1) },
        .init(name: "execute of an unknown reference", expected: .unknownReference) {
            $0.execute(locate: 1, reference: 5, shares: 1) },
        .init(name: "execute with price of an unknown reference", expected: .unknownReference) {
            $0.executeWithPrice(locate: 1, reference: 5, shares: 1, priceTicks: 1) },
        .init(name: "cancel of an unknown reference", expected: .unknownReference) {
            $0.cancel(locate: 1, reference: 1 << 50, shares: 1) },
        .init(name: "delete of an unknown reference", expected: .unknownReference) {
            $0.delete(locate: 1, reference: 103) },
        .init(name: "replace of an unknown reference", expected: .unknownReference) {
            $0.replace(locate: 1, originalReference: 7, newReference: 8, shares: 1, priceTicks: 1) },
        .init(name: "delete through another locate", expected: .locateMismatch) {
            $0.delete(locate: 2, reference: 100) },
        .init(name: "execute through another locate", expected: .locateMismatch) {
            $0.execute(locate: 3, reference: 102, shares: 1) },
        .init(name: "replace to a live reference", expected: .duplicateAdd) {
            $0.replace(locate: 1, originalReference: 100, newReference: 101, shares: 1, priceTicks: 1) },
        .init(name: "replace with zero shares", expected: .zeroShareAdd) {
            $0.replace(locate: 1, originalReference: 100, newReference: 200, shares: 0, priceTicks: 1) },
        .init(name: "replace with zero price", expected: .zeroPriceAdd) {
            $0.replace(locate: 1, originalReference: 100, newReference: 200, shares: 5, priceTicks: 0) },
        .init(name: "replace to a reference beyond the index", expected: .referenceOutOfRange) {
            $0.replace(locate: 1, originalReference: 100, newReference: .max, shares: 5, priceTicks: 5) },
    ]
}
