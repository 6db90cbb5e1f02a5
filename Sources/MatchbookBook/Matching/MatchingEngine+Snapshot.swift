import MatchbookMemory

/// Snapshot and restore of the engine's state, so that recovery restores the newest snapshot and replays only
/// the journal written after it. A restored engine answers every later command exactly as the original would:
/// the same order ids, match ids, events, books, queue priority, stop triggers and iceberg refills.
///
/// Layout, version 1. Every integer little-endian; offsets in bytes from the snapshot's first byte:
///
/// | offset        | bytes | field                                                                          |
/// |---------------|-------|--------------------------------------------------------------------------------|
/// | 0             | 4     | magic `MBES`                                                                   |
/// | 4             | 2     | version, 1                                                                     |
/// | 6             | 2     | reserved, 0                                                                    |
/// | 8             | 8     | total bytes of the snapshot, header to checksum                                |
/// | 16            | 8     | next order id                                                                  |
/// | 24            | 8     | order id step                                                                  |
/// | 32            | 8     | next match id                                                                  |
/// | 40            | 8     | arrival sequence (last one given to a resting order)                           |
/// | 48            | 4     | S: symbols                                                                     |
/// | 52            | 4     | L: price levels (checked on restore, not stored: the orders carry the price)  |
/// | 56            | 4     | O: resting orders                                                              |
/// | 60            | 4     | T: waiting stops                                                               |
/// | 64            | 32·S  | symbols, ascending locate (table below)                                        |
/// | 64+32·S       | 56·O  | resting orders: book by book, bids then asks, levels best first, FIFO order    |
/// | 64+32·S+56·O  | 52·T  | waiting stops: book by book, each book's oldest first                          |
/// | total − 8     | 8     | FNV-1a 64 of every byte before it                                              |
///
/// Symbol record (32 bytes): the rules are checked against the restoring engine, the state restored.
///
/// | offset | bytes | field                                           |
/// |--------|-------|-------------------------------------------------|
/// | 0      | 2     | locate                                          |
/// | 2      | 1     | state: bit 0 halted, bit 1 has a last trade     |
/// | 3      | 1     | reserved, 0                                     |
/// | 4      | 4     | last trade price, ticks                         |
/// | 8      | 8     | name (`BookHeader.symbol`)                      |
/// | 16     | 16    | tick size, lot size, min price, max price (4 each) |
///
/// Resting order record (56 bytes): `Order` and `RestingOrderInfo` without their handles.
///
/// | offset | bytes | field                                                               |
/// |--------|-------|---------------------------------------------------------------------|
/// | 0      | 8     | order id (`Order.reference`)                                        |
/// | 8      | 8     | entry sequence                                                      |
/// | 16     | 8     | client tag                                                          |
/// | 24     | 4     | price, ticks                                                        |
/// | 28     | 4     | displayed shares (`Order.shares`)                                   |
/// | 32     | 4     | hidden iceberg shares (`Order.reservedWord`)                        |
/// | 36     | 4     | owner (`Order.participant`)                                         |
/// | 40     | 12    | cumulative filled, display peak, stop price it had (4 each)         |
/// | 52     | 2     | locate                                                              |
/// | 54     | 1     | side, `B` or `S`                                                    |
/// | 55     | 1     | flags (`MatchingOrderFlags`: GTC, self-trade mode, post-only, TIF)  |
///
/// Waiting stop record (52 bytes): `StopOrder` without its list links.
///
/// | offset | bytes | field                                                               |
/// |--------|-------|---------------------------------------------------------------------|
/// | 0      | 8     | order id                                                            |
/// | 8      | 8     | client tag                                                          |
/// | 16     | 8     | entry sequence                                                      |
/// | 24     | 4     | quantity                                                            |
/// | 28     | 4     | limit price (0 for a stop), ticks                                   |
/// | 32     | 4     | stop price, ticks                                                   |
/// | 36     | 4     | owner                                                               |
/// | 40     | 4     | display peak                                                        |
/// | 44     | 2     | locate                                                              |
/// | 46     | 3     | side, type (`OrderType`), flags (1 each)                            |
/// | 49     | 3     | reserved, 0                                                         |
///
/// No pool handle is stored: restore re-derives every handle, FIFO link, level, ladder, index entry, stop list
/// and stop scan bound by re-inserting the records in the order written (what `endOfSession()` does with the
/// GTC orders it carries). What each stored property of `MatchingEngine` becomes is written next to it.
///
/// Cold paths: O(symbols + resting orders + levels + waiting stops); they allocate plain Swift arrays.
/// Not thread-safe: owned by one engine thread.
extension MatchingEngine {
    /// Appends the engine's state to `bytes` in the layout above (a fresh engine: 72 bytes plus 32 per symbol).
    /// Call between commands. Events and changed books not yet drained are output, not state: they are not
    /// written and stay in the buffers.
    ///
    /// Writing the snapshot a restore produced gives the same bytes again. O(symbols + orders + stops).
    @inline(never)
    public func writeSnapshot(into bytes: inout [UInt8]) {
        // Between commands the triggered queue is empty and the trade range was consumed by the last stop check.
        precondition(_triggeredHead.isNone && _tradeLow == .max && _tradeHigh == 0,
                     "writeSnapshot runs between commands, not inside one")
        typealias Format = _MatchingSnapshotFormat
        let definedLocates = (0..<_symbols.count).filter { _symbols[$0].isDefined }
        var writer = _SnapshotWriter(bytes: [])
        swap(&writer.bytes, &bytes)
        let start = writer.bytes.count
        writer.bytes.reserveCapacity(start + Format.totalBytes(
            symbols: UInt32(definedLocates.count), orders: UInt32(_core.liveOrderCount),
            stops: UInt32(_stops.liveCount)))
        writer.put(Format.magic)
        writer.put(Format.version)
        writer.put(UInt16(0))
        writer.put(UInt64(0))  // total bytes, patched below
        writer.put(_nextOrderId)
        writer.put(_orderIdStep)
        writer.put(_nextMatchId)
        writer.put(_sequence)
        for _ in 0..<4 { writer.put(UInt32(0)) }  // counts, patched below
        for locate in definedLocates {
            let name = _core.header(locate: UInt16(locate)).symbol
            _SnapshotSymbol(locate: UInt16(locate), state: _symbols[locate], name: name).write(to: &writer)
        }
        var levelCount: UInt32 = 0
        var orderCount: UInt32 = 0
        for book in 0..<_core.bookCount {
            let locate = UInt16(book)
            for side in [Side.buy, Side.sell] {
                for rank in 0..<_core.levelCount(locate: locate, side: side) {
                    levelCount += 1
                    var handle = _core.head(of: _core.level(locate: locate, side: side, rank: rank))
                    while !handle.isNone {
                        _SnapshotOrder(_core._orders[handle], _info[Int(handle.index)]).write(to: &writer)
                        orderCount += 1
                        handle = _core.next(after: handle)
                    }
                }
            }
        }
        var stopCount: UInt32 = 0
        for book in 0..<_symbols.count {
            var handle = _symbols[book].stopHead
            while !handle.isNone {
                let stop = _stops[handle]
                stop.write(to: &writer)
                stopCount += 1
                handle = stop.next
            }
        }
        precondition(Int(orderCount) == _core.liveOrderCount && Int(stopCount) == _stops.liveCount,
                     "every live order and stop is reachable from the books")
        let totalBytes = writer.bytes.count - start + Format.trailerBytes
        writer.patch(UInt64(totalBytes), at: start + Format.totalBytesOffset)
        writer.patch(UInt32(definedLocates.count), at: start + Format.countsOffset)
        writer.patch(levelCount, at: start + Format.countsOffset + 4)
        writer.patch(orderCount, at: start + Format.countsOffset + 8)
        writer.patch(stopCount, at: start + Format.countsOffset + 12)
        let checksum = writer.bytes[start...].withUnsafeBytes { Format.checksum($0) }
        writer.put(checksum)
        swap(&writer.bytes, &bytes)
    }

