import Foundation
import MatchbookLatency
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Counts elements and collects attributes of a parsed SVG.
final class SVGInspector: NSObject, XMLParserDelegate {
    var elementCounts: [String: Int] = [:]
    var seriesNames: [String] = []
    var polylinePointCounts: [Int] = []
    var texts: [String] = []
    private var currentText = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        elementCounts[name, default: 0] += 1
        currentText = ""
        if name == "polyline" {
            seriesNames.append(attributes["data-series"] ?? "")
            let points = attributes["points"] ?? ""
            polylinePointCounts.append(points.split(separator: " ").count)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        currentText += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(currentText) }
        currentText = ""
    }
}

@Suite("LatencyReport")
struct LatencyReportTests {
    static let summaryKeys: Set<String> = ["count", "p50", "p90", "p99", "p999", "p9999", "max"]
    static let stageNames: Set<String> = ["parse", "book", "publish", "total"]

    /// parse: 1…1000, book: 1000 × 2 µs + a 5 ms outlier, publish: empty, total: 10…100 000 step 10.
    static func sampleSnapshot(scale: UInt64 = 1) -> LatencySnapshot {
        var recorder = StageHistograms()
        for value in 1...1_000 as ClosedRange<UInt64> { recorder.record(.parse, nanos: value * scale) }
        for _ in 0..<1_000 { recorder.record(.book, nanos: 2_000 * scale) }
        recorder.record(.book, nanos: 5_000_000 * scale)
        for value in 1...10_000 as ClosedRange<UInt64> { recorder.record(.total, nanos: value * 10 * scale) }
        return recorder.snapshot()
    }

    static func inspect(_ svg: String) -> (parsed: Bool, inspector: SVGInspector) {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspector
        let parsed = parser.parse()
        return (parsed, inspector)
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("matchbook-latency-tests-\(UUID().uuidString)", isDirectory: true)
    }

