/// The market-data wire format, version 1: fixed little-endian layouts, one 16-byte header per message.
///
/// ```
///  offset  0      2    3    4        6        8                          16
///         ┌──────┬────┬────┬────────┬────────┬──────────────────────────┐
///         │magic │ver │type│ length │reserved│ sequence (UInt64)        │  header, 16 bytes
///         │"MB"  │ 1  │    │ bytes  │   0    │                          │
///         └──────┴────┴────┴────────┴────────┴──────────────────────────┘
/// ```
///
/// `length` counts the whole message, header included. `sequence` is the channel sequence for incrementals
/// (symbol definitions, level updates and trades: 1, 2, 3, … with no holes on the publisher's side); for a snapshot it
/// is the incremental sequence the snapshot is consistent with (the last incremental written before it).
/// The tables per message are in the README ("Market-data wire format").
public enum WireFormat {
    /// `M` `B` on the wire (0x4D, 0x42), read little-endian.
    public static let magic: UInt16 = 0x424D
    public static let version: UInt8 = 1
    public static let headerBytes = 16
    /// Symbol definition: header + locate(2) + reserved(6) + symbol(8).
    public static let symbolDefinitionBytes = 32
    /// Level update: header + locate(2) side(1) reserved(1) price(4) shares(8) orders(4) bookSequence(4).
    public static let levelUpdateBytes = 40
    /// Trade: header + locate(2) restingSide(1) reserved(1) price(4) shares(8) matchNumber(8).
    public static let tradeBytes = 40
    /// Snapshot without levels: header + locate(2) bidCount(1) askCount(1) bookSequence(4) symbol(8).
    public static let snapshotFixedBytes = 32
    /// One snapshot level: price(4) orders(4) shares(8).
    public static let snapshotLevelBytes = 16
    /// The deepest snapshot the format carries per side (counts are one byte each).
    public static let maximumDepth = 255

    /// Bytes of a snapshot with `bids` and `asks` levels.
    @inlinable
    public static func snapshotBytes(bids: Int, asks: Int) -> Int {
        snapshotFixedBytes &+ (bids &+ asks) &* snapshotLevelBytes
    }
}

/// The message type byte (header offset 3).
public enum WireMessageType: UInt8, Sendable, CustomStringConvertible {
    /// Names a book: locate → 8-byte symbol. Incremental (sequenced).
    case symbolDefinition = 1
    /// One price level of one side changed; shares 0 means the level left the published depth. Incremental.
    case levelUpdate = 2
    /// The top levels of both sides of one book, consistent with the header's sequence.
    case snapshot = 3
    /// Shares traded at a price against a resting order. Incremental (sequenced); books are unchanged by it
    /// (the level updates that follow carry the book's change).
    case trade = 4

    public var description: String {
        switch self {
        case .symbolDefinition: "symbol definition"
        case .levelUpdate: "level update"
        case .snapshot: "snapshot"
        case .trade: "trade"
        }
    }
}