    /// Restores a state written by `writeSnapshot(into:)` into this engine, which must be freshly created (no
    /// orders or stops, no trade yet) with the same symbols (locates, names, ticks, lots, bands) and a capacity
    /// that holds the snapshot's orders, levels, stops and ids. `bytes` is exactly one snapshot.
    ///
    /// Halts, last trade prices, order ids (first and step: they replace any `numberOrders(from:step:)`), match
    /// ids and the arrival sequence come from the snapshot. Events, dropped-event and changed-book counts stay
    /// empty.
    ///
    /// Every byte is checked before it is used (bounds, checksum, then each field against the symbol rules, the
    /// book order and uncrossed books; repeated ids and full ladders or id pages are found while inserting), so
    /// bad bytes throw and never trap. On a throw the engine is left fresh and empty, as it was. O(snapshot
    /// bytes): levels are re-created worst first, so each lands at the best end of its ladder.
    ///
    /// - Throws: `MatchingSnapshotError` naming the problem and its byte offset.
    @inline(never)
    public mutating func restoreSnapshot(from bytes: UnsafeRawBufferPointer) throws(MatchingSnapshotError) {
        var reader = _SnapshotReader(bytes)
        let header = try _SnapshotHeader(from: &reader)
        try _checkFreshForRestore()
        let symbols = try _readSnapshotSymbols(&reader, count: header.symbolCount)
        try _checkSnapshotCapacity(header)
        let (orders, levels) = try _readSnapshotOrders(&reader, header: header)
        var stops: [(record: StopOrder, offset: Int)] = []
        stops.reserveCapacity(Int(header.stopCount))
        for _ in 0..<header.stopCount {
            let offset = reader.offset
            let stop = try StopOrder(from: &reader)
            try _validateSnapshotStop(stop, offset: offset, header: header, after: stops.last?.record)
            stops.append((stop, offset))
        }
        let savedSymbols = (0..<_symbols.count).map { _symbols[$0] }
        do throws(MatchingSnapshotError) {
            try _applySnapshot(symbols: symbols, orders: orders, levels: levels, stops: stops)
        } catch {
            // Back to the fresh engine this was: nothing else was touched yet.
            _core.resetAll()
            _index.removeAll()
            _stops.resetAll()
            _stopIndex.removeAll()
            for (locate, state) in savedSymbols.enumerated() { _symbols[locate] = state }
            throw error
        }
        _nextOrderId = header.nextOrderId
        _orderIdStep = header.orderIdStep
        _nextMatchId = header.nextMatchId
        _sequence = header.sequence
    }

