import Histogram

/// A frozen copy of a ``StageHistograms`` (one histogram per stage, nanoseconds) for reports and merging.
///
/// An ordinary copyable, `Sendable` value: build it on a cold path (``StageHistograms/snapshot()``), pass it
/// between threads freely. Memory ~200 KiB per stage at the default 10 s range.
public struct LatencySnapshot: Sendable {
    /// The largest value each histogram tracks, in nanoseconds.
    public let highestTrackableNanos: UInt64
    /// Histograms in ``LatencyStage/allCases`` order.
    internal var _histograms: [Histogram<UInt64>]
    /// Clamp counts in ``LatencyStage/allCases`` order.
    internal var _clampedCounts: [UInt64]

    internal init(highestTrackableNanos: UInt64, histograms: [Histogram<UInt64>], clampedCounts: [UInt64]) {
        precondition(histograms.count == LatencyStage.allCases.count && clampedCounts.count == histograms.count)
        self.highestTrackableNanos = highestTrackableNanos
        _histograms = histograms
        _clampedCounts = clampedCounts
    }

    /// An empty snapshot (every stage has no values).
    public init(highestTrackableNanos: UInt64 = StageHistograms.defaultHighestTrackableNanos) {
        let empty = _StageSlot._emptyHistogram(highestTrackableNanos: highestTrackableNanos)
        self.init(
            highestTrackableNanos: highestTrackableNanos,
            histograms: Array(repeating: empty, count: LatencyStage.allCases.count),
            clampedCounts: Array(repeating: 0, count: LatencyStage.allCases.count))
    }

    /// The histogram of `stage`, values in nanoseconds. O(1) (a copy-on-write reference).
    public func histogram(_ stage: LatencyStage) -> Histogram<UInt64> {
        _histograms[stage.index]
    }

    /// Number of values recorded for `stage`. O(1).
    public func count(_ stage: LatencyStage) -> UInt64 {
        _histograms[stage.index].totalCount
    }

    /// Number of values of `stage` that were clamped to ``highestTrackableNanos``. O(1).
    public func clampedCount(_ stage: LatencyStage) -> UInt64 {
        _clampedCounts[stage.index]
    }

    /// Percentile summary of `stage`. O(size of the counts).
    public func summary(_ stage: LatencyStage) -> LatencySummary {
        LatencySummary(histogram: _histograms[stage.index])
    }

    /// Summary of every stage, keyed by stage. O(4 × size of the counts).
    public var summaries: [LatencyStage: LatencySummary] {
        var result: [LatencyStage: LatencySummary] = [:]
        for stage in LatencyStage.allCases { result[stage] = summary(stage) }
        return result
    }

    /// Adds `other`'s counts into this snapshot, stage by stage. O(size of the counts).
    /// - Precondition: same ``highestTrackableNanos``.
    public mutating func merge(_ other: LatencySnapshot) {
        precondition(
            highestTrackableNanos == other.highestTrackableNanos,
            "LatencySnapshot.merge: ranges differ (\(highestTrackableNanos) ns vs \(other.highestTrackableNanos) ns)")
        for index in _histograms.indices {
            _histograms[index].add(other._histograms[index])
            _clampedCounts[index] &+= other._clampedCounts[index]
        }
    }
}
