/// The side of the book an order rests on. The raw value is the ITCH 5.0 byte: `B` (0x42, buy) or `S` (0x53,
/// sell), so a message's side byte converts with `Side(rawValue:)` and no table.
@frozen
public enum Side: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// A bid: `B`.
    case buy = 0x42
    /// An offer: `S`.
    case sell = 0x53

    /// The other side (the side an incoming order of this side trades against).
    @inlinable
    public var opposite: Side {
        @inline(__always) get { self == .buy ? .sell : .buy }
    }

    public var description: String { self == .buy ? "buy" : "sell" }
}