    // MARK: Restore steps

    /// Throws unless the engine holds nothing and has never traded or rested an order.
    func _checkFreshForRestore() throws(MatchingSnapshotError) {
        let traded = (0..<_symbols.count).contains { _symbols[$0].hasLastTrade }
        guard _core.liveOrderCount == 0, _core.liveLevelCount == 0, _stops.liveCount == 0, _index.count == 0,
              _stopIndex.count == 0, _nextMatchId == 1, _sequence == 0, !traded
        else {
            throw MatchingSnapshotError(
                .engineNotFresh,
                "restore needs a freshly created engine; this one holds \(_core.liveOrderCount) orders and "
                    + "\(_stops.liveCount) stops, next match id \(_nextMatchId): create a new engine",
                offset: 0)
        }
    }

    /// Reads the symbol records and checks them against this engine's symbols: the same locates, one for one,
    /// with the same names and rules.
    func _readSnapshotSymbols(
        _ reader: inout _SnapshotReader, count: UInt32
    ) throws(MatchingSnapshotError) -> [_SnapshotSymbol] {
        let defined = (0..<_symbols.count).filter { _symbols[$0].isDefined }
        guard Int(count) == defined.count else {
            throw MatchingSnapshotError(
                .symbolMismatch, "the snapshot has \(count) symbols, this engine \(defined.count): build the "
                    + "engine with the symbols it was built with", offset: _MatchingSnapshotFormat.countsOffset)
        }
        var symbols: [_SnapshotSymbol] = []
        symbols.reserveCapacity(Int(count))
        for expectedLocate in defined {
            let offset = reader.offset
            let symbol = try _SnapshotSymbol(from: &reader)
            let locate = Int(symbol.locate)
            let matches = locate == expectedLocate
                && symbol.hasSameRules(as: _SnapshotSymbol(
                    locate: symbol.locate, state: _symbols[locate], name: _core.header(locate: symbol.locate).symbol))
            guard matches else {
                throw MatchingSnapshotError(
                    .symbolMismatch, "snapshot symbol at locate \(symbol.locate) (tick \(symbol.tickSize), lot "
                        + "\(symbol.lotSize), band \(symbol.minPriceTicks)...\(symbol.maxPriceTicks)) differs from "
                        + "this engine's symbol at locate \(expectedLocate)", offset: offset)
            }
            symbols.append(symbol)
        }
        return symbols
    }

