import MatchbookBook

/// A deliberately simple market-by-order model — dictionaries and sorted arrays, obviously right, slow — that
/// the arena mirror is compared against. Same anomaly rules and check order as `MarketByOrderBooks`
/// (documented on its operations).
struct ReferenceMarketByOrder {
    struct RestingOrder: Equatable {
        var locate: UInt16
        var side: Side
        var priceTicks: UInt32
        var shares: UInt32
    }

    let bookCount: Int
    /// References at or above this are outside the mirror's order index.
    let referenceLimit: UInt64
    var orders: [UInt64: RestingOrder] = [:]
    /// queues[locate][side][price] = references in time order (oldest first).
    var queues: [[Side: [UInt32: [UInt64]]]]
    var anomalies = FeedAnomalies()

    init(bookCount: Int, referenceLimit: UInt64) {
        self.bookCount = bookCount
        self.referenceLimit = referenceLimit
        queues = Array(repeating: [.buy: [:], .sell: [:]], count: bookCount)
    }

    // MARK: Views

    func depth(locate: UInt16, side: Side) -> [LevelView] {
        guard Int(locate) < bookCount else { return [] }
        let levels = queues[Int(locate)][side]!
        let prices = side == .buy ? levels.keys.sorted(by: >) : levels.keys.sorted()
        return prices.map { price in
            let queue = levels[price]!
            let shares = queue.reduce(UInt64(0)) { $0 + UInt64(orders[$1]!.shares) }
            return LevelView(priceTicks: price, shares: shares, orders: UInt32(queue.count))
        }
    }

    func orderViews(locate: UInt16, side: Side) -> [OrderView] {
        guard Int(locate) < bookCount else { return [] }
        let levels = queues[Int(locate)][side]!
        let prices = side == .buy ? levels.keys.sorted(by: >) : levels.keys.sorted()
        return prices.flatMap { price in
            levels[price]!.map { OrderView(priceTicks: price, reference: $0, shares: orders[$0]!.shares) }
        }
    }

    func topOfBook(locate: UInt16) -> TopOfBook {
        TopOfBook(bid: best(locate: locate, side: .buy), ask: best(locate: locate, side: .sell))
    }

    /// The first level `depth` would list, without sorting.
    func best(locate: UInt16, side: Side) -> LevelView? {
        let levels = queues[Int(locate)][side]!
        guard let price = side == .buy ? levels.keys.max() : levels.keys.min() else { return nil }
        let queue = levels[price]!
        let shares = queue.reduce(UInt64(0)) { $0 + UInt64(orders[$1]!.shares) }
        return LevelView(priceTicks: price, shares: shares, orders: UInt32(queue.count))
    }

    /// The touch an operation reports: the level at `priceTicks` as it is now.
    func touch(locate: UInt16, side: Side, priceTicks: UInt32, created: Bool = false, otherPriceTicks: UInt32 = 0)
        -> LevelTouch
    {
        func state(_ price: UInt32) -> (shares: UInt64, orders: UInt32) {
            let queue = queues[Int(locate)][side]![price] ?? []
            return (queue.reduce(UInt64(0)) { $0 + UInt64(orders[$1]!.shares) }, UInt32(queue.count))
        }
        let level = state(priceTicks)
        let other = otherPriceTicks == 0 ? (shares: UInt64(0), orders: UInt32(0)) : state(otherPriceTicks)
        return LevelTouch(
            side: side, priceTicks: priceTicks, shares: level.shares, orders: level.orders, created: created,
            otherPriceTicks: otherPriceTicks, otherShares: other.shares, otherOrders: other.orders)
    }

    // MARK: Operations

    private mutating func anomaly(_ kind: FeedAnomaly, _ locate: UInt16) -> BookUpdate {
        anomalies.record(kind)
        return BookUpdate(locate: locate, topOfBookChanged: false, anomaly: kind)
    }

    private mutating func rest(_ reference: UInt64, _ order: RestingOrder) {
        orders[reference] = order
        queues[Int(order.locate)][order.side]![order.priceTicks, default: []].append(reference)
    }

    private mutating func unrest(_ reference: UInt64) {
        let order = orders.removeValue(forKey: reference)!
        var queue = queues[Int(order.locate)][order.side]![order.priceTicks]!
        queue.removeAll { $0 == reference }
        queues[Int(order.locate)][order.side]![order.priceTicks] = queue.isEmpty ? nil : queue
    }

