import Foundation

/// Two runs of the same work side by side, e.g. the arena against the system allocator: per stage and metric
/// both values and the ratio candidate / baseline (above 1 ⇒ the candidate is slower).
///
/// ```
///   comparison.json   { "arena": { "book": {…}, … }, "system": { "book": {…}, … } }
///   comparison.txt    stage  metric  arena  system  system/arena
///   comparison.svg    solid lines: baseline, dashed lines: candidate, one colour per stage
/// ```
///
/// A copyable, `Sendable` value; every method is a cold path.
public struct LatencyComparison: Sendable {
    /// Name of the reference run (the ratio's denominator), e.g. `arena`.
    public var baselineName: String
    /// Distributions of the reference run.
    public var baseline: LatencySnapshot
    /// Name of the compared run (the ratio's numerator), e.g. `system`.
    public var candidateName: String
    /// Distributions of the compared run.
    public var candidate: LatencySnapshot
    /// Heading of the table and the plot.
    public var title: String

    /// A comparison of any two named runs.
    public init(
        baselineName: String, baseline: LatencySnapshot, candidateName: String, candidate: LatencySnapshot,
        title: String = "Matchbook latency comparison"
    ) {
        precondition(baselineName != candidateName, "LatencyComparison: the two runs need different names")
        self.baselineName = baselineName
        self.baseline = baseline
        self.candidateName = candidateName
        self.candidate = candidate
        self.title = title
    }

    /// The arena run against the system-allocator run (ratios are system / arena).
    public init(
        arena: LatencySnapshot, system: LatencySnapshot,
        title: String = "Matchbook latency: arena vs system"
    ) {
        self.init(baselineName: "arena", baseline: arena, candidateName: "system", candidate: system, title: title)
    }

    /// candidate / baseline for one stage and metric, or `nil` when the baseline value is 0.
    public func ratio(_ stage: LatencyStage, _ metric: LatencySummary.Metric) -> Double? {
        let base = baseline.summary(stage)[metric]
        guard base > 0 else { return nil }
        return Double(candidate.summary(stage)[metric]) / Double(base)
    }

    /// Columns `stage metric <baseline> <candidate> <candidate>/<baseline>`; one row per stage and metric
    /// (`count`, `p50` … `p99.99`, `max`); values in ns, ratios with two decimals and an `x`.
    public func renderTable() -> String {
        var table = TextTable(
            headers: ["stage", "metric", baselineName, candidateName, "\(candidateName)/\(baselineName)"],
            alignments: [.left, .left, .right, .right, .right])
        for stage in LatencyStage.allCases {
            let base = baseline.summary(stage)
            let other = candidate.summary(stage)
            for metric in LatencySummary.Metric.allCases {
                let ratioText = ratio(stage, metric).map { formatFixed($0, decimals: 2) + "x" } ?? "n/a"
                table.append([stage.rawValue, metric.label, String(base[metric]), String(other[metric]), ratioText])
            }
        }
        return "\(title) (ns)\n" + table.render()
    }

    /// `{ baselineName: { stage: summary }, candidateName: { stage: summary } }`.
    public var jsonObject: [String: [String: LatencySummary]] {
        [baselineName: LatencyReport(baseline).jsonObject, candidateName: LatencyReport(candidate).jsonObject]
    }

    /// `comparison.json`: ``jsonObject`` with sorted keys, pretty-printed.
    public func jsonData() throws -> Data {
        try makeReportEncoder().encode(jsonObject)
    }

    /// Both runs on one percentile plot: baseline solid, candidate dashed, one colour per stage.
    public func svg() -> String {
        var series: [LatencyPlot.Series] = []
        for (index, stage) in LatencyStage.allCases.enumerated() {
            let color = LatencyPlot.palette[index % LatencyPlot.palette.count]
            series.append(
                .init(
                    name: "\(stage.rawValue) \(baselineName)", color: color, dashed: false,
                    histogram: baseline.histogram(stage)))
            series.append(
                .init(
                    name: "\(stage.rawValue) \(candidateName)", color: color, dashed: true,
                    histogram: candidate.histogram(stage)))
        }
        return LatencyPlot(title: title, series: series).render()
    }

    /// Writes `comparison.json`, `comparison.txt` and `comparison.svg` into `directory` (created if missing).
    /// Returns the files written.
    @discardableResult
    public func write(to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files: [(String, Data)] = [
            ("comparison.json", try jsonData()),
            ("comparison.txt", Data(renderTable().utf8)),
            ("comparison.svg", Data(svg().utf8)),
        ]
        return try files.map { name, data in
            let url = directory.appendingPathComponent(name)
            try data.write(to: url, options: .atomic)
            return url
        }
    }
}
