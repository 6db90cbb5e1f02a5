import MatchbookMemory

/// The book core's invariant walker. `invariantViolations` (every build, cold, allocates) lists what is wrong;
/// `validateInvariants` traps on the first problem in checked builds (`MATCHBOOK_CHECKED`, every debug build,
/// so the whole test suite) and compiles to nothing in release builds.
///
/// Per book and side: the ladder is strictly sorted (bids strictly ascending, asks strictly descending, best
/// last), within its segment; every level's price, side, locate match its entry; every level's `totalShares`
/// and `orderCount` equal the sum and length of its FIFO; FIFO links are consistent both ways (head has no
/// previous, tail no next); every order's level handle, locate, side and price are its level's; shares > 0.
/// The header's `liveOrders` equals the orders found.
///
/// Not thread-safe: owned by one engine thread.
extension BookCore {
    /// Everything wrong with book `locate`, empty when sound. O(levels + orders of the book). Allocates.
    @inline(never)
    public func invariantViolations(locate: UInt16) -> [String] {
        var problems: [String] = []
        guard Int(locate) < bookCount else { return ["locate \(locate) out of range"] }
        let header = _books[Int(locate)]
        if header.locate != locate { problems.append("header locate \(header.locate) in slot \(locate)") }
        var ordersFound = 0
        for side in Side.allCases {
            let ladder = header.ladder(side)
            let name = "locate \(locate) \(side)"
            if ladder.capacity == 0 {
                if ladder.count != 0 { problems.append("\(name): \(ladder.count) levels without a segment") }
                continue
            }
            if ladder.count == 0 { problems.append("\(name): empty side keeps a segment") }
            if ladder.count > ladder.capacity { problems.append("\(name): count beyond segment capacity") }
            if ladder.capacity != _smallLevels && ladder.capacity != _largeLevels {
                problems.append("\(name): segment capacity \(ladder.capacity) is neither size")
            }
            if Int(ladder.start) + Int(ladder.capacity) > _ladder.count {
                problems.append("\(name): segment beyond the ladder table")
                continue
            }
            var previousKey: UInt32? = nil
            for position in 0..<Int(ladder.count) {
                let entry = _ladder[Int(ladder.start) + position]
                if let previousKey, previousKey >= entry.key {
                    problems.append("\(name): ladder not strictly sorted at position \(position)")
                }
                previousKey = entry.key
                guard _levels.isLive(entry.level) else {
                    problems.append("\(name): dead level handle \(entry.level) at position \(position)")
                    continue
                }
                let level = _levels[entry.level]
                let price = LadderEntry.priceTicks(key: entry.key, side: side)
                if level.priceTicks != price { problems.append("\(name): level price \(level.priceTicks) ≠ \(price)") }
                if level.side != side || level.locate != locate {
                    problems.append("\(name): level \(entry.level) belongs to another book or side")
                }
                problems += _fifoViolations(level: entry.level, name: "\(name) @\(price)", count: &ordersFound)
            }
        }
        if ordersFound != Int(header.liveOrders) {
            problems.append("locate \(locate): header says \(header.liveOrders) orders, FIFOs hold \(ordersFound)")
        }
        return problems
    }

    func _fifoViolations(level handle: PoolHandle<PriceLevel>, name: String, count: inout Int) -> [String] {
        var problems: [String] = []
        let level = _levels[handle]
        if level.orderCount == 0 { problems.append("\(name): empty level still listed") }
        var shares: UInt64 = 0
        var orders: UInt32 = 0
        var previous = PoolHandle<Order>.none
        var current = level.head
        while !current.isNone {
            guard _orders.isLive(current), orders <= level.orderCount else {
                problems.append("\(name): FIFO reaches a dead order or loops")
                return problems
            }
            let order = _orders[current]
            if order.previous != previous { problems.append("\(name): order #\(order.reference) bad previous link") }
            if order.level != handle { problems.append("\(name): order #\(order.reference) has a wrong level") }
            if order.priceTicks != level.priceTicks || order.side != level.side || order.locate != level.locate {
                problems.append("\(name): order #\(order.reference) price/side/locate differ from its level")
            }
            if order.shares == 0 { problems.append("\(name): order #\(order.reference) rests with 0 shares") }
            shares += UInt64(order.shares)
            orders += 1
            previous = current
            current = order.next
        }
        if level.tail != previous { problems.append("\(name): tail is not the last order of the FIFO") }
        if shares != level.totalShares { problems.append("\(name): totalShares \(level.totalShares) ≠ \(shares)") }
        if orders != level.orderCount { problems.append("\(name): orderCount \(level.orderCount) ≠ \(orders)") }
        count += Int(orders)
        return problems
    }

    /// Everything wrong across all books, including that the pools' live counts equal what the books hold and
    /// the ladder segments in use equal the non-empty sides. O(books + levels + orders). Allocates.
    @inline(never)
    public func invariantViolations() -> [String] {
        var problems: [String] = []
        var orders = 0
        var levels = 0
        var small = 0
        var large = 0
        for locate in 0..<bookCount {
            problems += invariantViolations(locate: UInt16(locate))
            let header = _books[locate]
            orders += Int(header.liveOrders)
            for side in Side.allCases {
                let ladder = header.ladder(side)
                levels += Int(ladder.count)
                if ladder.capacity == _smallLevels { small += 1 }
                if ladder.capacity == _largeLevels { large += 1 }
            }
        }
        if orders != _orders.liveCount { problems.append("order pool holds \(_orders.liveCount), books \(orders)") }
        if levels != _levels.liveCount { problems.append("level pool holds \(_levels.liveCount), books \(levels)") }
        let inUse = ladderSegmentsInUse
        if inUse.small != small || inUse.large != large {
            problems.append("segments in use \(inUse), sides hold (\(small), \(large))")
        }
        return problems
    }

    /// Checked builds: traps with the first problem of book `locate`. Release builds: nothing.
    @inline(never)
    public func validateInvariants(locate: UInt16) {
        #if MATCHBOOK_CHECKED
        let problems = invariantViolations(locate: locate)
        precondition(problems.isEmpty, "book invariant broken: \(problems.first ?? "")")
        #endif
    }
}
