import MatchbookBook
import MatchbookFIX
import MatchbookPublisher
import NIOCore

/// FIX market data: MarketDataRequest (V) → a MarketDataSnapshotFullRefresh (W) per symbol, then, for a
/// subscription, MarketDataIncrementalRefresh (X) with the levels that changed. The books are those the engines'
/// publishers publish (the depth market-data subscribers see, as `GET /book`), read on the gateway's event loop;
/// updates are conflated: every `marketDataIntervalMilliseconds` the gateway compares each subscribed book with
/// what it last sent and sends one X with every level that is new, changed or gone.
extension ServiceGateway {
    /// One session's subscription to one symbol.
    struct MarketDataSubscription {
        let session: FIXSession
        let mdReqID: String
        let symbol: String
        let depth: Int
        let types: Set<FIXMDEntryType>
        var bids: [LevelView]
        var asks: [LevelView]
    }

    static let marketDataIntervalMilliseconds: Int64 = 5
    /// What the publisher keeps per side (the depth of `GET /book` and of W/X).
    static let publishedDepth = 10

    func marketDataRequest(_ request: FIXMarketDataRequest, session: FIXSession) {
        func reject(_ reason: UInt8, _ text: String) {
            metrics.reject("marketData")
            session.send(.exchange(.marketDataRequestReject(FIXMarketDataRequestReject(
                mdReqID: request.mdReqID, rejectReason: reason, text: text))))
        }
        if request.subscriptionRequestType == .unsubscribe {
            marketDataSubscriptions.removeAll { $0.session === session && $0.mdReqID == request.mdReqID }
            return
        }
        guard let source = marketDataSource else { return reject(0x30, "market data is not published") }
        guard !request.symbols.isEmpty else { return reject(0x30, "no symbol (NoRelatedSym 146)") }
        for symbol in request.symbols where symbolIndexTable[symbol] == nil {
            return reject(0x30, "unknown symbol \(symbol)")  // MDReqRejReason 0: unknown symbol
        }
        let supported: Set<FIXMDEntryType> = [.bid, .offer, .trade]
        let types = Set(request.entryTypes).intersection(supported)
        guard !types.isEmpty else { return reject(0x38, "entry types: bid (0), offer (1) and trade (2) are served") }
        if request.subscriptionRequestType == .snapshotAndUpdates,
           marketDataSubscriptions.contains(where: { $0.session === session && $0.mdReqID == request.mdReqID }) {
            return reject(0x31, "duplicate MDReqID \(request.mdReqID)")
        }
        let depth = request.marketDepth <= 0 ? Self.publishedDepth : min(request.marketDepth, Self.publishedDepth)
        for symbol in request.symbols {
            let book = source(symbol, depth)?.book ?? BookSubscriber.Book()
            func levelEntries(_ levels: [LevelView], _ type: FIXMDEntryType) -> [FIXMarketDataSnapshot.Entry] {
                levels.prefix(depth).map {
                    .init(type: type, price: Self.decimal($0.priceTicks), size: UInt32(clamping: $0.shares))
                }
            }
            var entries: [FIXMarketDataSnapshot.Entry] = []
            if types.contains(.bid) { entries += levelEntries(book.bids, .bid) }
            if types.contains(.offer) { entries += levelEntries(book.asks, .offer) }
            if types.contains(.trade), let trade = book.lastTrade {
                entries.append(.init(
                    type: .trade, price: Self.decimal(trade.priceTicks), size: UInt32(clamping: trade.shares)))
            }
            session.send(.exchange(.marketDataSnapshot(FIXMarketDataSnapshot(
                mdReqID: request.mdReqID, symbol: symbol, entries: entries))))
            if request.subscriptionRequestType == .snapshotAndUpdates {
                marketDataSubscriptions.append(MarketDataSubscription(
                    session: session, mdReqID: request.mdReqID, symbol: symbol, depth: depth, types: types,
                    bids: Array(book.bids.prefix(depth)), asks: Array(book.asks.prefix(depth))))
            }
        }
        if request.subscriptionRequestType == .snapshotAndUpdates { startMarketDataTimer() }
    }

    private func startMarketDataTimer() {
        guard marketDataTimer == nil else { return }
        marketDataTimer = eventLoop.scheduleRepeatedTask(
            initialDelay: .milliseconds(Self.marketDataIntervalMilliseconds),
            delay: .milliseconds(Self.marketDataIntervalMilliseconds)
        ) { [weak self] _ in self?.publishMarketDataUpdates() }
    }

    /// Sends each subscription the levels that changed since its last message (one X per subscription and
    /// symbol), dropping subscriptions of sessions that logged out.
    func publishMarketDataUpdates() {
        guard let source = marketDataSource else { return }
        marketDataSubscriptions.removeAll { !$0.session.loggedOn }
        var books: [String: BookSubscriber.Book] = [:]
        for index in marketDataSubscriptions.indices {
            let subscription = marketDataSubscriptions[index]
            let book: BookSubscriber.Book
            if let known = books[subscription.symbol] { book = known } else {
                book = source(subscription.symbol, Self.publishedDepth)?.book ?? BookSubscriber.Book()
                books[subscription.symbol] = book
            }
            guard book.isValid else { continue }  // between a loss and its repair: wait for a whole book
            let bids = Array(book.bids.prefix(subscription.depth))
            let asks = Array(book.asks.prefix(subscription.depth))
            var entries: [FIXMarketDataIncremental.Entry] = []
            if subscription.types.contains(.bid) {
                entries += Self.changes(from: subscription.bids, to: bids, type: .bid, symbol: subscription.symbol)
            }
            if subscription.types.contains(.offer) {
                entries += Self.changes(from: subscription.asks, to: asks, type: .offer, symbol: subscription.symbol)
            }
            marketDataSubscriptions[index].bids = bids
            marketDataSubscriptions[index].asks = asks
            guard !entries.isEmpty else { continue }
            subscription.session.send(.exchange(.marketDataIncremental(FIXMarketDataIncremental(
                mdReqID: subscription.mdReqID, entries: entries))))
        }
        if marketDataSubscriptions.isEmpty {
            marketDataTimer?.cancel()
            marketDataTimer = nil
        }
    }

    /// Price levels gone (delete), new (new) and with other shares (change), by price.
    static func changes(
        from old: [LevelView], to new: [LevelView], type: FIXMDEntryType, symbol: String
    ) -> [FIXMarketDataIncremental.Entry] {
        let before = Dictionary(old.map { ($0.priceTicks, $0.shares) }, uniquingKeysWith: { $1 })
        let after = Dictionary(new.map { ($0.priceTicks, $0.shares) }, uniquingKeysWith: { $1 })
        var entries: [FIXMarketDataIncremental.Entry] = []
        for level in old where after[level.priceTicks] == nil {
            entries.append(.init(action: .delete, type: type, symbol: symbol, price: decimal(level.priceTicks),
                                 size: nil))
        }
        for level in new {
            if let shares = before[level.priceTicks] {
                if shares != level.shares {
                    entries.append(.init(action: .change, type: type, symbol: symbol,
                                         price: decimal(level.priceTicks), size: UInt32(clamping: level.shares)))
                }
            } else {
                entries.append(.init(action: .new, type: type, symbol: symbol, price: decimal(level.priceTicks),
                                     size: UInt32(clamping: level.shares)))
            }
        }
        return entries
    }
}
