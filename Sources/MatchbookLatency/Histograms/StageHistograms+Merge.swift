extension StageHistograms {
    /// Adds every count of `other` (another thread's recorder) into this one, stage by stage, clamp counts too.
    ///
    /// Cold path: O(size of the counts), no allocation. Call it after `other`'s thread has stopped recording.
    /// - Precondition: both recorders have the same ``highestTrackableNanos`` (hence the same bucket layout).
    public mutating func merge(_ other: borrowing StageHistograms) {
        precondition(
            highestTrackableNanos == other.highestTrackableNanos,
            "StageHistograms.merge: ranges differ (\(highestTrackableNanos) ns vs \(other.highestTrackableNanos) ns);"
                + " build both recorders with the same highestTrackableNanos")
        _parse._merge(other._parse)
        _book._merge(other._book)
        _publish._merge(other._publish)
        _total._merge(other._total)
    }
}

extension _StageSlot {
    internal mutating func _merge(_ other: _StageSlot) {
        _histogram.add(other._histogram)
        _clampedCount &+= other._clampedCount
    }
}
