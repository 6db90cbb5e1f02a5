import Testing
import MatchbookBook
import MatchbookMemory

/// Readable scenarios, one per ITCH operation. Prices are ITCH ticks (4 decimals: 1_000_000 = $100).
@Suite("Market-by-order books")
struct MarketByOrderBooksTests {
    static let aapl: UInt16 = 7

    @Test("add rests orders: bids best (highest) first, asks best (lowest) first, FIFO within a price")
    func addBuildsSortedSides() throws {
        var t = try TestBooks()
        t.books.defineSymbol(locate: Self.aapl, symbol: "AAPL")
        let first = t.books.add(locate: Self.aapl, reference: 1, side: .buy, shares: 100, priceTicks: 1_000_000)
        let deeper = t.books.add(locate: Self.aapl, reference: 2, side: .buy, shares: 200, priceTicks: 999_900)
        let joins = t.books.add(locate: Self.aapl, reference: 3, side: .buy, shares: 50, priceTicks: 1_000_000)
        let ask = t.books.add(locate: Self.aapl, reference: 4, side: .sell, shares: 300, priceTicks: 1_000_100)
        let worseAsk = t.books.add(locate: Self.aapl, reference: 5, side: .sell, shares: 10, priceTicks: 1_000_300)
        #expect(first == BookUpdate(
            locate: Self.aapl, topOfBookChanged: true, touch: LevelTouch(side: .buy, priceTicks: 1_000_000, shares: 100, orders: 1, created: true)))
        #expect(!deeper.topOfBookChanged && joins.topOfBookChanged && ask.topOfBookChanged)
        #expect(!worseAsk.topOfBookChanged)

        let bids = t.books.depth(locate: Self.aapl, side: .buy)
        let asks = t.books.depth(locate: Self.aapl, side: .sell)
        #expect(bids == [LevelView(priceTicks: 1_000_000, shares: 150, orders: 2),
                         LevelView(priceTicks: 999_900, shares: 200, orders: 1)])
        #expect(asks == [LevelView(priceTicks: 1_000_100, shares: 300, orders: 1),
                         LevelView(priceTicks: 1_000_300, shares: 10, orders: 1)])
        let queue = t.books.orders(locate: Self.aapl, side: .buy).map(\.reference)
        #expect(queue == [1, 3, 2])
        let bestBid = t.books.bestBid(locate: Self.aapl)
        let bestAsk = t.books.bestAsk(locate: Self.aapl)
        #expect(bestBid?.priceTicks == 1_000_000 && bestBid?.shares == 150 && bestBid?.orders == 2)
        #expect(bestAsk?.priceTicks == 1_000_100 && bestAsk?.shares == 300 && bestAsk?.orders == 1)
        let symbol = t.books.symbol(locate: Self.aapl)
        #expect(symbol == "AAPL")
        let problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("execute (E) reduces the resting order in place and removes it when filled")
    func executeReducesThenRemoves() throws {
        var t = try TestBooks()
        _ = t.books.add(locate: 1, reference: 10, side: .sell, shares: 100, priceTicks: 500)
        _ = t.books.add(locate: 1, reference: 11, side: .sell, shares: 40, priceTicks: 500)
        let partial = t.books.execute(locate: 1, reference: 10, shares: 30)
        #expect(partial == BookUpdate(
            locate: 1, topOfBookChanged: true, touch: LevelTouch(side: .sell, priceTicks: 500, shares: 110, orders: 2)))
        var queue = t.books.orders(locate: 1, side: .sell)
        #expect(queue == [OrderView(priceTicks: 500, reference: 10, shares: 70),
                          OrderView(priceTicks: 500, reference: 11, shares: 40)])
        let filled = t.books.execute(locate: 1, reference: 10, shares: 70)
        #expect(filled.topOfBookChanged && filled.anomaly == nil)
        queue = t.books.orders(locate: 1, side: .sell)
        #expect(queue == [OrderView(priceTicks: 500, reference: 11, shares: 40)])
        let last = t.books.execute(locate: 1, reference: 11, shares: 40)
        #expect(last.topOfBookChanged)
        let top = t.books.topOfBook(locate: 1)
        #expect(top == TopOfBook(bid: nil, ask: nil))
        #expect(t.books.liveOrderCount == 0 && t.books.liveLevelCount == 0 && t.books.indexedOrderCount == 0)
    }

    @Test("execute with price (C) changes the book exactly like execute")
    func executeWithPrice() throws {
        var t = try TestBooks()
        _ = t.books.add(locate: 2, reference: 1, side: .buy, shares: 100, priceTicks: 900)
        _ = t.books.add(locate: 2, reference: 2, side: .buy, shares: 100, priceTicks: 800)
        let update = t.books.executeWithPrice(locate: 2, reference: 2, shares: 25, priceTicks: 850)
        #expect(update == BookUpdate(
            locate: 2, topOfBookChanged: false, touch: LevelTouch(side: .buy, priceTicks: 800, shares: 75, orders: 1)))
        let depth = t.books.depth(locate: 2, side: .buy)
        #expect(depth == [LevelView(priceTicks: 900, shares: 100, orders: 1),
                          LevelView(priceTicks: 800, shares: 75, orders: 1)])
    }

    @Test("cancel (X) takes shares off and keeps queue position; a full cancel removes the order")
    func cancelKeepsPriority() throws {
        var t = try TestBooks()
        _ = t.books.add(locate: 3, reference: 1, side: .buy, shares: 100, priceTicks: 700)
        _ = t.books.add(locate: 3, reference: 2, side: .buy, shares: 100, priceTicks: 700)
        _ = t.books.cancel(locate: 3, reference: 1, shares: 60)
        var queue = t.books.orders(locate: 3, side: .buy)
        #expect(queue.map(\.reference) == [1, 2] && queue.map(\.shares) == [40, 100])
        _ = t.books.cancel(locate: 3, reference: 1, shares: 40)
        queue = t.books.orders(locate: 3, side: .buy)
        #expect(queue.map(\.reference) == [2])
        let problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("delete (D) unlinks from the middle, head and tail of a FIFO")
    func deleteUnlinks() throws {
        var t = try TestBooks()
        for reference in UInt64(1)...5 {
            _ = t.books.add(locate: 4, reference: reference, side: .sell, shares: 10, priceTicks: 1_200)
        }
        let middle = t.books.delete(locate: 4, reference: 3)
        let head = t.books.delete(locate: 4, reference: 1)
        let tail = t.books.delete(locate: 4, reference: 5)
        #expect(middle.topOfBookChanged && head.topOfBookChanged && tail.topOfBookChanged)
        let queue = t.books.orders(locate: 4, side: .sell).map(\.reference)
        #expect(queue == [2, 4])
        let depth = t.books.depth(locate: 4, side: .sell)
        #expect(depth == [LevelView(priceTicks: 1_200, shares: 20, orders: 2)])
        let problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("replace (U) gives a new reference, same side, and loses time priority even at the same price")
    func replaceLosesPriority() throws {
        var t = try TestBooks()
        _ = t.books.add(locate: 5, reference: 1, side: .buy, shares: 100, priceTicks: 1_000)
        _ = t.books.add(locate: 5, reference: 2, side: .buy, shares: 100, priceTicks: 1_000)
        let samePrice = t.books.replace(
            locate: 5, originalReference: 1, newReference: 3, shares: 100, priceTicks: 1_000)
        // Same price, same total, same count at the touch: no BBO row.
        #expect(samePrice == BookUpdate(
            locate: 5, topOfBookChanged: false, touch: LevelTouch(side: .buy, priceTicks: 1_000, shares: 200, orders: 2)))
        var queue = t.books.orders(locate: 5, side: .buy)
        #expect(queue.map(\.reference) == [2, 3])
        let moved = t.books.replace(locate: 5, originalReference: 2, newReference: 4, shares: 70, priceTicks: 1_100)
        #expect(moved.topOfBookChanged)
        queue = t.books.orders(locate: 5, side: .buy)
        #expect(queue == [OrderView(priceTicks: 1_100, reference: 4, shares: 70),
                          OrderView(priceTicks: 1_000, reference: 3, shares: 100)])
        let old = t.books.order(reference: 2)
        #expect(old == nil)
        let new = t.books.order(reference: 4)
        #expect(new?.side == .buy && new?.locate == 5)
        let problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("symbols are trimmed, defined locates listed, undefined books read as empty")
    func symbols() throws {
        var t = try TestBooks()
        t.books.defineSymbol(locate: 9, symbol: "MSFT    ")
        t.books.defineSymbol(locate: 3, symbol: "BRK A")
        let (nine, three, two) = (t.books.symbol(locate: 9), t.books.symbol(locate: 3), t.books.symbol(locate: 2))
        #expect(nine == "MSFT" && three == "BRK A" && two == nil)
        let defined = t.books.definedLocates
        #expect(defined == [3, 9])
        _ = t.books.add(locate: 2, reference: 1, side: .buy, shares: 1, priceTicks: 1)
        let active = t.books.activeLocates
        #expect(active == [2, 3, 9])
        let outside = t.books.symbol(locate: 60_000)
        #expect(outside == nil)
    }

    @Test("a side grows past the small ladder segment, shrinks back, and frees its segment when empty")
    func ladderGrowsAndShrinks() throws {
        var t = try TestBooks()
        // .testing: small segments hold 16 levels, large ones 1,024. Insert out of price order.
        var generator = SeededGenerator(seed: 7)
        let prices = (1...300).map { UInt32($0 * 100) }.shuffled(using: &generator)
        for (offset, price) in prices.enumerated() {
            _ = t.books.add(locate: 1, reference: UInt64(offset + 1), side: .sell, shares: 10, priceTicks: price)
            _ = t.books.add(locate: 1, reference: UInt64(offset + 1_001), side: .buy, shares: 5, priceTicks: price)
        }
        let asks = t.books.depth(locate: 1, side: .sell).map(\.priceTicks)
        let bids = t.books.depth(locate: 1, side: .buy).map(\.priceTicks)
        #expect(asks == (1...300).map { UInt32($0 * 100) })
        #expect(bids == (1...300).reversed().map { UInt32($0 * 100) })
        var problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
        for offset in 0..<300 {
            _ = t.books.delete(locate: 1, reference: UInt64(offset + 1))
            _ = t.books.delete(locate: 1, reference: UInt64(offset + 1_001))
            if offset % 37 == 0 {
                problems = t.books.invariantViolations()
                #expect(problems.isEmpty, "\(problems)")
            }
        }
        problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
        #expect(t.books.liveLevelCount == 0 && t.books.liveOrderCount == 0 && t.books.liveIndexPages == 0)
    }

    @Test("end of session empties every book, frees every pool in place, and keeps symbols")
    func endOfSession() throws {
        var t = try TestBooks()
        t.books.defineSymbol(locate: 1, symbol: "QQQ")
        for reference in UInt64(1)...2_000 {
            let side: Side = reference % 2 == 0 ? .buy : .sell
            let price = UInt32(side == .buy ? 1_000 - reference % 50 : 1_100 + reference % 50)
            _ = t.books.add(
                locate: UInt16(reference % 10), reference: reference * 3, side: side, shares: 10, priceTicks: price)
        }
        #expect(t.books.liveOrderCount == 2_000)
        t.books.endOfSession()
        #expect(t.books.liveOrderCount == 0 && t.books.liveLevelCount == 0)
        #expect(t.books.indexedOrderCount == 0 && t.books.liveIndexPages == 0)
        for locate in UInt16(0)..<10 {
            let (bids, asks) = (t.books.depth(locate: locate, side: .buy), t.books.depth(locate: locate, side: .sell))
            #expect(bids.isEmpty && asks.isEmpty)
        }
        let symbol = t.books.symbol(locate: 1)
        #expect(symbol == "QQQ")
        var problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
        // The same references rest again: pools, ladders and index pages are reusable.
        for reference in UInt64(1)...2_000 {
            let update = t.books.add(
                locate: 1, reference: reference * 3, side: .buy, shares: 1, priceTicks: UInt32(reference % 500 + 1))
            #expect(update.anomaly == nil)
        }
        #expect(t.books.liveOrderCount == 2_000)
        problems = t.books.invariantViolations()
        #expect(problems.isEmpty, "\(problems)")
        let anomalies = t.books.anomalies
        #expect(anomalies == FeedAnomalies())
    }
}