    @Test("summary encodes with exactly the keys count, p50, p90, p99, p999, p9999, max")
    func summaryKeys() throws {
        let summary = LatencySummary(count: 1, p50: 2, p90: 3, p99: 4, p999: 5, p9999: 6, max: 7)
        let data = try JSONEncoder().encode(summary)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == Self.summaryKeys)
        #expect(object["p9999"] as? Int == 6)
        #expect(try JSONDecoder().decode(LatencySummary.self, from: data) == summary)
        #expect(
            LatencySummary.Metric.allCases.map(\.rawValue)
                == ["count", "p50", "p90", "p99", "p999", "p9999", "max"])
        #expect(LatencySummary.Metric.allCases.map { summary[$0] } == [1, 2, 3, 4, 5, 6, 7])
    }

    @Test("latency.json maps every stage to a summary, keys sorted")
    func jsonShape() throws {
        let report = LatencyReport(Self.sampleSnapshot())
        let data = try report.jsonData()
        let decoded = try JSONDecoder().decode([String: [String: UInt64]].self, from: data)
        #expect(Set(decoded.keys) == Self.stageNames)
        for (_, summary) in decoded { #expect(Set(summary.keys) == Self.summaryKeys) }
        #expect(decoded["parse"]?["count"] == 1_000)
        #expect(decoded["book"]?["max"] == 5_000_000)
        #expect(decoded["publish"]?["count"] == 0)
        #expect(decoded["total"]?["max"] == 100_000)
        let text = try #require(String(data: data, encoding: .utf8))
        let order = ["\"book\"", "\"parse\"", "\"publish\"", "\"total\""].compactMap { text.range(of: $0)?.lowerBound }
        #expect(order.count == 4 && order == order.sorted(), "stage keys are sorted")
    }

    @Test("the table has the stage and percentile columns, one row per stage, right-aligned numbers")
    func tableLayout() throws {
        let report = LatencyReport(Self.sampleSnapshot(), title: "Replay")
        let lines = report.renderTable(includeEmpty: true).split(separator: "\n").map(String.init)
        #expect(lines.first == "Replay (ns)")
        // By default a stage that recorded nothing (publish here) is left out.
        let compact = report.renderTable().split(separator: "\n").map { String($0.split(separator: " ").first ?? "") }
        #expect(!compact.contains("publish") && compact.contains("book"))
        let header = lines[1].split(separator: " ").map(String.init)
        #expect(header == ["stage", "count", "p50", "p90", "p99", "p99.9", "p99.99", "max"])
        let rows = Array(lines[3..<7])
        #expect(rows.map { String($0.split(separator: " ")[0]) } == ["parse", "book", "publish", "total"])
        // Right-aligned last column: header, rule and rows all end at the same column.
        #expect(Set(lines[1...6].map(\.count)).count == 1)
        let bookCells = rows[1].split(separator: " ").map(String.init)
        #expect(bookCells[1] == "1001")
        #expect(bookCells.last == "5000000")
        #expect(!report.renderTable().contains("clamped"))
    }

    @Test("the table footer names clamped values and the clock")
    func tableFooter() {
        var recorder = StageHistograms(highestTrackableNanos: 1_000)
        recorder.record(.total, nanos: 9_999)
        let clock = TimestampClock.monotonic()
        let table = LatencyReport(recorder, clock: clock).renderTable()
        #expect(table.contains("clamped to 1000 ns: total 1"))
        #expect(table.contains("clock: clock_gettime(CLOCK_MONOTONIC)"))
    }

    @Test("the SVG is well-formed XML with one polyline per stage, a legend and axis labels")
    func svgIsWellFormed() {
        let svg = LatencyReport(Self.sampleSnapshot(), title: "Replay <day 1> & co").svg()
        let (parsed, inspector) = Self.inspect(svg)
        #expect(parsed, "SVG does not parse as XML")
        #expect(inspector.elementCounts["svg"] == 1)
        #expect(inspector.elementCounts["polyline"] == 4)
        #expect(inspector.seriesNames == ["parse", "book", "publish", "total"])
        // Every recorded stage draws a line; the empty stage draws an empty one.
        #expect(inspector.polylinePointCounts[0] > 2)
        #expect(inspector.polylinePointCounts[2] == 0)
        for label in ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%"] {
            #expect(inspector.texts.contains(label), "missing x label \(label)")
        }
        #expect(inspector.texts.contains { $0.hasPrefix("Percentile") })
        #expect(inspector.texts.contains { $0.hasPrefix("Latency") })
        #expect(inspector.texts.contains("Replay <day 1> & co"))
        for stage in Self.stageNames {
            #expect(inspector.texts.contains { $0.hasPrefix(stage + " (n=") }, "missing legend for \(stage)")
        }
        #expect(inspector.texts.contains("1 µs") && inspector.texts.contains("1 ms"))
    }

    @Test("an empty report still renders every stage")
    func emptyReport() throws {
        let report = LatencyReport(LatencySnapshot())
        let (parsed, inspector) = Self.inspect(report.svg())
        #expect(parsed)
        #expect(inspector.elementCounts["polyline"] == 4)
        let decoded = try JSONDecoder().decode([String: LatencySummary].self, from: report.jsonData())
        #expect(decoded["total"] == LatencySummary(count: 0, p50: 0, p90: 0, p99: 0, p999: 0, p9999: 0, max: 0))
    }

    @Test("hgrm text has the standard HdrHistogram header, rows and footer")
    func hgrmFormat() throws {
        let text = LatencyReport(Self.sampleSnapshot()).hgrm(.parse)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].split(separator: " ") == ["Value", "Percentile", "TotalCount", "1/(1-Percentile)"])
        #expect(lines.contains { $0.hasPrefix("#[Mean") })
        #expect(lines.contains { $0.contains("Total count") && $0.hasSuffix(" 1000]") })
        // The last data row reaches percentile 1 at the maximum (1000 ns).
        let lastRow = try #require(lines.last { $0.contains("1.000000000000") })
        #expect(lastRow.split(separator: " ").first == "1000.000")
    }

    @Test("write(to:) writes latency.json, one non-empty .hgrm per stage and latency.svg")
    func writeFiles() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try LatencyReport(Self.sampleSnapshot()).write(to: directory)
        let names = Set(written.map(\.lastPathComponent))
        #expect(names == ["latency.json", "parse.hgrm", "book.hgrm", "publish.hgrm", "total.hgrm", "latency.svg"])
        for stage in LatencyStage.allCases {
            let text = try String(
                contentsOf: directory.appendingPathComponent("\(stage.rawValue).hgrm"),
                encoding: .utf8)
            #expect(text.hasPrefix("       Value     Percentile TotalCount 1/(1-Percentile)"))
            #expect(text.contains("#[Max"))
        }
        let json = try Data(contentsOf: directory.appendingPathComponent("latency.json"))
        #expect(try JSONDecoder().decode([String: LatencySummary].self, from: json)["parse"]?.count == 1_000)
        let svg = try String(contentsOf: directory.appendingPathComponent("latency.svg"), encoding: .utf8)
        #expect(Self.inspect(svg).parsed)
    }

    @Test("the comparison table shows both values and the ratio system/arena")
    func comparisonTable() throws {
        let comparison = LatencyComparison(arena: Self.sampleSnapshot(), system: Self.sampleSnapshot(scale: 2))
        let lines = comparison.renderTable().split(separator: "\n").map(String.init)
        #expect(lines[1].split(separator: " ") == ["stage", "metric", "arena", "system", "system/arena"])
        #expect(lines.count == 3 + LatencyStage.allCases.count * LatencySummary.Metric.allCases.count)
        let maxBook = lines.first { $0.hasPrefix("book") && $0.contains(" max ") }?.split(separator: " ")
        #expect(maxBook == ["book", "max", "5000000", "10000000", "2.00x"])
        let countParse = lines.first { $0.hasPrefix("parse") && $0.contains(" count ") }?.split(separator: " ")
        #expect(countParse?.last == "1.00x")
        #expect(lines.contains { $0.hasPrefix("publish") && $0.hasSuffix("n/a") })
        let p50 = try #require(comparison.ratio(.total, .p50))
        #expect(abs(p50 - 2) < 0.01)
        #expect(comparison.ratio(.publish, .p50) == nil)
    }

    @Test("the comparison JSON is { arena: {stage: summary}, system: {…} }")
    func comparisonJSON() throws {
        let comparison = LatencyComparison(arena: Self.sampleSnapshot(), system: Self.sampleSnapshot(scale: 3))
        let decoded = try JSONDecoder().decode([String: [String: LatencySummary]].self, from: comparison.jsonData())
        #expect(Set(decoded.keys) == ["arena", "system"])
        #expect(Set(decoded["arena"]?.keys ?? [:].keys) == Self.stageNames)
        #expect(decoded["system"]?["book"]?.max == 15_000_000)
        let object = try #require(
            try JSONSerialization.jsonObject(with: comparison.jsonData()) as? [String: [String: [String: Any]]])
        #expect(Set(object["system"]?["total"]?.keys ?? [:].keys) == Self.summaryKeys)
    }

    @Test("the comparison writes json, txt and an SVG with a line per stage and run")
    func comparisonFiles() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let comparison = LatencyComparison(arena: Self.sampleSnapshot(), system: Self.sampleSnapshot(scale: 2))
        let written = try comparison.write(to: directory)
        #expect(Set(written.map(\.lastPathComponent)) == ["comparison.json", "comparison.txt", "comparison.svg"])
        let (parsed, inspector) = Self.inspect(comparison.svg())
        #expect(parsed)
        #expect(inspector.elementCounts["polyline"] == 8)
        #expect(inspector.seriesNames.contains("book system"))
    }
}
