import MatchbookMemory

/// How a new order prices itself.
@frozen
public enum OrderType: UInt8, Sendable, CaseIterable {
    /// Trades up to its limit price; the rest rests (day/GTC) or is cancelled (IOC/FOK).
    case limit = 1
    /// Trades at any price; the remainder is cancelled (`noLiquidity`). Never rests.
    case market = 2
    /// Waits off-book until the last trade price reaches `stopPriceTicks`, then enters as a market order.
    case stop = 3
    /// Waits off-book like `stop`, then enters as a limit order at `priceTicks`.
    case stopLimit = 4
}

/// How long an order may live.
@frozen
public enum TimeInForce: UInt8, Sendable, CaseIterable {
    /// Rests until cancelled or the session ends (`expired` at `endOfSession`).
    case day = 0
    /// Good till cancelled: carried into the next session.
    case gtc = 1
    /// Immediate or cancel: trades what it can now, the rest is cancelled.
    case ioc = 2
    /// Fill or kill: all of it now (checked against the book before any fill) or nothing.
    case fok = 3
}

/// Self-trade prevention: what happens when an incoming order would trade with a resting order of the same
/// owner. The incoming (taker) order's mode decides.
@frozen
public enum SelfTradePrevention: UInt8, Sendable, CaseIterable {
    /// Self-trades are allowed.
    case none = 0
    /// Cancel the incoming order's remainder; the resting order stays.
    case cancelTaker = 1
    /// Cancel the resting order and keep matching.
    case cancelMaker = 2
    /// Cancel both the resting order and the incoming remainder.
    case cancelBoth = 3
}

/// A new order as the gateway hands it to the engine (the engine assigns the order id).
@frozen
public struct NewOrder: Sendable, Equatable {
    /// The book (stock locate).
    public var locate: UInt16
    /// Buy or sell.
    public var side: Side
    /// Limit, market, stop or stop-limit.
    public var type: OrderType
    /// Day, GTC, IOC or FOK.
    public var timeInForce: TimeInForce
    /// Shares, > 0, a multiple of the lot size.
    public var quantity: UInt32
    /// Limit price in ticks (limit and stop-limit; ignored for market and stop).
    public var priceTicks: UInt32
    /// Stop price in ticks (stop and stop-limit; ignored otherwise).
    public var stopPriceTicks: UInt32
    /// Iceberg: shares shown at a time (0 = show everything). Day/GTC limit orders only.
    public var displayQuantity: UInt32
    /// Reject instead of trading on arrival. Day/GTC limit orders only.
    public var postOnly: Bool
    /// Owner: participant or session id, for cancels, replaces and self-trade prevention.
    public var owner: UInt32
    /// Caller's 64-bit tag, echoed in the order's events (the gateway maps client order ids with it).
    public var clientTag: UInt64
    /// Self-trade prevention mode for this order when it takes liquidity.
    public var selfTradePrevention: SelfTradePrevention

    @inlinable
    public init(
        locate: UInt16, side: Side, type: OrderType = .limit, timeInForce: TimeInForce = .day, quantity: UInt32,
        priceTicks: UInt32 = 0, stopPriceTicks: UInt32 = 0, displayQuantity: UInt32 = 0, postOnly: Bool = false,
        owner: UInt32 = 0, clientTag: UInt64 = 0, selfTradePrevention: SelfTradePrevention = .none
    ) {
        self.locate = locate
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.quantity = quantity
        self.priceTicks = priceTicks
        self.stopPriceTicks = stopPriceTicks
        self.displayQuantity = displayQuantity
        self.postOnly = postOnly
        self.owner = owner
        self.clientTag = clientTag
        self.selfTradePrevention = selfTradePrevention
    }
}

/// One symbol's trading rules. Prices in ticks of the book's price unit (ITCH: 4 implied decimals).
public struct SymbolRules: Sendable, Equatable {
    /// The book (stock locate), `< MatchingCapacity.book.books`.
    public var locate: UInt16
    /// 8-byte symbol name (cold: reports and views).
    public var symbol: String
    /// Prices must be multiples of this, > 0.
    public var tickSize: UInt32
    /// Quantities must be multiples of this (1 = any quantity).
    public var lotSize: UInt32
    /// Lowest acceptable price (limit and stop), ticks.
    public var minPriceTicks: UInt32
    /// Highest acceptable price (limit and stop), ticks.
    public var maxPriceTicks: UInt32
    /// Whether the symbol starts halted.
    public var halted: Bool

