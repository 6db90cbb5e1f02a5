import CMatchbookShim

/// A cheap timestamp source for latency measurement: the time-stamp counter (`rdtsc`), calibrated against
/// `CLOCK_MONOTONIC` once at start-up, or `clock_gettime(CLOCK_MONOTONIC)` itself when the counter cannot be trusted.
///
/// ```
///   t0 = clock.now()          ── ticks (TSC cycles, or nanoseconds on the fallback source)
///   … work …
///   t1 = clock.now()
///   clock.nanos(fromTicks: TimestampClock.ticks(from: t0, to: t1))   ── (Δticks × nanosPerTickQ32) >> 32
/// ```
///
/// A value type of integers and enums only (`BitwiseCopyable`, `Sendable`): copy it into every thread that measures;
/// reading and converting touch no shared state. Ticks from two *different* clocks must not be mixed.
///
/// Calibration (``calibrated(window:rounds:)``) is a cold path of about `window` plus ~30 ms of read-cost loops.
public struct TimestampClock: Sendable, BitwiseCopyable, Equatable, CustomStringConvertible {
    /// Where ``now()`` reads its ticks.
    public enum Source: String, Sendable, BitwiseCopyable, Codable {
        /// `rdtsc` (x86_64 time-stamp counter): ticks are TSC cycles.
        case tsc
        /// `clock_gettime(CLOCK_MONOTONIC)`: ticks are nanoseconds.
        case monotonic
    }

    /// Why a clock uses ``Source/monotonic`` instead of the time-stamp counter.
    public enum FallbackReason: String, Sendable, BitwiseCopyable, Codable {
        /// No fallback: the clock uses the TSC.
        case none
        /// The caller asked for the monotonic clock (``monotonic()``).
        case requested
        /// Not an x86_64 machine: there is no `rdtsc`.
        case notX86
        /// `/proc/cpuinfo` lacks `constant_tsc` or `nonstop_tsc`: the counter may change rate or stop.
        case tscNotInvariant
        /// The calibrated frequency is outside 100 MHz … 20 GHz, or the counter did not advance.
        case implausibleFrequency
        /// Fewer than half of the calibration rounds agreed within 0.5 % of their median.
        case unstableCalibration
    }

    /// Fixed-point fraction bits of ``_nanosPerTickQ32``.
    @usableFromInline internal static let _fractionBits: UInt64 = 32

    /// Where ``now()`` reads.
    @usableFromInline internal let _source: Source
    /// Nanoseconds per tick as an unsigned Q32.32 fixed-point number (`1 << 32` on the monotonic source).
    @usableFromInline internal let _nanosPerTickQ32: UInt64

    /// Calibrated tick frequency in ticks per second (Hz); exactly 1 000 000 000 on the monotonic source.
    public let ticksPerSecond: UInt64
    /// Measured cost of one ``now()`` read (the `rdtsc` or `clock_gettime` call it makes), in nanoseconds:
    /// the best of three loops of 100 000 reads at calibration.
    public let readCostNanos: Double
    /// Measured cost of one ``nowSerialized()`` read (`rdtscp` or `clock_gettime`), in nanoseconds.
    public let serializingReadCostNanos: Double
    /// Why the clock fell back to `CLOCK_MONOTONIC` (``FallbackReason/none`` when it uses the TSC).
    public let fallbackReason: FallbackReason
    /// Relative spread (max − min) / median of the calibration rounds, in parts per million (0 when not calibrated).
    public let calibrationSpreadPPM: UInt64

    @usableFromInline
    internal init(
        source: Source, nanosPerTickQ32: UInt64, ticksPerSecond: UInt64, readCostNanos: Double,
        serializingReadCostNanos: Double, fallbackReason: FallbackReason, calibrationSpreadPPM: UInt64
    ) {
        self._source = source
        self._nanosPerTickQ32 = nanosPerTickQ32
        self.ticksPerSecond = ticksPerSecond
        self.readCostNanos = readCostNanos
        self.serializingReadCostNanos = serializingReadCostNanos
        self.fallbackReason = fallbackReason
        self.calibrationSpreadPPM = calibrationSpreadPPM
    }

    /// A calibrated clock with the default window (40 ms in 5 rounds). Cold: blocks the caller ~70 ms.
    public init() {
        self = Self.calibrated()
    }

    /// Where ``now()`` reads its ticks.
    @inlinable
    public var source: Source {
        @inline(__always) get { _source }
    }

    // MARK: Hot path

    /// The current tick count: `rdtsc` on the TSC source (not serializing: the CPU may reorder it with nearby
    /// loads), `CLOCK_MONOTONIC` nanoseconds on the fallback. O(1), no allocation, any thread.
    @inlinable
    @inline(__always)
    public func now() -> UInt64 {
        _source == .tsc ? cmb_rdtsc() : cmb_monotonic_nanos()
    }

    /// The current tick count read with `rdtscp`, which waits for earlier instructions to finish: use it to close a
    /// timed section. `CLOCK_MONOTONIC` nanoseconds on the fallback. O(1), no allocation, any thread.
    @inlinable
    @inline(__always)
    public func nowSerialized() -> UInt64 {
        _source == .tsc ? cmb_rdtscp() : cmb_monotonic_nanos()
    }

    /// Ticks elapsed from `start` to `end`, or 0 when `end` is earlier (TSCs of two cores a few cycles apart).
    @inlinable
    @inline(__always)
    public static func ticks(from start: UInt64, to end: UInt64) -> UInt64 {
        end > start ? end &- start : 0
    }

    /// Converts a tick *delta* to nanoseconds: one 64×64→128-bit multiply and a shift, no floating point.
    /// Exact on the monotonic source; relative error below 1e-9 on the TSC source. O(1), any thread.
    @inlinable
    @inline(__always)
    public func nanos(fromTicks ticks: UInt64) -> UInt64 {
        let product = ticks.multipliedFullWidth(by: _nanosPerTickQ32)
        return (product.high &<< (64 &- Self._fractionBits)) | (product.low &>> Self._fractionBits)
    }

    /// Nanoseconds elapsed since `start` (a value of ``now()`` on this clock). O(1), any thread.
    @inlinable
    @inline(__always)
    public func elapsedNanos(since start: UInt64) -> UInt64 {
        nanos(fromTicks: Self.ticks(from: start, to: now()))
    }

    // MARK: Cold path

    /// Converts nanoseconds to ticks (rounded to nearest), e.g. to set a deadline in ticks. Cold: uses `Double`.
    @inline(never)
    public func ticks(fromNanos nanos: UInt64) -> UInt64 {
        if _source == .monotonic { return nanos }
        return UInt64((Double(nanos) * Double(ticksPerSecond) / 1e9).rounded())
    }

    /// One line for logs and report headers, e.g. `tsc 2.600 GHz, now() 10.2 ns, nowSerialized() 19.1 ns`.
    public var description: String {
        let ghz = Double(ticksPerSecond) / 1e9
        let name =
            _source == .tsc
            ? "tsc \(formatFixed(ghz, decimals: 3)) GHz"
            : "clock_gettime(CLOCK_MONOTONIC) (fallback: \(fallbackReason.rawValue))"
        return "\(name), now() \(formatFixed(readCostNanos, decimals: 1)) ns, "
            + "nowSerialized() \(formatFixed(serializingReadCostNanos, decimals: 1)) ns"
    }
}
