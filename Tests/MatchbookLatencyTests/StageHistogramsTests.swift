import MatchbookLatency
import Testing

@Suite("StageHistograms")
struct StageHistogramsTests {
    /// Relative precision of a 3-significant-digit HdrHistogram.
    static let precision = 0.001

    static func isClose(_ value: UInt64, to expected: UInt64) -> Bool {
        abs(Double(value) - Double(expected)) <= Double(expected) * precision + 1
    }

    @Test("stages are named parse, book, publish, total in that order")
    func stageNames() {
        #expect(LatencyStage.allCases.map(\.rawValue) == ["parse", "book", "publish", "total"])
        #expect(LatencyStage.allCases.map(\.index) == [0, 1, 2, 3])
    }

    @Test("percentiles of 1…10 000 match the uniform distribution within 3 digits")
    func percentilesOfUniformValues() {
        var recorder = StageHistograms()
        for value in 1...10_000 as ClosedRange<UInt64> { recorder.record(.book, nanos: value) }
        let summary = recorder.snapshot().summary(.book)
        #expect(summary.count == 10_000)
        #expect(Self.isClose(summary.p50, to: 5_000), "p50 \(summary.p50)")
        #expect(Self.isClose(summary.p90, to: 9_000), "p90 \(summary.p90)")
        #expect(Self.isClose(summary.p99, to: 9_900), "p99 \(summary.p99)")
        #expect(Self.isClose(summary.p999, to: 9_990), "p999 \(summary.p999)")
        #expect(Self.isClose(summary.p9999, to: 9_999), "p9999 \(summary.p9999)")
        #expect(summary.max == 10_000)
        #expect(recorder.count(.parse) == 0)
        #expect(recorder.clampedCount(.book) == 0)
    }

    @Test("a bimodal distribution puts p50 in the low mode and p99.9 in the high one")
    func bimodalTail() {
        var recorder = StageHistograms()
        for _ in 0..<9_990 { recorder.record(.total, nanos: 500) }
        for _ in 0..<10 { recorder.record(.total, nanos: 2_000_000) }
        let summary = recorder.snapshot().summary(.total)
        #expect(Self.isClose(summary.p99, to: 500))
        #expect(Self.isClose(summary.p9999, to: 2_000_000))
        #expect(summary.max == 2_000_000)
    }

    @Test("values above the range are clamped to it and counted")
    func clampingIsCounted() {
        var recorder = StageHistograms(highestTrackableNanos: 1_000_000)
        recorder.record(.parse, nanos: 999_999)
        recorder.record(.parse, nanos: 1_000_000)
        recorder.record(.parse, nanos: 1_000_001)
        recorder.record(.parse, nanos: UInt64.max)
        #expect(recorder.count(.parse) == 4)
        #expect(recorder.clampedCount(.parse) == 2)
        #expect(recorder.clampedCount(.book) == 0)
        let snapshot = recorder.snapshot()
        #expect(snapshot.summary(.parse).max == 1_000_000)
        #expect(snapshot.clampedCount(.parse) == 2)
        #expect(snapshot.histogram(.parse).countForValue(1_000_000) >= 3)
    }

    @Test("recording tick pairs converts them with the clock")
    func recordFromTicks() {
        let clock = TimestampClock.monotonic()
        var recorder = StageHistograms()
        recorder.record(.publish, fromTicks: 1_000, toTicks: 1_500, clock: clock)
        recorder.record(.publish, fromTicks: 1_500, toTicks: 1_000, clock: clock)
        let histogram = recorder.histogram(.publish)
        #expect(histogram.totalCount == 2)
        #expect(histogram.countForValue(500) == 1)
        #expect(histogram.countForValue(0) == 1)
    }

    @Test("merging adds counts and clamp counts stage by stage")
    func mergeAddsCounts() {
        var first = StageHistograms(highestTrackableNanos: 100_000)
        var second = StageHistograms(highestTrackableNanos: 100_000)
        for value in 1...100 as ClosedRange<UInt64> { first.record(.parse, nanos: value) }
        for value in 1...50 as ClosedRange<UInt64> { second.record(.parse, nanos: value * 10) }
        for _ in 0..<10 { second.record(.book, nanos: 7) }
        second.record(.total, nanos: 1_000_000)
        first.merge(second)
        #expect(first.count(.parse) == 150)
        #expect(first.count(.book) == 10)
        #expect(first.count(.publish) == 0)
        #expect(first.count(.total) == 1)
        #expect(first.clampedCount(.total) == 1)
        #expect(first.snapshot().summary(.parse).max == 500)
        // The merged-in recorder is left unchanged.
        #expect(second.count(.parse) == 50)
    }

    @Test("snapshots merge like recorders")
    func snapshotMerge() {
        var first = StageHistograms()
        var second = StageHistograms()
        first.record(.book, nanos: 100)
        second.record(.book, nanos: 300)
        var merged = first.snapshot()
        merged.merge(second.snapshot())
        #expect(merged.count(.book) == 2)
        #expect(merged.summary(.book).max == 300)
    }

    @Test("a snapshot is a deep copy: later recording does not change it")
    func snapshotIsIndependent() {
        var recorder = StageHistograms()
        recorder.record(.book, nanos: 42)
        let snapshot = recorder.snapshot()
        let histogram = recorder.histogram(.book)
        recorder.record(.book, nanos: 43)
        #expect(snapshot.count(.book) == 1)
        #expect(histogram.totalCount == 1)
        #expect(recorder.count(.book) == 2)
    }

    @Test("reset forgets values and clamp counts")
    func resetClears() {
        var recorder = StageHistograms(highestTrackableNanos: 1_000)
        recorder.record(.total, nanos: 5_000)
        recorder.record(.book, nanos: 5)
        recorder.reset()
        for stage in LatencyStage.allCases {
            #expect(recorder.count(stage) == 0)
            #expect(recorder.clampedCount(stage) == 0)
        }
        #expect(
            recorder.snapshot().summary(.total)
                == LatencySummary(
                    count: 0, p50: 0, p90: 0, p99: 0, p999: 0, p9999: 0, max: 0))
    }
}
