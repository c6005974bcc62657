import CellCanvas
import ClusterModel

/// The whole diagram on a virtual plane: actors on top, the node grid below,
/// then services without pods and the IP scheme legend. Pure and
/// deterministic: computed once per cluster change (O(n log n)), then any
/// viewport asks only for what it shows.
public struct DiagramLayout: Sendable {
    public let options: LayoutOptions
    public let actors: [ActorBox]
    /// Sorted by node name, laid out row by row.
    public let nodes: [NodeBox]
    public let connectors: [Connector]
    /// Services whose pods are not in view (no backing known, or filtered out).
    public let unplacedServices: Panel?
    public let legend: LegendTable
    /// The extent of everything laid out.
    public let size: Size
    /// Pods in the cluster not shown because of namespace or name filters.
    public let hiddenPodCount: Int
    public let columnCount: Int

    private let rows: [GridRow]
    private let nodeIndex: [String: Int]
    private let podIndex: [ObjectKey: PodAddress]
    private let serviceNodes: [ObjectKey: [Int]]

    struct GridRow: Sendable {
        var y: Int
        var height: Int
        var nodes: Range<Int>
    }

    struct PodAddress: Sendable {
        var node: Int
        var group: Int
        var pod: Int
    }

    public init(cluster: Cluster, options: LayoutOptions = LayoutOptions()) {
        self.options = options
        let content = ContentIndex(cluster: cluster, options: options)
        hiddenPodCount = content.hiddenPodCount

        var actorBuilder = ActorsBuilder(cluster: cluster, options: options)
        _ = actorBuilder.actors()
        let gridTop = actorBuilder.bandHeight

        // Grid geometry: columns of equal width fitted into the width.
        let available = max(1, options.width - Metrics.leftMargin)
        let nodeWidth: Int
        let columns: Int
        switch options.zoom {
        case .compact:
            nodeWidth = min(Metrics.compactNodeWidth, available)
            columns = max(1, (available + Metrics.laneGap) / (nodeWidth + Metrics.laneGap))
        case .detailed:
            let fitting = max(1, (available + Metrics.laneGap) / (Metrics.preferredNodeWidth + Metrics.laneGap))
            columns = max(1, min(fitting, max(1, content.nodes.count)))
            let share = (available - (columns - 1) * Metrics.laneGap) / columns
            nodeWidth = max(min(available, Metrics.minNodeWidth), min(Metrics.maxNodeWidth, share))
        }
        columnCount = columns
        let columnXs = (0..<columns).map { Metrics.leftMargin + $0 * (nodeWidth + Metrics.laneGap) }
        let actorBoxes = actorBuilder.avoidGutters(columnXs: columnXs)
        actors = actorBoxes

        let builder = NodeBoxBuilder(options: options, nodePorts: content.nodePorts)
        var boxes: [NodeBox] = []
        boxes.reserveCapacity(content.nodes.count)
        var gridRows: [GridRow] = []
        var y = gridTop
        var start = 0
        while start < content.nodes.count {
            let end = min(start + columns, content.nodes.count)
            var height = 0
            for (column, node) in content.nodes[start..<end].enumerated() {
                let x = Metrics.leftMargin + column * (nodeWidth + Metrics.laneGap)
                let box = builder.build(node, at: Point(x: x, y: y), width: nodeWidth)
                height = max(height, box.rect.height)
                boxes.append(box)
            }
            gridRows.append(GridRow(y: y, height: height, nodes: start..<end))
            y += height + Metrics.rowGap
            start = end
        }
        nodes = boxes
        rows = gridRows

        var nodeIndex: [String: Int] = [:]
        var podIndex: [ObjectKey: PodAddress] = [:]
        var serviceNodes: [ObjectKey: [Int]] = [:]
        for (n, box) in boxes.enumerated() {
            nodeIndex[box.name] = n
            for (g, group) in box.groups.enumerated() {
                for (p, pod) in group.pods.enumerated() { podIndex[pod.key] = PodAddress(node: n, group: g, pod: p) }
            }
            for line in box.clusterIPPanel?.lines ?? [] {
                if let key = line.service { serviceNodes[key, default: []].append(n) }
            }
        }
        self.nodeIndex = nodeIndex
        self.podIndex = podIndex
        self.serviceNodes = serviceNodes

        // Services that have no pod box to sit beside.
        var planeWidth = max(options.width, (boxes.map(\.rect.maxX).max() ?? 0) + 1)
        if !content.unplacedServices.isEmpty {
            let width = min(max(30, available), Metrics.maxNodeWidth)
            let entries = content.unplacedServices.map { builder.serviceLine($0, inferred: false, width: width - 4) }
            let panel = Panel.arrange(title: "ClusterIP, no pods in view", entries: entries,
                                      at: Point(x: Metrics.leftMargin, y: y), width: width, maxRows: 4)
            unplacedServices = panel
            y = panel.rect.maxY + Metrics.rowGap
        } else {
            unplacedServices = nil
        }

        legend = LegendBuilder.build(cluster: cluster, nodePorts: content.nodePorts, options: options,
                                     origin: Point(x: 1, y: y))
        y = legend.rect.maxY
        planeWidth = max(planeWidth, legend.rect.maxX, actorBoxes.map(\.rect.maxX).max() ?? 0)
        size = Size(width: planeWidth, height: y)

        connectors = actorBuilder.connectors(nodes: boxes, rows: gridRows, columns: columns, hasNodePorts: !content.nodePorts.isEmpty,
                                             hasIngress: !cluster.ingresses.isEmpty)
    }

    // MARK: Queries

    public func node(named name: String) -> NodeBox? {
        nodeIndex[name].flatMap { nodes[checked: $0] }
    }

    public func actor(_ kind: ActorKind) -> ActorBox? {
        actors.first { $0.kind == kind }
    }

    /// The pod's box, when it is shown (not filtered out or collapsed into `+N more`).
    public func podBox(_ key: ObjectKey) -> PodBox? {
        guard let address = podIndex[key] else { return nil }
        return nodes[checked: address.node]?.groups[checked: address.group]?.pods[checked: address.pod]
    }

    /// The node a shown pod sits in.
    public func node(ofPod key: ObjectKey) -> NodeBox? {
        podIndex[key].flatMap { nodes[checked: $0.node] }
    }

    /// Nodes whose ClusterIP panel lists the service, in grid order.
    public func nodes(listingService key: ObjectKey) -> [NodeBox] {
        (serviceNodes[key] ?? []).compactMap { nodes[checked: $0] }
    }

    /// Nodes whose boxes intersect `rect`: a binary search over grid rows,
    /// so a viewport costs O(log n + visible).
    public func nodes(in rect: Rect) -> [NodeBox] {
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if let row = rows[checked: mid], row.y + row.height <= rect.y { low = mid + 1 } else { high = mid }
        }
        var found: [NodeBox] = []
        var index = low
        while let row = rows[checked: index], row.y < rect.maxY {
            for n in row.nodes {
                if let box = nodes[checked: n], box.rect.intersects(rect) { found.append(box) }
            }
            index += 1
        }
        return found
    }

    public func connectors(in rect: Rect) -> [Connector] {
        connectors.filter { $0.bounds.intersects(rect) }
    }

    /// The rect of the whole picture.
    public var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }
}
