import MatchbookBook

/// A deliberately simple price-time matcher: dictionaries of arrays, no arena, no handles, no cleverness. The
/// differential test holds `MatchingEngine` to it event by event. Same documented semantics:
/// - price-time priority; fills at the maker's price; icebergs refill at the back; hidden shares first on
///   reduce;
/// - FOK decided by simulating the match on a copy of the whole model (obviously right, slow);
/// - stops triggered by the range of trade prices of the order that just traded, entered in arrival order,
///   cascading; a stop already reached on arrival triggers at once;
/// - end of session expires day orders book by book (bids best first, asks best first, then stops).
struct ReferenceMatcher {
    struct Rules {
        var tick: UInt32, lot: UInt32, minPrice: UInt32, maxPrice: UInt32
        var halted = false
        var lastTrade: UInt32? = nil
    }

    struct Resting {
        var id: UInt64, owner: UInt32, tag: UInt64, locate: UInt16, side: Side, price: UInt32
        var displayed: UInt32, hidden: UInt32, peak: UInt32
        var gtc: Bool, stp: SelfTradePrevention, postOnly: Bool, cumulative: UInt32
    }

    struct Stop {
        var id: UInt64, owner: UInt32, tag: UInt64, locate: UInt16, side: Side, isMarket: Bool
        var price: UInt32, stopPrice: UInt32, quantity: UInt32, tif: TimeInForce, stp: SelfTradePrevention
    }

    struct Incoming {
        var id: UInt64, owner: UInt32, tag: UInt64, locate: UInt16, side: Side, isMarket: Bool, price: UInt32
        var quantity: UInt32, tif: TimeInForce, stp: SelfTradePrevention, postOnly: Bool, peak: UInt32
        var cumulative: UInt32, operation: EngineOperation
    }

    var rules: [UInt16: Rules] = [:]
    /// locate → side → price → FIFO of ids.
    var levels: [UInt16: [Side: [UInt32: [UInt64]]]] = [:]
    var resting: [UInt64: Resting] = [:]
    var stops: [UInt16: [Stop]] = [:]
    var triggered: [Stop] = []
    var events: [EngineEvent] = []
    var nextId: UInt64 = 1
    var nextMatch: UInt64 = 1
    var tradeLow: UInt32 = .max
    var tradeHigh: UInt32 = 0

    init(symbols: [SymbolRules]) {
        for symbol in symbols {
            rules[symbol.locate] = Rules(
                tick: symbol.tickSize, lot: symbol.lotSize, minPrice: symbol.minPriceTicks,
                maxPrice: symbol.maxPriceTicks, halted: symbol.halted)
        }
    }

    mutating func emit(
        _ kind: EngineEventKind, _ operation: EngineOperation, id: UInt64, owner: UInt32, locate: UInt16,
        side: Side, reason: EngineReason = .none, price: UInt32 = 0, quantity: UInt32 = 0, leaves: UInt32 = 0,
        tag: UInt64 = 0
    ) {
        events.append(EngineEvent(
            kind: kind, operation: operation, orderId: id, owner: owner, locate: locate, side: side, reason: reason,
            priceTicks: price, quantity: quantity, leaves: leaves, clientTag: tag))
    }

    // MARK: Book helpers

    func bestPrice(_ locate: UInt16, _ side: Side) -> UInt32? {
        let prices = levels[locate]?[side]?.keys
        return side == .buy ? prices?.max() : prices?.min()
    }

    func sortedPrices(_ locate: UInt16, _ side: Side) -> [UInt32] {
        let prices = (levels[locate]?[side] ?? [:]).keys.sorted()
        return side == .buy ? prices.reversed() : prices
    }

    mutating func append(_ order: Resting) {
        resting[order.id] = order
        levels[order.locate, default: [:]][order.side, default: [:]][order.price, default: []].append(order.id)
    }

    mutating func unlink(_ id: UInt64) {
        let order = resting.removeValue(forKey: id)!
        var queue = levels[order.locate]![order.side]![order.price]!
        queue.removeAll { $0 == id }
        levels[order.locate]![order.side]![order.price] = queue.isEmpty ? nil : queue
    }

    func crosses(_ side: Side, _ price: UInt32, against levelPrice: UInt32) -> Bool {
        side == .buy ? levelPrice <= price : levelPrice >= price
    }