    mutating func add(
        locate: UInt16, reference: UInt64, side: Side, shares: UInt32, priceTicks: UInt32
    ) -> BookUpdate {
        guard Int(locate) < bookCount else { return anomaly(.locateOutOfRange, locate) }
        guard shares > 0 else { return anomaly(.zeroShareAdd, locate) }
        guard priceTicks > 0 else { return anomaly(.zeroPriceAdd, locate) }
        guard reference < referenceLimit else { return anomaly(.referenceOutOfRange, locate) }
        guard orders[reference] == nil else { return anomaly(.duplicateAdd, locate) }
        let before = topOfBook(locate: locate)
        let created = queues[Int(locate)][side]![priceTicks] == nil
        rest(reference, RestingOrder(locate: locate, side: side, priceTicks: priceTicks, shares: shares))
        return BookUpdate(
            locate: locate, topOfBookChanged: topOfBook(locate: locate) != before,
            touch: touch(locate: locate, side: side, priceTicks: priceTicks, created: created))
    }

    mutating func reduce(
        locate: UInt16, reference: UInt64, shares: UInt32, oversized: FeedAnomaly
    ) -> BookUpdate {
        guard Int(locate) < bookCount else { return anomaly(.locateOutOfRange, locate) }
        guard let order = orders[reference] else { return anomaly(.unknownReference, locate) }
        guard order.locate == locate else { return anomaly(.locateMismatch, locate) }
        guard shares > 0 else { return BookUpdate(locate: locate, topOfBookChanged: false) }
        var kind: FeedAnomaly? = nil
        if shares > order.shares {
            anomalies.record(oversized)
            kind = oversized
        }
        let before = topOfBook(locate: locate)
        if shares >= order.shares { unrest(reference) } else { orders[reference]!.shares -= shares }
        return BookUpdate(
            locate: locate, topOfBookChanged: topOfBook(locate: locate) != before, anomaly: kind,
            touch: touch(locate: locate, side: order.side, priceTicks: order.priceTicks))
    }

    mutating func execute(locate: UInt16, reference: UInt64, shares: UInt32) -> BookUpdate {
        reduce(locate: locate, reference: reference, shares: shares, oversized: .oversizedExecution)
    }

    mutating func cancel(locate: UInt16, reference: UInt64, shares: UInt32) -> BookUpdate {
        reduce(locate: locate, reference: reference, shares: shares, oversized: .oversizedCancel)
    }

    mutating func delete(locate: UInt16, reference: UInt64) -> BookUpdate {
        guard Int(locate) < bookCount else { return anomaly(.locateOutOfRange, locate) }
        guard let order = orders[reference] else { return anomaly(.unknownReference, locate) }
        guard order.locate == locate else { return anomaly(.locateMismatch, locate) }
        let before = topOfBook(locate: locate)
        unrest(reference)
        return BookUpdate(
            locate: locate, topOfBookChanged: topOfBook(locate: locate) != before,
            touch: touch(locate: locate, side: order.side, priceTicks: order.priceTicks))
    }

    mutating func replace(
        locate: UInt16, originalReference: UInt64, newReference: UInt64, shares: UInt32, priceTicks: UInt32
    ) -> BookUpdate {
        guard Int(locate) < bookCount else { return anomaly(.locateOutOfRange, locate) }
        guard let order = orders[originalReference] else { return anomaly(.unknownReference, locate) }
        guard order.locate == locate else { return anomaly(.locateMismatch, locate) }
        guard shares > 0 else { return anomaly(.zeroShareAdd, locate) }
        guard priceTicks > 0 else { return anomaly(.zeroPriceAdd, locate) }
        guard newReference < referenceLimit else { return anomaly(.referenceOutOfRange, locate) }
        guard orders[newReference] == nil else { return anomaly(.duplicateAdd, locate) }
        let before = topOfBook(locate: locate)
        let created = queues[Int(locate)][order.side]![priceTicks] == nil
        unrest(originalReference)
        rest(newReference, RestingOrder(locate: locate, side: order.side, priceTicks: priceTicks, shares: shares))
        return BookUpdate(
            locate: locate, topOfBookChanged: topOfBook(locate: locate) != before,
            touch: touch(
                locate: locate, side: order.side, priceTicks: priceTicks, created: created,
                otherPriceTicks: order.priceTicks == priceTicks ? 0 : order.priceTicks))
    }
}