    public init(
        locate: UInt16, symbol: String = "", tickSize: UInt32 = 1, lotSize: UInt32 = 1, minPriceTicks: UInt32 = 1,
        maxPriceTicks: UInt32 = UInt32.max - 1, halted: Bool = false
    ) {
        self.locate = locate
        self.symbol = symbol
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minPriceTicks = minPriceTicks
        self.maxPriceTicks = maxPriceTicks
        self.halted = halted
    }
}

/// What the matching engine reserves in the arena at start-up; nothing grows later.
public struct MatchingCapacity: Sendable, Equatable {
    /// Books, resting orders, levels, ladders and the order-id index (ids are the index's references: they rise
    /// from 1, so `book.indexDirectoryPages << 12` bounds the ids of one engine's lifetime).
    public var book: BookCapacity
    /// Stop orders waiting for their trigger, across all books.
    public var stopOrders: Int
    /// Index pages for waiting stop orders (4,096 ids a page).
    public var stopIndexPages: Int
    /// Events the buffer holds between drains. An operation that would write more drops the excess and counts
    /// it in `droppedEvents`: size it for the largest sweep plus a session end's expiries, or drain more often.
    public var events: Int

    public init(book: BookCapacity, stopOrders: Int, stopIndexPages: Int, events: Int) {
        self.book = book
        self.stopOrders = stopOrders
        self.stopIndexPages = stopIndexPages
        self.events = events
    }

    /// The book defaults with room for a session's stops and a 64 Ki-event buffer.
    public static var `default`: MatchingCapacity {
        MatchingCapacity(book: .default, stopOrders: 64 << 10, stopIndexPages: 1_024, events: 64 << 10)
    }

    /// Small sizes for tests.
    public static var testing: MatchingCapacity {
        MatchingCapacity(book: .testing, stopOrders: 4_096, stopIndexPages: 256, events: 16 << 10)
    }

    /// Arena pool-region bytes the engine needs (the books' plus its own tables), 64-byte rounded.
    public var requiredArenaBytes: Int {
        func rounded(_ bytes: Int) -> Int { (bytes + 63) & ~63 }
        let own = rounded(book.orders * MemoryLayout<RestingOrderInfo>.stride)
            + rounded(stopOrders * 64) + rounded(stopOrders * 2)
            + rounded(stopIndexPages * 64) + rounded(stopIndexPages * 2)
            + rounded(stopIndexPages * OrderIndex.referencesPerPage * 4) + rounded(book.indexDirectoryPages * 4)
            + rounded(book.books * MemoryLayout<SymbolState>.stride) + rounded(book.books * 2) + rounded(book.books)
            + rounded(events * MemoryLayout<EngineEvent>.stride)
        return book.requiredArenaBytes + own + 16 * 64
    }
}

/// Where a live order is.
@frozen
public enum OrderState: UInt8, Sendable {
    /// Resting in the book (possibly partly filled).
    case resting = 1
    /// A stop or stop-limit waiting for its trigger.
    case waitingForTrigger = 2
}

/// A live order's status (for OrderStatusRequest). Orders that are done (filled, cancelled, expired) are not
/// kept: `order(id:)` answers `nil` for them.
public struct OrderStatus: Sendable, Equatable {
    public var orderId: UInt64
    public var owner: UInt32
    public var clientTag: UInt64
    public var locate: UInt16
    public var side: Side
    public var state: OrderState
    /// Limit price in ticks (0 for a stop that will enter as a market order).
    public var priceTicks: UInt32
    /// Stop price in ticks (0 for a resting order).
    public var stopPriceTicks: UInt32
    /// Open shares: displayed + hidden.
    public var leaves: UInt32
    /// Shares displayed in the book now.
    public var displayed: UInt32
    /// Shares filled since the order entered.
    public var cumulativeFilled: UInt32
    /// Good till cancelled (else day).
    public var isGoodTillCancelled: Bool
}

/// One resting order as a plain value (cold views, tests).
public struct EngineOrderView: Sendable, Equatable, CustomStringConvertible {
    public var orderId: UInt64
    public var owner: UInt32
    public var priceTicks: UInt32
    /// Shares displayed.
    public var displayed: UInt32
    /// Hidden iceberg reserve.
    public var hidden: UInt32

    public init(orderId: UInt64, owner: UInt32, priceTicks: UInt32, displayed: UInt32, hidden: UInt32) {
        self.orderId = orderId
        self.owner = owner
        self.priceTicks = priceTicks
        self.displayed = displayed
        self.hidden = hidden
    }

    public var description: String { "#\(orderId)/\(owner) \(displayed)+\(hidden)@\(priceTicks)" }
}