    func priceReason(_ price: UInt32, _ rules: Rules) -> EngineReason {
        if price == 0 { return .invalidPrice }
        if price % rules.tick != 0 { return .offTick }
        if price < rules.minPrice || price > rules.maxPrice { return .outsideBand }
        return .none
    }

    // MARK: Submit

    mutating func submit(_ order: NewOrder) -> UInt64 {
        let id = nextId
        nextId += 1
        let reason = validate(order)
        let rejectPrice = order.type == .market ? 0 : order.priceTicks
        func reject(_ model: inout ReferenceMatcher, _ reason: EngineReason) {
            model.emit(.rejected, .submit, id: id, owner: order.owner, locate: order.locate, side: order.side,
                       reason: reason, price: rejectPrice, quantity: order.quantity, tag: order.clientTag)
        }
        if reason != .none {
            reject(&self, reason)
            return id
        }
        if order.type == .stop || order.type == .stopLimit {
            let stop = Stop(
                id: id, owner: order.owner, tag: order.clientTag, locate: order.locate, side: order.side,
                isMarket: order.type == .stop, price: order.type == .stopLimit ? order.priceTicks : 0,
                stopPrice: order.stopPriceTicks, quantity: order.quantity, tif: order.timeInForce,
                stp: order.selfTradePrevention)
            emit(.accepted, .submit, id: id, owner: order.owner, locate: order.locate, side: order.side,
                 price: stop.price, quantity: order.quantity, leaves: order.quantity, tag: order.clientTag)
            if let last = rules[order.locate]!.lastTrade,
               order.side == .buy ? last >= order.stopPriceTicks : last <= order.stopPriceTicks {
                triggered.append(stop)
            } else {
                stops[order.locate, default: []].append(stop)
            }
        } else {
            var incoming = Incoming(
                id: id, owner: order.owner, tag: order.clientTag, locate: order.locate, side: order.side,
                isMarket: order.type == .market, price: rejectPrice, quantity: order.quantity,
                tif: order.timeInForce, stp: order.selfTradePrevention, postOnly: order.postOnly,
                peak: order.displayQuantity, cumulative: 0, operation: .submit)
            if order.postOnly, let best = bestPrice(order.locate, order.side.opposite),
               crosses(order.side, order.priceTicks, against: best) {
                reject(&self, .postOnlyWouldCross)
                return id
            }
            if order.timeInForce == .fok && !canFill(incoming) {
                reject(&self, .fokCannotFill)
                return id
            }
            emit(.accepted, .submit, id: id, owner: order.owner, locate: order.locate, side: order.side,
                 price: incoming.price, quantity: order.quantity, leaves: order.quantity, tag: order.clientTag)
            execute(&incoming)
        }
        processTriggers(order.locate)
        return id
    }

    func validate(_ order: NewOrder) -> EngineReason {
        guard let rules = rules[order.locate] else { return .unknownSymbol }
        if rules.halted { return .halted }
        if order.quantity == 0 { return .invalidQuantity }
        if order.quantity % rules.lot != 0 { return .invalidLot }
        let rests = order.timeInForce == .day || order.timeInForce == .gtc
        if order.postOnly && (order.type != .limit || !rests) { return .invalidCombination }
        if order.displayQuantity > 0 {
            if order.type != .limit || !rests { return .invalidCombination }
            if order.displayQuantity > order.quantity { return .invalidDisplay }
            if order.displayQuantity % rules.lot != 0 { return .invalidLot }
        }
        if order.type == .limit || order.type == .stopLimit {
            let reason = priceReason(order.priceTicks, rules)
            if reason != .none { return reason }
        }
        if order.type == .stop || order.type == .stopLimit {
            let reason = priceReason(order.stopPriceTicks, rules)
            if reason != .none { return reason }
        }
        return .none
    }

    /// FOK: run the match on a throw-away copy of the whole model and see whether it fills.
    func canFill(_ incoming: Incoming) -> Bool {
        var copy = self
        var trial = incoming
        copy.match(&trial)
        return trial.quantity == 0 && !copy.events.suffix(from: events.count).contains {
            $0.kind == .cancelled && $0.orderId == incoming.id
        }
    }

