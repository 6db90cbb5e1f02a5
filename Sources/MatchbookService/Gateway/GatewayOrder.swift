import MatchbookBook
import MatchbookFIX

/// What the gateway remembers of one order (event-loop thread only): enough to write every execution report
/// without asking the engine. Keyed by the client tag the engine echoes.
struct GatewayOrder {
    let clientTag: UInt64
    let session: FIXSession
    /// The ClOrdID now in force (a replace moves it) and the previous one.
    var clOrdID: String
    var origClOrdID: String?
    let symbol: String
    let locate: UInt16
    let side: Side
    /// Day orders expire at the end of the session; GTC ones carry over.
    var timeInForce: TimeInForce = .day
    /// Total order quantity as the client last set it, and the limit price in engine ticks (0 for market).
    var orderQuantity: UInt32
    var priceTicks: UInt32
    /// Engine order id once accepted (0 before).
    var orderId: UInt64 = 0
    var cumulativeQuantity: UInt32 = 0
    /// Sum of fill price × shares, engine ticks, for AvgPx.
    var notionalTicks: UInt64 = 0
    var leaves: UInt32
    var isDone = false
    /// A replace waiting for its `replaced` event: the new ClOrdID, total quantity and price.
    var pendingReplace: (clOrdID: String, quantity: UInt32, priceTicks: UInt32)?
    /// A cancel waiting: its ClOrdID.
    var pendingCancel: String?
}
