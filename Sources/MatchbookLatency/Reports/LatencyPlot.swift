import Foundation
import Histogram

/// Renders percentile distributions as a self-contained SVG document (no scripts, fonts or links).
///
/// ```
///   latency (log)
///   10 µs ┤                                   ╭──
///    1 µs ┤                  ╭────────────────╯      ── parse
///  100 ns ┤──────────────────╯                       ── book …
///         └──────┬──────┬──────┬──────┬──────┬
///         0%    90%    99%  99.9% 99.99% 99.999%    x = log10(1 / (1 − p))
/// ```
///
/// One `<polyline class="series">` per series (also for an empty one, which then has no points), a legend entry
/// per series, axis labels, decade grid lines. Cold path; internal helper of the reports.
internal struct LatencyPlot {
    internal struct Series {
        internal var name: String
        internal var color: String
        internal var dashed: Bool
        internal var histogram: Histogram<UInt64>
    }

    /// Right edge of the x axis, in decades of 1/(1 − p): 5 ⇒ 99.999 %.
    internal static let decades = 5
    internal static let percentileLabels = ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%"]
    /// One colour per stage, in ``LatencyStage/allCases`` order, then reused.
    internal static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"]

    internal var title: String
    internal var series: [Series]

    private let plotAreaWidth = 670.0
    private let height = 540.0
    private let left = 90.0
    /// Room for the legend: its longest entry at ~7.5 px a character, at least 200 px.
    private var right: Double {
        let longest = series.map { $0.name.count + " (n=\($0.histogram.totalCount))".count }.max() ?? 0
        return Swift.max(200, 60 + 7.5 * Double(longest))
    }
    private var width: Double { left + plotAreaWidth + right }
    private let top = 50.0
    private let bottom = 70.0

    internal init(title: String, series: [Series]) {
        self.title = title
        self.series = series
    }

    /// Points of one distribution: (x in decades of 1/(1 − p), clamped to 0…``decades``; value in ns).
    internal static func points(of histogram: Histogram<UInt64>) -> [(decade: Double, nanos: UInt64)] {
        guard histogram.totalCount > 0 else { return [] }
        var points: [(decade: Double, nanos: UInt64)] = []
        for value in histogram.percentiles(ticksPerHalfDistance: 5) {
            let fraction = value.percentileLevelIteratedTo / 100
            let decade = fraction >= 1 ? Double(decades) : Swift.min(Double(decades), -log10(1 - fraction))
            points.append((Swift.max(0, decade), value.value))
        }
        return points
    }

