import MatchbookBook

/// What the engine thread tells the publisher's drain thread: one fixed 32-byte record per book change, trade,
/// symbol or epoch mark, written into the chunks of the SPSC ring that joins them. The drain keeps the
/// published depth, diffs, sequences and encodes the wire format (`PublisherEncoder`); the engine only stores
/// a record (four 8-byte stores), so the publisher costs the engine a few nanoseconds a message.
///
/// ```
///  offset 0    1    2        4            8                16        20        24               32
///        ┌────┬────┬────────┬────────────┬────────────────┬─────────┬─────────┬────────────────┐
///        │kind│side│ locate │ priceTicks │ shares         │ orders  │ count   │ extra          │
///        └────┴────┴────────┴────────────┴────────────────┴─────────┴─────────┴────────────────┘
/// ```
///
/// | kind | fields |
/// |---|---|
/// | `touch` | a level of `side` is now `shares`/`orders` (0/0: it left); `count` 1: the operation created it |
/// | `executionTouch` | an execution against a resting order of `side`: a `touch` (never a created level), and a trade of `count` shares at `priceTicks` (the order's price), `extra` the match number |
/// | `pullUp` | follows a `touch` that removed a level when the side still has `depth` levels or more: the level now at rank `depth - 1` (it moves up into the published depth if the removed one was in it) |
/// | `image` | the top of one side as it is now: `orders` levels follow as `imageLevel` records, `count` is all the side's levels |
/// | `imageLevel` | one level of an image, best first |
/// | `trade` | `shares` at `priceTicks` against a resting order on `side` (0: unknown); `extra` the match number |
/// | `symbol` | `locate` is `extra` (8 ASCII bytes, first byte in the low byte) |
/// | `epoch` | a snapshot epoch ends here |
/// | `gap` | the engine dropped `extra` records before this one (its ring was full): a channel gap follows |
/// | `stateMark` | the drain hands its whole state (`PublisherEncoder.stateBytes()`) to the state handler here: a service snapshot, consistent with the engine's at the same command |
@frozen
public struct FeedRecord: BitwiseCopyable, Equatable {
    public var kindRaw: UInt8
    public var sideRaw: UInt8
    public var locate: UInt16
    public var priceTicks: UInt32
    public var shares: UInt64
    public var orders: UInt32
    public var count: UInt32
    public var extra: UInt64

    /// Bytes of one record (its stride; chunks are multiples of 64, so records never straddle a chunk).
    public static let bytes = 32

    @inlinable @inline(__always)
    public init(
        _ kind: FeedRecordKind, side: UInt8 = 0, locate: UInt16 = 0, priceTicks: UInt32 = 0, shares: UInt64 = 0,
        orders: UInt32 = 0, count: UInt32 = 0, extra: UInt64 = 0
    ) {
        kindRaw = kind.rawValue
        sideRaw = side
        self.locate = locate
        self.priceTicks = priceTicks
        self.shares = shares
        self.orders = orders
        self.count = count
        self.extra = extra
    }

    public var kind: FeedRecordKind? { FeedRecordKind(rawValue: kindRaw) }
}

/// The record types of the engine-to-drain feed (`FeedRecord`).
public enum FeedRecordKind: UInt8, Sendable {
    case touch = 1
    case pullUp = 2
    case image = 3
    case imageLevel = 4
    case trade = 5
    case symbol = 6
    case epoch = 7
    case gap = 8
    case executionTouch = 9
    case stateMark = 10
}
