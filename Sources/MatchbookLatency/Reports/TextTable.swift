/// A plain-text table: columns padded with spaces, separated by two spaces, a dashed rule under the header.
/// Cold path; internal helper of the renderers.
internal struct TextTable {
    internal enum Alignment { case left, right }

    internal var headers: [String]
    internal var alignments: [Alignment]
    internal var rows: [[String]] = []

    internal init(headers: [String], alignments: [Alignment]) {
        precondition(headers.count == alignments.count)
        self.headers = headers
        self.alignments = alignments
    }

    internal mutating func append(_ row: [String]) {
        precondition(row.count == headers.count, "TextTable: row has \(row.count) cells, expected \(headers.count)")
        rows.append(row)
    }

    /// The table, one line per row, each line ending in a newline.
    internal func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = Swift.max(widths[column], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                parts.append(alignments[column] == .right ? padding + cell : cell + padding)
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        var output = line(headers)
        output += line(widths.map { String(repeating: "-", count: $0) })
        for row in rows { output += line(row) }
        return output
    }
}

/// Formats `value` with a fixed number of decimals, without Foundation. Cold path.
internal func formatFixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (Swift.abs(value) * scale).rounded()
    let whole = (scaled / scale).rounded(.down)
    let fraction = UInt64(scaled - whole * scale)
    var digits = String(fraction)
    while digits.count < decimals { digits = "0" + digits }
    let sign = value < 0 && scaled != 0 ? "-" : ""
    let wholeText = whole < 1e18 ? String(UInt64(whole)) : "\(whole)"
    return decimals == 0 ? sign + wholeText : sign + wholeText + "." + digits
}