    /// Throws when the record counts exceed the pools (ladders and index pages are checked while inserting).
    func _checkSnapshotCapacity(_ header: _SnapshotHeader) throws(MatchingSnapshotError) {
        let needs = [
            ("resting orders", Int(header.orderCount), capacity.book.orders, "book.orders"),
            ("price levels", Int(header.levelCount), capacity.book.levels, "book.levels"),
            ("waiting stops", Int(header.stopCount), capacity.stopOrders, "stopOrders"),
        ]
        for (what, count, room, setting) in needs where count > room {
            throw MatchingSnapshotError(
                .capacity, "the snapshot holds \(count) \(what), this engine room for \(room): raise "
                    + "MatchingCapacity.\(setting)", offset: _MatchingSnapshotFormat.countsOffset)
        }
    }

    /// Reads and checks the resting orders (each on its own, then their order and that no book is crossed);
    /// returns them with their levels (index ranges into the orders, as written: book by book, bids then asks,
    /// best first).
    func _readSnapshotOrders(
        _ reader: inout _SnapshotReader, header: _SnapshotHeader
    ) throws(MatchingSnapshotError) -> (orders: [_SnapshotOrder], levels: [Range<Int>]) {
        var orders: [_SnapshotOrder] = []
        var levels: [Range<Int>] = []
        orders.reserveCapacity(Int(header.orderCount))
        levels.reserveCapacity(Int(header.levelCount))
        var levelStart = 0
        var bestBid: (locate: UInt16, priceTicks: UInt32)?
        for index in 0..<Int(header.orderCount) {
            let order = try _SnapshotOrder(from: &reader)
            try _validateSnapshotOrder(order, header: header)
            let firstOfSide = orders.last.map { $0.locate != order.locate || $0.sideRaw != order.sideRaw } ?? true
            if firstOfSide && order.sideRaw == Side.buy.rawValue {
                bestBid = (order.locate, order.priceTicks)
            } else if firstOfSide, let bestBid, bestBid.locate == order.locate,
                      order.priceTicks <= bestBid.priceTicks
            {
                throw MatchingSnapshotError(
                    .corrupt, "book \(order.locate) is crossed: best ask \(order.priceTicks), best bid "
                        + "\(bestBid.priceTicks)", offset: order.offset)
            }
            if let previous = orders.last {
                let sameLevel = order.locate == previous.locate && order.sideRaw == previous.sideRaw
                    && order.priceTicks == previous.priceTicks
                if !sameLevel {
                    // Book, then side (B < S), then price strictly worse than the level before.
                    let worse = order.sideRaw == Side.buy.rawValue
                        ? order.priceTicks < previous.priceTicks : order.priceTicks > previous.priceTicks
                    let later = (order.locate, order.sideRaw) > (previous.locate, previous.sideRaw)
                    let inOrder = later || (order.locate == previous.locate && order.sideRaw == previous.sideRaw
                        && worse)
                    guard inOrder else {
                        throw MatchingSnapshotError(
                            .corrupt, "resting order \(order.orderId) is out of book order (locate, side, price "
                                + "best first)", offset: order.offset)
                    }
                    levels.append(levelStart..<index)
                    levelStart = index
                }
            }
            orders.append(order)
        }
        if !orders.isEmpty { levels.append(levelStart..<orders.count) }
        guard levels.count == Int(header.levelCount) else {
            throw MatchingSnapshotError(
                .corrupt, "the orders form \(levels.count) price levels, the header says \(header.levelCount)",
                offset: _MatchingSnapshotFormat.countsOffset + 4)
        }
        return (orders, levels)
    }

