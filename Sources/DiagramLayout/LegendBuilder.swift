import CellCanvas
import ClusterModel

enum LegendBuilder {
    static func build(cluster: Cluster, nodePorts: [Int], options: LayoutOptions, origin: Point) -> LegendTable {
        let rows = IPScheme.rows(cluster: cluster, nodePorts: nodePorts).map(\.cells)
        let header = IPScheme.header
        var widths = header.map { DisplayWidth.of($0) }
        for row in rows {
            for (column, value) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], DisplayWidth.of(value))
            }
        }
        // Fit the screen width by giving up the end of the last column ("scope").
        let maxWidth = max(40, options.width - origin.x)
        let natural = widths.reduce(0, +) + 2 * (widths.count - 1) + 4
        if natural > maxWidth, let last = widths.indices.last {
            widths[last] = max(8, widths[last] - (natural - maxWidth))
        }
        let symbols = PodHealth.allCases.map { "\($0.symbol(options.glyphs)) \($0.label)" }.joined(separator: "  ")
        let keyLines = [
            "pods: " + symbols,
            "? after a service: its pods were guessed from names (no labels/endpoints in input)",
            "(n): addresses seen; ranges and ~addresses are guesses (kubectl does not print the real CIDRs)",
        ]
        let tableWidth = widths.reduce(0, +) + 2 * (widths.count - 1) + 4
        let keyWidth = keyLines.map { DisplayWidth.of($0) }.max() ?? 0
        let width = min(max(tableWidth, keyWidth + 4), max(tableWidth, maxWidth))
        let height = 2 + 1 + rows.count + keyLines.count
        return LegendTable(
            rect: Rect(x: origin.x, y: origin.y, width: width, height: height),
            header: header, rows: rows, columnWidths: widths, keyLines: keyLines)
    }
}
