import Foundation
import MatchbookLatency
import Testing

@Suite("TimestampClock")
struct TimestampClockTests {
    /// One calibration shared by the tests of this suite (calibrating takes ~70 ms).
    static let calibrated = TimestampClock.calibrated()

    @Test("calibration reports a plausible source, frequency and read cost")
    func calibrationIsPlausible() {
        let clock = Self.calibrated
        switch clock.source {
        case .tsc:
            #expect(clock.fallbackReason == .none)
            #expect(TimestampClock.plausibleFrequencyRange.contains(clock.ticksPerSecond))
            // Rounds agreed within 0.5 % for most of them; the extremes may be a little further apart.
            #expect(clock.calibrationSpreadPPM < 200_000)
        case .monotonic:
            #expect(clock.fallbackReason != .none)
            #expect(clock.ticksPerSecond == 1_000_000_000)
        }
        #if arch(x86_64)
            // On x86_64 with an invariant TSC the only accepted reason to fall back is a noisy calibration.
            if clock.source == .monotonic {
                #expect([.tscNotInvariant, .unstableCalibration].contains(clock.fallbackReason))
            }
        #endif
        #expect(clock.readCostNanos > 0 && clock.readCostNanos < 10_000)
        #expect(clock.serializingReadCostNanos > 0 && clock.serializingReadCostNanos < 10_000)
        #expect(clock.description.contains(clock.source == .tsc ? "tsc" : "CLOCK_MONOTONIC"))
    }

    @Test("a measured 20 ms sleep converts to 15–60 ms", arguments: [false, true])
    func sleepConvertsToPlausibleNanos(useMonotonic: Bool) {
        let clock = useMonotonic ? TimestampClock.monotonic() : Self.calibrated
        let start = clock.now()
        usleep(20_000)
        let end = clock.nowSerialized()
        let nanos = clock.nanos(fromTicks: TimestampClock.ticks(from: start, to: end))
        #expect((15_000_000...60_000_000).contains(nanos), "measured \(nanos) ns with \(clock)")
    }

    @Test("converted TSC time agrees with CLOCK_MONOTONIC over the same interval")
    func conversionAgreesWithMonotonic() {
        let clock = Self.calibrated
        let reference = TimestampClock.monotonic()
        let referenceStart = reference.now()
        let start = clock.now()
        usleep(30_000)
        let end = clock.now()
        let referenceEnd = reference.now()
        let converted = Double(clock.nanos(fromTicks: TimestampClock.ticks(from: start, to: end)))
        let expected = Double(referenceEnd - referenceStart)
        // The TSC interval lies inside the monotonic one; allow 1 % of rate error plus the bracket (≤ 1 ms).
        #expect(converted <= expected * 1.01 + 1_000)
        #expect(converted >= expected * 0.99 - 1_000_000)
    }

    @Test("the fallback clock converts ticks to nanoseconds exactly")
    func monotonicConversionIsIdentity() {
        let clock = TimestampClock.monotonic()
        #expect(clock.source == .monotonic)
        #expect(clock.fallbackReason == .requested)
        for ticks: UInt64 in [0, 1, 999, 1_000_000_007, 1 << 40, UInt64.max / 3, UInt64.max] {
            #expect(clock.nanos(fromTicks: ticks) == ticks)
            #expect(clock.ticks(fromNanos: ticks) == ticks)
        }
    }

    @Test("conversion is monotonic and matches the calibrated frequency")
    func conversionIsMonotonicAndScaled() {
        let clock = Self.calibrated
        var previous: UInt64 = 0
        var ticks: UInt64 = 0
        while ticks < 1 << 52 {
            let nanos = clock.nanos(fromTicks: ticks)
            #expect(nanos >= previous, "nanos(\(ticks)) = \(nanos) < \(previous)")
            previous = nanos
            ticks = ticks < 4_096 ? ticks + 1 : ticks + ticks / 7
        }
        let oneSecond = Double(clock.nanos(fromTicks: clock.ticksPerSecond))
        #expect(abs(oneSecond - 1e9) < 1e3, "one second of ticks converts to \(oneSecond) ns")
        let roundTrip = clock.nanos(fromTicks: clock.ticks(fromNanos: 123_456_789))
        #expect(abs(Double(roundTrip) - 123_456_789) < 10)
    }

    @Test("a backwards tick pair measures zero")
    func backwardsTicksAreZero() {
        #expect(TimestampClock.ticks(from: 100, to: 40) == 0)
        #expect(TimestampClock.ticks(from: 40, to: 100) == 60)
        #expect(TimestampClock.ticks(from: 7, to: 7) == 0)
    }

    @Test("elapsed time of a short busy loop is small and not negative")
    func elapsedSinceIsSmall() {
        let clock = Self.calibrated
        let start = clock.now()
        var sum: UInt64 = 0
        for value in 0..<10_000 as Range<UInt64> { sum &+= value &* value }
        let elapsed = clock.elapsedNanos(since: start)
        #expect(sum > 0)
        #expect(elapsed < 1_000_000_000)
    }
}
