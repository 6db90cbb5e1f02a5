/// The stages of one message's trip through the engine that Matchbook times.
///
/// ```
///   bytes ──parse──▶ message ──book──▶ events ──publish──▶ snapshot/report
///   └────────────────────────── total ──────────────────────────────┘
/// ```
///
/// The raw value is the name used in reports (`latency.json` keys, `<stage>.hgrm` file names, table rows).
public enum LatencyStage: String, CaseIterable, Sendable, BitwiseCopyable, Codable {
    /// Framing and decoding one input message.
    case parse
    /// Applying one message to its order book (matching, L3 index).
    case book
    /// Building and handing off the market-data update or snapshot.
    case publish
    /// End to end: from the first byte read to the publish hand-off.
    case total

    /// Position in ``allCases`` (0…3), for fixed-size per-stage storage.
    @inlinable
    public var index: Int {
        @inline(__always) get {
            switch self {
            case .parse: 0
            case .book: 1
            case .publish: 2
            case .total: 3
            }
        }
    }
}
