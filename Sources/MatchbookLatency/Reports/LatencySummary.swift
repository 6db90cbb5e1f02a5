import Histogram

/// The headline numbers of one stage's latency distribution, all integers in nanoseconds (``count`` in values).
///
/// Encodes with exactly the keys `count`, `p50`, `p90`, `p99`, `p999`, `p9999`, `max`. Percentiles are
/// HdrHistogram's `valueAtPercentile` (the highest value equivalent to the bucket, within 0.1 %); ``max`` is the
/// largest value recorded (after clamping). An empty histogram summarises to all zeros.
public struct LatencySummary: Codable, Sendable, Equatable, Hashable {
    /// Number of values recorded.
    public var count: UInt64
    /// Median, ns.
    public var p50: UInt64
    /// 90th percentile, ns.
    public var p90: UInt64
    /// 99th percentile, ns.
    public var p99: UInt64
    /// 99.9th percentile, ns.
    public var p999: UInt64
    /// 99.99th percentile, ns.
    public var p9999: UInt64
    /// Largest value recorded, ns.
    public var max: UInt64

    /// A summary from explicit numbers (ns).
    public init(count: UInt64, p50: UInt64, p90: UInt64, p99: UInt64, p999: UInt64, p9999: UInt64, max: UInt64) {
        self.count = count
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.p999 = p999
        self.p9999 = p9999
        self.max = max
    }

    /// Summarises a histogram of nanoseconds. Cold: O(size of the counts) per percentile.
    public init(histogram: Histogram<UInt64>) {
        guard histogram.totalCount > 0 else {
            self.init(count: 0, p50: 0, p90: 0, p99: 0, p999: 0, p9999: 0, max: 0)
            return
        }
        self.init(
            count: histogram.totalCount,
            p50: histogram.valueAtPercentile(50),
            p90: histogram.valueAtPercentile(90),
            p99: histogram.valueAtPercentile(99),
            p999: histogram.valueAtPercentile(99.9),
            p9999: histogram.valueAtPercentile(99.99),
            max: histogram.maxRecorded)
    }

    /// One column of a summary, in report order.
    public enum Metric: String, CaseIterable, Sendable, Codable {
        case count, p50, p90, p99, p999, p9999, max

        /// The heading used in tables: `count`, `p50`, `p90`, `p99`, `p99.9`, `p99.99`, `max`.
        public var label: String {
            switch self {
            case .count: "count"
            case .p50: "p50"
            case .p90: "p90"
            case .p99: "p99"
            case .p999: "p99.9"
            case .p9999: "p99.99"
            case .max: "max"
            }
        }
    }

    /// The value of one metric (ns, or values for ``Metric/count``).
    public subscript(metric: Metric) -> UInt64 {
        switch metric {
        case .count: count
        case .p50: p50
        case .p90: p90
        case .p99: p99
        case .p999: p999
        case .p9999: p9999
        case .max: max
        }
    }
}