    mutating func execute(_ incoming: inout Incoming) {
        match(&incoming)
        if incoming.quantity == 0 { return }
        if incoming.isMarket {
            cancelIncoming(&incoming, .noLiquidity)
        } else if incoming.tif == .ioc || incoming.tif == .fok {
            cancelIncoming(&incoming, .immediateOrCancel)
        } else {
            let shown = incoming.peak > 0 ? min(incoming.peak, incoming.quantity) : incoming.quantity
            append(Resting(
                id: incoming.id, owner: incoming.owner, tag: incoming.tag, locate: incoming.locate,
                side: incoming.side, price: incoming.price, displayed: shown, hidden: incoming.quantity - shown,
                peak: incoming.peak, gtc: incoming.tif == .gtc, stp: incoming.stp, postOnly: incoming.postOnly,
                cumulative: incoming.cumulative))
        }
    }

    mutating func cancelIncoming(_ incoming: inout Incoming, _ reason: EngineReason) {
        emit(.cancelled, incoming.operation, id: incoming.id, owner: incoming.owner, locate: incoming.locate,
             side: incoming.side, reason: reason, price: incoming.price, quantity: incoming.quantity,
             tag: incoming.tag)
        incoming.quantity = 0
    }

    mutating func cancelResting(_ id: UInt64, _ reason: EngineReason, _ operation: EngineOperation,
                                kind: EngineEventKind = .cancelled) {
        let order = resting[id]!
        emit(kind, operation, id: id, owner: order.owner, locate: order.locate, side: order.side, reason: reason,
             price: order.price, quantity: order.displayed + order.hidden, tag: order.tag)
        unlink(id)
    }

    mutating func match(_ incoming: inout Incoming) {
        let makerSide = incoming.side.opposite
        while incoming.quantity > 0 {
            guard let price = bestPrice(incoming.locate, makerSide) else { return }
            if !incoming.isMarket && !crosses(incoming.side, incoming.price, against: price) { return }
            let makerId = levels[incoming.locate]![makerSide]![price]!.first!
            var maker = resting[makerId]!
            if incoming.stp != .none && maker.owner == incoming.owner {
                if incoming.stp == .cancelMaker || incoming.stp == .cancelBoth {
                    cancelResting(makerId, .selfTrade, incoming.operation)
                }
                if incoming.stp == .cancelTaker || incoming.stp == .cancelBoth {
                    cancelIncoming(&incoming, .selfTrade)
                    return
                }
                continue
            }
            let traded = min(incoming.quantity, maker.displayed)
            incoming.quantity -= traded
            incoming.cumulative += traded
            maker.displayed -= traded
            maker.cumulative += traded
            rules[incoming.locate]!.lastTrade = price
            tradeLow = min(tradeLow, price)
            tradeHigh = max(tradeHigh, price)
            var fill = EngineEvent(
                kind: .fill, operation: incoming.operation, orderId: incoming.id, owner: incoming.owner,
                locate: incoming.locate, side: incoming.side, priceTicks: price, quantity: traded,
                leaves: incoming.quantity, clientTag: incoming.tag, matchId: nextMatch, makerOrderId: makerId,
                makerOwner: maker.owner, makerLeaves: maker.displayed + maker.hidden)
            fill.matchId = nextMatch
            nextMatch += 1
            events.append(fill)
            if maker.displayed > 0 {
                resting[makerId] = maker
            } else if maker.hidden > 0 {
                // Refill at the back.
                let slice = min(maker.peak, maker.hidden)
                maker.hidden -= slice
                maker.displayed = slice
                unlink(makerId)
                append(maker)
            } else {
                unlink(makerId)
            }
        }
    }

    // MARK: Stops

    mutating func processTriggers(_ locate: UInt16) {
        while true {
            if tradeLow <= tradeHigh {
                let (low, high) = (tradeLow, tradeHigh)
                tradeLow = .max
                tradeHigh = 0
                var waiting: [Stop] = []
                for stop in stops[locate] ?? [] {
                    if stop.side == .buy ? high >= stop.stopPrice : low <= stop.stopPrice {
                        triggered.append(stop)
                    } else {
                        waiting.append(stop)
                    }
                }
                stops[locate] = waiting
            }
            if triggered.isEmpty { return }
            let stop = triggered.removeFirst()
            emit(.triggered, .submit, id: stop.id, owner: stop.owner, locate: stop.locate, side: stop.side,
                 price: stop.price, quantity: stop.quantity, leaves: stop.quantity, tag: stop.tag)
            var incoming = Incoming(
                id: stop.id, owner: stop.owner, tag: stop.tag, locate: stop.locate, side: stop.side,
                isMarket: stop.isMarket, price: stop.price, quantity: stop.quantity, tif: stop.tif, stp: stop.stp,
                postOnly: false, peak: 0, cumulative: 0, operation: .submit)
            if stop.tif == .fok && !canFill(incoming) {
                cancelIncoming(&incoming, .fokCannotFill)
                continue
            }
            execute(&incoming)
        }
    }

