import CellCanvas
import ClusterModel

/// Where one node box and its panels sit, known before the box's content is
/// built: the grid needs every box's height, but a frame needs the content
/// of only the few boxes it shows.
struct NodeGeometry: Sendable, Hashable {
    var rect: Rect
    var nodePortPanel: Rect?
    var clusterIPPanel: Rect?
    /// How many of the plan's services the ClusterIP panel lists by name
    /// (the others are in its `+N more`).
    var listedServices: Int
    /// A node, not a box of pods without one: only nodes receive NodePort traffic.
    var isNode: Bool
}

/// Measures node boxes by counting rows the way `NodeBoxBuilder` fills them,
/// without building their text: the widths it needs (service lines, the
/// NodePort address prefix) are the same on many nodes, so they are
/// remembered.
///
/// Tests check that the measure and the build always agree.
struct NodeMeasure {
    let options: LayoutOptions
    let builder: NodeBoxBuilder
    let services: [Service]
    let pods: [Pod]
    let width: Int
    /// NodePort lines by the display width of the node's address prefix.
    private var nodePortRows: [Int: Int] = [:]
    /// Service line widths by `position << 1 | inferred`; -1 while unknown.
    private var serviceWidths: [Int]

    init(options: LayoutOptions, builder: NodeBoxBuilder, cluster: Cluster, width: Int) {
        self.options = options
        self.builder = builder
        services = cluster.services
        pods = cluster.pods
        self.width = width
        serviceWidths = [Int](repeating: -1, count: 2 * cluster.services.count)
    }

    mutating func geometry(of plan: NodePlan, at origin: Point) -> NodeGeometry {
        var geometry = NodeGeometry(
            rect: Rect(x: origin.x, y: origin.y, width: width, height: 3),
            nodePortPanel: nil, clusterIPPanel: nil, listedServices: 0, isNode: plan.kind == .node)
        guard options.zoom == .detailed else {
            geometry.rect.height = Metrics.compactNodeHeight
            return geometry
        }
        let x = origin.x + 2
        let innerWidth = max(1, width - 4)
        let textWidth = max(1, innerWidth - 4)
        var y = origin.y + 1

        if !builder.nodePorts.isEmpty, plan.kind == .node {
            let lines = nodePortLineCount(ip: plan.node.internalIPs.first?.text, width: textWidth)
            // `Panel.arrange(singleColumn:maxRows: cap + 1)`: one column, never more rows than that.
            let rows = max(1, min(lines, Metrics.panelLineCap + 1))
            let panel = Rect(x: x, y: y, width: innerWidth, height: rows + 2)
            geometry.nodePortPanel = panel
            y = panel.maxY
        }
        if !plan.services.isEmpty {
            measureClusterIPPanel(plan, into: &geometry, at: Point(x: x, y: y), innerWidth: innerWidth)
            y = geometry.clusterIPPanel?.maxY ?? y
        }

        // Pods: a label row per namespace run, then rows of pod boxes, until the row budget is spent.
        let podWidth = min(Metrics.podWidth, innerWidth)
        let perRow = max(1, (innerWidth + Metrics.podGap) / (podWidth + Metrics.podGap))
        var rowsLeft = max(1, options.maxPodRows)
        var shown = 0
        var index = 0
        let positions = plan.pods
        while rowsLeft > 0, index < positions.count {
            let namespace = self.namespace(ofPodAt: positions[index])
            var end = index + 1
            while end < positions.count, self.namespace(ofPodAt: positions[end]) == namespace { end += 1 }
            let fitting = min(end - index, rowsLeft * perRow)
            let rows = (fitting + perRow - 1) / perRow
            y += 1 + rows * Metrics.podHeight
            rowsLeft -= rows
            shown += fitting
            index = end
        }
        if shown < positions.count { y += 1 }
        if positions.isEmpty { y += 1 }
        geometry.rect.height = y - origin.y + 1
        return geometry
    }

    /// The ClusterIP panel's rect at `origin`, and how many services it lists by name, as `Panel.arrange`
    /// will place them: columns from the widest line, `+N more` past the capacity.
    private mutating func measureClusterIPPanel(
        _ plan: NodePlan, into geometry: inout NodeGeometry, at origin: Point, innerWidth: Int
    ) {
        let textWidth = max(1, innerWidth - 4)
        var widest = 1
        for link in plan.services {
            widest = max(widest, serviceLineWidth(link.position, inferred: link.inferred, width: textWidth))
        }
        // As `Panel.arrange` places entries: columns from the widest, `+N more` past the capacity.
        let entryWidth = min(textWidth, widest)
        let columns = max(1, (textWidth + 3) / (entryWidth + 3))
        let capacity = max(1, columns * max(1, options.maxServiceLines))
        let count = max(plan.serviceCount, plan.services.count)
        let shown = count > capacity ? capacity : plan.services.count
        geometry.listedServices = count > capacity ? capacity - 1 : plan.services.count
        let rows = max(1, (shown + columns - 1) / columns)
        geometry.clusterIPPanel = Rect(x: origin.x, y: origin.y, width: innerWidth, height: rows + 2)
    }

    /// The pod's namespace, read in place (a `Pod` copy costs a dozen reference counts).
    private func namespace(ofPodAt position: Int32) -> String? {
        let index = Int(position)
        return pods.indices.contains(index) ? pods[index].key.namespace : nil
    }

    private mutating func nodePortLineCount(ip: String?, width: Int) -> Int {
        // The lines wrap after the prefix, so their number depends only on its width.
        let prefixWidth =
            ip.flatMap(PlainText.width).map { $0 + (ip?.contains(":") == true ? 3 : 1) }
            ?? DisplayWidth.of(NodeBoxBuilder.nodePortPrefix(ip: ip))
        if let known = nodePortRows[prefixWidth] { return known }
        let count = builder.nodePortLines(ip: ip, width: width).count
        nodePortRows[prefixWidth] = count
        return count
    }

    private mutating func serviceLineWidth(_ position: Int, inferred: Bool, width: Int) -> Int {
        let slot = position << 1 | (inferred ? 1 : 0)
        if let known = serviceWidths[checked: slot], known >= 0 { return known }
        guard let service = services[checked: position] else { return 1 }
        let measured = builder.serviceLineWidth(service, inferred: inferred, width: width)
        if serviceWidths.indices.contains(slot) { serviceWidths[slot] = measured }
        return measured
    }
}

/// Widths of plain ASCII text without walking grapheme clusters: what
/// names and addresses almost always are.
enum PlainText {
    /// The display width when every byte is printable ASCII (one column each), else nil.
    static func width(_ text: String) -> Int? {
        var count = 0
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F else { return nil }
            count += 1
        }
        return count
    }
}