    /// Throws unless `order` is one this engine could have resting: a defined book, a side, shares, a price on
    /// the tick and in the band, day or GTC flags, an id already handed out, a sequence already used.
    func _validateSnapshotOrder(_ order: _SnapshotOrder, header: _SnapshotHeader) throws(MatchingSnapshotError) {
        func problem() -> String? {
            guard Int(order.locate) < _symbols.count, _symbols[Int(order.locate)].isDefined else {
                return "locate \(order.locate) is not a symbol of the snapshot"
            }
            if Side(rawValue: order.sideRaw) == nil { return "side byte \(order.sideRaw) is neither B nor S" }
            if order.shares == 0 { return "no displayed shares" }
            if UInt64(order.shares) + UInt64(order.hidden) > UInt64(UInt32.max) { return "open shares overflow" }
            if order.hidden > 0 && order.displayPeak == 0 { return "hidden shares without a display peak" }
            if _checkPrice(order.priceTicks, _symbols[Int(order.locate)]) != .none {
                return "price \(order.priceTicks) is off the symbol's tick or band"
            }
            let timeInForce = (order.flags >> 4) & 3
            if order.flags & 0xC0 != 0 || timeInForce > TimeInForce.gtc.rawValue || order.flags & 1 != timeInForce {
                return "flags \(order.flags) are not those of a resting day or GTC order"
            }
            if order.orderId == 0 || order.orderId >= header.nextOrderId {
                return "id is not below the next order id \(header.nextOrderId)"
            }
            if order.entrySequence > header.sequence { return "entry sequence beyond \(header.sequence)" }
            return nil
        }
        if let problem = problem() {
            throw MatchingSnapshotError(.corrupt, "resting order \(order.orderId): \(problem)", offset: order.offset)
        }
    }

    /// Throws unless `stop` is one this engine could have waiting (as `_validateSnapshotOrder`, for stops), and
    /// comes after `previous` in book order.
    func _validateSnapshotStop(
        _ stop: StopOrder, offset: Int, header: _SnapshotHeader, after previous: StopOrder?
    ) throws(MatchingSnapshotError) {
        func problem() -> String? {
            guard Int(stop.locate) < _symbols.count, _symbols[Int(stop.locate)].isDefined else {
                return "locate \(stop.locate) is not a symbol of the snapshot"
            }
            if let previous, previous.locate > stop.locate { return "out of book order" }
            let rules = _symbols[Int(stop.locate)]
            if Side(rawValue: stop.sideRaw) == nil { return "side byte \(stop.sideRaw) is neither B nor S" }
            guard let type = OrderType(rawValue: stop.typeRaw), type == .stop || type == .stopLimit else {
                return "type \(stop.typeRaw) is neither stop nor stop-limit"
            }
            if stop.quantity == 0 { return "no shares" }
            if _checkPrice(stop.stopPriceTicks, rules) != .none {
                return "stop price \(stop.stopPriceTicks) is off the symbol's tick or band"
            }
            if type == .stop ? stop.priceTicks != 0 : _checkPrice(stop.priceTicks, rules) != .none {
                return "limit price \(stop.priceTicks) does not suit a \(type == .stop ? "stop" : "stop-limit")"
            }
            let isGoodTillCancelled = MatchingOrderFlags.timeInForce(stop.flags) == .gtc
            if stop.flags & 0xC8 != 0 || (stop.flags & 1 != 0) != isGoodTillCancelled {
                return "flags \(stop.flags) are not those of a stop"
            }
            if stop.orderId == 0 || stop.orderId >= header.nextOrderId {
                return "id is not below the next order id \(header.nextOrderId)"
            }
            if stop.entrySequence > header.sequence { return "entry sequence beyond \(header.sequence)" }
            return nil
        }
        if let problem = problem() {
            throw MatchingSnapshotError(.corrupt, "waiting stop \(stop.orderId): \(problem)", offset: offset)
        }
    }

