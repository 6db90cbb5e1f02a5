/// What one market-by-order operation did, so replay can emit a BBO row when `topOfBookChanged`.
/// 4 bytes, returned in registers.
@frozen
public struct BookUpdate: Sendable, Equatable, CustomStringConvertible {
    /// The message's stock locate.
    public var locate: UInt16
    /// The best bid or best ask of `locate` changed (price, shares or order count).
    public var topOfBookChanged: Bool
    /// The anomaly the message had, if any (already counted in `FeedAnomalies`). Only `.oversizedExecution`
    /// and `.oversizedCancel` come with a changed book; every other anomaly leaves it untouched.
    public var anomaly: FeedAnomaly?

    @inlinable
    public init(locate: UInt16, topOfBookChanged: Bool, anomaly: FeedAnomaly? = nil) {
        self.locate = locate
        self.topOfBookChanged = topOfBookChanged
        self.anomaly = anomaly
    }

    public var description: String {
        "locate \(locate)" + (topOfBookChanged ? " top changed" : "") + (anomaly.map { " (\($0))" } ?? "")
    }
}