    func stopIndex(_ id: UInt64) -> (UInt16, Int)? {
        for (locate, list) in stops {
            if let position = list.firstIndex(where: { $0.id == id }) { return (locate, position) }
        }
        return nil
    }

    // MARK: Cancel, reduce, replace

    mutating func rejectRequest(_ operation: EngineOperation, _ id: UInt64, _ owner: UInt32, _ locate: UInt16,
                                _ side: Side, _ reason: EngineReason) {
        emit(.rejected, operation, id: id, owner: owner, locate: locate, side: side, reason: reason)
    }

    mutating func cancel(_ id: UInt64, owner: UInt32) {
        if let order = resting[id] {
            if order.owner != owner { return rejectRequest(.cancel, id, owner, order.locate, order.side, .notOwner) }
            cancelResting(id, .requested, .cancel)
        } else if let (locate, position) = stopIndex(id) {
            let stop = stops[locate]![position]
            if stop.owner != owner { return rejectRequest(.cancel, id, owner, locate, stop.side, .notOwner) }
            emit(.cancelled, .cancel, id: id, owner: owner, locate: locate, side: stop.side, reason: .requested,
                 price: stop.price, quantity: stop.quantity, tag: stop.tag)
            stops[locate]!.remove(at: position)
        } else {
            rejectRequest(.cancel, id, owner, 0, .buy, .unknownOrder)
        }
    }

    func amendReason(_ owner: UInt32, _ orderOwner: UInt32, _ locate: UInt16, _ shares: UInt32) -> EngineReason {
        if owner != orderOwner { return .notOwner }
        if shares == 0 { return .invalidQuantity }
        if shares % rules[locate]!.lot != 0 { return .invalidLot }
        return .none
    }

    mutating func reduceInPlace(_ id: UInt64, by shares: UInt32) {
        var order = resting[id]!
        let fromHidden = min(order.hidden, shares)
        order.hidden -= fromHidden
        order.displayed -= shares - fromHidden
        resting[id] = order
    }

    mutating func reduce(_ id: UInt64, by shares: UInt32, owner: UInt32) {
        if let order = resting[id] {
            let reason = amendReason(owner, order.owner, order.locate, shares)
            if reason != .none { return rejectRequest(.reduce, id, owner, order.locate, order.side, reason) }
            let leaves = order.displayed + order.hidden
            if shares >= leaves { return cancelResting(id, .reducedToZero, .reduce) }
            reduceInPlace(id, by: shares)
            emit(.reduced, .reduce, id: id, owner: owner, locate: order.locate, side: order.side, price: order.price,
                 quantity: shares, leaves: leaves - shares, tag: order.tag)
        } else if let (locate, position) = stopIndex(id) {
            let stop = stops[locate]![position]
            let reason = amendReason(owner, stop.owner, locate, shares)
            if reason != .none { return rejectRequest(.reduce, id, owner, locate, stop.side, reason) }
            if shares >= stop.quantity {
                emit(.cancelled, .reduce, id: id, owner: owner, locate: locate, side: stop.side,
                     reason: .reducedToZero, price: stop.price, quantity: stop.quantity, tag: stop.tag)
                stops[locate]!.remove(at: position)
                return
            }
            stops[locate]![position].quantity -= shares
            emit(.reduced, .reduce, id: id, owner: owner, locate: locate, side: stop.side, price: stop.price,
                 quantity: shares, leaves: stop.quantity - shares, tag: stop.tag)
        } else {
            rejectRequest(.reduce, id, owner, 0, .buy, .unknownOrder)
        }
    }

    func replaceReason(_ owner: UInt32, _ orderOwner: UInt32, _ locate: UInt16, _ price: UInt32?,
                       _ quantity: UInt32?, acceptsPrice: Bool) -> EngineReason {
        if owner != orderOwner { return .notOwner }
        if price == nil && quantity == nil { return .nothingToReplace }
        let rules = rules[locate]!
        if rules.halted { return .halted }
        if let quantity {
            if quantity == 0 { return .invalidQuantity }
            if quantity % rules.lot != 0 { return .invalidLot }
        }
        if let price {
            if !acceptsPrice { return .invalidCombination }
            let reason = priceReason(price, rules)
            if reason != .none { return reason }
        }
        return .none
    }

