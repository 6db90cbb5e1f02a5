import MatchbookBook

/// Names book `locate`. `symbol` is the 8 space-padded ASCII bytes read big-endian (as `ITCHStock.rawValue`);
/// on the wire the 8 bytes go in reading order.
public struct SymbolDefinitionMessage: Sendable, Equatable {
    public var locate: UInt16
    public var symbol: UInt64

    public init(locate: UInt16, symbol: UInt64) {
        self.locate = locate
        self.symbol = symbol
    }
}

/// One level of one side of book `locate` as it is now within the published depth. `level.shares == 0`
/// (with `orders == 0`) means the price left the published depth (removed, or pushed below the top N).
/// `bookSequence` counts this book's level updates from 1, so a subscriber sees which book a loss hit.
public struct LevelUpdateMessage: Sendable, Equatable {
    public var locate: UInt16
    public var side: Side
    public var level: LevelView
    public var bookSequence: UInt32

    public init(locate: UInt16, side: Side, level: LevelView, bookSequence: UInt32) {
        self.locate = locate
        self.side = side
        self.level = level
        self.bookSequence = bookSequence
    }
}

/// The top levels of both sides of one book, best first, consistent with channel sequence `asOfSequence`
/// and with the book's own `bookSequence` (its level updates up to and including that one).
/// Decoded form (allocates): the publisher encodes snapshots straight from its level cache.
public struct SnapshotMessage: Sendable, Equatable {
    public var locate: UInt16
    public var asOfSequence: UInt64
    public var bookSequence: UInt32
    public var symbol: UInt64
    public var bids: [LevelView]
    public var asks: [LevelView]

    public init(
        locate: UInt16, asOfSequence: UInt64, bookSequence: UInt32, symbol: UInt64, bids: [LevelView],
        asks: [LevelView]
    ) {
        self.locate = locate
        self.asOfSequence = asOfSequence
        self.bookSequence = bookSequence
        self.symbol = symbol
        self.bids = bids
        self.asks = asks
    }
}

/// A trade in book `locate`: `shares` at `priceTicks` against a resting order on `restingSide` (the aggressor
/// was on the other side; nil when the feed does not say). `matchNumber` is the feed's or engine's execution id.
public struct TradeMessage: Sendable, Equatable {
    public var locate: UInt16
    public var restingSide: Side?
    public var priceTicks: UInt32
    public var shares: UInt64
    public var matchNumber: UInt64

    @inlinable
    public init(locate: UInt16, restingSide: Side?, priceTicks: UInt32, shares: UInt64, matchNumber: UInt64) {
        self.locate = locate
        self.restingSide = restingSide
        self.priceTicks = priceTicks
        self.shares = shares
        self.matchNumber = matchNumber
    }
}

/// One decoded message with its header's sequence.
public enum WireMessage: Sendable, Equatable {
    case symbolDefinition(SymbolDefinitionMessage, sequence: UInt64)
    case levelUpdate(LevelUpdateMessage, sequence: UInt64)
    case snapshot(SnapshotMessage)
    case trade(TradeMessage, sequence: UInt64)

    public var type: WireMessageType {
        switch self {
        case .symbolDefinition: .symbolDefinition
        case .levelUpdate: .levelUpdate
        case .snapshot: .snapshot
        case .trade: .trade
        }
    }
}
