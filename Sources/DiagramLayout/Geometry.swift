/// The fixed measures of the diagram, in cells.
///
/// Fixed so that the picture is the same on every run and a change in one node never moves another column.
enum Metrics {
    /// Pod box: `╭ ● nginx-dep…5hrgb ╮` is 21 columns, 3 rows.
    static let podWidth = 21
    static let podHeight = 3
    static let podGap = 1
    /// Space left of each node column for the two request lanes and an arrow.
    static let laneGap = 5
    static let leftMargin = 5
    static let rowGap = 1
    /// A node box of one to five pod columns.
    static let minNodeWidth = 4 + podWidth
    static let preferredNodeWidth = 4 + 2 * podWidth + podGap
    static let maxNodeWidth = 4 + 5 * podWidth + 4 * podGap
    static let compactNodeWidth = 28
    static let compactNodeHeight = 4
    static let actorHeight = 4
    static let actorGap = 3
    /// Rows above the actors: the DNS → Ingress route, a row for flow routes
    /// between actors that are not neighbours, and the arrowhead row.
    static let actorTop = 3
    static let panelLineCap = 3
    /// Rows of the panel of services without a node box: below the grid, so
    /// it may be taller than a node's panels.
    static let unplacedRows = 8
}