    mutating func replace(_ id: UInt64, price newPrice: UInt32?, quantity newQuantity: UInt32?, owner: UInt32) {
        if let order = resting[id] {
            let leaves = order.displayed + order.hidden
            let price = newPrice ?? order.price
            let quantity = newQuantity ?? leaves
            var reason = replaceReason(owner, order.owner, order.locate, newPrice, newQuantity, acceptsPrice: true)
            let keeps = price == order.price && quantity <= leaves
            if reason == .none && !keeps && order.postOnly, let best = bestPrice(order.locate, order.side.opposite),
               crosses(order.side, price, against: best) {
                reason = .postOnlyWouldCross
            }
            if reason != .none { return rejectRequest(.replace, id, owner, order.locate, order.side, reason) }
            if keeps {
                if quantity < leaves { reduceInPlace(id, by: leaves - quantity) }
                emit(.replaced, .replace, id: id, owner: owner, locate: order.locate, side: order.side, price: price,
                     quantity: quantity, leaves: quantity, tag: order.tag)
                return
            }
            unlink(id)
            emit(.replaced, .replace, id: id, owner: owner, locate: order.locate, side: order.side, price: price,
                 quantity: quantity, leaves: quantity, tag: order.tag)
            var incoming = Incoming(
                id: id, owner: owner, tag: order.tag, locate: order.locate, side: order.side, isMarket: false,
                price: price, quantity: quantity, tif: order.gtc ? .gtc : .day, stp: order.stp,
                postOnly: order.postOnly, peak: order.peak, cumulative: order.cumulative, operation: .replace)
            execute(&incoming)
            processTriggers(order.locate)
        } else if let (locate, position) = stopIndex(id) {
            let stop = stops[locate]![position]
            let reason = replaceReason(owner, stop.owner, locate, newPrice, newQuantity, acceptsPrice: !stop.isMarket)
            if reason != .none { return rejectRequest(.replace, id, owner, locate, stop.side, reason) }
            if let newPrice { stops[locate]![position].price = newPrice }
            if let newQuantity { stops[locate]![position].quantity = newQuantity }
            let updated = stops[locate]![position]
            emit(.replaced, .replace, id: id, owner: owner, locate: locate, side: stop.side, price: updated.price,
                 quantity: updated.quantity, leaves: updated.quantity, tag: stop.tag)
        } else {
            rejectRequest(.replace, id, owner, 0, .buy, .unknownOrder)
        }
    }

    // MARK: Session

    mutating func setHalted(_ locate: UInt16, _ halted: Bool) {
        if rules[locate] != nil { rules[locate]!.halted = halted }
    }

    mutating func endOfSession() {
        for locate in rules.keys.sorted() {
            for side in [Side.buy, Side.sell] {
                for id in queue(locate, side) where !resting[id]!.gtc {
                    cancelResting(id, .none, .session, kind: .expired)
                }
            }
            var kept: [Stop] = []
            for stop in stops[locate] ?? [] {
                if stop.tif == .gtc {
                    kept.append(stop)
                } else {
                    emit(.expired, .session, id: stop.id, owner: stop.owner, locate: locate, side: stop.side,
                         price: stop.price, quantity: stop.quantity, tag: stop.tag)
                }
            }
            stops[locate] = kept
        }
    }

    // MARK: Views

    func queue(_ locate: UInt16, _ side: Side) -> [UInt64] {
        sortedPrices(locate, side).flatMap { levels[locate]![side]![$0]! }
    }

    func orders(_ locate: UInt16, _ side: Side) -> [EngineOrderView] {
        queue(locate, side).map {
            let order = resting[$0]!
            return EngineOrderView(orderId: order.id, owner: order.owner, priceTicks: order.price,
                                   displayed: order.displayed, hidden: order.hidden)
        }
    }

    func status(_ id: UInt64) -> (leaves: UInt32, cumulative: UInt32)? {
        if let order = resting[id] { return (order.displayed + order.hidden, order.cumulative) }
        if let (locate, position) = stopIndex(id) { return (stops[locate]![position].quantity, 0) }
        return nil
    }
}
