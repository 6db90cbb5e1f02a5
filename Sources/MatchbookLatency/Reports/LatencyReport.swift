import Foundation
import Histogram

/// The latency report of one run: per-stage summaries, a terminal table, JSON, HdrHistogram `.hgrm` percentile
/// distributions and an SVG plot, all in nanoseconds.
///
/// ```
///   directory/
///     latency.json     { "book": {count,p50,p90,p99,p999,p9999,max}, "parse": {…}, "publish": {…}, "total": {…} }
///     parse.hgrm …     HdrHistogram percentile distribution text (values in ns), one per stage
///     latency.svg      percentile plot, one line per stage
/// ```
///
/// A copyable, `Sendable` value built on a cold path from a ``LatencySnapshot`` (or a borrowed
/// ``StageHistograms``). Every method is a cold path that allocates freely.
public struct LatencyReport: Sendable {
    /// Heading of the table and the plot.
    public var title: String
    /// The distributions reported.
    public var snapshot: LatencySnapshot
    /// The clock the values were measured with, named in the table footer when set.
    public var clock: TimestampClock?

    /// A report over a snapshot.
    public init(_ snapshot: LatencySnapshot, title: String = "Matchbook latency", clock: TimestampClock? = nil) {
        self.snapshot = snapshot
        self.title = title
        self.clock = clock
    }

    /// A report over a recorder (deep-copied, so the recorder may keep recording without copy-on-write).
    public init(
        _ recorder: borrowing StageHistograms, title: String = "Matchbook latency",
        clock: TimestampClock? = nil
    ) {
        self.init(recorder.snapshot(), title: title, clock: clock)
    }

    /// Summary of every stage.
    public var summaries: [LatencyStage: LatencySummary] { snapshot.summaries }

    // MARK: Table

    /// A terminal table: columns `stage count p50 p90 p99 p99.9 p99.99 max`, numbers right-aligned, in ns; a
    /// footer names clamped values and the clock when known. Stages that recorded nothing are left out unless
    /// `includeEmpty` (when no stage recorded anything, all are shown).
    public func renderTable(includeEmpty: Bool = false) -> String {
        var table = TextTable(
            headers: ["stage"] + LatencySummary.Metric.allCases.map(\.label),
            alignments: [.left] + LatencySummary.Metric.allCases.map { _ in .right })
        let recorded = LatencyStage.allCases.filter { snapshot.count($0) > 0 }
        for stage in (includeEmpty || recorded.isEmpty ? LatencyStage.allCases : recorded) {
            let summary = snapshot.summary(stage)
            table.append([stage.rawValue] + LatencySummary.Metric.allCases.map { String(summary[$0]) })
        }
        var output = "\(title) (ns)\n" + table.render()
        let clamped = LatencyStage.allCases.filter { snapshot.clampedCount($0) > 0 }
        if !clamped.isEmpty {
            let counts = clamped.map { "\($0.rawValue) \(snapshot.clampedCount($0))" }.joined(separator: ", ")
            output += "clamped to \(snapshot.highestTrackableNanos) ns: \(counts)\n"
        }
        if let clock { output += "clock: \(clock)\n" }
        return output
    }

    // MARK: JSON

    /// `{ stage: summary }` for every stage, as a string-keyed dictionary (the JSON shape).
    public var jsonObject: [String: LatencySummary] {
        var object: [String: LatencySummary] = [:]
        for stage in LatencyStage.allCases { object[stage.rawValue] = snapshot.summary(stage) }
        return object
    }

    /// `latency.json`: `{ "book": {…}, "parse": {…}, "publish": {…}, "total": {…} }`, sorted keys, pretty-printed.
    public func jsonData() throws -> Data {
        try makeReportEncoder().encode(jsonObject)
    }

    // MARK: HdrHistogram text

    /// The HdrHistogram percentile distribution of `stage` (the `.hgrm` text format), values in ns.
    public func hgrm(_ stage: LatencyStage) -> String {
        var text = ""
        snapshot.histogram(stage).outputPercentileDistribution(to: &text, outputValueUnitScalingRatio: 1.0)
        return text
    }

    // MARK: SVG

    /// The percentile plot: one line per stage on a log 1/(1 − p) x axis and a log latency y axis.
    public func svg() -> String {
        let series = LatencyStage.allCases.enumerated().map { index, stage in
            LatencyPlot.Series(
                name: stage.rawValue, color: LatencyPlot.palette[index % LatencyPlot.palette.count],
                dashed: false, histogram: snapshot.histogram(stage))
        }
        return LatencyPlot(title: title, series: series).render()
    }

    // MARK: Files

    /// Writes `latency.json`, `<stage>.hgrm` for every stage and `latency.svg` into `directory` (created if
    /// missing; existing files replaced). Returns the files written.
    @discardableResult
    public func write(to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [URL] = []
        func put(_ data: Data, _ name: String) throws {
            let url = directory.appendingPathComponent(name)
            try data.write(to: url, options: .atomic)
            written.append(url)
        }
        try put(jsonData(), "latency.json")
        for stage in LatencyStage.allCases { try put(Data(hgrm(stage).utf8), "\(stage.rawValue).hgrm") }
        try put(Data(svg().utf8), "latency.svg")
        return written
    }
}

/// The encoder of every Matchbook latency JSON file: sorted keys, pretty-printed.
internal func makeReportEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    return encoder
}
