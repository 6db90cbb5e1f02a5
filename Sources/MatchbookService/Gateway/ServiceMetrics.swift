import Histogram

/// Counters and the order→ack histogram of the gateway (event-loop thread only; read by the HTTP handler on the
/// same loop).
final class ServiceMetrics {
    var ordersReceived = 0
    var ordersAccepted = 0
    var fills = 0
    var cancels = 0
    var replaces = 0
    var rejectsByReason: [String: Int] = [:]
    var sessionRejects = 0
    var framingErrors = 0
    var logons = 0
    var refusedLogons = 0
    var commandRingFull = 0
    var snapshots = 0
    var sessionEnds = 0
    /// Nanoseconds from reading a NewOrderSingle to writing its first execution report.
    /// (Up to 60 s; three significant digits.)
    var orderToAck = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)

    func reject(_ reason: String) { rejectsByReason[reason, default: 0] += 1 }
}