    internal func render() -> String {
        let allPoints = series.map { Self.points(of: $0.histogram) }
        let values = allPoints.flatMap { $0.map(\.nanos) }
        let lowest = Swift.max(1, values.min() ?? 1)
        let highest = Swift.max(1, values.max() ?? 1_000)
        let lowDecade = Int(log10(Double(lowest)).rounded(.down))
        var highDecade = Int(log10(Double(highest)).rounded(.up))
        if highDecade <= lowDecade { highDecade = lowDecade + 1 }

        let width = width
        let plotWidth = plotAreaWidth
        let plotHeight = height - top - bottom
        func x(_ decade: Double) -> Double { left + plotWidth * decade / Double(Self.decades) }
        func y(_ nanos: UInt64) -> Double {
            let position = (log10(Double(Swift.max(1, nanos))) - Double(lowDecade)) / Double(highDecade - lowDecade)
            return top + plotHeight * (1 - position)
        }
        func number(_ value: Double) -> String { formatFixed(value, decimals: 1) }

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">

            """
        svg += "<title>\(escapeXML(title))</title>\n"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"white\"/>\n"
        svg +=
            "<text x=\"\(number(width / 2))\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">"
            + "\(escapeXML(title))</text>\n"

        // Grid and tick labels.
        svg += "<g class=\"grid\" stroke=\"#dddddd\" stroke-width=\"1\">\n"
        for decade in 0...Self.decades {
            svg +=
                "<line x1=\"\(number(x(Double(decade))))\" y1=\"\(number(top))\" "
                + "x2=\"\(number(x(Double(decade))))\" y2=\"\(number(top + plotHeight))\"/>\n"
        }
        for decade in lowDecade...highDecade {
            let level = y(power10(decade))
            svg +=
                "<line x1=\"\(number(left))\" y1=\"\(number(level))\" "
                + "x2=\"\(number(left + plotWidth))\" y2=\"\(number(level))\"/>\n"
        }
        svg += "</g>\n<g class=\"ticks\" fill=\"#333333\">\n"
        for (decade, label) in Self.percentileLabels.enumerated() {
            svg +=
                "<text x=\"\(number(x(Double(decade))))\" y=\"\(number(top + plotHeight + 18))\" "
                + "text-anchor=\"middle\">\(label)</text>\n"
        }
        for decade in lowDecade...highDecade {
            svg +=
                "<text x=\"\(number(left - 8))\" y=\"\(number(y(power10(decade)) + 4))\" "
                + "text-anchor=\"end\">\(durationLabel(decade: decade))</text>\n"
        }
        svg += "</g>\n"

        // Axes and their labels.
        svg +=
            "<rect class=\"axes\" x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(plotWidth))\" "
            + "height=\"\(number(plotHeight))\" fill=\"none\" stroke=\"#333333\"/>\n"
        svg +=
            "<text class=\"x-label\" x=\"\(number(left + plotWidth / 2))\" y=\"\(number(height - 22))\" "
            + "text-anchor=\"middle\">Percentile (log scale of 1/(1−p))</text>\n"
        let yLabelX = 22.0
        let yLabelY = top + plotHeight / 2
        svg +=
            "<text class=\"y-label\" x=\"\(number(yLabelX))\" y=\"\(number(yLabelY))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 \(number(yLabelX)) \(number(yLabelY)))\">Latency (log scale)</text>\n"

        // One polyline per series.
        for (index, entry) in series.enumerated() {
            let coordinates = allPoints[index].map { "\(number(x($0.decade))),\(number(y($0.nanos)))" }
            let dash = entry.dashed ? " stroke-dasharray=\"6 4\"" : ""
            svg +=
                "<polyline class=\"series\" data-series=\"\(escapeXML(entry.name))\" fill=\"none\" "
                + "stroke=\"\(entry.color)\" stroke-width=\"2\"\(dash) "
                + "points=\"\(coordinates.joined(separator: " "))\"/>\n"
        }

        // Legend.
        let legendX = left + plotWidth + 16
        svg += "<g class=\"legend\">\n"
        for (index, entry) in series.enumerated() {
            let rowY = top + 10 + Double(index) * 20
            let dash = entry.dashed ? " stroke-dasharray=\"6 4\"" : ""
            svg +=
                "<line x1=\"\(number(legendX))\" y1=\"\(number(rowY))\" x2=\"\(number(legendX + 24))\" "
                + "y2=\"\(number(rowY))\" stroke=\"\(entry.color)\" stroke-width=\"2\"\(dash)/>\n"
            svg +=
                "<text x=\"\(number(legendX + 30))\" y=\"\(number(rowY + 4))\">\(escapeXML(entry.name)) "
                + "(n=\(entry.histogram.totalCount))</text>\n"
        }
        svg += "</g>\n</svg>\n"
        return svg
    }

    private func power10(_ decade: Int) -> UInt64 {
        var value: UInt64 = 1
        for _ in 0..<Swift.max(0, decade) { value = value.multipliedReportingOverflow(by: 10).partialValue }
        return value
    }

    /// `1 ns`, `10 ns`, `100 ns`, `1 µs` … `100 s` for a power of ten of nanoseconds.
    private func durationLabel(decade: Int) -> String {
        let units = ["ns", "µs", "ms", "s"]
        let unitIndex = Swift.min(units.count - 1, Swift.max(0, decade) / 3)
        let mantissa = power10(Swift.max(0, decade) - unitIndex * 3)
        return "\(mantissa) \(units[unitIndex])"
    }
}

/// `value` with `&`, `<`, `>`, `"` and `'` escaped for XML text and attributes.
internal func escapeXML(_ value: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(value.utf8.count)
    for character in value {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&apos;"
        default: escaped.append(character)
        }
    }
    return escaped
}
