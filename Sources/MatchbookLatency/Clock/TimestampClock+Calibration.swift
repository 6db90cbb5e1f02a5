import CMatchbookShim

extension TimestampClock {
    /// Lowest and highest TSC frequencies (Hz) accepted as plausible.
    public static let plausibleFrequencyRange: ClosedRange<UInt64> = 100_000_000...20_000_000_000

    /// Calibrates the time-stamp counter against `CLOCK_MONOTONIC` and measures the cost of one read.
    ///
    /// The window is split into `rounds` busy-waited rounds; each round pairs a TSC reading with a monotonic
    /// reading at both ends (the pair with the tightest `rdtsc … rdtsc` bracket of five tries) and yields a ratio
    /// ticks/ns. The clock uses the median ratio. It falls back to `CLOCK_MONOTONIC` (and says why in
    /// ``fallbackReason``) when the machine is not x86_64, the TSC is not invariant, the frequency is outside
    /// ``plausibleFrequencyRange``, or fewer than half of the rounds agree within 0.5 % of the median.
    ///
    /// Cold path: blocks the calling thread about `window` + ~30 ms (read-cost loops). Any thread.
    /// - Parameters:
    ///   - window: total calibration time; 20–50 ms is plenty (longer windows shrink the bracket error).
    ///   - rounds: number of rounds (at least 3).
    @inline(never)
    public static func calibrated(window: Duration = .milliseconds(40), rounds: Int = 5) -> TimestampClock {
        #if arch(x86_64)
            guard cmb_tsc_is_invariant() != 0 else { return monotonic(reason: .tscNotInvariant) }
            let roundCount = max(3, rounds)
            let windowNanos = max(UInt64(1_000_000), nanoseconds(of: window))
            let roundNanos = windowNanos / UInt64(roundCount)
            var ticksPerNano: [Double] = []
            ticksPerNano.reserveCapacity(roundCount)
            for _ in 0..<roundCount {
                let start = pairedReading()
                let deadline = start.monotonicNanos &+ roundNanos
                while cmb_monotonic_nanos() < deadline {}
                let end = pairedReading()
                guard end.ticks > start.ticks, end.monotonicNanos > start.monotonicNanos else {
                    return monotonic(reason: .implausibleFrequency)
                }
                ticksPerNano.append(Double(end.ticks - start.ticks) / Double(end.monotonicNanos - start.monotonicNanos))
            }
            ticksPerNano.sort()
            let median = ticksPerNano[ticksPerNano.count / 2]
            let hertz = median * 1e9
            guard hertz.isFinite, hertz >= Double(plausibleFrequencyRange.lowerBound),
                hertz <= Double(plausibleFrequencyRange.upperBound)
            else { return monotonic(reason: .implausibleFrequency) }
            let agreeing = ticksPerNano.filter { abs($0 - median) <= median * 0.005 }.count
            guard agreeing * 2 > ticksPerNano.count else { return monotonic(reason: .unstableCalibration) }
            let spread = (ticksPerNano.last! - ticksPerNano.first!) / median
            let nanosPerTickQ32 = UInt64((Double(UInt64(1) << _fractionBits) / median).rounded())
            let readCost = readCostNanos(.rdtsc)
            let serializingCost = readCostNanos(.rdtscp)
            return TimestampClock(
                source: .tsc, nanosPerTickQ32: nanosPerTickQ32, ticksPerSecond: UInt64(hertz.rounded()),
                readCostNanos: readCost, serializingReadCostNanos: serializingCost, fallbackReason: .none,
                calibrationSpreadPPM: UInt64((spread * 1e6).rounded()))
        #else
            return monotonic(reason: .notX86)
        #endif
    }

    /// A clock on `clock_gettime(CLOCK_MONOTONIC)` (ticks are nanoseconds), with its read cost measured.
    /// Cold path: ~10 ms of read-cost loops. Any thread.
    @inline(never)
    public static func monotonic() -> TimestampClock {
        monotonic(reason: .requested)
    }

    @inline(never)
    internal static func monotonic(reason: FallbackReason) -> TimestampClock {
        let cost = readCostNanos(.monotonic)
        return TimestampClock(
            source: .monotonic, nanosPerTickQ32: UInt64(1) << _fractionBits, ticksPerSecond: 1_000_000_000,
            readCostNanos: cost, serializingReadCostNanos: cost, fallbackReason: reason, calibrationSpreadPPM: 0)
    }

    /// A TSC reading and a monotonic reading taken as close together as possible: of five
    /// `rdtsc; clock_gettime; rdtsc` tries, the one with the smallest bracket, TSC taken at the bracket's middle.
    @inline(never)
    internal static func pairedReading() -> (ticks: UInt64, monotonicNanos: UInt64) {
        var best = (ticks: UInt64(0), monotonicNanos: UInt64(0))
        var bestBracket = UInt64.max
        for _ in 0..<5 {
            let before = cmb_rdtsc()
            let monotonicNanos = cmb_monotonic_nanos()
            let after = cmb_rdtsc()
            let bracket = ticks(from: before, to: after)
            if bracket < bestBracket {
                bestBracket = bracket
                best = (before &+ bracket / 2, monotonicNanos)
            }
        }
        return best
    }

    /// The three reads whose cost calibration measures.
    internal enum _Read { case rdtsc, rdtscp, monotonic }

    /// Nanoseconds per call of `read`, best of three loops of 100 000 calls timed with `CLOCK_MONOTONIC`
    /// (the minimum discards loops in which the thread was preempted). The loops are written out per read, without
    /// closures or range iterators, so that even a debug build measures mostly the read itself.
    @inline(never)
    internal static func readCostNanos(_ read: _Read) -> Double {
        let iterations: UInt64 = 100_000
        var best = Double.infinity
        for _ in 0..<3 {
            var sum: UInt64 = 0
            var remaining = iterations
            let start = cmb_monotonic_nanos()
            switch read {
            case .rdtsc:
                while remaining > 0 {
                    sum &+= cmb_rdtsc()
                    remaining &-= 1
                }
            case .rdtscp:
                while remaining > 0 {
                    sum &+= cmb_rdtscp()
                    remaining &-= 1
                }
            case .monotonic:
                while remaining > 0 {
                    sum &+= cmb_monotonic_nanos()
                    remaining &-= 1
                }
            }
            let end = cmb_monotonic_nanos()
            cmb_keep(sum)
            best = min(best, Double(end &- start) / Double(iterations))
        }
        return best
    }

    /// `duration` in whole nanoseconds (0 for negative durations).
    internal static func nanoseconds(of duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(attoseconds / 1_000_000_000)
    }
}
