import MatchbookLatency
import Testing

/// Preconditions of the recorders, checked in child processes (Swift Testing exit tests).
@Suite("StageHistograms preconditions")
struct StageHistogramsCrashTests {
    @Test("merging recorders of different ranges traps")
    func mergeOfDifferentRangesTraps() async {
        await #expect(processExitsWith: .failure) {
            var first = StageHistograms(highestTrackableNanos: 1_000_000)
            let second = StageHistograms(highestTrackableNanos: 2_000_000)
            first.merge(second)
        }
    }

    @Test("merging snapshots of different ranges traps")
    func snapshotMergeOfDifferentRangesTraps() async {
        await #expect(processExitsWith: .failure) {
            var first = LatencySnapshot(highestTrackableNanos: 1_000)
            first.merge(LatencySnapshot(highestTrackableNanos: 10_000))
        }
    }

    @Test("a range below 2 ns traps")
    func tinyRangeTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = StageHistograms(highestTrackableNanos: 1)
        }
    }
}