    /// Puts the checked records into the pools, index and lists. Throws (leaving the rest to the caller's
    /// rollback) when a ladder or index page runs out or an id repeats.
    mutating func _applySnapshot(
        symbols: [_SnapshotSymbol], orders: [_SnapshotOrder], levels: [Range<Int>],
        stops: [(record: StopOrder, offset: Int)]
    ) throws(MatchingSnapshotError) {
        for symbol in symbols {
            _symbols[Int(symbol.locate)].isHalted = symbol.isHalted
            _symbols[Int(symbol.locate)].hasLastTrade = symbol.hasLastTrade
            _symbols[Int(symbol.locate)].lastTradeTicks = symbol.lastTradeTicks
        }
        // Levels worst first, so each new level lands at the best end of its ladder (no entries move); each
        // level's orders in queue order, so the FIFO is the original's.
        for level in levels.reversed() {
            for order in orders[level] {
                let inserted: InsertedOrder
                do {
                    inserted = try _core.insertOrder(
                        locate: order.locate, side: order.sideRaw == Side.sell.rawValue ? .sell : .buy,
                        priceTicks: order.priceTicks, shares: order.shares, reference: order.orderId,
                        participant: order.owner, entrySequence: order.entrySequence)
                } catch {
                    throw MatchingSnapshotError(
                        .capacity, "resting order \(order.orderId): the books ran out (\(error)): raise "
                            + "MatchingCapacity.book", offset: order.offset)
                }
                let handle = inserted.order
                _core._orders[handle].flags = order.flags
                _core._orders[handle].reservedWord = order.hidden
                _info[Int(handle.index)] = order.info
                try _snapshotIndexed(
                    _index.insert(order.orderId, handle), id: order.orderId, offset: order.offset,
                    setting: "book.indexPages")
            }
        }
        for (stop, offset) in stops {
            guard _index.lookup(stop.orderId).isNone else {
                throw MatchingSnapshotError(
                    .corrupt, "waiting stop \(stop.orderId) has the id of a resting order", offset: offset)
            }
            let handle: PoolHandle<StopOrder>
            do {
                handle = try _stops.allocate(stop)
            } catch {
                throw MatchingSnapshotError(
                    .capacity, "waiting stop \(stop.orderId): raise MatchingCapacity.stopOrders", offset: offset)
            }
            try _snapshotIndexed(
                _stopIndex.insert(stop.orderId, PoolHandle<Order>(raw: handle.raw)), id: stop.orderId,
                offset: offset, setting: "stopIndexPages")
            _linkWaiting(handle)
        }
    }

    /// Turns an index insert that failed into the error that says why.
    func _snapshotIndexed(
        _ result: OrderIndex.InsertResult, id: UInt64, offset: Int, setting: String
    ) throws(MatchingSnapshotError) {
        switch result {
        case .inserted:
            return
        case .duplicate:
            throw MatchingSnapshotError(.corrupt, "order id \(id) appears twice", offset: offset)
        case .outOfRange:
            throw MatchingSnapshotError(
                .capacity, "order id \(id) is beyond the id index: raise MatchingCapacity.book.indexDirectoryPages",
                offset: offset)
        case .pagesExhausted:
            throw MatchingSnapshotError(
                .capacity, "order id \(id): the id index ran out of pages: raise MatchingCapacity.\(setting)",
                offset: offset)
        }
    }
}
