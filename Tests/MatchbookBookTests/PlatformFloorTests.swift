import MatchbookBook
import Testing

/// The floor bench-matching reports: the tail an engine that takes no time would show on a CPU with these gaps.
@Suite("Platform floor")
struct PlatformFloorTests {
    @Test("one 10 µs gap in 1 ms of spinning: 1 % of operations wait (p99 floor 0), p99.9 floor 9 µs")
    func oneGap() {
        #expect(PlatformHiccups.floor(gapNanos: [10_000], spunNanos: 1_000_000, above: 0.01) == 0)
        #expect(PlatformHiccups.floor(gapNanos: [10_000], spunNanos: 1_000_000, above: 0.001) == 9_000)
    }

    @Test("the fraction waiting longer than the floor is at most the percentile's, and 1 ns less is more")
    func tight() {
        let gaps: [UInt64] = [300, 2_000, 7_500, 21_000, 64_000, 150_000]
        let spun = 50_000_000.0
        for fraction in [0.01, 0.001, 0.0001] {
            let floor = PlatformHiccups.floor(gapNanos: gaps, spunNanos: spun, above: fraction)
            func waiting(_ latency: UInt64) -> Double {
                gaps.filter { $0 > latency }.reduce(0.0) { $0 + Double($1 - latency) } / spun
            }
            #expect(waiting(floor) <= fraction)
            if floor > 0 { #expect(waiting(floor - 1) > fraction) }
        }
        #expect(PlatformHiccups.floor(gapNanos: [], spunNanos: spun, above: 0.001) == 0)
    }
}
