import Histogram

/// One HdrHistogram per ``LatencyStage`` (nanoseconds, 3 significant digits, a fixed range), for ONE thread.
///
/// ```
///   StageHistograms (owned by one engine thread)
///   ┌ parse   ┐  Histogram<UInt64> 1 ns … highestTrackableNanos, + clampedCount
///   │ book    │  (≈ 200 KiB of counts each at the default 10 s range, allocated once in init)
///   │ publish │
///   └ total   ┘
/// ```
///
/// Ownership: a `~Copyable` value, so it cannot be shared or copied by accident. Create it on (or move it into)
/// the thread that records, record with ``record(_:nanos:)``, then move it out (it is `Sendable`) once that thread
/// has stopped, and ``merge(_:)`` or ``snapshot()`` it on a cold path. Not thread-safe: never record from two threads.
///
/// Recording never allocates: the range is fixed at construction (no auto-resizing), a value above
/// ``highestTrackableNanos`` is recorded as ``highestTrackableNanos`` and counted in ``clampedCount(_:)``, and the
/// counts arrays stay uniquely referenced because ``snapshot()`` and ``histogram(_:)`` hand out deep copies.
public struct StageHistograms: ~Copyable, Sendable {
    /// The default upper bound of every histogram: 10 seconds, in nanoseconds.
    public static let defaultHighestTrackableNanos: UInt64 = 10_000_000_000

    /// The largest value each histogram tracks, in nanoseconds; larger values are clamped to it.
    public let highestTrackableNanos: UInt64

    @usableFromInline internal var _parse: _StageSlot
    @usableFromInline internal var _book: _StageSlot
    @usableFromInline internal var _publish: _StageSlot
    @usableFromInline internal var _total: _StageSlot

    /// Allocates the four histograms (cold; ~800 KiB at the default range).
    /// - Parameter highestTrackableNanos: upper bound of the tracked range in nanoseconds (at least 2).
    public init(highestTrackableNanos: UInt64 = defaultHighestTrackableNanos) {
        precondition(highestTrackableNanos >= 2, "StageHistograms: highestTrackableNanos must be at least 2 ns")
        self.highestTrackableNanos = highestTrackableNanos
        _parse = _StageSlot(highestTrackableNanos: highestTrackableNanos)
        _book = _StageSlot(highestTrackableNanos: highestTrackableNanos)
        _publish = _StageSlot(highestTrackableNanos: highestTrackableNanos)
        _total = _StageSlot(highestTrackableNanos: highestTrackableNanos)
    }

    // MARK: Hot path

    /// Records one latency of `stage`, in nanoseconds. O(1) (~5 ns), no allocation; owner thread only.
    /// A value above ``highestTrackableNanos`` is recorded as ``highestTrackableNanos`` and counted as clamped.
    @inlinable
    @inline(__always)
    public mutating func record(_ stage: LatencyStage, nanos: UInt64) {
        let highest = highestTrackableNanos
        switch stage {
        case .parse: _parse._record(nanos, highestTrackableNanos: highest)
        case .book: _book._record(nanos, highestTrackableNanos: highest)
        case .publish: _publish._record(nanos, highestTrackableNanos: highest)
        case .total: _total._record(nanos, highestTrackableNanos: highest)
        }
    }

    /// Records the time from `start` to `end` (two readings of `clock`), converted to nanoseconds.
    /// O(1), no allocation; owner thread only. `end` earlier than `start` records 0.
    @inlinable
    @inline(__always)
    public mutating func record(
        _ stage: LatencyStage, fromTicks start: UInt64, toTicks end: UInt64,
        clock: TimestampClock
    ) {
        record(stage, nanos: clock.nanos(fromTicks: TimestampClock.ticks(from: start, to: end)))
    }

    // MARK: Cold path

    /// Number of values recorded for `stage` (clamped ones included). O(1).
    public func count(_ stage: LatencyStage) -> UInt64 {
        _slot(stage)._histogram.totalCount
    }

    /// Number of values of `stage` that were above ``highestTrackableNanos`` and recorded as it. O(1).
    public func clampedCount(_ stage: LatencyStage) -> UInt64 {
        _slot(stage)._clampedCount
    }

    /// A deep copy of the histogram of `stage` (values in nanoseconds). Cold: copies ~200 KiB; the copy shares
    /// no storage with this recorder, so later recording does not copy on write.
    public func histogram(_ stage: LatencyStage) -> Histogram<UInt64> {
        _slot(stage)._detachedHistogram(highestTrackableNanos: highestTrackableNanos)
    }

    /// A deep copy of every stage, for reports. Cold: copies ~800 KiB at the default range.
    public func snapshot() -> LatencySnapshot {
        var histograms: [Histogram<UInt64>] = []
        var clamped: [UInt64] = []
        for stage in LatencyStage.allCases {
            histograms.append(histogram(stage))
            clamped.append(clampedCount(stage))
        }
        return LatencySnapshot(
            highestTrackableNanos: highestTrackableNanos, histograms: histograms,
            clampedCounts: clamped)
    }

    /// Forgets every recorded value and clamp count, keeping the storage. O(size of the counts); owner thread.
    public mutating func reset() {
        _parse._reset()
        _book._reset()
        _publish._reset()
        _total._reset()
    }

    @inline(__always)
    internal func _slot(_ stage: LatencyStage) -> _StageSlot {
        switch stage {
        case .parse: _parse
        case .book: _book
        case .publish: _publish
        case .total: _total
        }
    }
}

/// One stage's histogram and its clamp count. Internal storage of ``StageHistograms``.
@usableFromInline
internal struct _StageSlot: Sendable {
    @usableFromInline internal var _histogram: Histogram<UInt64>
    @usableFromInline internal var _clampedCount: UInt64

    internal init(highestTrackableNanos: UInt64) {
        _histogram = Self._emptyHistogram(highestTrackableNanos: highestTrackableNanos)
        _clampedCount = 0
    }

    /// The one way Matchbook builds a latency histogram: fixed range, 3 significant digits, never resizing.
    internal static func _emptyHistogram(highestTrackableNanos: UInt64) -> Histogram<UInt64> {
        Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: highestTrackableNanos,
            numberOfSignificantValueDigits: .three)
    }

    @inlinable
    @inline(__always)
    internal mutating func _record(_ nanos: UInt64, highestTrackableNanos: UInt64) {
        if _fastPath(nanos <= highestTrackableNanos) {
            _histogram.record(nanos)
        } else {
            _recordClamped(highestTrackableNanos: highestTrackableNanos)
        }
    }

    @usableFromInline
    @inline(never)
    internal mutating func _recordClamped(highestTrackableNanos: UInt64) {
        _clampedCount &+= 1
        _histogram.record(highestTrackableNanos)
    }

    internal func _detachedHistogram(highestTrackableNanos: UInt64) -> Histogram<UInt64> {
        var copy = Self._emptyHistogram(highestTrackableNanos: highestTrackableNanos)
        copy.add(_histogram)
        return copy
    }

    internal mutating func _reset() {
        _histogram.reset()
        _clampedCount = 0
    }
}
