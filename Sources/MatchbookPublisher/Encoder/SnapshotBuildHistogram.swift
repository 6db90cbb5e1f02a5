#if canImport(Glibc)
import Glibc
#endif
import Histogram
import MatchbookLatency

/// What one book's snapshot costs to build at an epoch, on the drain thread: each epoch's writing time divided
/// by the books it snapshotted, in nanoseconds (1 ns … 10 s, 3 significant digits, a fixed range: recording
/// never allocates). Owned by the drain thread; read after it has stopped.
struct SnapshotBuildHistogram: ~Copyable {
    private var histogram: Histogram<UInt64>

    init() {
        histogram = Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: StageHistograms.defaultHighestTrackableNanos,
            numberOfSignificantValueDigits: .three)
    }

    /// CLOCK_MONOTONIC in nanoseconds, for `record` (two reads an epoch: no calibrated clock needed).
    func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Records an epoch that began at `started` (a `now()` reading) and wrote `books` snapshots, once per book.
    mutating func record(since started: UInt64, books: Int) {
        let perBook = max((now() &- started) / UInt64(books), 1)
        _ = histogram.record(min(perBook, StageHistograms.defaultHighestTrackableNanos), count: UInt64(books))
    }

    /// Percentiles of the per-book cost; nil before any epoch wrote a snapshot. Cold path.
    var summary: LatencySummary? {
        histogram.totalCount == 0 ? nil : LatencySummary(histogram: histogram)
    }
}
