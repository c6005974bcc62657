import ClusterModel
import DiagramLayout

/// The `i` panel: DiagramLayout's IP-scheme table as aligned text, with each row's note below the
/// table (the panel has room for them, the grid's legend box has not).
enum LegendPanelText {
    static func lines(for cluster: Cluster) -> [String] {
        let rows = IPScheme.rows(cluster: cluster, nodePorts: cluster.addressScheme.nodePorts)
        let table = [IPScheme.header] + rows.map(\.cells)
        var widths = [Int](repeating: 0, count: IPScheme.header.count)
        for cells in table {
            for (column, cell) in cells.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        var lines = table.map { cells in
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(widths[column] + 2)
            }.joined()
        }
        lines.append("")
        lines += rows.compactMap { row in row.note.map { "\(row.kind): \($0)" } }
        lines.append(IPScheme.guessNote)
        return lines
    }
}
